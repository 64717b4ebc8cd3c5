"""Words and roles as profile data (issue 20): clauses cited only from the active profile, elected
representatives the profile lists, and who may send customer letters."""

from __future__ import annotations

import re

import pytest

from .profile_copies import edited_policies
from .test_letters import decided_case, draft, issue

MSP = {"name": "Sam Member MSP", "relationship": "msp", "address": "The Scottish Parliament, Edinburgh EH99 1SP"}


@pytest.fixture
def build(use_profile, make_user, api_for, settings):
    settings.FAIRCONTACT_TODAY = "2026-03-10"

    def make(slug, **kwargs):
        return decided_case(slug, use_profile=use_profile, make_user=make_user, api_for=api_for, **kwargs)

    return make


def _spoc_guidance(world, make_user, api_for):
    """Tell the customer of a SPOC protocol and ask the gate about a letter."""
    spoc = make_user("officer", name="Pat Point")
    world["staff"]["manager"].post(
        f"/cases/{world['case']['id']}/actions", {"action": "notify", "channel": "letter", "on": "2026-03-10"}
    )
    from faircontact.cases.models import Protocol

    Protocol.objects.filter(case_id=world["case"]["id"]).update(spoc=spoc)
    response = world["staff"]["officer"].post(
        "/gate", {"customer": world["customer"]["id"], "channel": "letter", "occurred_at": "2026-03-10T10:00:00Z"}
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_guidance_cites_the_active_profiles_clause_and_never_anothers(build, make_user, api_for):
    world = build("wolverhampton-homes", protocol={"channels_allowed": ["letter", "email"]})
    guidance = _spoc_guidance(world, make_user, api_for)
    assert "All contact goes through the single point of contact: Pat Point (000 §6.3)." in guidance["reasons"]
    assert not any("003 §" in r for r in guidance["reasons"])


def test_a_profile_that_gives_no_clause_cites_none(build, make_user, api_for, tmp_path, settings):
    edited_policies(tmp_path, settings, {r'^spoc = "000 §6.3"\n': ""})
    world = build("wolverhampton-homes", protocol={"channels_allowed": ["letter", "email"]})
    guidance = _spoc_guidance(world, make_user, api_for)
    assert "All contact goes through the single point of contact: Pat Point." in guidance["reasons"]


def test_a_protocol_refusal_cites_the_profiles_clause(build):
    world = build("housing-solutions")
    staff, case = world["staff"], world["case"]["id"]
    staff["manager"].post(f"/cases/{case}/actions", {"action": "notify", "channel": "letter", "on": "2026-03-10"})
    refused = staff["manager"].post(
        f"/cases/{case}/actions",
        {"action": "review", "outcome": "vary", "reasons": "x", "protocol": {"channels_allowed": []}},
    )
    assert refused.status_code == 422, refused.content
    assert refused.json()["error"]["message"] == "A protocol must leave at least one way of contact open (001 §6.4.4)."


def test_an_msp_gets_the_reply_to_an_elected_representative_where_the_profile_lists_msps(build, tmp_path, settings):
    edited_policies(tmp_path, settings, {r"^\[gate\]": '[representatives]\nelected = ["mp", "msp"]\n\n[gate]'}, "dwp")
    world = build("dwp", customer_fields={"representatives": [MSP]})
    reply = draft(world["staff"]["manager"], kind="mp_reply", customer=world["customer"]["id"])
    assert reply["recipient_name"] == "Sam Member MSP" and reply["missing"] == []


def test_an_msp_is_not_an_elected_representative_where_the_profile_lists_only_mps(build):
    world = build("dwp", customer_fields={"representatives": [MSP]})
    refused = draft(world["staff"]["manager"], 422, kind="mp_reply", customer=world["customer"]["id"])
    assert refused["error"]["message"] == "Record the customer's Member of Parliament as their representative first."


@pytest.mark.parametrize(("elected", "reply"), [(None, False), ('["mp", "msp"]', True)])
def test_the_gate_replies_to_exactly_the_elected_representatives_the_profile_lists(
    build, tmp_path, settings, elected, reply
):
    """003 §32 for an MSP writing about a registered complaint only where the profile lists MSPs; an MP always (the
    default), a relative never."""
    if elected:
        edited_policies(tmp_path, settings, {r"^\[gate\]": f"[representatives]\nelected = {elected}\n\n[gate]"}, "dwp")
    people = [MSP, {"name": "Jo MP", "relationship": "mp"}, {"name": "Kim Relative", "relationship": "relative"}]
    world = build("dwp", customer_fields={"representatives": people})
    manager, customer = world["staff"]["manager"], world["customer"]
    manager.post(f"/cases/{world['case']['id']}/actions", {"action": "notify", "channel": "letter", "on": "2026-03-10"})
    reps = {r["relationship"]: r["id"] for r in manager.get(f"/customers/{customer['id']}").json()["representatives"]}

    def handling(kind):
        ask = {
            "customer": customer["id"],
            "channel": "letter",
            "occurred_at": "2026-03-10T10:00:00Z",
            "complaint": world["complaint"]["id"],
            "from_representative": reps[kind],
        }
        response = world["staff"]["officer"].post("/gate", ask)
        assert response.status_code == 200, response.content
        return response.json()["handling"]

    assert handling("mp") == "reply_to_mp"
    assert (handling("msp") == "reply_to_mp") is reply
    assert handling("relative") != "reply_to_mp"


def test_a_kind_of_letter_is_named_in_the_organisations_words(build, tmp_path, settings):
    """``[labels.letters]``: the letters pages, the chronology and the refusals use the organisation's name for a
    kind of letter; a kind it does not name keeps the product's words."""
    from django.urls import reverse

    from .test_letters_web import signed_in

    edited_policies(
        tmp_path,
        settings,
        {
            r"^\[labels\]\n": '[labels]\nletters = { decision = "Contact arrangements" }\n',
            r"^\[gate\]": '[letters]\nsend_roles = { decision = ["director"] }\n\n[gate]',
        },
    )
    world = build("wolverhampton-homes")
    letter = draft(world["staff"]["manager"], kind="decision", case=world["case"]["id"])
    refused = issue(world["staff"]["manager"], letter["id"], expect=409, on="2026-03-10")["error"]
    assert refused["message"] == "Only a Senior Management Team member may send contact arrangements letters."
    page = signed_in(world["staff"]["manager"].user).get(reverse("letters:letter", args=[letter["id"]]))
    assert '<h1 class="govuk-heading-l">Contact arrangements letter</h1>' in page.content.decode()
    issue(world["staff"]["director"], letter["id"], on="2026-03-10")
    listing = signed_in(world["staff"]["manager"].user).get(
        reverse("letters:customer-letters", args=[world["customer"]["id"]])
    )
    assert "Contact arrangements" in listing.content.decode()
    assert "Decision and communication protocol" not in listing.content.decode()
    assert "Appeal outcome" in listing.content.decode()  # a kind it does not name: the product's words


def test_send_roles_let_the_listed_roles_send_any_customer_letter(build, tmp_path, settings):
    edited_policies(
        tmp_path, settings, {r"^\[gate\]": '[letters]\nsend_roles = ["senior_management_team", "manager"]\n\n[gate]'}
    )
    world = build("wolverhampton-homes")
    officer, director = world["staff"]["officer"], world["staff"]["director"]
    letter = draft(world["staff"]["manager"], kind="decision", case=world["case"]["id"])
    refused = issue(officer, letter["id"], expect=409, on="2026-03-10")["error"]
    assert (
        refused["message"]
        == "Only a Senior Management Team member or Customer Experience Manager may send decision and "
        "communication protocol letters."
    )
    # the director is not a notify role in 000, but may send: the case is told through the letter
    sent = issue(director, letter["id"], on="2026-03-10")
    assert sent["status"] == "issued"
    from faircontact.cases.models import Case

    assert Case.objects.get(pk=world["case"]["id"]).state == "restricted"


@pytest.mark.parametrize(
    ("letters", "expected"),
    [
        ('send_roles = ["manager"]', {"decision": ("manager",), "appeal_outcome": ("manager",)}),
        (
            'send_roles = { decision = ["decision_maker"], other = ["officer"] }',
            {"decision": ("decision_maker",), "appeal_outcome": ("officer",)},
        ),
        ('send_roles = { appeal_outcome = ["director"] }', {"decision": (), "appeal_outcome": ("director",)}),
        ("", {"decision": (), "appeal_outcome": ()}),
    ],
)
def test_send_roles_is_one_list_or_a_list_per_kind_of_letter(tmp_path, letters, expected):
    from faircontact.core.profiles import load_profile_file

    from .test_profiles import edited_copy

    path = edited_copy(tmp_path, r"^\[gate\]", f"[letters]\n{letters}\n\n[gate]")
    profile = load_profile_file(path)
    assert {kind: profile.letter_senders(kind) for kind in expected} == expected
    assert profile.may_send_letters("appeal_outcome", ["director"]) is (
        None if not expected["appeal_outcome"] else "director" in expected["appeal_outcome"]
    )


@pytest.mark.parametrize(
    ("letters", "says"),
    [
        (
            'send_roles = { apology = ["manager"] }',
            "letters.send_roles.apology: is not a kind of letter; valid: initial_warning, formal_warning, decision,",
        ),
        ('send_roles = { decision = ["ceo"] }', "letters.send_roles.decision: unknown role 'ceo'; valid: officer,"),
        ('send_roles = ["ceo"]', "letters.send_roles: unknown role 'ceo'; valid: officer,"),
        ("send_roles = { decision = [] }", "letters.send_roles.decision: must be a list of at least one role"),
        ('send_roles = "manager"', "letters.send_roles: must be a list of roles, or a table of kind of letter"),
        ('sender = ["manager"]', "letters.sender: is not a known key; valid keys: send_roles"),
    ],
)
def test_a_bad_send_roles_is_refused_naming_the_key_and_the_valid_values(tmp_path, letters, says):
    from faircontact.core.profiles import ProfileError, load_profile_file

    from .test_profiles import edited_copy

    path = edited_copy(tmp_path, r"^\[gate\]", f"[letters]\n{letters}\n\n[gate]")
    with pytest.raises(ProfileError) as refused:
        load_profile_file(path)
    (line,) = refused.value.lines
    assert line.startswith(f"{path}: {says}"), line


def test_the_profiles_kinds_of_letter_are_the_letters_apps():
    from faircontact.core.profiles import LETTER_KINDS
    from faircontact.letters.models import Kind

    assert LETTER_KINDS == tuple(Kind.values)


#: a clause of one of the four seed policies ("003 §17", "(004)", "Annex D"), or any "§"
SEED_CLAUSE = r"\b00[0-4]\b|§|Annex [A-H]\b"


def _clause_world(slug, use_profile, make_user, api_for, settings):
    """A customer with contact after a full and final response, to many people and abusive, under ``slug``."""
    settings.FAIRCONTACT_TODAY = "2026-03-10"
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    use_profile(slug)
    manager = make_user("manager", "decision_maker", name="Morgan Manager")
    api = api_for(manager)
    customer = api.post("/customers", {"reference": "W-1", "name": "Robin Example", "address": "1 High St"}).json()
    complaint = api.post(
        "/complaints",
        {"customer": customer["id"], "reference": "C-1", "summary": "Repairs", "final_response_on": "2026-02-02"},
    ).json()
    for i in range(4):
        logged = api.post(
            "/contacts",
            {
                "customer": customer["id"],
                "channel": "email",
                "occurred_at": f"2026-03-0{i + 2}T10:00:00Z",
                "complaint": complaint["id"],
                "subject": f"Repairs {i}",
                "recipients": [f"officer{i}@example.org"],
                "behaviour": ["abusive"] if i == 0 else [],
                "body": "You are useless and I will make you pay.",
            },
        )
        assert logged.status_code == 201, logged.content
    return manager, api, customer


@pytest.mark.parametrize("slug", ["tai-tywi", "strathmore-council"])
def test_a_profile_that_gives_no_seed_clause_is_shown_none(slug, use_profile, make_user, api_for, settings, client):
    """Indicator explanations and notes, the evidence pack, the review queue, the register, the board report and
    the letters pages cite only the active profile's clauses: the SPSO and PSOW profiles give none of 000-004."""
    from .test_letters_pdf import pdf_text

    manager, api, customer = _clause_world(slug, use_profile, make_user, api_for, settings)
    indicators = api.get(f"/customers/{customer['id']}/indicators").json()
    said = [indicators["note"], *(i["explanation"] for i in indicators["items"])]
    said.append(api.post("/text/possible-abuse", {"text": "I will make you pay"}).json()["note"])
    said.append(pdf_text(api.get(f"/customers/{customer['id']}/evidence-pack.pdf").content))
    client.force_login(manager)
    from .conftest import give_reason

    give_reason(client, customer["id"])
    for page in ("/register", "/reports/board", "/review", f"/customers/{customer['id']}/indicators"):
        response = client.get(page)
        assert response.status_code == 200, page
        said.append(response.content.decode())
    found = [(text[:80], m.group()) for text in said for m in [re.search(SEED_CLAUSE, text)] if m]
    assert found == []
    after = next(i for i in indicators["items"] if i["name"] == "contacts_after_final_response")
    assert after["explanation"].endswith("after their full and final response.")


@pytest.mark.parametrize(
    ("slug", "name", "clause"),
    [
        ("dwp", "contacts_after_final_response", "(003 §17)"),
        ("southwark", "distinct_recipients", "(002 §3)"),
        ("housing-solutions", "abusive_contacts", "(001 §6.3.3)"),
    ],
)
def test_each_seed_profile_cites_its_own_clause_in_the_indicators(
    slug, name, clause, use_profile, make_user, api_for, settings
):
    _, api, customer = _clause_world(slug, use_profile, make_user, api_for, settings)
    items = {i["name"]: i for i in api.get(f"/customers/{customer['id']}/indicators").json()["items"]}
    assert clause in items[name]["explanation"]
    others = " ".join(i["explanation"] for i in items.values()).replace(clause, "")
    assert not re.search(SEED_CLAUSE, others), others


def test_pages_leave_out_the_active_profiles_own_clause_codes(use_profile):
    """Staff pages show reasons without clause codes: the seed policies' numbers and the active profile's own."""
    from faircontact.web.templatetags.casework import without_clause

    use_profile("strathmore-council")
    reason = "Only a Senior Manager may take the step 'Decision' (SPSO UAP: Managing unacceptable actions)."
    assert without_clause(reason) == "Only a Senior Manager may take the step 'Decision'."
    assert without_clause("Read it, then acknowledge it (003 §30-31).") == "Read it, then acknowledge it."
    assert without_clause("Call your MSP (Member of the Scottish Parliament).") == (
        "Call your MSP (Member of the Scottish Parliament)."
    )


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ('[languages.fr]\npolicy_title = "x"', "languages.fr: is not a language; valid: cy"),
        ('[languages.cy]\ngrounds = { rude = "Anghwrtais" }', "languages.cy.grounds.rude: is not one of persistent,"),
        ('[languages.cy]\nrole_labels = { boss = "Bos" }', "languages.cy.role_labels.boss: is not one of officer,"),
        ('[languages.cy]\nbusiness_units = { Parks = "Parciau" }', "languages.cy.business_units.Parks: is not one of"),
        ('[languages.cy]\nmotto = "x"', "languages.cy.motto: is not a known key; valid keys: policy_title,"),
    ],
)
def test_a_bad_languages_table_is_refused_naming_the_key(tmp_path, table, says):
    from faircontact.core.profiles import ProfileError, load_profile_file

    from .test_profiles import edited_copy

    path = edited_copy(tmp_path, r"^\[gate\]", f"{table}\n\n[gate]")
    with pytest.raises(ProfileError) as refused:
        load_profile_file(path)
    (line,) = refused.value.lines
    assert line.startswith(f"{path}: {says}"), line
