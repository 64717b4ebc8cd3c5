from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "faircontact.web"
    label = "web"
    verbose_name = "Staff web interface"

    def ready(self):
        from faircontact.cases.sweep import EXTRA_TASKS

        from .auth.retention import sign_in_records_expire

        if sign_in_records_expire not in EXTRA_TASKS:
            EXTRA_TASKS.append(sign_in_records_expire)
