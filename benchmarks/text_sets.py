"""Labelled sets for the text analysis, written for Fair Contact (no public set of council correspondence exists).

How they were built: the sentences below were written by hand by the developer, modelled on the kinds of
contact the policies describe (001 §6.3.3 abusive, threatening, discriminatory language; 002 §3 habitual
contact; 003 Annex H), and deliberately include hard negatives: angry but legitimate complaints, "killing"
used figuratively, and saying one will go to an MP, a solicitor, the press or the Ombudsman (not abuse). Each
sentence is placed after a neutral opening about the customer's matter, chosen with a fixed seed. The
same-issue set pairs incoming messages with complaint summaries written in different words. The figures are
therefore an optimistic estimate: the lexicon and the sets share an author, and real correspondence is
messier. Re-measure on redacted real contacts before relying on the numbers.

The abuse sentences of the eight development sets live in the product, in
``faircontact.indicators.abuse_corpus.SETS``, because the possible-abuse model learns from them; the lists
below are named views of that one copy.
"""

from __future__ import annotations

import random

from faircontact.indicators.abuse_corpus import SETS

OPENINGS = [
    "I am writing again about the repairs to my flat.",
    "This is about my rent account.",
    "Reference 4471, my complaint about the boiler.",
    "I called on Monday about my Universal Credit.",
    "Re: the noise from next door.",
    "About the damp in the children's bedroom.",
    "",
    "Following my phone call this morning.",
    "This concerns my PIP assessment.",
    "Dear Sir or Madam,",
]

ABUSIVE = list(SETS["first"][0])

NOT_ABUSIVE = list(SETS["first"][1])

NEUTRAL_OPENINGS = [
    "",
    "Dear Sir or Madam,",
    "Following my phone call this morning.",
    "I am writing again.",
    "Reference 4471.",
    "Nobody has replied to my last letter.",
]

#: Complaint summaries and messages about them, in different words.
TOPICS = {
    "heating": (
        "Boiler not repaired after three visits; no heating or hot water",
        [
            "The radiators are stone cold again and the engineer never came back.",
            "Still no hot water, I've been boiling kettles to wash for a month.",
            "The heating packed up again last night, it's freezing in here.",
            "When is someone coming to fix the boiler?",
        ],
    ),
    "damp": (
        "Damp and black mould in the children's bedroom",
        [
            "The mould has come back on the bedroom wall after you painted over it.",
            "There's condensation running down the windows and black spots everywhere.",
            "My son's asthma is worse because of the mould in his room.",
        ],
    ),
    "leak": (
        "Leak from the flat above coming through the kitchen ceiling",
        [
            "Water is dripping through the ceiling again onto the cooker.",
            "The ceiling stain is getting bigger, the pipe upstairs must still be leaking.",
        ],
    ),
    "noise": (
        "Noise and anti-social behaviour from neighbours at number 12",
        [
            "The people at number 12 had music blasting until 4am again.",
            "Another party next door, shouting and banging all night.",
        ],
    ),
    "rent": (
        "Dispute over rent arrears and charges on the rent account",
        [
            "My rent statement still shows arrears I paid off in March.",
            "Why have you added another charge to my account? I don't owe this money.",
        ],
    ),
    "staff": (
        "Rude attitude of a housing officer during a home visit",
        [
            "The same officer was rude to me again on the phone today.",
            "I don't want that man treating me like that ever again, his manner was awful.",
        ],
    ),
    "universal_credit": (
        "Universal Credit sanction and deductions from payments",
        [
            "My UC payment was short again because of the deduction.",
            "Why was I sanctioned when I attended the appointment?",
        ],
    ),
    "pip": (
        "PIP assessment: points awarded and the assessor's report",
        [
            "The assessor wrote that I can walk 200 metres, which is not true.",
            "I want a mandatory reconsideration of my PIP points.",
        ],
    ),
    "windows": (
        "Broken window frame in the living room not replaced",
        [
            "The window frame is rotten and the glass is cracked now.",
            "Nobody has come to measure the living room window.",
        ],
    ),
    "pests": (
        "Rats in the communal bin area and inside the flat",
        ["I saw two rats in the kitchen this morning.", "The infestation is spreading, there are mice now too."],
    ),
    "transfer": (
        "Request for a transfer to a larger property because of overcrowding",
        ["Four of us in one bedroom, when will I be moved?", "Where am I on the transfer list?"],
    ),
    "parking": (
        "Parking permit refused for a disabled resident",
        ["I still can't park near my door without a permit.", "The parking permit application was refused again."],
    ),
}


