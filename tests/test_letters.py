"""Letters through the API: drafted from each organisation's templates, checked, issued, corrected; the reading
queue and acknowledgements (003 §30-31); template versions. PDF output is tested in ``test_letters_pdf``."""

from __future__ import annotations

from datetime import date

import pytest

from faircontact.cases.models import Case, Protocol
from faircontact.core.models import AuditEvent
from faircontact.core.profiles import available_profiles
from faircontact.gate.models import ReadingItem
from faircontact.letters.completeness import missing
from faircontact.letters.kinds import SPECS
from faircontact.letters.models import Letter
from faircontact.letters.rendering import letters_dir, sanitise
from faircontact.letters.templating import VARIABLES, render_template

from .test_workflow import approval, with_terms

NEEDS = {
    "support_needs_considered": True,
    "safeguarding_considered": True,
    "reasons_for_behaviour": "Frustration at the length of the repair",
    "adjustments_offered": ["Letters in plain English"],
}
REASONS = "You telephoned our repairs line 46 times in March about the same boiler repair."
#: the steps each organisation takes before its decision maker decides (role, action, fields)
LADDERS = {
    "wolverhampton-homes": [("officer", "record_discussion", {"channel": "phone"})],
    "housing-solutions": [
        ("officer", "initial_warning", {"channel": "phone", "behaviour": ["abusive"]}),
        ("manager", "formal_warning", {"channel": "letter", "behaviour": ["abusive"]}),
    ],
    "southwark": [("manager", "record_discussion", {"channel": "phone"})],  # before the report (002 §4)
    "dwp": [("officer", "initial_warning", {"channel": "letter"})],  # before written-only contact (003 Annex C)
    "strathmore-council": [("officer", "record_discussion", {"channel": "phone"})],
    "tai-tywi": [("officer", "record_discussion", {"channel": "phone"})],
}
DECIDER = {
    "wolverhampton-homes": "decision_maker",
    "housing-solutions": "decision_maker",
    "southwark": "chief_executive",
    "dwp": "decision_maker",
    "strathmore-council": "decision_maker",
    "tai-tywi": "decision_maker",
}


def act(client, case_id, action, **fields):
    response = client.post(f"/cases/{case_id}/actions", {"action": action, **fields})
    assert response.status_code == 200, (action, response.content)
    return response.json()


def decided_case(slug, *, use_profile, make_user, api_for, customer_fields=None, outcome=None, protocol=None):
    """A customer with a complaint answered in full and a case decided (protocol drafted) under ``slug``."""
    profile = use_profile(slug)
    staff = {
        role: api_for(make_user(role, name=f"{role.replace('_', ' ').title()} Person"))
        for role in ("officer", "manager", "decision_maker", "director", "chief_executive")
    }
    officer, manager = staff["officer"], staff["manager"]
    customer = officer.post(
        "/customers",
        {
            "reference": "L-1",
            "name": "Robin Example",
            "address": "2 Station Road\nWolverhampton WV2 2AA",
            "email": "robin@example.org",
            **(customer_fields or {}),
        },
    ).json()
    complaint = officer.post(
        "/complaints",
        {
            "customer": customer["id"],
            "reference": "CMP-7",
            "summary": "Boiler repair not completed",
            "final_response_on": "2026-02-02",
            "final_response_by": str(manager.user.pk),
        },
    ).json()
    case = officer.post(
        "/cases",
        {"customer": customer["id"], "grounds": ["persistent"], "on": "2026-03-02", "complaints": [complaint["id"]]},
    ).json()
    for role, action, fields in LADDERS[slug]:
        act(staff[role], case["id"], action, on="2026-03-03", **fields)
    act(manager, case["id"], "consider_needs", on="2026-03-04", **NEEDS)
    if profile.has_step("assess") and profile.steps["assess"].required:
        act(manager, case["id"], "assess", conclusion="unacceptable", findings="46 calls", on="2026-03-05")
    act(manager, case["id"], "refer", on="2026-03-06", **approval(manager))
    decided = act(
        staff[DECIDER[slug]],
        case["id"],
        "decide",
        on="2026-03-09",
        reasons=REASONS,
        outcome=outcome or ("register" if slug == "dwp" else "restrict"),
        protocol=with_terms(protocol or {"channels_allowed": ["letter", "email"]}, "2026-03-09"),
    )
    assert decided["state"] == "decided"
    return {"profile": profile, "staff": staff, "customer": customer, "complaint": complaint, "case": decided}


