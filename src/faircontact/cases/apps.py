from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "faircontact.cases"
    label = "cases"
    verbose_name = "Cases, protocols, reviews and appeals"

    def ready(self):
        from faircontact.records.selectors import CHRONOLOGY_SOURCES

        from .selectors import case_entries

        if case_entries not in CHRONOLOGY_SOURCES:
            CHRONOLOGY_SOURCES.append(case_entries)