def abuse_set(seed: int = 6) -> list[tuple[str, bool]]:
    """``(text, abusive)`` pairs: each sentence after a neutral opening."""
    rng = random.Random(seed)
    items = [(s, True) for s in ABUSIVE] + [(s, False) for s in NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


def same_issue_set(seed: int = 6, cases: int = 400) -> list[tuple[str, list[tuple[int, str]], int | None]]:
    """``(message, complaints, expected complaint id or None for new)``: half about a complaint, half new."""
    rng = random.Random(seed)
    names = sorted(TOPICS)
    found = []
    for n in range(cases):
        chosen = rng.sample(names, 4)
        complaints = [(i + 1, TOPICS[name][0]) for i, name in enumerate(chosen[:3])]
        if n % 2:
            expected = rng.randrange(3)
            message, answer = rng.choice(TOPICS[chosen[expected]][1]), expected + 1
        else:
            message, answer = rng.choice(TOPICS[chosen[3]][1]), None
        found.append((f"{rng.choice(NEUTRAL_OPENINGS)} {message}".strip(), complaints, answer))
    return found


# --- held out: written after the lexicon, the concepts and the thresholds were frozen, never tuned on ------
HELD_OUT_ABUSIVE = list(SETS["second"][0])
HELD_OUT_NOT_ABUSIVE = list(SETS["second"][1])
HELD_OUT_MESSAGES = {
    "heating": ["We've had no heat since Sunday and my baby is ill.", "The boiler keeps cutting out every evening."],
    "damp": [
        "There's a musty smell and green mould behind the wardrobe.",
        "The walls are wet to the touch in the bedroom.",
    ],
    "leak": [
        "The kitchen ceiling is sagging from the water upstairs.",
        "Still dripping from above, buckets everywhere.",
    ],
    "noise": ["Number 12 were stomping and screaming past midnight.", "Their dog barks all day and they play drums."],
    "rent": ["I've been charged twice for October's rent.", "Please correct my rent balance, the arrears are wrong."],
    "staff": [
        "I want to complain about how the officer spoke to me.",
        "The housing officer laughed at me during the visit.",
    ],
    "universal_credit": [
        "My Universal Credit went down with no explanation.",
        "Please explain the deductions on my UC statement.",
    ],
    "pip": ["The PIP assessor didn't listen to anything I said.", "I got zero points for mobility, which is wrong."],
    "windows": ["Draught coming through the broken window all winter.", "The living room window won't shut properly."],
    "pests": ["Mice droppings in the cupboards again.", "Pest control never came for the rats."],
    "transfer": ["We need a bigger home, the kids share with me.", "Has my application to move been approved?"],
    "parking": ["Why can't I get a blue badge bay outside?", "I keep getting tickets because I have no permit."],
}


def held_out_abuse_set(seed: int = 7) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in HELD_OUT_ABUSIVE] + [(s, False) for s in HELD_OUT_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


def held_out_same_issue_set(seed: int = 7, cases: int = 400) -> list[tuple[str, list[tuple[int, str]], int | None]]:
    rng = random.Random(seed)
    names = sorted(TOPICS)
    found = []
    for n in range(cases):
        chosen = rng.sample(names, 4)
        complaints = [(i + 1, TOPICS[name][0]) for i, name in enumerate(chosen[:3])]
        if n % 2:
            expected = rng.randrange(3)
            message, answer = rng.choice(HELD_OUT_MESSAGES[chosen[expected]]), expected + 1
        else:
            message, answer = rng.choice(HELD_OUT_MESSAGES[chosen[3]]), None
        found.append((f"{rng.choice(NEUTRAL_OPENINGS)} {message}".strip(), complaints, answer))
    return found


# --- final held-out: written after the lexicon was widened following the first held-out set; never tuned on --
FINAL_ABUSIVE = list(SETS["third"][0])
FINAL_NOT_ABUSIVE = list(SETS["third"][1])


def final_abuse_set(seed: int = 8) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in FINAL_ABUSIVE] + [(s, False) for s in FINAL_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


# --- fourth set: written after the sentence rules were added; evaluated once, nothing changed after it ------
FOURTH_ABUSIVE = list(SETS["fourth"][0])
FOURTH_NOT_ABUSIVE = list(SETS["fourth"][1])


def fourth_abuse_set(seed: int = 9) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in FOURTH_ABUSIVE] + [(s, False) for s in FOURTH_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


# --- author's set: written by the author of the structural rules BEFORE writing them (so not tuned on at the
# time of writing, but by the same hand): wider kinds of wording, call notes in the third person, and victims
# reporting other people's threats (hard negatives) ------------------------------------------------------------
AUTHOR_ABUSIVE = list(SETS["author"][0])
AUTHOR_NOT_ABUSIVE = list(SETS["author"][1])


def author_abuse_set(seed: int = 10) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in AUTHOR_ABUSIVE] + [(s, False) for s in AUTHOR_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


# --- probe sets: written by the author of the structural rules AFTER a draft of them, measured once each and
# then used to widen the concept classes (so now development data too). Their first figures are the honest
# estimate of how the rules do on wording they were not written for. ------------------------------------------
PROBE_ABUSIVE = list(SETS["probe"][0])
PROBE_NOT_ABUSIVE = list(SETS["probe"][1])
SECOND_PROBE_ABUSIVE = list(SETS["second probe"][0])
SECOND_PROBE_NOT_ABUSIVE = list(SETS["second probe"][1])


def probe_abuse_set(seed: int = 12) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in PROBE_ABUSIVE] + [(s, False) for s in PROBE_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


def second_probe_abuse_set(seed: int = 13) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in SECOND_PROBE_ABUSIVE] + [(s, False) for s in SECOND_PROBE_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]


THIRD_PROBE_ABUSIVE = list(SETS["third probe"][0])
THIRD_PROBE_NOT_ABUSIVE = list(SETS["third probe"][1])


def third_probe_abuse_set(seed: int = 14) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    items = [(s, True) for s in THIRD_PROBE_ABUSIVE] + [(s, False) for s in THIRD_PROBE_NOT_ABUSIVE]
    return [(f"{rng.choice(OPENINGS)} {text}".strip(), label) for text, label in items]
