"""BERT's uncased WordPiece tokeniser in plain Python, over a vocabulary shipped with a model (the gate's
similarity vectors, the contextual abuse model of :mod:`faircontact.indicators.abuse_context`).

The same splitting as the ``all-MiniLM-L6-v2`` tokeniser (lower case, accents stripped, punctuation split off,
then greedy longest-match word pieces with ``##`` continuations), so the static word-piece embeddings of
:mod:`faircontact.gate.similarity` line up with the vocabulary they were distilled over.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

#: Longest word (in characters) split into pieces; a longer one is one unknown piece.
LONGEST = 100
_WORDS = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def _plain(text: str) -> str:
    if text.isascii():  # nothing to strip
        return text.lower()
    text = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


class WordPiece:
    def __init__(self, vocabulary: list[str]):
        self.ids = {piece: i for i, piece in enumerate(vocabulary)}
        self.unknown = self.ids.get("[UNK]", 100)

    @cache  # noqa: B019 - one tokeniser per process, words repeat across letters
    def word(self, word: str) -> tuple[int, ...]:
        if len(word) > LONGEST:
            return (self.unknown,)
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    pieces.append(self.ids[piece])
                    break
                end -= 1
            else:
                return (self.unknown,)
            start = end
        return tuple(pieces)

    def encode(self, text: str) -> list[int]:
        """The word-piece ids of ``text`` (no [CLS]/[SEP])."""
        return [i for word in _WORDS.findall(_plain(text or "")) for i in self.word(word)]
