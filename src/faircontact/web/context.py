"""Template context every page gets: the organisation's name and the policy in force."""

from faircontact.core.profiles import active_profile


def service(request):
    profile = active_profile()
    return {"organisation_name": profile.name, "profile": profile}
