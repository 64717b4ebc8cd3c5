"""Possible abuse in a letter, e-mail or call note: a suggestion for a person to confirm (001 §6.3.3).

Three signals, all offline, and a second opinion; any one flags the text. (1) A model learned from public labelled
corpora of abusive and ordinary text (:mod:`faircontact.indicators.abuse_model`, shipped as arrays in
``models/abuse.npz``), applied sentence by sentence: the text takes its most abusive sentence, so one abusive
sentence in a long letter counts and a long angry letter is not more suspect for being long. (2) Sentence patterns
for threats of violence and menace idioms (:mod:`faircontact.indicators.abuse_threats`), which public data teaches a
model too rarely. (3) ``alt-profanity-check``'s linear model (trained on public toxic-comment data, shipped inside
the package; read from its arrays in ``models/profanity.npz``) over the whole text, at the threshold that keeps its
false alarms on development letters under 0.5 % (per sentence it flags one ordinary letter in twenty), and only
through a word that is not merely strong (:data:`MILD_WORDS`). (4) Where none of them flagged it, the sentences the
word model finds hostile are read again in context by a small sentence transformer
(:mod:`faircontact.indicators.abuse_context`; issue 16, fifth and sixth rounds): the most hostile one for abuse,
each of them for violence called for or threatened.
The words shown are the threat's phrase or the words that carried a score, never stop words or pleasantries,
nor a word naming a group of people (a plain note instead when no other word carried it).
docs/text-analysis.md gives the measured false alarms and recall.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from faircontact.core.limits import ANALYSED_CHARS
from faircontact.indicators import abuse_context, abuse_model
from faircontact.indicators.abuse_text import normalise, sentences
from faircontact.indicators.abuse_threats import HAZARD, REPORTED, threats

#: Whole-text probability from which alt-profanity-check flags (the lowest keeping false alarms on the
#: development letters and reviews of ``benchmarks/train_abuse.py`` at or under 0.5 %: 0.37 %).
PROFANITY_THRESHOLD = 0.6
#: Probability at which alt-profanity-check, given one word alone, counts it among the words behind a flag.
WORD_THRESHOLD = 0.8
#: alt-profanity-check's model as arrays (``benchmarks/profanity_arrays.py``; checked against the package by
#: ``tests/test_text_analysis.py``).
PROFANITY_ARRAYS = Path(__file__).resolve().parent / "models" / "profanity.npz"
#: Strong words about a situation rather than abuse of a person ("the smell is disgusting", "the stairs could
#: kill someone", "bloody hell"): alt-profanity-check alone flags a text only through another word.
MILD_WORDS = frozenset(
    "bloody hell damn damned crap crappy shit shite shitty bollocks disgusting disgraceful kill killed killing "
    "kills die died dies dying dead death hate hated sick stupid rubbish pathetic useless ridiculous sucks "
    "piss pissed arse ass god christ jesus".split()
)

#: People a strong word can be aimed at: a mild word (*kill*, *stupid*, *disgusting*) counts when it is said of or
#: to them (*you are disgusting*, *kill them all*, *those people are pathetic*), not of a situation (*the smell is
#: disgusting*, *the stairs could kill someone*). On the development sets it raised recall on Stormfront's hate
#: sentences (0.20 -> 0.23) with no more false alarms on development letters, reviews and requests (0.14 %).
_GROUPS = (
    r"women|woman|men|muslims?|jews?|blacks?|gays?|immigrants?|foreigners?|refugees?|people|christians?|whites?|"
    r"asians?|mexicans?|arabs?|indians?|girls?|trans|liberals?|feminists?"
)
_OBJECT = rf"(?:you|them|him|her|those|these|all|every|{_GROUPS})"

#: A sentence about a group of people (a protected characteristic, a nationality, a belief): hate about groups
#: often carries no insult or swearing ("women are made for ...", "Islam is ..."), so the learned model's score
#: counts from the lower :data:`GROUP_THRESHOLD` there. Issue 16, third round: on the development sets
#: (``benchmarks/train_abuse.py``'s development letters and reviews, 534 texts; Davidson + ConvAbuse validation;
#: 2,000 Stormfront sentences, 600 hate) 0.7 was the lowest threshold (steps of 0.1) that added no flag on the
#: development letters and reviews; Stormfront F1 0.317 -> 0.340 (recall 0.205 -> 0.225), Davidson + ConvAbuse
#: F1 0.964 -> 0.965. Running the full MiniLM transformer on these sentences did a little better (0.379 with no
#: added flag) at 15-30 ms of CPU per sentence and 45 MB of weights (`benchmarks/contextual_abuse.py`; see
#: docs/decisions/0016-text-models.md). Fourth round (the model retrained with comment-form hate about groups:
#: HateXplain, Fox News comments, Latent Hatred): from 0.7 to 0.65, Stormfront sentences (all 10,703) F1
#: 0.447 -> 0.455 with no flag added on the 534 development letters and reviews; 0.6 added none either but
#: lowered F1 (0.451: precision fell faster than recall rose), 0.55 added three (``benchmarks/dev_abuse.py``).
GROUP_WORDS = re.compile(
    r"\b(?:women|woman|girls?|females?|men|males?|muslims?|islam\w*|jews?|jewish|blacks?|negro\w*|nigg\w*|"
    r"africans?|gays?|lesbians?|homos?\w*|queers?|fags?\w*|trans\w*|immigrants?|migrants?|refugees?|foreigners?|"
    r"illegals?|aliens?|christians?|whites?|asians?|chinese|mexicans?|arabs?|indians?|pakis?|gypsies|gypsy|roma|"
    r"disabled|retard\w*|autis\w*|feminists?|liberals?|leftists?|race|races|religion)\b"
)
GROUP_THRESHOLD = 0.65

#: Words that name people by a protected characteristic (Equality Act 2010 s.4), a nationality or a belief, beyond
#: :data:`GROUP_WORDS`: with those, never shown as the words behind a flag. Naming a group is not abuse, and
#: staff must not read a customer's faith, origin or sexuality as the suspect word ("my Muslim neighbour was
#: harassed"). Only what is shown changes; which texts are flagged does not.
IDENTITY_WORDS = re.compile(
    r"(?:man|boys?|lady|ladies|muslim|jewish|judaism|hindus?|hinduism|sikhs?|sikhism|buddhists?|buddhism|"
    r"catholics?|protestants?|christianity|atheists?|religious|faiths?|mosques?|synagogues?|churche?s?|"
    r"gurdwaras?|gay|bisexuals?|bi|homosexuals?|heterosexuals?|lgbt\w*|nonbinary|non-binary|pregnant|pregnancy|"
    r"maternity|elderly|pensioners?|deaf|blind|wheelchair|disability|disabilities|dyslexi\w*|ethnic\w*|racial|"
    r"travellers?|asylum|foreign|polish|poles?|romanians?|bulgarians?|lithuanians?|latvians?|hungarians?|"
    r"slovaks?|czechs?|albanians?|ukrainians?|russians?|irish|scottish|scots?|welsh|english|british|brits?|"
    r"europeans?|italians?|portuguese|spanish|french|germans?|americans?|pakistanis?|bangladeshis?|somalis?|"
    r"nigerians?|ghanaians?|jamaicans?|caribbean|kurds?|kurdish|turks?|turkish|syrians?|afghans?|iraqis?|"
    r"iranians?|eritreans?|sudanese|filipinos?|vietnamese|nepalis?|tamils?)"
)
#: Slurs among :data:`GROUP_WORDS`: still shown, because a slur is the abuse itself, not a mention of a group.
SLURS = re.compile(r"(?:nigg\w*|negro\w*|pakis?|fags?\w*|retard\w*)")
#: What the result says instead of words when the only words behind a flag name a group of people.
GROUP_NOTE = (
    "A sentence about a group of people scored as hostile; its words are not shown, because naming a group is "
    "not itself abusive."
)
_SUBJECT = rf"(?:you|they|{_GROUPS})"


def _aimed(word: str, normalised: str) -> bool:
    """Whether mild ``word`` is said to or of people in ``normalised``."""
    word = re.escape(word)
    return bool(
        re.search(rf"\b{word}[\s,]+(?:\w+\s+)?{_OBJECT}\b", normalised)
        or re.search(
            rf"\b{_SUBJECT}\s+(?:are\s+|is\s+|r\s+|were\s+)?(?:so\s+|such\s+|a\s+|an\s+|fucking\s+|bloody\s+)*{word}\b",
            normalised,
        )
    )


def names_a_group(word: str) -> bool:
    """Whether ``word`` (as shown: normalised, maybe with an apostrophe) names people by a protected
    characteristic, a nationality or a belief (:data:`GROUP_WORDS`, :data:`IDENTITY_WORDS`; slurs excepted)."""
    bare = word.strip("'*-&").removesuffix("'s")
    return bool(GROUP_WORDS.fullmatch(bare) or IDENTITY_WORDS.fullmatch(bare)) and not SLURS.fullmatch(bare)


@cache
def _profanity_model() -> tuple:
    """``alt-profanity-check``'s TF-IDF vectoriser (its analyser, vocabulary and IDF) and its five
    sigmoid-calibrated linear SVMs as arrays: weights (one row per word, one column per SVM), intercepts and the
    calibrations' ``a`` and ``b``; read from :data:`PROFANITY_ARRAYS` (written from the package by
    ``benchmarks/profanity_arrays.py``) in milliseconds, where unpickling the package's scikit-learn models took
    seconds per process."""
    with np.load(PROFANITY_ARRAYS, allow_pickle=False) as data:
        token = re.compile(str(data["token_pattern"]))

        def analyse(text: str) -> list[str]:
            """The vectoriser's analyser as the vocabulary sees it: words of two or more characters, lower case
            (its English stop words are not in the vocabulary)."""
            return token.findall(text.lower())

        return (
            analyse,
            {word: column for column, word in enumerate(data["words"].tolist())},
            data["idf"],
            data["weights"],
            data["intercepts"],
            data["a"],
            data["b"],
        )


def profanity_probabilities(texts: list[str]) -> np.ndarray:
    """``profanity_check.predict_prob(texts)`` computed directly from the model's arrays (TF-IDF with L2 norm,
    then the mean over the calibrated SVMs of ``1 / (1 + exp(a * decision + b))``) — the same figures without
    scikit-learn's per-call checks."""
    if not texts:
        return np.zeros(0)
    analyse, vocabulary, idf, weights, intercepts, a, b = _profanity_model()
    decisions = []
    for text in texts:
        columns = [vocabulary[t] for t in analyse(text) if t in vocabulary]
        decision = intercepts.copy()
        if columns:
            found, counts = np.unique(np.array(columns), return_counts=True)
            values = counts * idf[found]
            decision += (values / np.sqrt(values @ values)) @ weights[found]
        decisions.append(decision)
    return (1.0 / (1.0 + np.exp(a * np.array(decisions) + b))).mean(axis=1)


