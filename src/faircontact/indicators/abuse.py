"""Possible abuse in a letter, e-mail or call note: a suggestion for a person to confirm (001 §6.3.3).

Two signals, both offline: a lexicon of threatening, harassing, discriminatory and abusive phrases (written
for this product, below), and ``alt-profanity-check``'s linear model (trained on public toxic-comment data,
shipped inside the package) applied to the whole text and to each word, so that the words that triggered it
can be shown. Strong criticism of the service, or saying one will go to an MP, a solicitor, the press or the
Ombudsman, is not abuse (004: a legitimate issue is not unreasonableness) and the lexicon avoids it.
"""

from __future__ import annotations

import re
from functools import cache

#: Phrases by category, as regular expressions over lower-case text (word boundaries added).
LEXICON: dict[str, tuple[str, ...]] = {
    "threatening": (
        r"(?:i'?ll|i will|i'?m going to|gonna|going to|will) (?:kill|hurt|stab|shoot|smash|batter|beat|"
        r"strangle|burn|get|sort|deal with|do|torch|petrol bomb|bomb) (?:you|ya|u|your|him|her|them|the lot|"
        r"the next (?:person|one|officer)|someone|somebody|anyone|whoever)",
        r"(?:need|needs|deserve|deserves) (?:a )?(?:good )?(?:beating|kicking|hiding|slap)",
        r"(?:i'?ll|i will|i'?m going to|gonna) (?:come|be coming) (?:for|after) you",
        r"pray i don'?t (?:find|see|catch) you",
        r"accidents (?:can )?happen to",
        r"brick through (?:your|their|his|her|the) windows?",
        r"lose more than your job",
        r"(?:what'?s|what is) coming to you",
        r"(?:i'?ll|i will|i'?m) (?:be )?waiting (?:for you|by|outside|at)",
        r"knock (?:you|him|her|them|your \w+) (?:out|down|spark)",
        r"(?:smash|wreck|trash) (?:this|the|your) (?:office|place|building)",
        r"nobody (?:would|will) miss you",
        r"(?:have|got) your (?:home )?address",
        r"(?:i'?ll|i will) (?:find|get|hunt) (?:you|him|her)",
        r"(?:i'?ll|i will|i'?m going to|gonna) (?:torch|burn|wreck|smash|key|slash) "
        r"(?:your|his|her|the officer'?s?) (?:car|house|home|tyres)",
        r"(?:better|best) watch (?:out|yourself)",
        r"(?:you|your \w+) (?:will|'ll) (?:pay|suffer)",
        r"i (?:swear|promise) i(?:'ll| will) (?:hurt|kill|get|find)",
        r"hope (?:you|your \w+) (?:suffers?|dies?|gets? hurt|burns?|rots?)",
        r"(?:kill|stab|shoot|strangle|batter|smash) (?:you|ya|u|the lot of you|every one of you|your)",
        r"watch your (?:back|step)",
        r"(?:know|found out|find out|got|have) where you live",
        r"you(?:'ll| will) (?:regret|pay for|be sorry)",
        r"(?:burn|torch|blow up|smash up) (?:the|your) (?:office|building|house|car|place)",
        r"you(?:'re| are) (?:dead|finished|going to get it)",
        r"something (?:bad|nasty) (?:will|is going to) happen",
        r"(?:bring|get) my (?:gun|knife|lads|boys)",
        r"come (?:down|round) (?:there )?and (?:sort|deal|smash|hurt)",
        r"end up in (?:hospital|a box)",
        r"wait (?:for you )?outside",
        r"see what happens",
        r"(?:dead|hurt|injured) (?:by|before) (?:friday|monday|tomorrow|the weekend|next week)",
    ),
    "harassment": (
        r"(?:i'?ll|i will) keep (?:calling|ringing|phoning|emailing|texting|turning up at) (?:you|your)",
        r"every (?:hour|day|night) until you",
        r"follow(?:ed|ing)? you home",
        r"outside your (?:house|home|door|kids'? school)",
        r"your (?:kids|children|wife|husband|family) (?:will|are|'ll)",
        r"i(?:'ve| have) (?:been )?watching you",
        r"post(?:ing)? your (?:address|details|photo)",
        r"(?:i'?ll|i will) make your life (?:hell|a misery)",
        r"you can'?t hide",
        r"never leave you alone",
        r"i(?:'ll| will) be (?:there|outside) (?:every|at)",
        r"(?:i'?ll|i will|i'?m going to|gonna) (?:ring|call|phone|text|email|message) you "
        r"(?:every|all|at home|until|day)",
        r"at your (?:door|house|home)",
        r"(?:tell|call|visit|find) your (?:family|wife|husband|kids|children|mum|mother)",
    ),
    "discriminatory": (
        r"go back (?:to|where) (?:your own|your|you came)",
        r"(?:your|you) kind (?:are|aren'?t|should|always)",
        r"(?:you|people like you|your lot) (?:foreigners|immigrants|pakis?|darkies|gypsies|pikeys)",
        r"(?:some|another|bloody|stupid|useless|thick) foreigners?",
        r"proper english (?:person|man|woman)",
        r"(?:isn'?t|not) a gypsy",
        r"(?:a|some|bloody|dirty|thieving) gyps(?:y|ies)",
        r"pakis?",
        r"darkies",
        r"pikeys?",
        r"wogs?",
        r"chinks?",
        r"spastics?",
        r"retards?",
        r"faggots?",
        r"trannys?",
        r"coons?",
        r"nig+(?:er|a)s?",
        r"kikes?",
        r"towel ?heads?",
        r"(?:useless|stupid) (?:woman|cripple|foreigner)",
        r"should(?:n'?t)? (?:be allowed|employ) (?:foreigners|women|immigrants|disabled)",
        r"(?:should|ought to) be (?:deported|sent back|locked up|put down|sterili[sz]ed|gassed)",
        r"(?:not|won'?t|refuse to) (?:talk|speak|deal) (?:to|with) (?:an? )?"
        r"(?:asian|black|muslim|pakistani|indian|polish|"
        r"foreign|gay|disabled|woman|girl|jew|african|romanian)",
        r"(?:disabled|black|gay|foreign|muslim|asian) (?:people|person|ones) (?:like you )?"
        r"(?:shouldn'?t|should not|don'?t deserve|are)",
        r"people like you (?:shouldn'?t|should not|don'?t deserve|are (?:vermin|scum|parasites|animals|the problem))",
    ),
    "abusive": (
        r"fuck\w*",
        r"f\*+k\w*",
        r"cunts?",
        r"[a-z]\*+[a-z]+",
        r"twats?",
        r"wankers?",
        r"bastards?",
        r"bitch\w*",
        r"shit ?heads?",
        r"pricks?",
        r"dickheads?",
        r"arseholes?",
        r"assholes?",
        r"scum(?:bags?)?",
        r"morons?",
        r"idiots?",
        r"imbeciles?",
        r"cretins?",
        r"slags?",
        r"whores?",
        r"piece of (?:shit|crap|dirt)",
        r"brain ?dead",
        r"waste of (?:space|oxygen)",
        r"(?:shut|stfu) (?:up|your mouth)",
        r"go to hell",
        r"rot in hell",
        r"die in a (?:fire|ditch)",
        r"(?:i )?hope (?:you|they|he|she) (?:die|dies|get cancer|suffer)",
        r"disgrace to the human race",
        r"sad little (?:man|woman|person|boy|girl)",
        r"muppets?",
        r"(?:piss|sod|bugger) off",
        r"eat shit",
        r"(?:lying|thieving|useless|lazy|fat) (?:bastards?|cows?|twats?|gits?|pigs?|scum)",
        r"(?:you|you people|your lot|you lot) are (?:vermin|parasites|animals|filth|subhuman)",
        r"drop dead",
        r"(?:thick|stupid|useless|fat|ugly) (?:cow|pig|bitch|git|prat|sod)",
    ),
}
_FUTURE = (
    r"(?:i'?ll|i will|i'?m going to|i'?m gonna|gonna|you'?ll|you will|you'?re going to|you are going to|"
    r"next time i'?ll)"
)
_VIOLENCE = (
    r"(?:knife|knives|blade|gun|shotgun|bat|baseball bat|hammer|acid|petrol|ambulance|hospital|a&e|"
    r"burn|torch|stab|punch|kick|spit|smash|wreck|batter|strangle|choke|slap|hurt|bleed|funeral|grave|coffin)"
)
#: Sentence-level rules: a sentence matching every pattern of a rule is flagged in that category.
RULES: dict[str, tuple[tuple[str, ...], ...]] = {
    "threatening": (
        (_FUTURE, _VIOLENCE),
        (r"(?:better hope|pray|wait till|wait until) i", r"(?:meet|see|find|catch|get) you"),
        (r"(?:make|making) (?:him|her|you|them) pay",),
        (r"you(?:'re| are) all going to",),
        (r"(?:make sure|see to it) (?:you|that you)", r"(?:never work|and worse|regret|suffer)"),
    ),
    "harassment": (
        (r"(?:outside|watching|followed|follow) (?:your|you)",),
        (r"(?:electoral roll|looked (?:you|it) up|your address)",),
        (r"(?:keep|kept) (?:texting|ringing|calling|phoning|messaging|emailing) (?:your|you)",),
    ),
    "discriminatory": (
        (
            r"(?:africa|asia|asian|muslims?|islam|jews?|jewish|romanian|polish|pakistani|indian|black|gay|lesbian|trans|"
            r"disabled|immigrants?|foreign(?:er|ers)?|women|gypsy|traveller|eastern european)",
            r"(?:go (?:home|back)|typical|why do they let|don'?t want an? |won'?t (?:talk|deal|speak)|get me someone|"
            r"your lot|all the same|dirty|lazy|stupid|thick|useless|can'?t do anything|shouldn'?t be|no place)",
        ),
    ),
    "abusive": (
        (
            r"\byou (?:\w+ )?(?:miserable|useless|pathetic|ugly|fat|stupid|thick|lazy|lying|incompetent|worthless|vile|"
            r"disgusting|old) \w+",
        ),
        (r"(?:shove|stick) (?:it|your \w+|this) up",),
        (r"(?:wankers?|tossers?|slobs?|worms?|snakes?|maggots?)",),
    ),
}
#: Profanity model score over which a text (or a word) is called possibly abusive.
MODEL_THRESHOLD = 0.8


