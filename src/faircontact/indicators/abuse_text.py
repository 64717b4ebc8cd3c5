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
_PRONOUNS = frozenset("i you he she we they it that who there".split())
#: ``word'suffix`` → expansion, by suffix: the words it applies to and what it becomes.
_APOSTROPHES = {
    "ll": (_PRONOUNS, " will"),
    "d": (_PRONOUNS, " would"),
    "re": (frozenset("you we they who".split()), " are"),
    "ve": (frozenset("i you we they who would could should might must".split()), " have"),
    "m": (frozenset({"i"}), " am"),
    "s": (frozenset("he she it that there what who where here how".split()), " is"),
}
_NOT = {"won": "will not", "can": "cannot", "shan": "shall not", "ain": "is not"}
#: Whole words with an expansion (text-speak, and contractions written without the apostrophe).
_WORDS = {
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "u": "you",
    "ya": "you",
    "youse": "you",
    "ur": "your",
    "yer": "your",
    "im": "i am",
    "dont": "do not",
    "wont": "will not",
    "cant": "cannot",
    "youre": "you are",
    "youll": "you will",
}
_CONTRACTION = re.compile(r"\b(\w+)'(ll|d|re|ve|m|s|t)\b|\b(" + "|".join(_WORDS) + r")\b")
#: "ill" meaning "I'll" only before what one would do to someone (``ill kill you``, never ``ill health``).
_ILL = re.compile(r"\bill\b(?= (?:\w+ )?(?:you|your|the|that|him|her|them|be|come|get|find|make|kill|hurt|smash))")


def _expand(match: re.Match) -> str:
    word, suffix, whole = match.groups()
    if whole:
        return _WORDS[whole]
    if suffix == "t":
        if word in _NOT:
            return _NOT[word]
        return f"{word[:-1]} not" if word.endswith("n") and len(word) > 1 else match.group(0)
    words, expansion = _APOSTROPHES[suffix]
    return word + expansion if word in words else match.group(0)


#: A run of letters, digits and the symbols that may hide a letter; only one with both needs :func:`_reveal`.
_TOKEN = re.compile(r"[a-z0-9@$!*#%']+")
_SYMBOL = re.compile(r"[0-9@$!*#%]")


def _reveal(match: re.Match) -> str:
    token = match.group(0)
    if not _SYMBOL.search(token) or not re.search(r"[a-z]", token):
        return token
    token, tail = re.match(r"^(.*?)(!*)$", token).groups()
    if re.search(r"[0-9@$!]", token) and token[:1].isalpha():
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
    """Lower case, straight apostrophes, hidden swearing revealed, repeated letters cut, contractions expanded
    (one pass each: a long letter costs its length, not its length times the rules)."""
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"\b(?:[a-z][.\-] ?){2,}[a-z]\b", lambda m: re.sub(r"[.\- ]", "", m.group(0)), text)
    text = _TOKEN.sub(_reveal, text)
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)
    text = _CONTRACTION.sub(_expand, text)
    text = _ILL.sub("i will", text)
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    """The sentences of normalised ``text``, punctuation other than apostrophes and ``&`` turned to spaces."""
    parts = "\n".join(re.split(r"[.!?;:\n]+(?:\s+|$)|\s+-\s+|\s*\(\s*|\s*\)\s*", text))
    parts = re.sub(r"[^\w'&*\-\n ]+|(?<![a-z])'|'(?![a-z])", " ", parts)
    cleaned = (" ".join(part.split()) for part in parts.split("\n"))
    return [part for part in cleaned if part]
