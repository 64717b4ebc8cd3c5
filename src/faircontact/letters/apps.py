from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "faircontact.letters"
    label = "letters"
    verbose_name = "Letters"

    def ready(self):
        """Letters join the customer's chronology."""
        from faircontact.core.hooks import add  # in ready: apps.py is imported before any model
        from faircontact.records.selectors import CHRONOLOGY_SOURCES  # in ready (as above)

        from .selectors import letter_entries  # in ready (as above)

        add(CHRONOLOGY_SOURCES, letter_entries)