@cache
def _patterns() -> dict[str, re.Pattern]:
    return {category: re.compile(r"\b(?:" + "|".join(phrases) + r")\b") for category, phrases in LEXICON.items()}


def _normalise(text: str) -> str:
    text = (text or "").lower().replace("\u2019", "'")
    return " ".join(text.split())


@cache
def _rules() -> dict[str, list[list[re.Pattern]]]:
    return {
        category: [[re.compile(r"\b" + part + r"\b") for part in rule] for rule in rules]
        for category, rules in RULES.items()
    }


def lexicon_hits(text: str) -> dict[str, list[str]]:
    """The phrases of each category found in ``text`` (a phrase, or every part of a sentence rule)."""
    text = _normalise(text)
    found: dict[str, list[str]] = {}
    for category, pattern in _patterns().items():
        found.setdefault(category, []).extend(m.group(0) for m in pattern.finditer(text))
    for sentence in re.split(r"(?<=[.!?;])\s+", text):
        for category, rules in _rules().items():
            for rule in rules:
                matches = [p.search(sentence) for p in rule]
                if all(matches):
                    found.setdefault(category, []).extend(m.group(0) for m in matches)
    return {category: list(dict.fromkeys(hits)) for category, hits in found.items() if hits}


def model_scores(text: str) -> tuple[float, list[str]]:
    """The profanity model's score for ``text`` and the words it scores over :data:`MODEL_THRESHOLD` alone."""
    from profanity_check import predict_prob

    words = list(dict.fromkeys(re.findall(r"[a-z*][a-z*']+", _normalise(text))))
    if not words:
        return 0.0, []
    scores = predict_prob([_normalise(text), *words])
    return float(scores[0]), [w for w, s in zip(words, scores[1:], strict=True) if s >= MODEL_THRESHOLD]


def possible_abuse(text: str) -> dict | None:
    """``{"categories", "triggers", "score"}`` when ``text`` may be abusive, otherwise None.

    Flagged when a lexicon phrase matches or the model scores the text at :data:`MODEL_THRESHOLD` or more;
    ``triggers`` lists the phrases and words behind it, for the person who confirms or rejects it.
    """
    if not (text or "").strip():
        return None
    hits = lexicon_hits(text)
    score, words = model_scores(text)
    if not hits and score < MODEL_THRESHOLD:
        return None
    categories = sorted(hits) or ["abusive"]
    triggers = list(dict.fromkeys([phrase for phrases in hits.values() for phrase in phrases] + words))
    return {"categories": categories, "triggers": triggers, "score": round(score, 3)}
