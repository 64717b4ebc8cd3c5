"""Threats of violence and menace idioms, as sentence patterns: the one kind of abuse the learned model sees too
rarely in public data to be trusted alone (a missed threat to a member of staff costs far more than a second look).

Each pattern needs both a harm and someone it is aimed at, or a fixed menace idiom, so the strong words of an
ordinary angry letter (*this bill is killing me*, *the stairs could kill someone*, *I will take this to the
Ombudsman*) do not match; a sentence reporting someone else's threat (*my neighbour threatened to stab me*) is not
the writer's threat. Measured in docs/text-analysis.md: what each adds over the model, and its false alarms on
ordinary letters.
"""

from __future__ import annotations

import re

HARM = (
    r"(?:kill|murder|stab|shoot|shank|knife|punch|batter|beat|smash|strangle|choke|hang|lynch|burn|torch|bomb|"
    r"blow up|slit|gut|behead|rape|hurt|harm|kick|slap|deck|glass|maim|cripple|bury|drown|gas|exterminate|"
    r"slaughter|annihilate|butcher|execute|break (?:your|his|her|their) \w+|smack|strangle)"
)
HARM_ED = (
    r"(?:killed|murdered|stabbed|shot|knifed|punched|battered|beaten|smashed|strangled|choked|hanged|hung|lynched|"
    r"burned|burnt|torched|bombed|blown up|raped|hurt|harmed|kicked|slapped|gassed|exterminated|slaughtered|"
    r"executed|butchered|wiped out|put down|beheaded|drowned|shot dead)"
)
TARGET = (
    r"(?:you|ya|u|yous|your|him|her|them|the lot of you|all of you|every one of you|each of you|his|their|"
    r"(?:the|that|this|every|each|all|any|those|these) (?:\w+ ){0,2}"
    r"(?:officers?|staff|workers?|managers?|woman|women|man|men|people|person|guy|guys|bitch|bastards?|idiots?|"
    r"receptionists?|advisers?|advisors?|lot|one|ones|\w+ists?|\w+ers?|gays?|jews?|muslims?|blacks?|immigrants?|"
    r"refugees?|foreigners?|christians?|trans people))"
)
INTENT = (
    r"(?:i|we|i'm|im|i am|we are|we're|someone|somebody|people|they)\s+"
    r"(?:will|would|shall|should|could|am going to|are going to|am gonna|gonna|'ll|want to|wanna|need to|"
    r"intend to|plan to|promise to|swear i will|swear i'll|will come and|am coming to|'m going to|'m gonna)?\s*"
    r"(?:\w+ ){0,4}"
)
_PATTERNS = [
    # I'll / we will / I'm going to ... kill you / smash your face / burn the office
    rf"\b{INTENT}{HARM}(?:s|ing|ed)?\s+(?:up\s+|in\s+|out\s+)?{TARGET}\b",
    # kill them all / shoot the lot / hang every one
    rf"(?:^|\b(?:just|go|should|must|let's|lets|we must|we should|time to)\s+){HARM}"
    r"\s+(?:them|all|every|the lot|those|these)\b",
    # ... should be shot / deserve to be killed / must be hanged / needs to die
    rf"\b(?:should|must|ought to|deserves? to|needs? to|will|gonna|going to)\s+(?:all\s+)?(?:be\s+|get\s+){HARM_ED}\b",
    r"\b(?:you|they|he|she|them|all|every \w+)\s+(?:should|must|deserves? to|needs? to|ought to)\s+die\b",
    # someone should stab those ...; I want to kill all ...; I'd love to see them suffer
    r"\b(?:someone|somebody|people|we|you|i)\s+"
    r"(?:should|ought to|need to|must|want to|wanna|would love to|'d love to)\s+(?:just\s+|all\s+)?(?:go\s+)?"
    rf"{HARM}\s+(?:\w+\s+){{0,3}}{TARGET}\b",
    r"\b(?:see|watch|make)\s+(?:you|them|him|her|those \w+|these \w+|all \w+)\s+(?:\w+\s+)?"
    r"(?:suffer|die|bleed|burn|scream)\b",
    r"\bdeath\s+to\s+(?:all\s+|the\s+)?\w+",
    r"\b(?:eradicate|exterminate|wipe out|get rid of|put an end to|torture|gas)\s+(?:all\s+)?(?:of\s+)?"
    r"(?:you|them|those|these|every|all|the lot)\b",
    rf"\b(?:deserve|deserves)\s+to\s+(?:die|be\s+{HARM_ED}|suffer|burn|rot)\b",
    # wishes of death
    r"\b(?:i\s+)?(?:hope|wish|pray)\s+(?:that\s+)?(?:you|ya|u|he|she|they)\s+(?:\w+\s+){0,2}(?:die|dies|rot|burn|suffer|get\s+cancer)\b",
    r"\bwish(?:ing)?\s+(?:you|him|her|them)?\s*(?:\w+\s+)?(?:death|dead)\b",
    r"\b(?:go\s+)?(?:and\s+)?kill\s+yourself\b|\bkys\b",
    r"\byou(?:'re|\s+are|\s+will\s+be|'ll\s+be|\s+r)\s+(?:so\s+|fucking\s+)?(?:dead|a dead (?:man|woman))\b",
    # menace idioms
    r"\bwatch\s+(?:your|ya)\s+back\b",
    r"\bi\s+know\s+where\s+(?:you|u|she|he|they|your\s+\w+)\s+(?:live|lives|work|works)\b",
    r"\b(?:i'm|im|i am|we're|we are)\s+coming\s+(?:for|after)\s+(?:you|u|ya)\b",
    r"\bwait\s+(?:till|until|til)\s+i\s+(?:get|find|see|catch)\s+(?:you|u|ya|him|her)\b",
    r"\b(?:you|u)(?:'ll|\s+will)\s+(?:regret|be sorry|pay for)\s+(?:this|that|it)\b.*|\byou(?:'ll|\s+will)\s+regret\b",
    r"\baccidents\s+(?:can\s+)?happen\b",
    r"\b(?:be|would be)\s+a\s+shame\s+if\s+(?:something|anything)\s+(?:happened|were to happen)\b",
    r"\bsleep\s+with\s+one\s+eye\s+open\b",
    r"\b(?:you're|youre|you are)\s+(?:going|gonna)\s+(?:to\s+)?(?:get|be)\s+(?:hurt|what'?s coming)\b",
]
PATTERNS = [re.compile(p) for p in _PATTERNS]
#: A sentence that reports what someone else said or did is not the writer's threat.
REPORTED = re.compile(
    r"\b(?:threatened|threatening|threatens|said (?:he|she|they) would|told me (?:he|she|they) would|"
    r"(?:my|our|a|the) (?:neighbou?r|ex|partner|husband|wife|landlord|son|daughter|brother|sister)\w* "
    r"(?:\w+ ){0,3}(?:will|would|is going to|said)|police|crime|reported|afraid|scared|frightened)\b"
)

NEGATED = re.compile(r"\b(?:never|not|no|nobody|no one|don't|dont|wouldn't|would not|won't|will not)\b")


def threats(sentences: list[str]) -> list[str]:
    """The phrases of normalised ``sentences`` that threaten violence or menace someone."""
    found = []
    for sentence in sentences:
        if REPORTED.search(sentence):
            continue
        for pattern in PATTERNS:
            match = pattern.search(sentence)
            if match and not NEGATED.search(match.group(0)):
                found.append(match.group(0).strip())
                break
    return found
