"""Issue 16, third round (second attempt): all-MiniLM-L6-v2 through onnxruntime (int8, one thread) as a contextual
second opinion on the abuse judgement, on development data only (never the held-out sets of
``benchmarks/eval_text.py``). Needs the scratch venv of ``benchmarks/minilm_onnx.py`` (never the project's venv):

    /tmp/ctx-venv/bin/python benchmarks/minilm_onnx.py --layers 6 --int8        # the frozen model's ONNX file
    PYTHONPATH=src:/work/main/.venv/lib/python3.11/site-packages nice -n 10 \
        /tmp/ctx-venv/bin/python benchmarks/contextual_onnx.py                  # frozen embeddings + regression
    ... benchmarks/train_contextual.py, then ... benchmarks/contextual_onnx.py --fine-tuned

Two contextual scorers of a sentence: a logistic regression on the frozen model's mean-pooled embeddings of every
training text of ``benchmarks/train_abuse.py`` (optionally HateCheck's cases weighted up), or the fine-tuned model
of ``benchmarks/train_contextual.py``. Their score on the sentences of the development texts, routed as the
product would route them (every sentence; only those naming a group; or at most K per text: those naming a group
or holding a threat cue first, then by the cheap model's logit), is added to the product's flags from the lowest
threshold adding at most 0, 1 or 2 flags on the 534 development letters and reviews (the product flags 3 of them).
Reported: F1 on all Stormfront sentences and on Davidson development + ConvAbuse validation, and how many of the
threat and violence development sets are caught. ``--speed`` times the routed scoring per development letter.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import text_corpora as corpora  # noqa: E402
import train_abuse  # noqa: E402
from minilm_numpy import MODEL  # noqa: E402
from text_sets_threats_dev import DEV_ORDINARY, DEV_THREATS  # noqa: E402
from text_sets_violence_dev import DEV_NOT_VIOLENT, DEV_VIOLENT  # noqa: E402

from faircontact.core.wordpiece import WordPiece  # noqa: E402
from faircontact.indicators import abuse_model  # noqa: E402
from faircontact.indicators.abuse import GROUP_WORDS, possible_abuse_many  # noqa: E402
from faircontact.indicators.abuse_text import normalise, sentences  # noqa: E402
from faircontact.indicators.abuse_threats import CUES  # noqa: E402

LONGEST = 48  # word pieces per sentence, [CLS] and [SEP] included
ONNX = ROOT / "benchmarks" / "out" / "onnx"
CACHE = ONNX / "cache"


class Session:
    """An onnxruntime session of a graph taking ``ids`` and ``mask`` and the WordPiece tokeniser."""

    def __init__(self, path: Path, threads: int = 1):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokeniser = WordPiece((MODEL / "vocab.txt").read_text(encoding="utf-8").splitlines())

    def encode(self, text: str) -> list[int]:
        return [101, *self.tokeniser.encode(text)[: LONGEST - 2], 102]

    def run(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """The graph's output for each text, batches of similar length."""
        encoded = [self.encode(t) for t in texts]
        order = np.argsort([len(e) for e in encoded], kind="stable")
        result = None
        for start in range(0, len(texts), batch):
            chosen = order[start : start + batch]
            length = max(len(encoded[i]) for i in chosen)
            ids = np.zeros((len(chosen), length), dtype=np.int64)
            mask = np.zeros_like(ids)
            for j, i in enumerate(chosen):
                ids[j, : len(encoded[i])] = encoded[i]
                mask[j, : len(encoded[i])] = 1
            out = self.session.run(None, {"ids": ids, "mask": mask})[0]
            if result is None:
                result = np.zeros((len(texts), *out.shape[1:]), dtype=np.float32)
            result[chosen] = out
        return result if result is not None else np.zeros(0, dtype=np.float32)