@pytest.fixture
def build(use_profile, make_user, api_for, settings):
    settings.FAIRCONTACT_TODAY = "2026-03-10"

    def make(slug, **kwargs):
        return decided_case(slug, use_profile=use_profile, make_user=make_user, api_for=api_for, **kwargs)

    return make


def draft(client, expect=201, **fields):
    response = client.post("/letters", fields)
    assert response.status_code == expect, response.content
    return response.json()


def issue(client, letter_id, expect=200, **fields):
    response = client.post(f"/letters/{letter_id}/issue", {"channel": "letter", **fields})
    assert response.status_code == expect, response.content
    return response.json()


def test_decision_letter_is_issued_once_tells_the_case_and_is_corrected_by_a_new_version(build):
    world = build("wolverhampton-homes")
    manager, case = world["staff"]["manager"], world["case"]
    letter = draft(manager, kind="decision", case=case["id"])
    assert letter["status"] == "draft" and letter["missing"] == [] and letter["addressed_to"] == "customer"
    assert REASONS in letter["text"] and "10 June 2026" in letter["text"]  # reviewed three-monthly (000 §8.2)
    assert letter["attachments"] == ["policy"] and letter["template_version"] == 1
    issued = issue(manager, letter["id"], on="2026-03-10")
    assert issued["status"] == "issued" and issued["issued_on"] == "2026-03-10" and len(issued["document_sha256"]) == 64
    told = Case.objects.get(pk=case["id"])
    assert (told.state, told.notified_on, told.review_due_on) == ("restricted", date(2026, 3, 10), date(2026, 6, 10))
    assert told.actions.get(action="notify").details["letter"] == letter["id"]
    # the record shows it
    chronology = manager.get(f"/customers/{world['customer']['id']}/chronology").json()["items"]
    assert any(e["kind"] == "letter" and e["object_id"] == letter["id"] for e in chronology)
    assert manager.get("/letters", customer=world["customer"]["id"]).json()["count"] == 1
    text = manager.get(f"/letters/{letter['id']}.txt").content.decode()
    assert "Dear Robin Example" in text and "10 March 2026" in text and REASONS in text
    # a sent letter is never changed: editing and issuing again are refused, and change nothing
    before = (Letter.objects.get(pk=letter["id"]).text, AuditEvent.objects.count())
    refused = manager.patch(f"/letters/{letter['id']}", {"text": "<p>Something else</p>"})
    assert refused.status_code == 409 and "correction" in refused.json()["error"]["message"]
    assert issue(manager, letter["id"], expect=409)["error"]["code"] == "letter_issued"
    assert (Letter.objects.get(pk=letter["id"]).text, AuditEvent.objects.count()) == before
    # a correction is a new version, linked to the old
    correction = manager.post(f"/letters/{letter['id']}/correct").json()
    assert (correction["version"], correction["supersedes"], correction["status"]) == (2, letter["id"], "draft")
    assert manager.post(f"/letters/{letter['id']}/correct").status_code == 409
    edited = manager.patch(
        f"/letters/{correction['id']}", {"text": correction["text"].replace("46 times", "forty-six times")}
    ).json()
    assert edited["missing"] == ["why the decision was taken (" + REASONS + ")"]
    manager.patch(f"/letters/{correction['id']}", {"text": correction["text"] + "<p>We apologise for an error.</p>"})
    issue(manager, correction["id"], on="2026-03-10")
    assert manager.get(f"/letters/{letter['id']}").json()["superseded_by"] == correction["id"]


