"""The deployment's one organisation and its business units, as the active profile names them."""

from django.db import transaction

from .models import BusinessUnit, Organisation
from .profiles import active_profile


@transaction.atomic
def ensure_organisation() -> Organisation:
    """Create (or bring up to date) the organisation and business units of the active profile. Idempotent."""
    profile = active_profile()
    org = Organisation.objects.first()
    if org is None:
        org = Organisation.objects.create(name=profile.name, profile=profile.slug)
    elif (org.name, org.profile) != (profile.name, profile.slug):
        org.name, org.profile = profile.name, profile.slug
        org.save(update_fields=["name", "profile"])
    for name in profile.organisation["business_units"]:
        BusinessUnit.objects.get_or_create(organisation=org, name=name)
    return org