def cached(session: Session, name: str, texts: list[str]) -> np.ndarray:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}.npy"
    if path.exists():
        found = np.load(path)
        if len(found) == len(texts):
            return found
    started = time.time()
    out = session.run(texts)
    np.save(path, out)
    print(f"ran {name}: {len(texts)} texts in {time.time() - started:.0f} s", flush=True)
    return out


def training_texts() -> list[tuple[str, bool]]:
    """``train_abuse.data()``'s training texts, normalised, each once."""
    train, _, _ = train_abuse.data()
    return list({normalise(t): (normalise(t), bool(y)) for t, y in train}.values())


def f1(flags: np.ndarray, labels: np.ndarray) -> str:
    tp = int((flags & labels).sum())
    p, r = tp / max(1, flags.sum()), tp / max(1, labels.sum())
    return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0:.3f}"


def routed(pieces: list[str], cheap: np.ndarray, k: int | None) -> np.ndarray:
    """Which of one text's pieces go to the contextual model: all (``k`` None) or at most ``k``: those naming a
    group or holding a threat cue first, then by the cheap model's logit."""
    if k is None or len(pieces) <= k:
        return np.ones(len(pieces), dtype=bool)
    priority = [(bool(GROUP_WORDS.search(p) or CUES.search(p)), float(c)) for p, c in zip(pieces, cheap, strict=True)]
    chosen = sorted(range(len(pieces)), key=lambda i: priority[i], reverse=True)[:k]
    out = np.zeros(len(pieces), dtype=bool)
    out[chosen] = True
    return out


def lab(items) -> np.ndarray:
    return np.array([bool(y) for _, y in items])


def development_sets() -> dict[str, list[tuple[str, bool]]]:
    _, dev, letters_dev = train_abuse.data()
    return {
        "letters+reviews": [(t, False) for t in letters_dev],
        "stormfront": corpora.stormfront(),
        "davidson+convabuse": dev,
        "threats dev": [(t, True) for t in DEV_THREATS] + [(t, False) for t in DEV_ORDINARY],
        "violence dev": [(t, True) for t in DEV_VIOLENT] + [(t, False) for t in DEV_NOT_VIOLENT],
    }


def report(label: str, per_set: dict, scores: dict[str, np.ndarray]) -> None:
    """The product's flags plus the contextual scores (one per piece) under each routing and threshold rule."""
    letters_product = per_set["letters+reviews"][4]
    for route in ("all", "group", 1, 2, 3):
        best = {}
        for name, (items, pieces, owner, cheap, _) in per_set.items():
            score = scores[name]
            if route == "group":
                score = np.where([bool(GROUP_WORDS.search(p)) for p in pieces], score, 0.0)
            elif route != "all":
                mask = np.zeros(len(pieces), dtype=bool)
                for i in range(len(items)):
                    at = np.flatnonzero(owner == i)
                    if len(at):
                        mask[at] = routed([pieces[j] for j in at], cheap[at], route)
                score = np.where(mask, score, 0.0)
            top = np.zeros(len(items))
            np.maximum.at(top, owner, score)
            best[name] = top
        for allowed in (0, 1, 2):
            candidates = np.round(np.arange(0.5, 1.0, 0.0025), 4)
            threshold = min(
                t for t in candidates if ((best["letters+reviews"] >= t) & ~letters_product).sum() <= allowed
            )
            rows = []
            for name in ("stormfront", "davidson+convabuse", "threats dev", "violence dev"):
                items, product = per_set[name][0], per_set[name][4]
                flags, labels = product | (best[name] >= threshold), lab(items)
                if name.endswith(" dev"):
                    rows.append(
                        f"{name} {int(flags[labels].sum())}/{int(labels.sum())} ordinary {int(flags[~labels].sum())}"
                    )
                else:
                    rows.append(f"{name} {f1(flags, labels)}")
            where = route if isinstance(route, str) else f"K={route}"
            print(f"{label} | {where} | +{allowed} flags, t {threshold:.4f}: " + "; ".join(rows), flush=True)


