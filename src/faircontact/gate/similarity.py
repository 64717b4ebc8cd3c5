"""Same issue or new: which of the customer's complaints an incoming contact is about, or none (003 §21, §33,
Annex H step 3). A suggestion with its score and the words both share, for a person to confirm.

Two measures, nothing about any organisation built in (``models/similarity.npz``, built by
``benchmarks/train_similarity.py``): the *meaning* of each text, the weighted mean of static word-piece vectors
distilled from the all-MiniLM-L6-v2 sentence transformer, less the direction all texts share (so "radiators are
cold" meets "boiler broken"); and the *specific words* both share, a TF-IDF cosine of word stems weighted by how
rare each is in ordinary English (a product, a place, an amount). A complaint's score is the second plus
``meaning_weight`` times the first, against the complaint's summary (with its recent correspondence, when the
caller passes it). Where the organisation has enough complaints on record, each score is taken less the contact's
score against the organisation's *typical* complaint (:func:`typical`: the mean of its recent complaints, anyone's),
so a letter is not taken to be about a complaint for the words every complaint there shares (its name, its
services). The threshold rises with the number of complaints compared (``crowding`` × ln n: the best of
several scores is high by chance). Below the threshold calibrated on public
complaint pairs the contact is taken to raise something **new**; for customers whose letters are only
acknowledged the higher ``lean_new`` threshold applies, because a missed new issue costs the customer their right
to a response (003 §33). Nothing about any organisation's services is built in; a profile may add vocabulary
(:func:`same_issue`'s ``synonyms``). Measured in docs/text-analysis.md (``benchmarks/eval_text.py``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from faircontact.core.limits import ANALYSED_CHARS
from faircontact.core.wordpiece import WordPiece

PATH = Path(__file__).resolve().parent / "models" / "similarity.npz"
#: Most shared words shown with a suggestion.
SHOWN = 8
STOPWORDS = frozenset(
    "a an and are as at be been but by for from has have had i if in into is it its me my no not of on or our "
    "so that the their them there this to was we were what when which with you your about again still they he "
    "she his her him us do does did done can could would should will shall just also very than then too "
    "all any some being get got out up down over under more most one two three after before since until "
    "while who whom why how here where am im ive dont didnt cant wont isnt wasnt yet ever even only please "
    "thank thanks dear sir madam regards yours sincerely faithfully hello hi".split()
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s", "ly")


@dataclass(frozen=True)
class Model:
    tokeniser: WordPiece
    vectors: np.ndarray
    weights: np.ndarray
    common: np.ndarray
    idf: dict[str, float]
    unseen_idf: float
    meaning_weight: float
    threshold: float
    #: weight of the best passage's word cosine (0 in a model built without it)
    passage_weight: float
    lean_new: float
    crowding: float
    #: the three thresholds above for scores taken less the typical complaint's (:func:`typical`)
    typical_threshold: float
    typical_lean_new: float
    typical_crowding: float
    #: complaints on record from which the organisation's typical complaint is read (fewer: scores are not adjusted)
    typical_minimum: int
    meta: dict


@cache
def load(path: Path = PATH) -> Model:
    """The shipped embeddings (read once per process; gunicorn's master reads them before forking)."""
    with np.load(path, allow_pickle=False) as data:
        return Model(
            tokeniser=WordPiece([str(v) for v in data["vocabulary"]]),
            vectors=data["vectors"].astype(np.float32),
            weights=data["weights"].astype(np.float32),
            common=data["common"].astype(np.float32),
            idf=dict(zip(data["words"].tolist(), data["idf"].astype(float).tolist(), strict=True)),
            unseen_idf=float(data["idf"].max()),
            meaning_weight=float(data["meaning_weight"]),
            passage_weight=float(data["passage_weight"]) if "passage_weight" in data.files else 0.0,
            threshold=float(data["threshold"]),
            lean_new=float(data["lean_new"]),
            crowding=float(data["crowding"]),
            typical_threshold=float(data["typical_threshold"]),
            typical_lean_new=float(data["typical_lean_new"]),
            typical_crowding=float(data["typical_crowding"]),
            typical_minimum=int(data["typical_minimum"]),
            meta=json.loads(str(data["meta"])),
        )


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def embed(text: str, model: Model | None = None) -> np.ndarray:
    """The unit vector of ``text``'s meaning, less the direction all texts share (zeros without words)."""
    model = model or load()
    ids = model.tokeniser.encode(text)
    if not ids:
        return np.zeros(model.vectors.shape[1], dtype=np.float32)
    vector = _unit(model.weights[ids] @ model.vectors[ids])
    return _unit(vector - (vector @ model.common) * model.common)


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in re.findall(r"[a-z][a-z']+", (text or "").lower().replace("'", "")):
        if word not in STOPWORDS and len(word) > 2:
            stemmed = stem(word)
            counts[stemmed] = counts.get(stemmed, 0) + 1
    return counts


def _weights(counts: dict[str, int], model: Model) -> dict[str, float]:
    weights = {w: (1 + math.log(n)) * model.idf.get(w, model.unseen_idf) for w, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def words(text: str, model: Model | None = None) -> dict[str, float]:
    """The L2-normalised TF-IDF weights of ``text``'s word stems (rare words weigh most)."""
    return _weights(_counts(text), model or load())


#: Sentences in a passage: a long letter is also compared passage by passage, so the one part about a complaint
#: is not drowned by the rest.
PASSAGE = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Passages:
    """The word weights of each run of :data:`PASSAGE` sentences of a text, as rows of a matrix over its stems."""

    index: dict[str, int]
    matrix: np.ndarray

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def best(self, words: dict[str, float]) -> float:
        """The highest cosine of a passage with the text whose weights are ``words``."""
        if len(words) > len(self.index):  # the typical complaint's many words: look up the passages' own
            shared = [(column, words[w]) for w, column in self.index.items() if w in words]
        else:
            shared = [(self.index[w], v) for w, v in words.items() if w in self.index]
        if not shared:
            return 0.0
        columns, values = zip(*shared, strict=True)
        return float((self.matrix[:, list(columns)] @ np.array(values)).max())


NO_PASSAGES = Passages({}, np.zeros((0, 0)))


def passages(text: str, model: Model | None = None) -> Passages:
    """The passages of ``text`` (none when it has :data:`PASSAGE` sentences or fewer): each run of that many
    sentences weighted as :func:`words` weighs a text, all at once."""
    model = model or load()
    counted = [_counts(s) for s in _SENTENCE_END.split(text or "") if s.strip()]
    if len(counted) <= PASSAGE:
        return NO_PASSAGES
    index: dict[str, int] = {}
    for counts in counted:
        for w in counts:
            index.setdefault(w, len(index))
    sentence_counts = np.zeros((len(counted), len(index)))
    for row, counts in enumerate(counted):
        for w, n in counts.items():
            sentence_counts[row, index[w]] = n
    running = np.vstack([np.zeros(len(index)), np.cumsum(sentence_counts, axis=0)])
    window = running[PASSAGE:] - running[:-PASSAGE]  # each run of PASSAGE sentences' counts
    idf = np.array([model.idf.get(w, model.unseen_idf) for w in index])
    weights = np.where(window > 0, (1 + np.log(np.maximum(window, 1))) * idf, 0.0)
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return Passages(index, np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0))


@dataclass(frozen=True)
class Text:
    """A text prepared for comparison: its meaning, its words, and its passages' words."""

    meaning: np.ndarray
    words: dict[str, float]
    passages: Passages = NO_PASSAGES


def prepare(text: str, model: Model | None = None) -> Text:
    model = model or load()
    return Text(embed(text, model), words(text, model), passages(text, model) if model.passage_weight else NO_PASSAGES)


#: The most recent complaints read as the organisation's typical complaint (:func:`typical`).
TYPICAL_OF = 300


def typical(summaries: list[str], *, synonyms: dict[str, str] | None = None, model: Model | None = None) -> Text | None:
    """The organisation's typical complaint: the mean word weights and meaning of ``summaries`` (its recent
    complaints' summaries, whoever's), or None when there are fewer than the model's ``typical_minimum``.

    :func:`same_issue` takes each score less the contact's score against it (a contact-side normalisation): a
    letter that shares the organisation's everyday words with every complaint is not taken to be about one of
    them for that alone. docs/text-analysis.md (sixth round) gives the figures."""
    model = model or load()
    if len(summaries) < model.typical_minimum:
        return None
    expanded = [_expand(summary or "", synonyms) for summary in summaries]
    mean: dict[str, float] = {}
    for text in expanded:
        for word, value in words(text, model).items():
            mean[word] = mean.get(word, 0.0) + value / len(expanded)
    return Text(np.mean([embed(text, model) for text in expanded], axis=0).astype(np.float32), mean)


def _shared(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(v * b[w] for w, v in a.items() if w in b)


def compare(a: Text, b: Text, model: Model | None = None) -> float:
    """The words' TF-IDF cosine, plus ``meaning_weight`` times the meanings' cosine, plus ``passage_weight``
    times the best cosine of one text's passage with the other text (the whole of it)."""
    model = model or load()
    whole = _shared(a.words, b.words)
    score = whole + model.meaning_weight * float(a.meaning @ b.meaning)
    if model.passage_weight:
        best = [one.passages.best(other.words) for one, other in ((a, b), (b, a)) if len(one.passages)]
        score += model.passage_weight * max(best, default=whole)
    return score


def scores(
    contact: Text, summaries: list[Text], typical: Text | None = None, model: Model | None = None
) -> list[float]:
    """Each of ``summaries``' score for ``contact`` (:func:`compare`), less the contact's score against the
    organisation's ``typical`` complaint when given."""
    model = model or load()
    usual = compare(contact, typical, model) if typical is not None else 0.0
    return [compare(contact, summary, model) - usual for summary in summaries]


def score(text: str, other: str) -> float:
    """How likely ``text`` and ``other`` are about the same issue (compare with the model's thresholds)."""
    model = load()
    return compare(prepare(text, model), prepare(other, model), model)


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    return word.rstrip("e") if len(word) > 4 else word


def terms(text: str) -> dict[str, str]:
    """Stem → first spelling, for the meaningful words of ``text``."""
    found: dict[str, str] = {}
    for word in re.findall(r"[a-z][a-z']+", (text or "").lower().replace("'", "")):
        if word not in STOPWORDS and len(word) > 2:
            found.setdefault(stem(word), word)
    return found


def _expand(text: str, synonyms: dict[str, str] | None) -> str:
    """``text`` with each profile word followed by the plain words it stands for (``{"uc": "universal credit"}``)."""
    if not synonyms:
        return text
    table = {k.lower(): v for k, v in synonyms.items()}
    return re.sub(r"[A-Za-z][A-Za-z']+", lambda m: f"{m.group(0)} {table.get(m.group(0).lower(), '')}", text)


def same_issue(
    text: str,
    complaints: list[tuple[int, str]],
    *,
    lean_new: bool = False,
    synonyms: dict[str, str] | None = None,
    typical: Text | None = None,
) -> dict | None:
    """The complaint of ``complaints`` (``(id, summary and recent correspondence)``) that ``text`` is most likely
    about, as ``{"complaint", "score", "shared_terms"}``, or None when it looks like a new issue.

    ``lean_new`` (acknowledge-only and file-without-reply customers) asks for a closer match before answering
    "same issue"; ``synonyms`` (the profile's ``[gate.service_vocabulary]``) spells out the organisation's own
    words before comparing; ``typical`` is the organisation's typical complaint (:func:`typical`, made with the
    same ``synonyms``), whose score each complaint's is taken less. The same as :func:`same_issue_many` on one
    contact.
    """
    return same_issue_many([(text, complaints)], lean_new=lean_new, synonyms=synonyms, typical=typical)[0]


def same_issue_many(
    items: list[tuple[str, list[tuple[int, str]]]],
    *,
    lean_new: bool = False,
    synonyms: dict[str, str] | None = None,
    typical: Text | None = None,
) -> list[dict | None]:
    """:func:`same_issue` of each ``(text, complaints)`` of ``items`` (the importer's rows, a batch of contacts);
    a complaint summary met again is prepared once."""
    model = load()
    prepared: dict[str, Text] = {}
    if typical is None:
        threshold, crowding = (model.lean_new if lean_new else model.threshold), model.crowding
    else:
        threshold = model.typical_lean_new if lean_new else model.typical_threshold
        crowding = model.typical_crowding

    def summary_of(summary: str) -> Text:
        if summary not in prepared:
            prepared[summary] = prepare(_expand(summary, synonyms), model)
        return prepared[summary]

    out: list[dict | None] = []
    for text, complaints in items:
        text = (text or "")[:ANALYSED_CHARS].strip()  # a bounded prefix (issue 14 §3)
        if not text or not complaints:
            out.append(None)
            continue
        text = _expand(text, synonyms)
        contact = prepare(text, model)
        found = scores(contact, [summary_of(summary or "") for _, summary in complaints], typical, model)
        best, (pk, summary) = max(zip(found, complaints, strict=True), key=lambda s: s[0])
        # The best of several scores is high by chance: the bar rises with the number of complaints compared.
        bar = threshold + crowding * math.log(len(complaints))
        if best < bar:
            out.append(None)
            continue
        ours, theirs = terms(text), terms(_expand(summary or "", synonyms))
        shared = [theirs[s] for s in theirs if s in ours][:SHOWN]
        out.append({"complaint": str(pk), "score": round(best, 3), "shared_terms": shared})
    return out
