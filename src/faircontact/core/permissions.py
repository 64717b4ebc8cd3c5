"""The permission matrix: which generic role may use which part of the product (role × permission).

One place for every coarse permission; the API (``api.v1.base.perm``) and the web views check it before anything
else. Finer rules — which step of the ladder a role may take, separation of duties — live in ``cases.policies``
and come from the active profile. ``docs/permissions.md`` is rendered from :data:`MATRIX`
(``python -m faircontact.core.permissions``) and a test walks every API operation against it.

Least privilege: the view-only enquirer can only ask the register "is this person recorded?"; the auditor reads the
audit trail and the reports, not case files; nobody but a reporting role sees equality data.
"""

from __future__ import annotations

from .errors import Forbidden
from .profiles import GENERIC_ROLES

CASEWORK = frozenset({"officer", "manager", "decision_maker", "director", "chief_executive", "monitoring_officer"})
SENIOR = frozenset({"manager", "decision_maker", "director", "chief_executive", "monitoring_officer"})
EVERYONE = frozenset(GENERIC_ROLES)

#: permission -> (roles allowed, what it covers)
MATRIX: dict[str, tuple[frozenset[str], str]] = {
    "records.view": (CASEWORK | {"register_admin"}, "see customers, complaints, contacts and the chronology"),
    "records.edit": (CASEWORK, "add and change customers, representatives and complaints; log contacts"),
    "records.import": (frozenset({"manager", "admin"}), "bulk import contacts from CSV"),
    "gate.ask": (CASEWORK | {"register_admin"}, "ask the gate what to do with a contact (dry run)"),
    "cases.view": (CASEWORK | {"register_admin"}, "see cases, their protocols and assessments"),
    "cases.act": (CASEWORK, "open cases and take the steps the profile allows the role"),
    "cases.all": (
        frozenset({"register_admin", "director", "chief_executive", "monitoring_officer"}),
        "see every case, whatever one's business unit (others: their unit's and the cases they take part in)",
    ),
    "work.view": (EVERYONE, "see one's own work queue and notifications"),
    "staff.absence": (CASEWORK | {"register_admin", "admin"}, "record leave (own; managers for anyone)"),
    "staff.absence.anyone": (frozenset({"manager", "admin"}), "record anyone's leave, not only one's own"),
    "tokens.manage": (frozenset({"admin"}), "revoke anyone's API token, not only one's own"),
    "indicators.view": (CASEWORK, "see persistence indicators and the evidence pack"),
    "documents.collect": (
        CASEWORK | SENIOR | {"auditor", "admin"},
        "follow and download the documents one asked to be prepared in the background (evidence packs, board "
        "reports), while one still holds the permission each needs",
    ),
    "suggestions.manage": (SENIOR, "see and dismiss suggestions for review"),
    "letters.view": (CASEWORK | {"register_admin"}, "see letters"),
    "letters.write": (CASEWORK, "draft and issue letters"),
    "letters.templates": (frozenset({"manager", "admin"}), "edit letter templates"),
    "register.enquire": (
        frozenset({"enquirer", "register_admin", "officer", "manager"}),
        "ask whether a person is on the register (Annex E answer only)",
    ),
    "register.view": (frozenset({"register_admin", "decision_maker"}), "see and review the register"),
    "register.review": (
        frozenset({"register_admin", "decision_maker", "manager"}),
        "see the register's review lists issued to oneself or one's business unit (003 Annex D: a business "
        "contact point establishes whether the content is current)",
    ),
    "register.all": (
        frozenset({"register_admin"}),
        "see the whole register, its reviews and enquiries (others: their own entries and their unit's)",
    ),
    "register.lookup": (
        frozenset({"enquirer", "register_admin"}),
        "look at the register oneself for an enquiry (others ask through the register administrator, 003 §19)",
    ),
    "register.remove": (frozenset({"register_admin", "decision_maker"}), "remove an entry (DSM confirmation)"),
    "register.confirm_removal": (
        frozenset({"decision_maker"}),
        "decide a removal from the register (the DSM; an administrator removes on a DSM's confirmation)",
    ),
    "markers.export": (frozenset({"register_admin", "admin"}), "export markers for other systems"),
    "audit.view": (frozenset({"auditor"}), "read and verify the audit trail"),
    "reports.view": (SENIOR | {"auditor", "admin"}, "see reports on use of the policy"),
    "reports.equality": (
        frozenset({"manager", "director", "chief_executive", "auditor"}),
        "see equality monitoring (aggregated, small numbers suppressed)",
    ),
    "data.subject_access": (frozenset({"admin", "register_admin"}), "export everything held about a customer"),
}


def allowed(roles, permission: str) -> bool:
    return bool(set(roles) & MATRIX[permission][0])


def require(user, permission: str) -> None:
    """Raise :class:`Forbidden` unless one of ``user``'s roles has ``permission``."""
    if not allowed(getattr(user, "roles", ()), permission):
        raise Forbidden(f"Your role does not allow this: {MATRIX[permission][1]}.", code="role_not_permitted")


def markdown() -> str:
    """``docs/permissions.md``: the matrix as a table."""
    header = "| permission | what it covers | " + " | ".join(GENERIC_ROLES) + " |"
    lines = [
        "# Permissions (role × permission)",
        "",
        "Generated from `src/faircontact/core/permissions.py` by `python -m faircontact.core.permissions`;"
        " a test keeps it in step and walks every API operation against it.",
        "",
        header,
        "|" + "---|" * (len(GENERIC_ROLES) + 2),
    ]
    for name, (roles, text) in MATRIX.items():
        cells = " | ".join("✓" if role in roles else "" for role in GENERIC_ROLES)
        lines.append(f"| `{name}` | {text} | {cells} |")
    lines += [
        "",
        "Which steps of the escalation ladder each role may take comes from the active policy profile",
        "(`policies/<slug>.toml`, `[steps.<action>].roles`) and is enforced in `cases/policies.py`.",
        "",
        "A role refusal is always `403 role_not_permitted`, from the matrix and from a ladder step the profile gives",
        "to other roles. Rows are scoped in `core/access.py` (`instances_user_has_permission_for`): staff of a",
        "business unit see its cases (and its register entries), cases of no unit and those they own, refer or decide;",
        "staff without a unit and organisation-wide roles see all; an object outside one's rows is `404`.",
        "Reading a customer on the register or under a protocol needs a reason for access (`reason` or",
        "`X-Access-Reason`, else `422 reason_required`); every read is audited, one event per request.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
