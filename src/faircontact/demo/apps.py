from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "faircontact.demo"
    label = "demo"
    verbose_name = "The demonstration organisation"
