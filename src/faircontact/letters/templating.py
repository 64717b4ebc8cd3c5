"""Letter templates: the variables they may use, the check made when one is saved, and rendering.

Templates use a small part of the Django template language: ``{{ variable }}``, ``{% if %}``, ``{% for %}``,
``{% with %}``, ``{% comment %}`` and a few text filters. A template that names a variable not in
:data:`VARIABLES` (or a field a list's items do not have), or uses any other tag or filter, is refused when
saved, so a letter can never go out with a blank where a fact should be.
"""

from __future__ import annotations

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, Node, TextNode, VariableNode
from django.template.defaulttags import CommentNode, ForNode, IfNode, WithNode
from django.template.smartif import TokenBase

from faircontact.core.errors import InvalidInput

from .rendering import dropped_text

#: Every variable a template may use, with what it holds. Dates are written out ("30 April 2026").
VARIABLES: dict[str, str] = {
    "organisation_name": "The organisation's name",
    "organisation_address": "The organisation's postal address",
    "policy_title": "The title of the policy",
    "policy_reference": "The policy's reference",
    "customer_name": "The customer's name",
    "customer_reference": "The customer's reference",
    "recipient_name": "Who the letter is addressed to",
    "to_representative": "True when the letter goes to someone acting for the customer",
    "recipient_relationship": "The representative's relationship to the customer (e.g. Member of Parliament)",
    "our_reference": "The reference to quote (the case, or the customer)",
    "signatory_name": "Who signs the letter",
    "signatory_role": "Their role, in the organisation's words",
    "grounds": "List: the grounds of the case, in words",
    "behaviour": "List: the behaviour recorded with the latest warning, in words",
    "complaints": "List of complaints (reference, summary, received_on, final_response_on, final_response_by, "
    "escalation_route)",
    "issues": "The complaints' subjects in one phrase",
    "escalation_route": "Where the customer can take the matter next",
    "external_escalation": "The independent body named in the policy",
    "has_appeal": "True when the policy gives a right of appeal",
    "appeal_deadline_days": "Days within which an appeal outcome is given (0: none set)",
    "appeal_deadline": "How long an appeal takes to decide, in words: '28 days', '20 working days' (blank: none)",
    "appeal_lodge_within_working_days": "Working days after the customer is told within which to appeal (0: no limit)",
    "appeal_lodge_by": "The last day to lodge an appeal, counted from the date of the decision letter (blank: none)",
    "appeal_decided_by": "Who decides an appeal, in the organisation's words",
    "outcome": "The decision: restrict or register",
    "decided_on": "When the decision was made",
    "decision_reasons": "Why the decision was made",
    "decided_by_role": "The role of the person who decided",
    "restrictions": "List: each restriction in words",
    "channels_allowed": "The ways of contact still open, in words",
    "spoc_name": "The single point of contact",
    "spoc_deputy_name": "Their deputy",
    "scope": "What the arrangements apply to",
    "starts": "When the arrangements start, in words",
    "ends_on": "When they end (blank: until reviewed)",
    "duration": "How long they last, in words",
    "review_due_on": "When they will be reviewed",
    "acknowledge_only_references": "List: references of complaints that will only be acknowledged",
    "covered": "List of letters acknowledged (date, channel, issues)",
    "covered_dates": "List: the date of each letter acknowledged",
    "final_response_dates": "List: the date of each full and final response",
    "final_response_givers": "List: who gave each full and final response (as final_response_dates)",
    "review_outcome": "The review outcome: continue, vary or end",
    "review_outcome_text": "The review outcome, in words",
    "review_reasons": "Why",
    "reviewed_on": "When the review was made",
    "next_review_due_on": "The next review date (blank when ended)",
    "appeal_received_on": "When the appeal was received",
    "appeal_due_on": "When its outcome is due (blank: no deadline)",
    "appeal_grounds": "The grounds given",
    "appeal_outcome": "The appeal outcome: upheld, dismissed or varied",
    "appeal_outcome_text": "The appeal outcome, in words",
    "appeal_reasons": "Why",
    "appeal_decided_on": "When the appeal was decided",
    "copied_letter_date": "The date of the letter copied",
    "copied_letter_subject": "Its subject",
    "copied_letter_to": "Who it was sent to",
}

