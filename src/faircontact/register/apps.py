from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "faircontact.register"
    label = "register"
    verbose_name = "The register, enquiries, reviews, retention and subject access"

    def ready(self):
        from faircontact.cases.sweep import EXTRA_TASKS

        from .sweep import TASKS

        for task in TASKS:
            if task not in EXTRA_TASKS:
                EXTRA_TASKS.append(task)