def test_a_decision_letter_with_no_review_date_or_reasons_cannot_be_issued(build):
    world = build("housing-solutions")
    manager, case = world["staff"]["manager"], world["case"]
    letter = draft(manager, kind="decision", case=case["id"])
    start = letter["text"].index('<div data-element="review">')
    end = letter["text"].index("</div>", start) + len("</div>")
    without_review = letter["text"][:start] + letter["text"][end:]
    manager.patch(f"/letters/{letter['id']}", {"text": without_review.replace(REASONS, "")})
    before = (
        Case.objects.get(pk=case["id"]).state,
        Protocol.objects.get(case_id=case["id"]).status,
        AuditEvent.objects.count(),
    )
    error = issue(manager, letter["id"], expect=422, on="2026-03-10")["error"]
    assert error["code"] == "incomplete"
    assert "the review date" in error["message"] and "why the decision was taken" in error["message"]
    assert "right to appeal" not in error["message"]
    after = (
        Case.objects.get(pk=case["id"]).state,
        Protocol.objects.get(case_id=case["id"]).status,
        AuditEvent.objects.count(),
    )
    assert before == after == ("decided", "draft", before[2])
    assert Letter.objects.get(pk=letter["id"]).status == "draft"


def test_letters_go_to_the_representative_who_acts_in_the_customers_format(build):
    world = build(
        "southwark",
        customer_fields={
            "preferred_format": "large_print",
            "representatives": [
                {
                    "name": "Pat Advocate",
                    "relationship": "advocate",
                    "may_act": True,
                    "address": "Advocacy Centre, 1 Walworth Road, London SE17",
                },
                {"name": "Jo Member MP", "relationship": "mp", "address": "House of Commons, London"},
            ],
        },
    )
    manager, ce, case = world["staff"]["manager"], world["staff"]["chief_executive"], world["case"]
    advocate, mp = (r["id"] for r in world["customer"]["representatives"])
    decision = draft(manager, kind="decision", case=case["id"])
    assert (decision["addressed_to"], decision["recipient_name"], decision["format"]) == (
        advocate,
        "Pat Advocate",
        "large_print",
    )
    assert decision["copies"] == ["Jo Member MP"]  # copied to others involved (002 §4)
    assert "Chief Executive" in Letter.objects.get(pk=decision["id"]).facts["signatory_role"]
    to_customer = draft(manager, kind="decision", case=case["id"], addressed_to="customer", format="standard")
    assert (to_customer["recipient_name"], to_customer["format"]) == ("Robin Example", "standard")
    assert draft(manager, 422, kind="decision", case=case["id"], addressed_to=mp)["error"]["field"] == "addressed_to"
    # the copy to the MP encloses the decision letter once it has been sent
    copy = draft(manager, kind="copy_to", encloses=decision["id"], addressed_to=mp)
    assert "a copy of a letter already sent" in copy["missing"]
    issue(ce, decision["id"], on="2026-03-10")
    copy = draft(manager, kind="copy_to", encloses=decision["id"], addressed_to=mp)
    assert copy["missing"] == [] and "10 March 2026" in copy["text"]
    assert issue(manager, copy["id"], on="2026-03-10")["status"] == "issued"
    assert Case.objects.get(pk=case["id"]).actions.filter(action="notify").count() == 1


