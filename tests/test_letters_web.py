"""The letters pages: draft from the customer's letters page, preview with what is missing, edit, send, correct;
template versions with refusals shown on the form; the reading queue."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from faircontact.cases.models import Case
from faircontact.core import clock
from faircontact.gate.models import ReadingItem
from faircontact.letters.models import Letter, LetterTemplate
from faircontact.records.models import Customer

from .conftest import give_reason
from .test_letters import REASONS, decided_case


@pytest.fixture
def world(use_profile, make_user, api_for, settings):
    settings.FAIRCONTACT_TODAY = "2026-03-10"
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests; these are about letters
    return decided_case("wolverhampton-homes", use_profile=use_profile, make_user=make_user, api_for=api_for)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return give_reason(client, *Customer.objects.all())


def test_draft_preview_edit_send_and_correct_a_decision_letter(world):
    manager = signed_in(world["staff"]["manager"].user)
    customer, case = world["customer"], world["case"]
    page = manager.get(reverse("letters:customer-letters", args=[customer["id"]]))
    assert page.status_code == 200 and "Decision and communication protocol" in page.content.decode()
    response = manager.post(
        reverse("letters:customer-letters", args=[customer["id"]]),
        {"kind": "decision", "case": case["id"], "addressed_to": "", "format": ""},
    )
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("letters:letter", args=[letter.pk])
    html = manager.get(response["Location"]).content.decode()
    assert REASONS in html and "states everything" in html and "Record the letter as sent" in html
    # remove the review date: the page says what is missing, and sending is refused on the form
    text = letter.text.replace(letter.facts["review_due_on"], "in due course")
    manager.post(
        reverse("letters:letter-edit", args=[letter.pk]), {"text": text, "format": "standard", "enclosures": ""}
    )
    html = manager.get(reverse("letters:letter", args=[letter.pk])).content.decode()
    assert "cannot be sent yet" in html and "the review date (10 June 2026)" in html
    send = {"on_day": "10", "on_month": "3", "on_year": "2026", "channel": "letter"}
    refused = manager.post(reverse("letters:letter-issue", args=[letter.pk]), send)
    assert refused.status_code == 422 and "There is a problem" in refused.content.decode()
    assert Case.objects.get(pk=case["id"]).state == "decided"
    manager.post(
        reverse("letters:letter-edit", args=[letter.pk]),
        {"text": letter.text, "format": "large_print", "enclosures": ""},
    )
    assert manager.post(reverse("letters:letter-issue", args=[letter.pk]), send).status_code == 302
    letter.refresh_from_db()
    assert letter.status == "issued" and letter.format == "large_print"
    assert Case.objects.get(pk=case["id"]).state == "restricted"
    assert "Sent" in manager.get(reverse("letters:letter", args=[letter.pk])).content.decode()
    assert manager.get(reverse("letters:letter-txt", args=[letter.pk])).content.decode() == letter.plain_text
    # the plain text prints the address one line per line of the address, as the PDF does
    assert "Robin Example\n2 Station Road\nWolverhampton WV2 2AA\n" in letter.plain_text
    # a sent letter's edit page leads back to it; a correction is a new draft
    assert manager.get(reverse("letters:letter-edit", args=[letter.pk])).status_code == 302
    corrected = manager.post(reverse("letters:letter-correct", args=[letter.pk]))
    correction = Letter.objects.get(supersedes=letter)
    assert corrected["Location"] == reverse("letters:letter-edit", args=[correction.pk]) and correction.version == 2


def test_templates_are_edited_as_new_versions_and_unknown_variables_refused(world, make_user):
    admin = signed_in(make_user("admin"))
    assert "Decision and communication protocol" in admin.get(reverse("letters:templates")).content.decode()
    url = reverse("letters:template", args=["decision"])
    body = LetterTemplate.objects.get(kind="decision").body
    refused = admin.post(url, {"body": body + "{{ favourite_colour }}", "note": ""})
    assert refused.status_code == 200 and "unknown variable favourite_colour" in refused.content.decode()
    assert admin.post(url, {"body": body + "<p>Thank you.</p>", "note": "Thanks"}).status_code == 302
    assert list(LetterTemplate.objects.filter(kind="decision").values_list("version", flat=True)) == [2, 1]
    assert signed_in(world["staff"]["officer"].user).get(url).status_code == 403
    assert admin.get(reverse("letters:template", args=["mp_reply"])).status_code == 404


def test_reading_queue_marks_contacts_read(use_profile, make_user, api_for, settings):
    settings.FAIRCONTACT_TODAY = "2026-03-10"
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []
    world = decided_case("dwp", use_profile=use_profile, make_user=make_user, api_for=api_for)
    officer = world["staff"]["officer"]
    world["staff"]["manager"].post(f"/cases/{world['case']['id']}/actions", {"action": "notify", "channel": "letter"})
    officer.post(
        "/contacts",
        {
            "customer": world["customer"]["id"],
            "complaint": world["complaint"]["id"],
            "channel": "email",
            "occurred_at": clock.now().isoformat(),
            "subject": "Boiler",
            "body": "Still broken, as I said.",
        },
    )
    item = ReadingItem.objects.get()
    client = signed_in(officer.user)
    assert "Still broken, as I said." in client.get(reverse("letters:reading")).content.decode()
    assert client.post(reverse("letters:reading-mark", args=[item.pk]), {}).status_code == 422
    assert client.post(reverse("letters:reading-mark", args=[item.pk]), {"status": "no_new_issue"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "no_new_issue" and item.read_by == officer.user
    page = client.get(reverse("letters:customer-letters", args=[world["customer"]["id"]])).content.decode()
    assert "waiting to be acknowledged" in page and f'value="{item.contact_id}" checked' in page


def test_the_case_page_prompts_the_outcome_letter_after_a_review_until_it_is_sent(world, settings):
    """Issue 17 §6: a review that ends the protocol leaves the customer to be told (000 §8.2); the case page says so
    and links to draft the review outcome letter, then to the draft, and stops once it is sent."""
    from .test_letters import draft, issue
    from .test_workflow import act

    manager_api, cid = world["staff"]["manager"], world["case"]["id"]
    issue(manager_api, draft(manager_api, kind="decision", case=cid)["id"], on="2026-03-10")
    manager = signed_in(world["staff"]["manager"].user)
    case_url = reverse("web:case", args=[cid])
    assert 'id="outcome-letter"' not in manager.get(case_url).content.decode()
    settings.FAIRCONTACT_TODAY = "2026-06-08"
    act(manager_api, cid, "review", outcome="end", reasons="No calls for two months.", on="2026-06-08")
    html = manager.get(case_url).content.decode()
    letters_url = reverse("letters:customer-letters", args=[world["customer"]["id"]])
    assert "Tell the customer the outcome of the review in writing." in html
    assert f'href="{letters_url}?kind=review_outcome&amp;case={cid}#draft"' in html
    form = manager.get(f"{letters_url}?kind=review_outcome&case={cid}").content.decode()
    assert '<option value="review_outcome" selected>' in form and f'<option value="{cid}" selected>' in form
    letter = draft(manager_api, kind="review_outcome", case=cid)
    html = manager.get(case_url).content.decode()
    assert f'href="{reverse("letters:letter", args=[letter["id"]])}">Check and send the' in html
    issue(manager_api, letter["id"], on="2026-06-08")
    assert 'id="outcome-letter"' not in manager.get(case_url).content.decode()
