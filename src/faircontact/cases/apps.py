from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "faircontact.cases"
    label = "cases"
    verbose_name = "Cases, protocols, reviews and appeals"

    def ready(self):
        """Case steps and breaches join the chronology; cases are scoped by business unit as the register is."""
        from faircontact.core.access import register_scope  # in ready: apps.py is imported before any model
        from faircontact.core.hooks import add  # in ready (as above)
        from faircontact.records.selectors import CHRONOLOGY_SOURCES  # in ready (as above)

        from .models import Case  # in ready (as above)
        from .selectors import case_entries, case_scope  # in ready (as above)

        add(CHRONOLOGY_SOURCES, case_entries)
        register_scope("cases.view", Case, case_scope)
        register_scope("cases.act", Case, case_scope)
