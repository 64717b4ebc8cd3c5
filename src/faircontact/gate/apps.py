from django.apps import AppConfig


class GateConfig(AppConfig):
    name = "faircontact.gate"
    label = "gate"
    verbose_name = "The contact gate"

    def ready(self):
        """Every contact logged goes through the gate; its breach and reading item are stored with it."""
        from faircontact.core.hooks import add  # in ready: apps.py is imported before any model
        from faircontact.records.services import CONTACT_GUIDANCE, CONTACT_LOGGED  # in ready (as above)

        from .services import apply_guidance, guidance_for  # in ready (as above)

        add(CONTACT_GUIDANCE, guidance_for)
        add(CONTACT_LOGGED, apply_guidance)