#: Fields of the items of list variables; lists not named here hold plain text.
ITEM_FIELDS: dict[str, frozenset[str]] = {
    "complaints": frozenset(
        {"reference", "summary", "received_on", "final_response_on", "final_response_by", "escalation_route"}
    ),
    "covered": frozenset({"date", "channel", "issues"}),
}
LISTS = frozenset(
    {
        "grounds",
        "behaviour",
        "complaints",
        "restrictions",
        "acknowledge_only_references",
        "covered",
        "covered_dates",
        "final_response_dates",
        "final_response_givers",
    }
)
FILTERS = frozenset(
    {
        "default",
        "join",
        "length",
        "pluralize",
        "upper",
        "lower",
        "capfirst",
        "yesno",
        "first",
        "last",
        "linebreaksbr",
        "title",
    }
)
FORLOOP = frozenset({"counter", "counter0", "first", "last", "revcounter"})

ENGINE = Engine(debug=False, autoescape=True, loaders=[])


class _Checker:
    def __init__(self):
        self.problems: list[str] = []

    def variable(self, lookups: tuple[str, ...], scope: dict[str, str | None]):
        root, rest = lookups[0], lookups[1:]
        name = ".".join(lookups)
        if root == "forloop" and "forloop" in scope:
            if len(rest) != 1 or rest[0] not in FORLOOP:
                self.problems.append(f"unknown variable {name}")
            return
        if root in scope:
            item_of = scope[root]
            fields = ITEM_FIELDS.get(item_of or "")
            if rest and (fields is None or len(rest) != 1 or rest[0] not in fields):
                self.problems.append(f"unknown variable {name}")
            return
        if root not in VARIABLES or rest:
            self.problems.append(f"unknown variable {name}")

    def expression(self, expression: FilterExpression, scope):
        var = expression.var
        if getattr(var, "lookups", None):
            self.variable(var.lookups, scope)
        for func, args in expression.filters:
            name = getattr(func, "_filter_name", func.__name__)
            if name not in FILTERS:
                self.problems.append(f"filter {name} is not allowed")
            for is_lookup, arg in args:
                if is_lookup and getattr(arg, "lookups", None):
                    self.variable(arg.lookups, scope)

    def condition(self, token: TokenBase | None, scope):
        if token is None:
            return
        if hasattr(token, "value") and isinstance(token.value, FilterExpression):
            self.expression(token.value, scope)
        for part in (getattr(token, "first", None), getattr(token, "second", None)):
            if isinstance(part, TokenBase):
                self.condition(part, scope)

    def nodes(self, nodelist, scope):
        for node in nodelist:
            self.node(node, scope)

    def node(self, node: Node, scope):
        if isinstance(node, TextNode | CommentNode):
            return
        if isinstance(node, VariableNode):
            self.expression(node.filter_expression, scope)
        elif isinstance(node, IfNode):
            for condition, nodelist in node.conditions_nodelists:
                self.condition(condition, scope)
                self.nodes(nodelist, scope)
        elif isinstance(node, ForNode):
            self.expression(node.sequence, scope)
            lookups = getattr(node.sequence.var, "lookups", None) or ()
            source = lookups[0] if len(lookups) == 1 and lookups[0] in LISTS else None
            if lookups and source is None and lookups[0] not in scope:
                self.problems.append(f"{'.'.join(lookups)} is not a list")
            inner = dict(scope, forloop=None, **{v: source for v in node.loopvars})
            self.nodes(node.nodelist_loop, inner)
            self.nodes(node.nodelist_empty, scope)
        elif isinstance(node, WithNode):
            for value in node.extra_context.values():
                self.expression(value, scope)
            self.nodes(node.nodelist, dict(scope, **dict.fromkeys(node.extra_context)))
        else:
            self.problems.append(f"the tag {node.token.contents.split()[0]!r} is not allowed")


def body_problems(body: str) -> list[str]:
    """Every problem with a template, each once: it does not parse, names an unknown variable, uses another tag or
    filter, or holds words the sanitiser would remove (a script or a style)."""
    try:
        template = ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        return [f"is not valid: {str(exc).strip()}"]
    checker = _Checker()
    checker.nodes(template.nodelist, {})
    removed = [f"{what} would be removed with the words in it" for what in dropped_text(body)]
    return list(dict.fromkeys(checker.problems + removed))


def validate_template(body: str) -> None:
    """Refuse (422) a template that does not parse, names an unknown variable or uses another tag or filter."""
    problems = body_problems(body)
    if problems and problems[0].startswith("is not valid: "):
        raise InvalidInput(f"The template {problems[0]}", field="body")
    if problems:
        raise InvalidInput("The template cannot be saved: " + "; ".join(problems) + ".", field="body")


def render_template(body: str, context: dict) -> str:
    return ENGINE.from_string(body).render(Context(context, autoescape=True))
