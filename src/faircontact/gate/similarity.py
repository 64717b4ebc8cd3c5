"""Same issue or new: which of the customer's complaints an incoming contact is most likely about.

A suggestion with its score and the shared terms, for a person to confirm (003 §21, §33, Annex H step 3).
Words are reduced to a stem and to a *concept* (so "radiators are cold" meets "boiler not repaired" through
"heating"), and a complaint scores by the concepts of its summary that the contact shares (see
:func:`score`; generic words such as "complaint" or "problem" count little). Below :data:`THRESHOLD` the
contact is taken to raise something new. Measured in ``docs/text-analysis.md`` (``benchmarks/eval_text.py``).
"""

from __future__ import annotations

import re
from functools import cache

STOPWORDS = frozenset(
    "a an and are as at be been but by for from has have had i if in into is it its me my no not of on or our "
    "so that the their them there this to was we were what when which with you your about again still they he "
    "she his her him us do does did done can could would should will shall just also very than then too "
    "all any some been being get got out up down over under more most one two three after before since until "
    "while who whom why how here where am im ive dont didnt cant wont isnt wasnt been yet ever even only".split()
)
GENERIC = frozenset(
    "complaint complain issue problem matter letter email call phone write wrote told tell ask asked "
    "council service office officer team month week day year time please thank regard dear sir madam "
    "respons reply answer contact still again now today yesterday".split()
)
#: Words that mean the same thing in this work, mapped to one concept.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "heating": ("boiler", "heating", "radiator", "hot", "warm", "cold", "heater", "freezing", "thermostat"),
    "damp": ("damp", "mould", "mold", "condensation", "mildew", "fungus", "black", "spore"),
    "leak": ("leak", "drip", "flood", "ceiling", "stain", "water", "pipe", "burst", "plumb"),
    "repair": (
        "repair",
        "fix",
        "mend",
        "contractor",
        "engineer",
        "workman",
        "visit",
        "appointment",
        "job",
        "operative",
        "trade",
    ),
    "noise": (
        "noise",
        "noisy",
        "loud",
        "music",
        "party",
        "bang",
        "shout",
        "neighbour",
        "antisocial",
        "asb",
        "disturb",
        "racket",
    ),
    "rent": ("rent", "arrear", "charge", "account", "debt", "owe", "money", "pay", "payment", "balance", "statement"),
    "universal_credit": (
        "universal",
        "credit",
        "uc",
        "sanction",
        "deduction",
        "overpay",
        "overpaid",
        "claim",
        "journal",
        "advance",
    ),
    "pip": (
        "pip",
        "dla",
        "disability",
        "assess",
        "assessor",
        "point",
        "tribunal",
        "reconsideration",
        "mobility",
        "descriptor",
    ),
    "child_maintenance": ("cms", "maintenance", "child", "support", "ex", "partner", "collect"),
    "pension": ("pension", "retire", "retirement", "pensioner"),
    "staff": (
        "staff",
        "rude",
        "attitude",
        "manner",
        "conduct",
        "caseworker",
        "treat",
        "shout",
        "unhelpful",
        "behav",
        "member",
        "adviser",
        "advisor",
        "hung",
    ),
    "window": ("window", "glass", "glaze", "glazing", "frame", "pane"),
    "door": ("door", "lock", "key", "entry", "entrance"),
    "roof": ("roof", "tile", "gutter", "slate", "chimney"),
    "garden": ("garden", "fence", "hedge", "tree", "grass", "lawn"),
    "parking": ("parking", "park", "car", "permit", "vehicle"),
    "waste": ("bin", "rubbish", "refuse", "collection", "waste", "tip", "litter"),
    "lift": ("lift", "elevator", "stair", "stairwell"),
    "pest": ("pest", "rat", "mouse", "mice", "cockroach", "bedbug", "infestation", "vermin"),
    "housing_benefit": ("housing", "benefit", "council", "tax", "reduction"),
    "transfer": ("transfer", "move", "rehous", "bid", "bedroom", "overcrowd", "swap", "list"),
    "electric": ("electric", "socket", "light", "wiring", "fuse", "power"),
    "kitchen": ("kitchen", "cupboard", "worktop", "sink", "cooker", "oven"),
    "bathroom": ("bathroom", "toilet", "shower", "bath", "basin", "loo"),
}
THRESHOLD = 0.5
GENERIC_WEIGHT = 1 / 3
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    return word.rstrip("e") if len(word) > 4 else word


@cache
def _concept_of() -> dict[str, str]:
    table = {}
    for concept, words in CONCEPTS.items():
        for word in words:
            table.setdefault(stem(word), concept)
    return table


def terms(text: str) -> set[str]:
    """The stems of ``text``'s meaningful words."""
    return {stem(w) for w in re.findall(r"[a-z][a-z']+", (text or "").lower().replace("'", "")) if w not in STOPWORDS}


def concepts(text: str) -> dict[str, float]:
    """Concept (or stem) → weight, for the words of ``text``."""
    table = _concept_of()
    found: dict[str, float] = {}
    for term in terms(text):
        key = table.get(term, term)
        weight = GENERIC_WEIGHT if term in GENERIC or len(term) < 3 else 1.0
        found[key] = max(found.get(key, 0.0), weight)
    return found


def score(text: str, summary: str) -> tuple[float, float, list[str]]:
    """``(evidence, share, shared)``: the weight of ``summary``'s concepts that ``text`` mentions (a concept
    of :data:`CONCEPTS` counts 1, another word ½, a generic word a third of that), the share of the summary's
    weight that is, and the shared concepts."""
    ours, theirs = concepts(text), concepts(summary)
    total = sum(theirs.values())
    shared = sorted(set(ours) & set(theirs))
    evidence = sum((1.0 if c in CONCEPTS else 0.5) * theirs[c] for c in shared)
    return evidence, (evidence / total if total else 0.0), shared


def same_issue(text: str, complaints: list[tuple[int, str]]) -> dict | None:
    """Best match of ``text`` against ``(complaint_id, summary)`` pairs, or None when it looks new.

    The score is the evidence halved and capped at 1: one shared concept (0.5) is enough to suggest the
    complaint; ties go to the complaint whose summary the text covers most.
    """
    text = (text or "").strip()
    if not text or not complaints:
        return None
    best = None
    for complaint_id, summary in complaints:
        evidence, share, shared = score(text, summary)
        if best is None or (evidence, share) > best[1]:
            best = (complaint_id, (evidence, share), shared)
    value = min(1.0, best[1][0] / 2)
    if value < THRESHOLD:
        return None
    return {"complaint": str(best[0]), "score": round(value, 3), "shared_terms": best[2][:10]}
