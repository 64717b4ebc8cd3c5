from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "faircontact.records"
    label = "records"
    verbose_name = "Customers, complaints and contacts"
