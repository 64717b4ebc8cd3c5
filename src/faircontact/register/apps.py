from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "faircontact.register"
    label = "register"
    verbose_name = "The register, enquiries, reviews, retention and subject access"

    def ready(self):
        from faircontact.cases.sweep import EXTRA_TASKS
        from faircontact.records.selectors import CHRONOLOGY_SOURCES

        from .selectors import register_chronology
        from .sweep import TASKS

        if register_chronology not in CHRONOLOGY_SOURCES:
            CHRONOLOGY_SOURCES.append(register_chronology)
        for task in TASKS:
            if task not in EXTRA_TASKS:
                EXTRA_TASKS.append(task)
