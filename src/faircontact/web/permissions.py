"""The menu: each role's tools and the service navigation, from the permission matrix (`core/permissions.MATRIX`)."""

from __future__ import annotations

from django.urls import reverse

from faircontact.core.permissions import allowed

#: The service navigation: (label, URL name, permission, what it is for). Each person sees the items their roles
#: allow, in one row on a wide screen; their home page lists the same items as their tools.
MENU = (
    ("Home", "web:home", "work.view", "What is waiting for you, and finding a customer"),
    ("Add a customer", "web:customer-add", "records.edit", "Record a new customer and their representative"),
    ("Review queue", "indicators:queue", "suggestions.manage", "Customers whose contact patterns suggest a review"),
    ("Letters to read", "letters:reading", "letters.view", "New letters on acknowledge-only complaints"),
    ("Register", "register:list", "register.view", "The register of restricted customers and its reviews"),
    ("Register enquiry", "register:enquiry", "register.enquire", "Ask whether a person is on the register"),
    ("Reports", "reports:dashboard", "reports.view", "How the policy is used, and equality monitoring"),
    ("Audit", "register:audit", "audit.view", "Who saw or changed what, and whether the trail is intact"),
    ("Subject access", "register:subject-access", "data.subject_access", "Everything held about a person, as a pack"),
    ("Letter templates", "letters:templates", "letters.templates", "The wording of each kind of letter"),
    ("Import contacts", "web:contacts-import", "records.import", "Add contacts from another system's CSV file"),
)
#: Menu items that are tools on the home page but not in the navigation row (reached from the home page).
NOT_IN_ROW = frozenset({"web:customer-add", "register:subject-access", "web:contacts-import"})


def tools_for(user) -> list[dict]:
    """Every tool ``user``'s roles allow, with what it is for (the home page's list)."""
    return [
        {"label": label, "url": reverse(name), "description": text}
        for label, name, permission, text in MENU
        if name != "web:home" and allowed(user.roles, permission)
    ]


def menu_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, name, permission, _ in MENU:
        if name not in NOT_IN_ROW and allowed(user.roles, permission):
            url = reverse(name)
            current = request.path == url if name == "web:home" else request.path.startswith(url)
            items.append({"label": label, "url": url, "current": current})
    return items
