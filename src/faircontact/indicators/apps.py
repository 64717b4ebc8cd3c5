from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "faircontact.indicators"
    label = "indicators"
    verbose_name = "Indicators, suggestions for review and text analysis"

    def ready(self):
        """Each contact logged updates its customer's stored indicators in the same transaction (an import's, once
        per file); suggestions for review join the work queue; the evidence pack may be prepared in the background,
        and prepared documents past their expiry go in the sweep; the customer's page shows the indicators over the
        thresholds."""
        from faircontact.cases.selectors import WORK_SOURCES  # in ready: apps.py is imported before any model
        from faircontact.cases.sweep import EXTRA_TASKS, PREVIEWS  # in ready (as above)
        from faircontact.core.documents import DOCUMENT_KINDS, expired_delete, expired_preview  # in ready (as above)
        from faircontact.core.hooks import add  # in ready (as above)
        from faircontact.records.importer import CONTACTS_IMPORTED  # in ready (as above)
        from faircontact.records.services import CONTACT_LOGGED, CONTACT_SCOPE_CHANGED  # in ready (as above)
        from faircontact.records.views import CUSTOMER_PAGE  # in ready (as above)

        from .documents import EVIDENCE_PACK  # in ready (as above)
        from .selectors import suggested_work  # in ready (as above)
        from .services import on_contact_logged, recompute  # in ready (as above)
        from .views import customer_page  # in ready (as above)

        add(CONTACT_LOGGED, on_contact_logged)
        add(CONTACTS_IMPORTED, recompute)
        add(CONTACT_SCOPE_CHANGED, recompute)
        add(WORK_SOURCES, suggested_work)
        add(DOCUMENT_KINDS, EVIDENCE_PACK)
        add(EXTRA_TASKS, expired_delete)
        add(PREVIEWS, expired_preview)
        add(CUSTOMER_PAGE, customer_page)
