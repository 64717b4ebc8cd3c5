"""What each kind of letter must say before it can be issued, named after the policies' own words.

A template marks each required element with ``<div data-element="NAME">``; :func:`missing` (in
``completeness``) checks that every element is there, not empty, and — where the element states a recorded
value (the reasons, the review date, the date of each letter acknowledged) — that the value is in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Kind


@dataclass(frozen=True)
class Element:
    name: str
    #: completes "This letter cannot be issued: it does not state ..."
    description: str
    #: a key of the letter's facts whose value (or each value of a list) must appear in the element
    value: str | None = None


@dataclass(frozen=True)
class KindSpec:
    kind: str
    elements: tuple[Element, ...]
    needs_case: bool = True
    #: "customer" (or their representative acting for them), "mp", or "involved" (anyone sent a copy)
    recipient: str = "customer"
    #: the case step that tells the customer: issuing records it through ``case_act(notify)``
    notifies: bool = False
    attach_policy: bool = False


WARNING_ELEMENTS = (
    Element("behaviour", "which behaviour is of concern and why"),
    Element("change", "what we are asking the customer to change"),
    Element("consequences", "what may happen if the behaviour continues"),
    Element("urgent", "how to report urgent or health and safety matters"),
)

SPECS: dict[str, KindSpec] = {
    s.kind: s
    for s in (
        KindSpec(Kind.INITIAL_WARNING, WARNING_ELEMENTS),
        KindSpec(Kind.FORMAL_WARNING, WARNING_ELEMENTS),
        KindSpec(
            Kind.DECISION,
            (
                Element("reasons", "why the decision was taken", "decision_reasons"),
                Element("action", "what action is being taken", "restrictions"),
                Element("scope", "its scope", "scope"),
                Element("duration", "how long it lasts", "duration"),
                Element("review", "the review date", "review_due_on"),
                Element("appeal", "the right to appeal or ask for a review, and how"),
                Element("urgent", "how to report urgent or health and safety matters"),
            ),
            notifies=True,
            attach_policy=True,
        ),
        KindSpec(
            Kind.ACKNOWLEDGEMENT,
            (Element("covered", "the date of each letter it acknowledges", "covered_dates"),),
            needs_case=False,
        ),
        KindSpec(
            Kind.CIRCULAR_COMPLAINT,
            (
                Element("final_response", "when the full and final response was given", "final_response_dates"),
                Element("nothing_to_add", "that nothing more can usefully be added"),
                Element("acknowledged_only", "that further letters on the matter will only be acknowledged"),
                Element("escalation", "the escalation route", "escalation_route"),
            ),
            needs_case=False,
        ),
        KindSpec(
            Kind.REVIEW_OUTCOME,
            (
                Element("outcome", "the outcome of the review", "review_outcome_text"),
                Element("reasons", "the reasons for the outcome", "review_reasons"),
                Element("review", "the next review date", "next_review_due_on"),
            ),
            notifies=True,
        ),
        KindSpec(
            Kind.APPEAL_ACKNOWLEDGEMENT,
            (
                Element("received", "when the appeal was received", "appeal_received_on"),
                Element("next_steps", "who will consider the appeal and when the customer will hear"),
            ),
        ),
        KindSpec(
            Kind.APPEAL_OUTCOME,
            (
                Element("outcome", "the outcome of the appeal", "appeal_outcome_text"),
                Element("reasons", "the reasons for the outcome", "appeal_reasons"),
            ),
            notifies=True,
        ),
        KindSpec(
            Kind.MP_REPLY,
            (
                Element(
                    "final_response",
                    "that the customer had a full and final response, and when",
                    "final_response_dates",
                ),
                Element("escalation", "the escalation route", "escalation_route"),
            ),
            needs_case=False,
            recipient="mp",
        ),
        KindSpec(
            Kind.COPY_TO,
            (Element("copied", "which letter is copied and its date", "copied_letter_date"),),
            needs_case=False,
            recipient="involved",
        ),
    )
}

#: Extra elements a registration decision states (003 §25-26, Annex G): the full and final response it relies on
#: and who gave it, which complaints, and acknowledgement only.
REGISTER_ELEMENTS = (
    Element("final_response", "the full and final response it relies on, and its date", "final_response_dates"),
    Element("final_response", "who gave the full and final response", "final_response_givers"),
    Element(
        "acknowledged_only",
        "which complaints will no longer be replied to, only acknowledged",
        "acknowledge_only_references",
    ),
)


def elements_for(kind: str, facts: dict) -> tuple[Element, ...]:
    elements = SPECS[kind].elements
    if kind == Kind.DECISION and facts.get("outcome") == "register":
        elements += REGISTER_ELEMENTS
    if kind == Kind.REVIEW_OUTCOME and facts.get("review_outcome") == "end":
        elements = tuple(e for e in elements if e.name != "review")
    return elements
