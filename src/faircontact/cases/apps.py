from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "faircontact.cases"
    label = "cases"
    verbose_name = "Cases, protocols, reviews and appeals"

    def ready(self):
        """Case steps and breaches join the chronology; cases are scoped by business unit as the register is; every
        page about a customer shows the protocol banner, and the customer's page their cases."""
        from faircontact.core.access import register_scope  # in ready: apps.py is imported before any model
        from faircontact.core.hooks import add  # in ready (as above)
        from faircontact.records.selectors import CHRONOLOGY_SOURCES  # in ready (as above)
        from faircontact.records.views import CUSTOMER_BANNER, CUSTOMER_PAGE  # in ready (as above)

        from .arrangement import protocol_banner  # in ready (as above)
        from .models import Case  # in ready (as above)
        from .selectors import case_entries, case_scope  # in ready (as above)
        from .views import customer_page  # in ready (as above)

        add(CHRONOLOGY_SOURCES, case_entries)
        add(CUSTOMER_BANNER, protocol_banner)
        add(CUSTOMER_PAGE, customer_page)
        register_scope("cases.view", Case, case_scope)
        register_scope("cases.act", Case, case_scope)
