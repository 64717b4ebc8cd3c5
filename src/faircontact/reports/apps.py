from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "faircontact.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        """The board report may be prepared in the background (``core.documents``)."""
        from faircontact.core.documents import DOCUMENT_KINDS  # in ready: apps.py is imported before any model
        from faircontact.core.hooks import add  # in ready (as above)

        from .documents import BOARD_REPORT  # in ready (as above)

        add(DOCUMENT_KINDS, BOARD_REPORT)