def speed() -> None:
    """CPU time per development letter or review: the product's ``possible_abuse`` and, beside it, the contextual
    part (its sentences, the cheap model's logits, the K routed ones tokenised and scored by the fine-tuned int8
    model on one thread; an upper bound, as the product already splits and scores the sentences), and the
    resident memory that onnxruntime, the session and the vocabulary add."""
    from faircontact.indicators.abuse import possible_abuse

    def rss() -> float:
        return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 1e6

    _, _, letters = train_abuse.data()
    possible_abuse("warm up")
    before = rss()
    session = Session(ONNX / "abuse_ctx_int8.onnx", threads=1)
    print(f"resident memory added by onnxruntime, the session and the vocabulary: {rss() - before:.0f} MB")
    model = abuse_model.load()
    for k in (1, 2, 3):
        base, extra = [], []
        for _ in range(2):
            for text in letters:
                started = time.process_time()
                possible_abuse(text)
                base.append(time.process_time() - started)
                started = time.process_time()
                pieces = abuse_model.pieces(sentences(normalise(text)))
                if pieces:
                    chosen = routed(pieces, abuse_model.logits(model, pieces), k)
                    session.run([p for p, m in zip(pieces, chosen, strict=True) if m])
                extra.append(time.process_time() - started)
        b, e = np.array(base) * 1e3, np.array(extra) * 1e3
        print(
            f"K={k}: possible_abuse CPU p50 {np.median(b):.2f} / p99 {np.percentile(b, 99):.2f} ms; contextual part "
            f"p50 {np.median(e):.2f} / p99 {np.percentile(e, 99):.2f} / max {e.max():.2f} ms; both p99 "
            f"{np.percentile(b + e, 99):.2f} ms",
            flush=True,
        )
    print(f"after the runs: +{rss() - before:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fine-tuned", action="store_true", help="benchmarks/train_contextual.py's model")
    parser.add_argument("--speed", action="store_true", help="time per letter and memory (fine-tuned model)")
    args = parser.parse_args()
    if args.speed:
        speed()
        return
    model = abuse_model.load()
    per_set = {}
    for name, items in development_sets().items():
        pieces, owner = [], []
        for i, (text, _) in enumerate(items):
            found = abuse_model.pieces(sentences(normalise(text)))
            pieces += found
            owner += [i] * len(found)
        product = np.array([r is not None for r in possible_abuse_many([t for t, _ in items])])
        per_set[name] = (items, pieces, np.array(owner, dtype=int), abuse_model.logits(model, pieces), product)
        print(f"{name}: {len(items)} texts, {len(pieces)} pieces; product {f1(product, lab(items))}", flush=True)
    key = lambda name: name.replace(" ", "_").replace("+", "_")  # noqa: E731
    if args.fine_tuned:
        session = Session(ONNX / "abuse_ctx_int8.onnx", threads=2)
        scores = {name: cached(session, "ft_" + key(name), per_set[name][1]) for name in per_set}
        report("fine-tuned", per_set, scores)
        return
    from sklearn.linear_model import LogisticRegression

    session = Session(ONNX / "minilm_l6_int8.onnx", threads=2)
    train = training_texts()
    x = cached(session, "train", [t for t, _ in train])
    y = lab(train)
    hatecheck = {normalise(t) for t, _, _ in corpora.hatecheck()}
    is_hatecheck = np.array([t in hatecheck for t, _ in train])
    embedded = {name: cached(session, key(name), per_set[name][1]) for name in per_set}
    for weight in (1, 10):
        for c in (1.0, 3.0):
            regression = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
            regression.fit(x, y, sample_weight=np.where(is_hatecheck, float(weight), 1.0))
            scores = {name: regression.predict_proba(e)[:, 1] for name, e in embedded.items()}
            report(f"frozen, C {c}, HateCheck ×{weight}", per_set, scores)


if __name__ == "__main__":
    main()
