from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "faircontact.reports"
    label = "reports"
    verbose_name = "Reports"
