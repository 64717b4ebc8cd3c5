from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "faircontact.letters"
    label = "letters"
    verbose_name = "Letters"

    def ready(self):
        """Letters join the customer's chronology; the case pages show the outcome letter owed and name the issued
        letters."""
        from faircontact.cases.forms import ISSUED_LETTERS  # in ready: apps.py is imported before any model
        from faircontact.cases.views import CASE_PAGE  # in ready (as above)
        from faircontact.core.hooks import add  # in ready (as above)
        from faircontact.records.selectors import CHRONOLOGY_SOURCES  # in ready (as above)

        from .selectors import issued_letters, letter_entries  # in ready (as above)
        from .views import case_page  # in ready (as above)

        add(CHRONOLOGY_SOURCES, letter_entries)
        add(CASE_PAGE, case_page)
        add(ISSUED_LETTERS, issued_letters)