def test_acknowledgement_cites_every_letter_it_covers_and_marks_them_acknowledged(build, settings):
    world = build("dwp")
    officer, manager, case = world["staff"]["officer"], world["staff"]["manager"], world["case"]
    decision = draft(manager, kind="decision", case=case["id"])
    assert "CMP-7" in decision["text"] and decision["missing"] == []
    issue(manager, decision["id"], on="2026-03-10")
    settings.FAIRCONTACT_TODAY = "2026-03-20"
    contacts = [
        officer.post(
            "/contacts",
            {
                "customer": world["customer"]["id"],
                "complaint": world["complaint"]["id"],
                "channel": "letter",
                "occurred_at": at,
                "subject": "Boiler again",
                "body": "The boiler is still not fixed.",
            },
        ).json()
        for at in ("2026-03-12T10:00:00+00:00", "2026-03-16T10:00:00+00:00")
    ]
    assert all(c["guidance"]["handling"] == "acknowledge_only" for c in contacts)
    queue = officer.get("/reading").json()
    assert queue["count"] == 2
    letter = draft(
        officer, kind="acknowledgement", customer=world["customer"]["id"], covers=[c["id"] for c in contacts]
    )
    assert "12 March 2026" in letter["text"] and "16 March 2026" in letter["text"]
    assert "I acknowledge receipt and note its contents" in letter["text"]
    assert any("mark it read first" in m for m in letter["missing"])  # read by a person first (003 §31)
    for item in queue["items"]:
        marked = officer.post(f"/reading/{item['id']}", {"status": "no_new_issue"})
        assert marked.status_code == 200 and marked.json()["read_by"] == str(officer.user.pk)
    assert officer.get("/reading").json()["count"] == 0
    # leave out one letter's date: refused, naming it
    first, second = letter["text"].split("</p>", 1)
    officer.patch(f"/letters/{letter['id']}", {"text": first + "</p>" + second.replace("16 March 2026", "")})
    error = issue(officer, letter["id"], expect=422, on="2026-03-20")["error"]
    assert "the date of each letter it acknowledges (16 March 2026)" in error["message"]
    assert "12 March" not in error["message"]
    officer.patch(f"/letters/{letter['id']}", {"text": letter["text"]})
    issue(officer, letter["id"], on="2026-03-20")
    assert set(ReadingItem.objects.values_list("status", flat=True)) == {"acknowledged"}
    assert officer.post(f"/reading/{queue['items'][0]['id']}", {"status": "new_complaint"}).status_code == 409


def test_mp_reply_encloses_the_final_response_and_names_the_escalation_route(build):
    world = build(
        "dwp",
        customer_fields={
            "representatives": [
                {"name": "Jo Member MP", "relationship": "mp", "address": "House of Commons, London SW1A 0AA"}
            ]
        },
    )
    manager = world["staff"]["manager"]
    reply = draft(manager, kind="mp_reply", customer=world["customer"]["id"])
    assert reply["recipient_name"] == "Jo Member MP" and reply["missing"] == []
    assert reply["enclosures"] == ["A copy of our full and final response of 2 February 2026"]
    assert "The Independent Case Examiner (ICE)" in reply["text"] and "2 February 2026" in reply["text"]
    manager.patch(f"/letters/{reply['id']}", {"enclosures": []})
    assert "a copy of the final response, enclosed" in issue(manager, reply["id"], expect=422)["error"]["message"]


def test_templates_are_versioned_and_a_template_naming_an_unknown_variable_is_refused(build, make_user, api_for):
    world = build("wolverhampton-homes")
    admin = api_for(make_user("admin"))
    templates = admin.get("/letter-templates").json()
    kinds = [t["kind"] for t in templates["items"]]
    assert "decision" in kinds and "mp_reply" not in kinds and "review_due_on" in templates["variables"]
    before = draft(world["staff"]["manager"], kind="decision", case=world["case"]["id"])
    body = admin.get("/letter-templates/decision").json()[0]["body"]
    refused = admin.post("/letter-templates/decision", {"body": body + "<p>{{ customer_shoe_size }}</p>"})
    assert refused.status_code == 422 and "customer_shoe_size" in refused.json()["error"]["message"]
    saved = admin.post(
        "/letter-templates/decision",
        {"body": body.replace("How long this lasts", "Duration"), "note": "Shorter heading"},
    )
    assert saved.status_code == 201 and saved.json()["version"] == 2
    assert [t["version"] for t in admin.get("/letter-templates/decision").json()] == [2, 1]
    after = draft(world["staff"]["manager"], kind="decision", case=world["case"]["id"])
    assert (before["template_version"], after["template_version"]) == (1, 2) and "Duration" in after["text"]
    assert Letter.objects.get(pk=before["id"]).template.version == 1
    assert world["staff"]["officer"].post("/letter-templates/decision", {"body": body}).status_code == 403


