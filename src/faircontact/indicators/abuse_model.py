"""The learned model of abusive language, trained on public labelled corpora and shipped in ``models/abuse.npz``.

TF-IDF word 1-2-grams and character 2-5-grams (within words) of normalised text, and a logistic regression
(``benchmarks/train_abuse.py`` rebuilds it; docs/text-analysis.md names the corpora, their commits and
licences). The file holds only arrays (vocabularies, IDF weights, coefficients, the threshold): no pickle, nothing
downloaded. A text is scored **sentence by sentence** and takes its most abusive sentence, so one threat in a long
letter still counts and a long letter is not more suspect for being long. The words shown are those whose removal
lowers that sentence's score most, never stop words or pleasantries.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from faircontact.indicators.abuse_text import normalise, sentences

PATH = Path(__file__).resolve().parent / "models" / "abuse.npz"
#: Most words shown as the reason for a flag.
SHOWN = 4
#: Longest sentence scored (words); a longer run without a full stop is scored in pieces of this size.
PIECE = 40
#: Words never shown as a reason: function words, greetings and pleasantries, words about the letter itself.
NEVER_SHOWN = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours out over own same she should so some such than that the their theirs them
    then there these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves hello hi dear sir madam thank thanks please
    regards sincerely faithfully kind best wishes cheers ok okay yes said say says told tell know like get got
    one would will shall may might must also still even really well back round come came going go went""".split()
)


@dataclass(frozen=True, eq=False)
class Block:
    """One block of features: n-gram → column, and each column's IDF and regression coefficient."""

    index: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray


@dataclass(frozen=True)
class Model:
    words: Block  # word 1-2-grams
    chars: Block  # character 2-5-grams within a word
    intercept: float
    threshold: float
    meta: dict


def _table(names: np.ndarray, idf: np.ndarray, coef: np.ndarray) -> Block:
    return Block({n: i for i, n in enumerate(names.tolist())}, idf.astype(np.float64), coef.astype(np.float64))


@cache
def load(path: Path = PATH) -> Model:
    """The shipped model (read once per process; gunicorn's master reads it before forking)."""
    with np.load(path, allow_pickle=False) as data:
        return Model(
            words=_table(data["word_names"], data["word_idf"], data["word_coef"]),
            chars=_table(data["char_names"], data["char_idf"], data["char_coef"]),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            meta=json.loads(str(data["meta"])),
        )


_TOKEN = re.compile(r"(?u)\b\w[\w']*\b")


def word_grams(piece: str) -> list[str]:
    """Word 1- and 2-grams, as scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2))`` with the training token
    pattern makes them."""
    tokens = _TOKEN.findall(piece.lower())
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def char_grams(piece: str) -> list[str]:
    """Character 2- to 5-grams within space-padded words, as scikit-learn's ``analyzer="char_wb"`` makes them."""
    out = []
    for word in piece.lower().split():
        padded = f" {word} "
        size = len(padded)
        for n in range(2, 6):
            out.extend(padded[i : i + n] for i in range(max(1, size - n + 1)))
            if size <= n:
                break
    return out


def _columns(grams: list[str], block: Block) -> list[int]:
    index = block.index
    return [index[g] for g in grams if g in index]


@lru_cache(maxsize=100_000)
def _word_char_columns(word: str, block: Block) -> tuple[int, ...]:
    """The character-n-gram columns of one word (they never cross words, so a piece's are its words'); words
    repeat from letter to letter, so they are looked up once."""
    return tuple(_columns(char_grams(word), block))


def _blocks(lengths: list[int], columns: array, block: Block) -> np.ndarray:
    """Each text's logit contribution from one feature block, for many texts at once: the sum of sublinear TF-IDF
    × coefficient over its features, L2-normalised (``columns`` holds the texts' feature columns one text after
    another, ``lengths`` how many each has)."""
    count = len(lengths)
    if not columns:
        return np.zeros(count)
    width = len(block.idf)
    rows = np.repeat(np.arange(count, dtype=np.int64), lengths)
    found, counts = np.unique(rows * width + np.frombuffer(columns, dtype=np.int64), return_counts=True)
    text, column = np.divmod(found, width)
    values = (1.0 + np.log(counts)) * block.idf[column]
    total = np.bincount(text, weights=values * block.coef[column], minlength=count)
    norm = np.sqrt(np.bincount(text, weights=values * values, minlength=count))
    return np.divide(total, norm, out=np.zeros(count), where=norm > 0)


def parts(text: str) -> list[str]:
    """The pieces of ``text`` that are scored: its sentences, long ones cut into :data:`PIECE` words."""
    return pieces(sentences(normalise(text)))


def pieces(normalised_sentences: list[str]) -> list[str]:
    out = []
    for sentence in normalised_sentences:
        words = sentence.split()
        out += [" ".join(words[i : i + PIECE]) for i in range(0, len(words), PIECE)]
    return out


def logits(model: Model, texts: list[str]) -> np.ndarray:
    """The regression's logit of each text (pieces of normalised text), all at once."""
    word_columns, char_columns = array("q"), array("q")
    word_lengths, char_lengths = [], []
    for text in texts:
        found = _columns(word_grams(text), model.words)
        word_columns.extend(found)
        word_lengths.append(len(found))
        before = len(char_columns)
        for word in text.lower().split():
            char_columns.extend(_word_char_columns(word, model.chars))
        char_lengths.append(len(char_columns) - before)
    return (
        _blocks(word_lengths, word_columns, model.words)
        + _blocks(char_lengths, char_columns, model.chars)
        + model.intercept
    )


def probability(logit) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(logit, dtype=np.float64)))


def reasons(model: Model, piece: str, hidden: Callable[[str], bool] | None = None) -> list[str]:
    """The words of ``piece`` whose removal lowers its score most (at most :data:`SHOWN`), not function words
    nor the words ``hidden`` picks out (they are skipped before the count, so they take no place)."""
    words = piece.split()
    candidates = [
        i
        for i, w in enumerate(words)
        if re.sub(r"[^a-z*]", "", w) not in NEVER_SHOWN and len(w) > 1 and not (hidden and hidden(w))
    ]
    if not candidates:
        return []
    variants = [" ".join(words[:i] + words[i + 1 :]) for i in candidates]
    base = float(logits(model, [piece])[0])
    drops = base - logits(model, variants)
    ranked = sorted(zip(drops, candidates, strict=True), reverse=True)
    return list(dict.fromkeys(words[i] for drop, i in ranked if drop > 0.25))[:SHOWN]


def score(model: Model, text: str, normalised_sentences: list[str] | None = None) -> tuple[float, str]:
    """The probability that the most abusive piece of ``text`` is abusive, and that piece (pass the text's
    normalised sentences when already made)."""
    scored = pieces(normalised_sentences) if normalised_sentences is not None else parts(text)
    if not scored:
        return 0.0, ""
    values = logits(model, scored)
    best = int(values.argmax())
    return float(probability(values[best])), scored[best]