def _profane_words(normalised: str) -> list[str]:
    """The words of ``normalised`` that alt-profanity-check scores at :data:`WORD_THRESHOLD` on their own
    (punctuation cut off, so that *disgusting.* is the mild word *disgusting*)."""
    bare = (w.strip("'") for w in re.findall(r"[\w*']+", normalised))
    words = [w for w in dict.fromkeys(bare) if w and w not in abuse_model.NEVER_SHOWN]
    if not words:
        return []
    scores = profanity_probabilities(words)
    return [w for w, s in sorted(zip(words, scores, strict=True), key=lambda p: -p[1]) if s >= WORD_THRESHOLD][
        : abuse_model.SHOWN
    ]


def possible_abuse(text: str) -> dict | None:
    """``{"categories", "triggers", "score", "note"}`` when ``text`` may be abusive, otherwise None.

    ``categories`` is ``["threatening"]`` when a threat pattern matched or a sentence reads as violence in context,
    otherwise ``["abusive"]``; ``triggers`` lists the threat phrases, then the words behind the models' scores
    (a sentence read in context: the sentence), never a word naming a group of people (:func:`names_a_group`);
    when those were the only words, ``triggers`` is empty and ``note`` says so in plain words
    (:data:`GROUP_NOTE`; otherwise ``note`` is empty). ``score`` is the highest model probability (1.0 when only a
    threat pattern flagged it). The same as :func:`possible_abuse_many` on one text.
    """
    return possible_abuse_many([text])[0]


