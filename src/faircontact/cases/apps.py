from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "faircontact.cases"
    label = "cases"
    verbose_name = "Cases, protocols, reviews and appeals"
