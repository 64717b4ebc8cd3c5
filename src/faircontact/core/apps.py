from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_organisation(sender, **kwargs):
    from .organisation import ensure_organisation  # apps.py is imported before any model

    ensure_organisation()


class CoreConfig(AppConfig):
    name = "faircontact.core"
    label = "core"
    verbose_name = "Fair Contact core"

    def ready(self):
        post_migrate.connect(_ensure_organisation, sender=self)
