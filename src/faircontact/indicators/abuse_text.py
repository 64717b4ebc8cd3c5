"""Normalising contact text for the abuse model and the threat patterns: obfuscated swearing, contractions,
sentences.

Pure functions over strings, no data: ``f***ing``, ``sh1t``, ``b*stard``, ``fuuuck`` and ``f.u.c.k`` become
the word they hide; ``I'll`` becomes ``i will`` and ``u`` becomes ``you``, so that one pattern (and one model
feature) covers every spelling.
"""

from __future__ import annotations

import re

#: Words that obfuscated swearing usually hides; ``*`` (or ``#``, ``%``) stands for one or more letters.
HIDDEN_WORDS = (
    "fucking",
    "fucked",
    "fucker",
    "fuck",
    "cunts",
    "cunt",
    "bastards",
    "bastard",
    "bitches",
    "bitch",
    "shite",
    "shit",
    "twats",
    "twat",
    "wankers",
    "wanker",
    "arseholes",
    "arsehole",
    "assholes",
    "asshole",
    "arse",
    "pricks",
    "prick",
    "dickhead",
    "dick",
    "cock",
    "piss",
    "bollocks",
    "slag",
    "whore",
    "crap",
    "bloody",
    "tossers",
    "tosser",
    "bellend",
    "knobhead",
    "nigger",
    "paki",
    "retard",
    "slut",
    "damn",
    "hell",
)
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
CONTRACTIONS = (
    (r"\b(i|you|he|she|we|they|it|that|who|there)'ll\b", r"\1 will"),
    (r"\b(i|you|he|she|we|they|it|that|who|there)'d\b", r"\1 would"),
    (r"\b(you|we|they|who)'re\b", r"\1 are"),
    (r"\b(i|you|we|they|who|would|could|should|might|must)'ve\b", r"\1 have"),
    (r"\bi'm\b", "i am"),
    (r"\b(he|she|it|that|there|what|who|where|here|how)'s\b", r"\1 is"),
    (r"\bwon't\b", "will not"),
    (r"\bcan't\b", "cannot"),
    (r"\bshan't\b", "shall not"),
    (r"\bain't\b", "is not"),
    (r"\b(\w+)n't\b", r"\1 not"),
    (r"\bgonna\b", "going to"),
    (r"\bwanna\b", "want to"),
    (r"\bgotta\b", "got to"),
    (r"\b(?:u|ya|youse)\b", "you"),
    (r"\b(?:ur|yer)\b", "your"),
    (r"\b(?:im)\b", "i am"),
    (r"\b(?:ill)\b(?= (?:\w+ )?(?:you|your|the|that|him|her|them|be|come|get|find|make|kill|hurt|smash))", "i will"),
    (r"\bdont\b", "do not"),
    (r"\bwont\b", "will not"),
    (r"\bcant\b", "cannot"),
    (r"\byoure\b", "you are"),
    (r"\byoull\b", "you will"),
)


#: A word with a letter and a digit or symbol that may hide one (only those need :func:`_reveal`).
_HIDING = re.compile(
    r"[a-z0-9@$!*#%']*(?:[a-z][a-z0-9@$!*#%']*[0-9@$!*#%]|[0-9@$!*#%][a-z0-9@$!*#%']*[a-z])[a-z0-9@$!*#%']*"
)


def _reveal(match: re.Match) -> str:
    token, tail = re.match(r"^(.*?)(!*)$", match.group(0)).groups()
    if re.search(r"[0-9@$!]", token) and token[0].isalpha():
        token = token.translate(LEET)
    if re.search(r"[a-z][*#%]", token):
        pattern = re.compile(
            "^"
            + re.sub(
                r"[*#%]+",
                lambda m: f"[a-z]{{1,{len(m.group(0)) + 2}}}",
                re.escape(token).replace(r"\*", "*").replace(r"\#", "#").replace(r"\%", "%"),
            )
            + "$"
        )
        for word in sorted(HIDDEN_WORDS, key=len):
            if pattern.match(word):
                return word + tail
    return token + tail


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, hidden swearing revealed, repeated letters cut, contractions expanded."""
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"\b(?:[a-z][.\-] ?){2,}[a-z]\b", lambda m: re.sub(r"[.\- ]", "", m.group(0)), text)
    text = _HIDING.sub(_reveal, text)
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)
    for pattern, replacement in CONTRACTIONS:
        text = re.sub(pattern, replacement, text)
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    """The sentences of normalised ``text``, punctuation other than apostrophes and ``&`` turned to spaces."""
    parts = re.split(r"[.!?;:\n]+(?:\s+|$)|\s+-\s+|\s*\(\s*|\s*\)\s*", text)
    parts = (re.sub(r"(?<![a-z])'|'(?![a-z])", " ", part) for part in parts)
    cleaned = (" ".join(re.sub(r"[^\w'&*\- ]+", " ", part).split()) for part in parts)
    return [part for part in cleaned if part]
