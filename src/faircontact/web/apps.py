from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "faircontact.web"
    label = "web"
    verbose_name = "Staff web interface"