def possible_abuse_many(texts: list[str]) -> list[dict | None]:
    """:func:`possible_abuse` of each of ``texts``, the models' arithmetic done for all of them at once (the
    importer's rows, a batch of contacts). Where no other signal flagged a text, its sentences that the word model
    scores :data:`~faircontact.indicators.abuse_context.FLOOR` or more are read again in context
    (:mod:`faircontact.indicators.abuse_context`): the text is flagged as abusive if the most hostile of them
    reaches the context model's threshold, or as threatening if any of them reaches its violence threshold."""
    out, scored = word_judgements(texts)
    unread = [i for i, s in enumerate(scored) if s and out[i] is None and s.hostile]
    if unread:  # loaded only when a sentence is to be read (config/warm.py: not in a process that will fork)
        context = abuse_context.load()
        asked = list(dict.fromkeys(piece for i in unread for piece in (scored[i].piece, *violence_read(scored[i]))))
        abusive, violent = abuse_context.read(context, asked)
        at = {piece: k for k, piece in enumerate(asked)}
        model = abuse_model.load()
        for i in unread:
            made = scored[i]
            if (hostile := float(abusive[at[made.piece]])) >= context.threshold:
                out[i] = _judgement(model, made, in_context=hostile)
                continue
            worst = max(violence_read(made), key=lambda piece: violent[at[piece]], default="")
            if worst and violent[at[worst]] >= context.violence_threshold:
                out[i] = _judgement(model, made, in_context=float(violent[at[worst]]), violent=worst)
    return out


