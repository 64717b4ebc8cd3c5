from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "faircontact.web"
    label = "web"
    verbose_name = "Staff web interface"

    def ready(self):
        """Old sign-in records and expired sessions go in the sweep (and are counted in its dry run)."""
        from faircontact.cases.sweep import EXTRA_TASKS, PREVIEWS  # in ready: apps.py is imported before any model
        from faircontact.core.hooks import add  # in ready (as above)

        from .auth.retention import sign_in_records_expire, sign_in_records_preview  # in ready (as above)

        add(EXTRA_TASKS, sign_in_records_expire)
        add(PREVIEWS, sign_in_records_preview)