def _facts() -> dict:
    """A value for every template variable, as a full case would give."""
    facts = {name: f"[{name}]" for name in VARIABLES}
    facts.update(
        to_representative=False,
        has_appeal=True,
        appeal_deadline_days=28,
        review_outcome="continue",
        appeal_outcome="dismissed",
        grounds=["Persistent contact"],
        behaviour=["abusive"],
        restrictions=["[restriction one]", "[restriction two]"],
        acknowledge_only_references=["CMP-7"],
        covered_dates=["1 March 2026"],
        final_response_dates=["2 Feb 2026"],
        final_response_givers=["[giver]"],
        covered=[{"date": "1 March 2026", "channel": "letter", "issues": "[issues]"}],
        complaints=[
            {
                "reference": "CMP-7",
                "summary": "[summary]",
                "received_on": "",
                "final_response_on": "2 Feb 2026",
                "final_response_by": "[giver]",
                "escalation_route": "",
            }
        ],
    )
    return facts


@pytest.mark.parametrize("slug", available_profiles())
def test_every_template_states_everything_its_kind_requires(slug, use_profile):
    profile = use_profile(slug)
    for outcome in profile.decision["outcomes"]:
        if outcome != "no_action":
            _check_templates(profile, dict(_facts(), outcome=outcome))


def _check_templates(profile, facts):
    slug = profile.slug
    kinds = sorted(p.stem for p in letters_dir(slug).glob("*.html") if p.stem != "policy")
    assert {"decision", "review_outcome", "initial_warning"} <= set(kinds)
    for kind in kinds:
        text = sanitise(render_template((letters_dir(slug) / f"{kind}.html").read_text(), facts))
        letter = Letter(
            kind=kind,
            text=text,
            facts=facts,
            attachments=["policy"] if SPECS[kind].attach_policy else [],
            enclosures=["[enclosure]"],
            recipient_address="[address]",
        )
        problems = [
            p
            for p in missing(
                letter, profile=type("P", (), {"slug": slug, "organisation": {"policy_title": "x"}})(), channel="letter"
            )
            if p not in ("a copy of a letter already sent", "which letters it acknowledges")
        ]
        assert problems == [], (kind, problems)


def test_review_and_appeal_letters_follow_the_steps_and_record_when_the_customer_was_told(build, settings):
    world = build("wolverhampton-homes")
    staff, case = world["staff"], world["case"]
    manager, cid = staff["manager"], case["id"]
    issue(manager, draft(manager, kind="decision", case=cid)["id"], on="2026-03-10")
    refused = draft(manager, 422, kind="review_outcome", case=cid)["error"]
    assert "Record the review" in refused["message"]
    settings.FAIRCONTACT_TODAY = "2026-06-08"
    act(manager, cid, "review", outcome="continue", reasons="Calls have fallen to twice a week.", on="2026-06-08")
    review = draft(manager, kind="review_outcome", case=cid)
    assert review["missing"] == [] and "the arrangements will continue" in review["text"]
    assert "8 September 2026" in review["text"]  # the next review, three months on (000 §8.2)
    issue(manager, review["id"], on="2026-06-08")
    settings.FAIRCONTACT_TODAY = "2026-06-10"
    act(staff["officer"], cid, "appeal", grounds="I was not listened to.", received_on="2026-06-09", on="2026-06-09")
    acknowledgement = draft(manager, kind="appeal_acknowledgement", case=cid)
    assert "9 June 2026" in acknowledgement["text"] and "7 July 2026" in acknowledgement["text"]  # 28 days (000 §9.2)
    act(
        staff["director"],
        cid,
        "decide_appeal",
        outcome="upheld",
        reasons="Adjustments were not tried first.",
        on="2026-06-10",
    )
    outcome = draft(manager, kind="appeal_outcome", case=cid)
    assert "your appeal is upheld and the arrangements have ended" in outcome["text"] and outcome["missing"] == []
    issue(manager, outcome["id"], on="2026-06-10")
    told = Case.objects.get(pk=cid)
    assert told.state == "ended"
    assert [a.details["letter"] for a in told.actions.filter(action="notify")] == [
        str(Letter.objects.get(kind=k).pk) for k in ("decision", "review_outcome", "appeal_outcome")
    ]
