"""A second opinion on the sentences the word model finds hostile: read in context by a small sentence transformer
(issue 16, fifth and sixth rounds).

The word model (:mod:`faircontact.indicators.abuse_model`) sees words and their parts; hate about groups of people
without insults, and violence wished on a person in words it never met, pass it. Here the sentence is embedded by
all-MiniLM-L6-v2 (Apache-2.0), six layers in int8 run by onnxruntime on one thread (``models/minilm_int8.onnx``,
23 MB), and a logistic regression on that embedding (``models/abuse_context.npz``: its coefficients, the threshold,
the vocabulary) gives the probability that it is abusive; the word model's most hostile sentence is read so.
``benchmarks/train_abuse_context.py`` rebuilds both from the public corpora of ``benchmarks/train_abuse.py``;
docs/text-analysis.md gives the figures.

A second head on the same embedding (sixth round) gives the probability that a sentence calls for or threatens
violence: it was trained to tell the public corpora's threats and calls for violence (HateCheck's threat cases,
Latent Hatred's threatening posts) from everything else, so violence wished on people in words the abuse head
scores as merely hostile is read as what it is; every sentence from :data:`FLOOR` is read so.

Only a sentence the word model already scores at :data:`FLOOR` or more is read (94 of the 534 development letters
and reviews have one), so the transformer costs nothing on most contacts. Nothing is downloaded; the session is
made once per process, and never in a process that will fork (``config/warm.py`` says why: gunicorn's workers load
it themselves).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from faircontact.core.wordpiece import WordPiece
from faircontact.indicators import abuse_model

MODELS = Path(__file__).resolve().parent / "models"
GRAPH = MODELS / "minilm_int8.onnx"
HEAD = MODELS / "abuse_context.npz"
#: The word model's probability from which a sentence is read in context at all. Chosen on the development
#: sets (docs/text-analysis.md, fifth round): from 0.2 the development figures are those of reading every text's
#: most hostile sentence, at a fifth to a tenth of the reads; from 0.3 they begin to fall.
FLOOR = 0.2
#: Word pieces read of a sentence, ``[CLS]`` and ``[SEP]`` included (a longer sentence is read from its start).
LONGEST = 48
_CLS, _SEP = 101, 102


@dataclass(frozen=True, eq=False)
class Model:
    session: object  # onnxruntime.InferenceSession: ids, mask → the unit-length mean-pooled embedding
    tokeniser: WordPiece
    coef: np.ndarray
    intercept: float
    #: the probability from which a sentence counts as abusive (the development letters' false-alarm rule)
    threshold: float
    #: the violence head: its coefficients, intercept and threshold (the same rule)
    violence_coef: np.ndarray
    violence_intercept: float
    violence_threshold: float
    meta: dict


@cache
def load(graph: Path = GRAPH, head: Path = HEAD) -> Model:
    """The session (one thread) and the head, once per process."""
    import onnxruntime  # here: ~40 MB and a few tenths of a second, wanted only where a text is checked

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
    with np.load(head, allow_pickle=False) as data:
        return Model(
            session=session,
            tokeniser=WordPiece([str(v) for v in data["vocabulary"]]),
            coef=data["coef"].astype(np.float32),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            violence_coef=data["violence_coef"].astype(np.float32),
            violence_intercept=float(data["violence_intercept"]),
            violence_threshold=float(data["violence_threshold"]),
            meta=json.loads(str(data["meta"])),
        )


def _ids(model: Model, sentence: str) -> list[int]:
    return [_CLS, *model.tokeniser.encode(sentence)[: LONGEST - 2], _SEP]


def embed(model: Model, sentences: list[str]) -> np.ndarray:
    """The embedding of each sentence (``len(sentences)`` × 384), one at a time: the int8 graph scales its
    activations over the whole input, so a sentence read beside others (or padded) would score a little
    differently, and a batch must answer exactly as one check does."""
    out = np.zeros((len(sentences), model.coef.shape[0]), dtype=np.float32)
    for row, sentence in enumerate(sentences):
        ids = np.array([_ids(model, sentence)], dtype=np.int64)
        out[row] = model.session.run(None, {"ids": ids, "mask": np.ones_like(ids)})[0][0]
    return out


def read(model: Model, sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The probabilities that each (normalised) sentence is abusive and that it calls for or threatens violence,
    read in context (each sentence embedded once)."""
    if not sentences:
        return np.zeros(0), np.zeros(0)
    embedded = embed(model, sentences)
    return (
        abuse_model.probability(embedded @ model.coef + model.intercept),
        abuse_model.probability(embedded @ model.violence_coef + model.violence_intercept),
    )
