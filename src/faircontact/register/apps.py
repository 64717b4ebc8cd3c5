from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "faircontact.register"
    label = "register"
    verbose_name = "The register, enquiries, reviews, retention and subject access"

    def ready(self):
        """The register follows its cases and contacts, adds its checks to the sweep, its removals due to the work
        queue, its events to the chronology and its rule for a reason for access; refused looks at it are audited."""
        from faircontact.cases.selectors import WORK_SOURCES  # in ready: apps.py is imported before any model
        from faircontact.cases.services import CASE_ACTED  # in ready (as above)
        from faircontact.cases.sweep import EXTRA_TASKS, PREVIEWS  # in ready (as above)
        from faircontact.core.access import AUDITED_REFUSALS, REASON_RULES  # in ready (as above)
        from faircontact.core.hooks import add  # in ready (as above)
        from faircontact.records.importer import CONTACTS_IMPORTED  # in ready (as above)
        from faircontact.records.selectors import CHRONOLOGY_SOURCES  # in ready (as above)
        from faircontact.records.services import CONTACT_LOGGED  # in ready (as above)

        from .selectors import customers_needing_reason, register_chronology, removals_due_for  # in ready (as above)
        from .services import case_acted, contacts_logged, on_contact_logged  # in ready (as above)
        from .sweep import TASKS, retention_preview  # in ready (as above)

        add(CASE_ACTED, case_acted)
        add(WORK_SOURCES, removals_due_for)
        add(CONTACT_LOGGED, on_contact_logged)
        add(CONTACTS_IMPORTED, contacts_logged)
        add(CHRONOLOGY_SOURCES, register_chronology)
        add(REASON_RULES, customers_needing_reason)
        add(AUDITED_REFUSALS, "register.view", "register.review")  # 002 Monitoring: refused looks are recorded too
        add(EXTRA_TASKS, *TASKS)
        add(PREVIEWS, retention_preview)
