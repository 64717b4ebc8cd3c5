"""Same issue or new: the pairs and three-complaint cases measured, built from public complaints (not MRPC, not
the CFPB narratives).

Each Comcast FCC complaint (``benchmarks/text_corpora.py``) has the customer's one-line title and their own account.
A *complaint* on record is a title, or a title with the opening of the account (the summary an officer keeps with
the first letter); a *contact* is the account, or the rest of it. Same issue: a contact with its own complaint.
New issue in the same service area: with another customer's Comcast complaint. New issue in another area: with a
BANKING77 request used as a complaint about something else. Half of all pairs are the same issue, a quarter new in
the same area, a quarter new in another. Three complaints: a customer with three complaints on record (two
Comcast, one other); in half the cases one is the contact's own (the answer is that one), otherwise none is (the
answer is "new"). The organisation's recent complaints (:func:`organisation`), from which its typical complaint is
read, are records of the same half in the same proportions.
"""

from __future__ import annotations

import random

import text_corpora as corpora
from text_corpora import split

OPENING = 2  # sentences of the account kept with the complaint in the "summary with first letter" form


def _sentences(text: str) -> list[str]:
    import re

    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def complaints(half: str) -> list[tuple[str, str, str]]:
    """``(title, opening, rest)`` of the Comcast complaints in ``half`` ("dev" or "test") with an account of at
    least three sentences."""
    items = corpora.comcast()
    dev, test = split(items, 0.5, seed=61)
    out = []
    for title, story in dev if half == "dev" else test:
        parts = _sentences(story)
        if len(parts) >= OPENING + 1:
            out.append((title, " ".join(parts[:OPENING]), " ".join(parts[OPENING:])))
    return out


def other_area(half: str) -> list[str]:
    requests = [text for text, _ in corpora.banking("train" if half == "dev" else "test")]
    random.Random(7).shuffle(requests)
    return requests


def _record(item, form: str) -> str:
    title, opening, _ = item
    return title if form == "title" else f"{title}. {opening}"


def _contact(item, form: str) -> str:
    _, opening, rest = item
    return f"{opening} {rest}" if form == "title" else rest


def pairs(half: str, n: int = 600, seed: int = 16) -> list[tuple[str, str, str]]:
    """``(contact, complaint, kind)`` with kind "same", "new_same_area" or "new_other_area"."""
    rng = random.Random(seed)
    items = complaints(half)
    others = other_area(half)
    chosen = rng.sample(range(len(items)), n)
    out = []
    for k, i in enumerate(chosen):
        form = "title" if (k // 4) % 2 else "opening"
        contact = _contact(items[i], form)
        if k % 4 in (0, 1):
            out.append((contact, _record(items[i], form), "same"))
        elif k % 4 == 2:
            j = rng.choice([j for j in range(len(items)) if j != i])
            out.append((contact, _record(items[j], form), "new_same_area"))
        else:
            out.append((contact, others[k % len(others)], "new_other_area"))
    return out


def triples(half: str, n: int = 300, seed: int = 17) -> list[tuple[str, list[str], int | None]]:
    """``(contact, three complaints, index of the right one or None)``."""
    rng = random.Random(seed)
    items = complaints(half)
    others = other_area(half)
    out = []
    for k, i in enumerate(rng.sample(range(len(items)), n)):
        form = "title" if (k // 2) % 2 else "opening"
        a, b = rng.sample([j for j in range(len(items)) if j != i], 2)
        records = [_record(items[a], form), _record(items[b], form), others[(k * 3) % len(others)]]
        answer = None
        if k % 2 == 0:
            answer = rng.randrange(3)
            records[answer] = _record(items[i], form)
        out.append((_contact(items[i], form), records, answer))
    return out


def organisation(half: str, n: int, seed: int = 3) -> list[str]:
    """``n`` complaints on the organisation's record (its typical complaint is read from them): two in three
    Comcast records of ``half`` (either form, as the cases have them), one in three requests about something else."""
    rng = random.Random(seed)
    items, others = complaints(half), other_area(half)
    ours = n * 2 // 3
    chosen = rng.sample(range(len(items)), ours)
    records = [_record(items[i], "title" if k % 2 else "opening") for k, i in enumerate(chosen)]
    return records + rng.sample(others[-2000:], n - ours)
