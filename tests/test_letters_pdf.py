"""The letters as a customer receives them: the PDF's own text holds every required element, for each profile,
and a large-print letter is set at 16 pt or more (measured from the PDF). WeasyPrint is slow, so few PDFs."""

from __future__ import annotations

import re
import subprocess

import pytest

from faircontact.core.profiles import available_profiles
from faircontact.letters.completeness import sections
from faircontact.letters.kinds import elements_for
from faircontact.letters.models import Letter

from .test_letters import REASONS, decided_case, draft, issue

#: Liberation Sans (ascent 0.905 + descent 0.212 em): poppler's word box is 1.117 times the font size
BOX_PER_POINT = 1.117


@pytest.fixture
def build(use_profile, make_user, api_for, settings):
    settings.FAIRCONTACT_TODAY = "2026-03-10"

    def make(slug, **kwargs):
        return decided_case(slug, use_profile=use_profile, make_user=make_user, api_for=api_for, **kwargs)

    return make


def pdf_text(pdf: bytes) -> str:
    """The PDF's words on one line, without page footers, as pdftotext reads them."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = re.sub(r"Page \d+ of \d+|•", " ", text.replace("\f", " "))
    return re.sub(r"\s+", " ", text).strip()


def word_sizes(pdf: bytes) -> list[float]:
    """The font size (pt) of every word, from poppler's word boxes (``pdftotext -bbox``)."""
    xhtml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    boxes = re.findall(rb'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', xhtml)
    return [(float(y1) - float(y0)) / BOX_PER_POINT for y0, y1 in boxes]


def fonts(pdf: bytes) -> set[str]:
    listing = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}


@pytest.mark.parametrize("slug", available_profiles())
def test_each_profiles_decision_letter_pdf_states_every_required_element(slug, build):
    world = build(slug)
    manager, profile = world["staff"]["manager"], world["profile"]
    issuer = world["staff"]["chief_executive"] if slug == "southwark" else manager
    letter = draft(manager, kind="decision", case=world["case"]["id"])
    issue(issuer, letter["id"], on="2026-03-10")
    response = manager.get(f"/letters/{letter['id']}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    folded = text.casefold()
    saved = Letter.objects.get(pk=letter["id"])
    for name, section in sections(saved.text).items():
        assert section in folded, (slug, name)
    for element in elements_for("decision", saved.facts):
        assert element.name in sections(saved.text), (slug, element.name)
    facts = saved.facts
    for value in (
        profile.name,
        "Robin Example",
        "2 Station Road",
        "Date: 10 March 2026",
        REASONS,
        facts["scope"],
        facts["duration"],
        facts["review_due_on"],
        *facts["restrictions"],
    ):
        assert value in text, (slug, value)
    assert f"Appendix – {profile.organisation['policy_title']}" in text  # the policy is attached
    appendix = text.split("Appendix –", 1)[1]  # and cites its clauses: numbered, or the model policy's headings
    assert "§" in appendix or f"{profile.organisation['policy_reference']}:" in appendix
    assert "DRAFT" not in text
    assert fonts(response.content) <= {"Liberation-Sans", "Liberation-Sans-Bold"}


def test_large_print_is_at_least_16_point_and_chosen_from_the_customers_preference(build):
    world = build("southwark", customer_fields={"preferred_format": "large_print"})
    manager = world["staff"]["manager"]
    letter = draft(manager, kind="decision", case=world["case"]["id"])
    assert letter["format"] == "large_print"
    large = manager.get(f"/letters/{letter['id']}.pdf").content
    standard = manager.get(f"/letters/{letter['id']}.pdf", large_print="false").content
    assert min(word_sizes(large)) >= 16 - 0.05
    assert min(word_sizes(standard)) < 12.5  # the measurement tells the two apart
    assert REASONS in pdf_text(large) and "DRAFT – not sent" in pdf_text(large)
