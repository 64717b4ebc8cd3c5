"""Normalising contact text for the abuse rules: obfuscated swearing, contractions, verb forms, sentences.

Pure functions over strings, no data: ``f***ing``, ``sh1t``, ``b*stard``, ``fuuuck`` and ``f.u.c.k`` become
the word they hide; ``I'll`` becomes ``i will`` and ``u`` becomes ``you``, so that one rule covers every
spelling; :func:`forms` writes the inflections of a verb (``stab`` → ``stabs|stabbed|stabbing``) for the
concept classes in :mod:`faircontact.indicators.abuse_rules`.
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
IRREGULAR = {
    "beat": "beats|beaten|beating",
    "bite": "bites|bit|bitten|biting",
    "break": "breaks|broke|broken|breaking",
    "burn": "burns|burnt|burned|burning",
    "catch": "catches|caught|catching",
    "come": "comes|came|coming",
    "cut": "cuts|cutting",
    "find": "finds|found|finding",
    "get": "gets|got|getting|gotten",
    "hang": "hangs|hung|hanged|hanging",
    "hit": "hits|hitting",
    "hunt": "hunts|hunted|hunting",
    "put": "puts|putting",
    "run": "runs|ran|running",
    "shoot": "shoots|shot|shooting",
    "slit": "slits|slitting",
    "spit": "spits|spat|spitting",
    "tear": "tears|tore|torn|tearing",
    "throw": "throws|threw|thrown|throwing",
    "wait": "waits|waited|waiting",
    "sit": "sits|sat|sitting",
    "stand": "stands|stood|standing",
    "knock": "knocks|knocked|knocking",
    "teach": "teaches|taught|teaching",
    "make": "makes|made|making",
    "ring": "rings|rang|rung|ringing",
    "write": "writes|wrote|written|writing",
    "bring": "brings|brought|bringing",
    "leave": "leaves|left|leaving",
    "stick": "sticks|stuck|sticking",
    "shut": "shuts|shutting",
    "know": "knows|knew|known|knowing",
    "see": "sees|saw|seen|seeing",
    "take": "takes|took|taken|taking",
    "drown": "drowns|drowned|drowning",
    "go": "goes|went|gone|going",
    "do": "does|did|done|doing",
}


def forms(*words: str) -> str:
    """A regular-expression alternation of the inflected forms of each (verb or noun) stem in ``words``."""
    found: list[str] = []
    for word in words:
        if " " in word:
            head, rest = word.split(" ", 1)
            found.append(f"(?:{forms(head)}) {rest}")
            continue
        variants = {word}
        if word in IRREGULAR:
            variants.update(IRREGULAR[word].split("|"))
        else:
            base = word[:-1] if word.endswith("e") else word
            double = word + word[-1] if re.search(r"[^aeiou][aeiou][bdgmnprt]$", word) else word
            variants.update(
                {
                    word + ("es" if word.endswith(("s", "sh", "ch", "x")) else "s"),
                    base + "ed",
                    base + "ing",
                    double + "ed",
                    double + "ing",
                    word + "d" if word.endswith("e") else word,
                }
            )
        found.extend(sorted(variants, key=len, reverse=True))
    return "|".join(dict.fromkeys(found))


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
    text = re.sub(r"[a-z0-9@$!*#%']*[a-z][a-z0-9@$!*#%']*", _reveal, text)
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
