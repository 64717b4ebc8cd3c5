from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "faircontact.register"
    label = "register"
    verbose_name = "The register, enquiries, reviews, retention and subject access"

    def ready(self):
        from faircontact.cases.sweep import EXTRA_TASKS
        from faircontact.core.access import REASON_RULES
        from faircontact.records.selectors import CHRONOLOGY_SOURCES

        from .selectors import customers_needing_reason, register_chronology
        from .sweep import TASKS

        if register_chronology not in CHRONOLOGY_SOURCES:
            CHRONOLOGY_SOURCES.append(register_chronology)
        if customers_needing_reason not in REASON_RULES:
            REASON_RULES.append(customers_needing_reason)
        for task in TASKS:
            if task not in EXTRA_TASKS:
                EXTRA_TASKS.append(task)
