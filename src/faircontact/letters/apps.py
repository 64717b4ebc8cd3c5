from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "faircontact.letters"
    label = "letters"
    verbose_name = "Letters"

    def ready(self):
        from faircontact.records.selectors import CHRONOLOGY_SOURCES

        from .selectors import letter_entries

        if letter_entries not in CHRONOLOGY_SOURCES:
            CHRONOLOGY_SOURCES.append(letter_entries)
