from django.apps import AppConfig


class GateConfig(AppConfig):
    name = "faircontact.gate"
    label = "gate"
    verbose_name = "The contact gate"
