from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "faircontact.cases"
    label = "cases"
    verbose_name = "Cases, protocols, reviews and appeals"

    def ready(self):
        from faircontact.core.access import register_scope
        from faircontact.records.selectors import CHRONOLOGY_SOURCES

        from .models import Case
        from .selectors import case_entries, case_scope

        if case_entries not in CHRONOLOGY_SOURCES:
            CHRONOLOGY_SOURCES.append(case_entries)
        register_scope("cases.view", Case, case_scope)
        register_scope("cases.act", Case, case_scope)
