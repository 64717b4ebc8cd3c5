"""Template context every page gets: the organisation's name, the policy in force and the person's menu."""

from faircontact.core.profiles import active_profile

from .permissions import menu_for


def service(request):
    profile = active_profile()
    return {"organisation_name": profile.name, "profile": profile, "menu": menu_for(request)}