class Scored(NamedTuple):
    """What the answer for one text is made from (the arguments of :func:`_judgement`)."""

    whole: str  # the normalised text
    normalised: list[str]  # its sentences
    probability: float  # the word model's, of its most abusive sentence
    piece: str  # that sentence
    profanity: float  # alt-profanity-check's, of the whole text
    group_piece: str  # its most abusive sentence about a group of people, from GROUP_THRESHOLD
    #: its sentences the word model scores abuse_context.FLOOR or more, the most hostile first (``piece``): those
    #: read in context
    hostile: tuple[str, ...] = ()


def violence_read(made: Scored) -> list[str]:
    """The sentences of ``made.hostile`` read for violence in context: not a danger warned of nor a threat the
    customer reports (``abuse_threats.HAZARD``, ``REPORTED``: no threat of theirs, as for the threat patterns)."""
    return [piece for piece in made.hostile if not (HAZARD.search(piece) or REPORTED.search(piece))]


def word_judgements(texts: list[str]) -> tuple[list[dict | None], list[Scored | None]]:
    """The answer for each of ``texts`` from the word model, the threat patterns and alt-profanity-check alone,
    and what each was made from (None for an empty text), for :func:`possible_abuse_many` to read in context."""
    model = abuse_model.load()
    texts = [(text or "")[:ANALYSED_CHARS] for text in texts]  # a bounded prefix (issue 14 §3)
    wholes = [normalise(text) if text.strip() else "" for text in texts]
    split = [sentences(whole) for whole in wholes]
    scored = [abuse_model.pieces(s) for s in split]
    values = abuse_model.logits(model, [p for ps in scored for p in ps])
    profanities = profanity_probabilities([w for w in wholes if w])
    made: list[Scored | None] = []
    start = 0
    profane_at = 0
    for whole, normalised, pieces in zip(wholes, split, scored, strict=True):
        if not whole:
            made.append(None)
            continue
        probability, piece, group_piece, hostile = 0.0, "", "", ()
        if pieces:
            own = values[start : start + len(pieces)]
            best = int(own.argmax())
            probability, piece = float(abuse_model.probability(own[best])), pieces[best]
            chances = abuse_model.probability(own)
            hostile = tuple(pieces[i] for i in np.argsort(-own, kind="stable") if chances[i] >= abuse_context.FLOOR)
            about_groups = [i for i, p in enumerate(pieces) if GROUP_WORDS.search(p)]
            if about_groups:
                top = max(about_groups, key=lambda i: own[i])
                if abuse_model.probability(own[top]) >= GROUP_THRESHOLD:
                    group_piece = pieces[top]
            start += len(pieces)
        profanity = float(profanities[profane_at])
        made.append(Scored(whole, normalised, probability, piece, profanity, group_piece, hostile))
        profane_at += 1
    return [_judgement(model, m) if m else None for m in made], made


def _judgement(model, made: Scored, *, in_context: float = 0.0, violent: str = ""):
    """The answer for one text from what it was made of (see :func:`possible_abuse`); ``made.group_piece`` is its
    most abusive sentence about a group of people when that scores :data:`GROUP_THRESHOLD` or more;
    ``in_context`` is the probability read in context that flagged it: of ``made.piece`` being abusive, or of the
    sentence ``violent`` calling for or threatening violence."""
    whole, normalised, probability, piece, profanity, group_piece = made[:6]
    found = threats(normalised)
    learned = probability >= model.threshold or bool(in_context)
    if group_piece and not learned:
        learned, piece = True, group_piece
    piece = violent or piece
    profane_words = _profane_words(whole) if profanity >= PROFANITY_THRESHOLD else []
    profane = any(w not in MILD_WORDS or _aimed(w, whole) for w in profane_words)
    if not (found or learned or profane):
        return None
    # Read in context, the sentence as a whole carried the score: it is shown, not the word model's words.
    words = abuse_model.reasons(model, piece, hidden=names_a_group) if learned and not in_context else []
    if profane and not words:
        words = [w for w in profane_words if not names_a_group(w)]
    triggers, note = list(dict.fromkeys(found + words)), ""
    if not triggers:  # no word to show: the sentence itself, unless it (or the word that flagged it) names a group
        named = any(names_a_group(w) for w in piece[:80].split() + profane_words)
        triggers, note = ([], GROUP_NOTE) if named else ([piece[:80]], "")
    return {
        "categories": ["threatening"] if found or violent else ["abusive"],
        "triggers": triggers,
        "score": round(max(probability, profanity, in_context, 1.0 if found else 0.0), 3),
        "note": note,
    }
