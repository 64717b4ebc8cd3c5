from django.apps import AppConfig


class GateConfig(AppConfig):
    name = "faircontact.gate"
    label = "gate"
    verbose_name = "The contact gate"

    def ready(self):
        """Every contact logged or imported goes through the gate; its breach and reading item are stored with it."""
        from faircontact.core.hooks import add  # in ready: apps.py is imported before any model
        from faircontact.records.importer import IMPORT_GATE  # in ready (as above)
        from faircontact.records.services import CONTACT_GUIDANCE, CONTACT_LOGGED  # in ready (as above)

        from .services import ImportGate, apply_guidance, guidance_for  # in ready (as above)

        add(CONTACT_GUIDANCE, guidance_for)
        add(IMPORT_GATE, ImportGate)
        add(CONTACT_LOGGED, apply_guidance)
