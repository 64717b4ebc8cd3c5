"""The letters pages: draft from the customer's letters page, preview with what is missing, edit, send, correct;
template versions with refusals shown on the form; the reading queue."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from faircontact.cases.models import Case
from faircontact.core import clock
from faircontact.gate.models import ReadingItem
from faircontact.letters.completeness import missing, sections
from faircontact.letters.models import Letter, LetterTemplate
from faircontact.letters.rendering import text_of
from faircontact.letters.sections import to_html, to_sections
from faircontact.records.models import Customer

from .conftest import give_reason
from .test_letters import REASONS, decided_case


@pytest.fixture
def world(use_profile, make_user, api_for, settings):
    settings.FAIRCONTACT_TODAY = "2026-03-10"
    settings.FAIRCONTACT_OTP_REQUIRED_ROLES = []  # two-factor sign-in has its own tests; these are about letters
    return decided_case("wolverhampton-homes", use_profile=use_profile, make_user=make_user, api_for=api_for)


def edit_post(text: str, **fields) -> dict:
    """What the edit page posts for a letter whose text is ``text``: its sections of plain text, as typed."""
    data = {"count": 0, "format": "standard", "enclosures": "", **fields}
    for i, section in enumerate(to_sections(text)):
        data.update({f"s{i}-element": section.element, f"s{i}-level": section.level, f"s{i}-heading": section.heading})
        data[f"s{i}-body"], data["count"] = section.body, i + 1
    return data


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
    manager.post(reverse("letters:letter-edit", args=[letter.pk]), edit_post(text))
    html = manager.get(reverse("letters:letter", args=[letter.pk])).content.decode()
    assert "cannot be sent yet" in html and "the review date (10 June 2026)" in html
    send = {"on_day": "10", "on_month": "3", "on_year": "2026", "channel": "letter"}
    refused = manager.post(reverse("letters:letter-issue", args=[letter.pk]), send)
    assert refused.status_code == 422 and "There is a problem" in refused.content.decode()
    assert Case.objects.get(pk=case["id"]).state == "decided"
    manager.post(reverse("letters:letter-edit", args=[letter.pk]), edit_post(letter.text, format="large_print"))
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
    refused = client.post(reverse("letters:reading-mark", args=[item.pk]), {})
    assert refused.status_code == 422
    # the error summary links to this letter's choice, which shows the error beside it (GOV.UK pattern)
    html = refused.content.decode()
    assert f'<a href="#status-{item.pk}-1">Choose what the letter raises.</a>' in html
    assert f'id="status-{item.pk}-error"' in html and f'id="status-{item.pk}-1"' in html
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


def test_a_draft_is_edited_as_sections_of_plain_text_never_html(world):
    """Issue 17 §6: each part of the letter is a heading and a plain-text box, the part it must state named beside
    it; what is saved is the same sanitised HTML, every word and every marked part kept."""
    from faircontact.core.profiles import active_profile

    from .test_letters import draft

    letter = Letter.objects.get(pk=draft(world["staff"]["manager"], kind="decision", case=world["case"]["id"])["id"])
    # the round trip through plain text keeps every word and every part the completeness check reads
    again = to_html(to_sections(letter.text))
    assert text_of(again) == text_of(letter.text) and sections(again) == sections(letter.text)
    letter.text = again
    assert missing(letter, profile=active_profile()) == []
    manager = signed_in(world["staff"]["manager"].user)
    url = reverse("letters:letter-edit", args=[letter.pk])
    html = manager.get(url).content.decode()
    assert "data-element" not in html
    assert "&lt;p&gt;" not in html and "&lt;div" not in html
    assert "Part 2: Why we have made this decision" in html and "It must state why the decision was taken." in html
    # a new paragraph and a list typed as plain text; markup typed is kept as words
    data = edit_post(Letter.objects.get(pk=letter.pk).text)
    reasons = next(i for i in range(data["count"]) if data[f"s{i}-element"] == "reasons")
    data[f"s{reasons}-body"] += "\n\nWe also considered:\n- your health\n- your <b>letters</b>"
    assert manager.post(url, data).status_code == 302
    saved = Letter.objects.get(pk=letter.pk).text
    assert "<p>We also considered:</p>\n<ul><li>your health</li><li>your &lt;b&gt;letters&lt;/b&gt;</li></ul>" in saved
    assert sections(saved)["reasons"].endswith("we also considered: your health your <b>letters</b>")
    # emptying a part the letter must state takes it out, and the letter says it lacks it
    data[f"s{reasons}-heading"] = data[f"s{reasons}-body"] = ""
    manager.post(url, data)
    assert "why the decision was taken" in missing(Letter.objects.get(pk=letter.pk), profile=active_profile())
    # the form then offers an empty part to write it in
    assert "It must state why the decision was taken." in manager.get(url).content.decode()


def test_the_sanitiser_keeps_every_word_or_refuses_naming_what(world):
    """Issue 17 §6: "click me" and "red" in tags it does not keep stay two words, a link keeps its address as
    text, and a script's or style's words are refused, naming them, rather than dropped."""
    from faircontact.letters.rendering import sanitise

    assert text_of(sanitise("<button>click me</button><select><option>red</option></select>")) == "click me red"
    assert (
        text_of(sanitise('<p><a href="https://example.org/x">our page</a></p>')) == "our page (https://example.org/x)"
    )
    assert text_of(sanitise("<p>un<u>til</u> <img alt='the logo'></p>")) == "until the logo"
    manager = world["staff"]["manager"]
    from .test_letters import draft

    letter = draft(manager, kind="decision", case=world["case"]["id"])
    refused = manager.patch(
        f"/letters/{letter['id']}", {"text": letter["text"] + "<style>p {}</style><script>alert(1)</script>"}
    )
    error = refused.json()["error"]
    assert refused.status_code == 422 and error["field"] == "text"
    assert '<style> ("p {}")' in error["message"] and '<script> ("alert(1)")' in error["message"]
    assert Letter.objects.get(pk=letter["id"]).text == letter["text"]


def test_every_seed_template_survives_the_plain_text_round_trip():
    """Every profile's letters (their tags and variables replaced by words) read into sections and written back
    keep each word and each marked part, and a second round trip changes nothing."""
    import re
    from pathlib import Path

    from django.conf import settings

    paths = sorted(Path(settings.FAIRCONTACT_POLICIES_DIR, "letters").glob("**/*.html"))
    assert len(paths) > 30
    for path in paths:
        html = re.sub(r"\{\{.*?\}\}", "Word", re.sub(r"\{%.*?%\}", "", path.read_text(encoding="utf-8"), flags=re.S))
        again = to_html(to_sections(html))
        assert text_of(again).replace(" ", "") == text_of(html).replace(" ", ""), path
        assert sections(again) == sections(html) and to_html(to_sections(again)) == again, path
