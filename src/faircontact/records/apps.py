from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "faircontact.records"
    label = "records"
    verbose_name = "Customers, complaints and contacts"

    def ready(self):
        """The reason-for-access form (the pages toolkit, below ``records``) names the customers it asks about."""
        from faircontact.core.hooks import add  # in ready: apps.py is imported before any model
        from faircontact.pages.permissions import REASON_SUBJECTS  # in ready (as above)

        from .selectors import customers_by_id  # in ready (as above)

        add(REASON_SUBJECTS, customers_by_id)
