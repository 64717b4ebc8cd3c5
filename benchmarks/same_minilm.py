"""Same issue or new with the contextual all-MiniLM-L6-v2 through onnxruntime: development measurements only
(issue 16, after the third round). Never run on the test half of ``text_pairs``.

Compares, on the development pairs (600) and development three-complaint cases (seeds 17, 101-103 to choose a
combination and its thresholds, 201-204 fresh to confirm): the product (``gate.similarity``), the MiniLM
embedding cosine alone (the contact cut to N word pieces, mean pooling; the best of its passages; the best of its
first 64-piece chunks), the product's score plus a weight times a MiniLM cosine, and (``--instead``) MiniLM in
place of the product's static vectors, each with a threshold and crowding slope chosen as
``train_similarity.calibrate`` chooses the product's. ``--learned``: where right-or-none is lost, and deciders
that rank by one score and decide by another or by a logistic model; ``--speed``: the time to embed one contact.
Figures in docs/text-analysis.md ("the contextual all-MiniLM-L6-v2 for same issue or new"). Needs a scratch venv
with onnxruntime (and Django, for ``faircontact``'s imports) and the ONNX files ``benchmarks/minilm_onnx.py``
writes into ``benchmarks/out/onnx/`` (never the project's venv):

    python3 -m venv /tmp/same-venv
    /tmp/same-venv/bin/pip install torch==2.13.0 onnx onnxruntime numpy scipy scikit-learn django==5.2.20
    /tmp/same-venv/bin/python benchmarks/minilm_onnx.py --layers 6 --int8   # also leaves the float32 graph
    PYTHONPATH=src nice -n 10 /tmp/same-venv/bin/python benchmarks/same_minilm.py [--graph minilm_l6] \\
        [--instead | --learned | --speed]

``--graph`` names the file in ``benchmarks/out/onnx/`` (default ``minilm_l6_int8``; ``minilm_l6`` is float32).
Embeddings are cached in ``benchmarks/out/same_minilm_<graph>.pkl`` (the first int8 run takes ~6 minutes, float32
~16, on the 2-core machine).
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import text_pairs  # noqa: E402
from minilm_numpy import MODEL  # noqa: E402

from faircontact.core.wordpiece import WordPiece  # noqa: E402
from faircontact.gate import similarity  # noqa: E402

ONNX = ROOT / "benchmarks" / "out" / "onnx"
CHOOSE = (17, 101, 102, 103)
FRESH = (201, 202, 203, 204)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


class Encoder:
    def __init__(self, path: Path, threads: int = 2):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokeniser = WordPiece((MODEL / "vocab.txt").read_text(encoding="utf-8").splitlines())
        self.cache_path = ROOT / "benchmarks" / "out" / f"same_minilm_{path.stem}.pkl"
        self.cache: dict = pickle.loads(self.cache_path.read_bytes()) if self.cache_path.exists() else {}

    def save(self) -> None:
        self.cache_path.write_bytes(pickle.dumps(self.cache))

    def embed(self, texts: list[str], longest: int) -> np.ndarray:
        """Unit embeddings of ``texts``, each cut to ``longest`` word pieces ([CLS] and [SEP] included)."""
        return self.embed_ids([self.tokeniser.encode(t)[: longest - 2] for t in texts])

    def embed_ids(self, pieces: list[list[int]], batch: int = 16) -> np.ndarray:
        """Unit embeddings of word-piece id lists (without [CLS] and [SEP])."""
        keys = [tuple(p) for p in pieces]
        todo = sorted({k for k in keys if k not in self.cache}, key=len)
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            length = max(len(k) for k in chunk) + 2
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.int64)
            for j, k in enumerate(chunk):
                ids[j, : len(k) + 2] = [101, *k, 102]
                mask[j, : len(k) + 2] = 1
            for k, e in zip(chunk, self.session.run(None, {"ids": ids, "mask": mask})[0], strict=True):
                self.cache[k] = e.astype(np.float32)
        return np.array([self.cache[k] for k in keys])


def windows(text: str, size: int = 3) -> list[str]:
    """Runs of ``size`` sentences (the product's passages), or the whole text when it has no more."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]
    if len(sentences) <= size:
        return [text]
    return [" ".join(sentences[i : i + size]) for i in range(len(sentences) - size + 1)]


class Features:
    """Per (contact, complaint): the product's score and MiniLM cosines."""

    def __init__(self, encoder: Encoder):
        self.encoder = encoder

    def __call__(self, items: list[tuple[str, str]]) -> dict[str, np.ndarray]:
        enc = self.encoder
        contacts = [c for c, _ in items]
        records = [r for _, r in items]
        out = {"product": np.array([similarity.score(c, r) for c, r in items])}
        out["static"] = np.array([float(similarity.embed(c) @ similarity.embed(r)) for c, r in items])
        rec = enc.embed(records, 128)
        for n in (64, 128, 256):
            out[f"cos{n}"] = (enc.embed(contacts, n) * rec).sum(1)
        # best passage (3-sentence windows, 128 pieces each)
        best = []
        for c, r in zip(contacts, rec, strict=True):
            best.append(float((enc.embed(windows(c), 128) @ r).max()))
        out["passage"] = np.array(best)
        # best of the first k 64-piece chunks (a bounded cost per letter)
        for k in (2, 4):
            best = []
            for c, r in zip(contacts, rec, strict=True):
                ids = enc.tokeniser.encode(c)
                chunks = [ids[i : i + 62] for i in range(0, min(len(ids), 62 * k), 62)] or [[]]
                best.append(float((enc.embed_ids(chunks) @ r).max()))
            out[f"chunks{k}x64"] = np.array(best)
        return out


def calibrate(pair_scores: np.ndarray, same: np.ndarray) -> float:
    grid = np.round(np.arange(-0.5, 2.0, 0.002), 3)
    accuracy = [((pair_scores >= t) == same).mean() for t in grid]
    return float(grid[int(np.argmax(accuracy))])


def right_or_none(triples, threshold: float, slope: float) -> float:
    cut = threshold + slope * np.log(3)
    return float(np.mean([(int(np.argmax(s)) if max(s) >= cut else None) == answer for s, answer in triples]))


def choose_slope(triples, threshold: float) -> float:
    slopes = np.round(np.arange(0.0, 0.6, 0.005), 3)
    return float(slopes[int(np.argmax([right_or_none(triples, threshold, k) for k in slopes]))])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--graph", default="minilm_l6_int8")
    parser.add_argument("--learned", action="store_true", help="only the decomposition and the learned deciders")
    parser.add_argument("--instead", action="store_true", help="only MiniLM in place of the static vectors")
    parser.add_argument("--speed", action="store_true", help="only the time to embed one contact, one thread")
    args = parser.parse_args()
    if args.speed:
        speed(ONNX / f"{args.graph}.onnx")
        return
    encoder = Encoder(ONNX / f"{args.graph}.onnx")
    features = Features(encoder)
    started = time.time()
    dev = text_pairs.pairs("dev")
    same = np.array([k == "same" for *_, k in dev])
    pair_f = features([(c, r) for c, r, _ in dev])
    encoder.save()
    print(f"pairs embedded in {time.time() - started:.0f} s", flush=True)

    def triple_features(seeds):
        cases = [t for seed in seeds for t in text_pairs.triples("dev", seed=seed)]
        flat = features([(c, r) for c, records, _ in cases for r in records])
        encoder.save()
        return {k: v.reshape(len(cases), 3) for k, v in flat.items()}, [a for *_, a in cases]

    choose_f, choose_answers = triple_features(CHOOSE)
    fresh_f, fresh_answers = triple_features(FRESH)
    print(f"all embedded in {time.time() - started:.0f} s", flush=True)

    def evaluate(name: str, combine) -> None:
        pair_scores = combine(pair_f)
        threshold = calibrate(pair_scores, same)
        accuracy = ((pair_scores >= threshold) == same).mean()
        new_recall = (pair_scores[~same] < threshold).mean()
        ch = list(zip(combine(choose_f), choose_answers, strict=True))
        fr = list(zip(combine(fresh_f), fresh_answers, strict=True))
        slope = choose_slope(ch, threshold)
        top_right = np.mean([int(np.argmax(s)) == a for s, a in fr if a is not None])
        print(
            f"  {name:<40} pairs acc {accuracy:.3f} new-recall {new_recall:.3f} (t {threshold:.3f}); "
            f"three: choose {right_or_none(ch, threshold, slope):.3f} fresh {right_or_none(fr, threshold, slope):.3f} "
            f"(slope {slope:.3f}; fresh best-is-right {top_right:.3f})",
            flush=True,
        )

    if args.instead:
        weight = similarity.load().meaning_weight
        evaluate("product (re-chosen)", lambda f: f["product"])
        evaluate("product without static", lambda f: f["product"] - weight * f["static"])
        for key in ("cos128", "cos256", "passage", "chunks4x64"):
            for w in (0.3, 0.5, 0.75, 1.0):
                evaluate(
                    f"product, {w} × {key} instead of static",
                    lambda f, key=key, w=w: f["product"] - weight * f["static"] + w * f[key],
                )
        return
    if args.learned:
        learned(pair_f, same, choose_f, choose_answers, fresh_f, fresh_answers)
        return
    # the product exactly as shipped (its own threshold and slope)
    model = similarity.load()
    for label, f, answers in (("choose", choose_f, choose_answers), ("fresh", fresh_f, fresh_answers)):
        print(
            f"  product as shipped, {label}: "
            f"{right_or_none(list(zip(f['product'], answers, strict=True)), model.threshold, model.crowding):.3f}"
        )
    evaluate("product (re-chosen)", lambda f: f["product"])
    for key in ("cos64", "cos128", "cos256", "passage", "chunks2x64", "chunks4x64"):
        evaluate(f"MiniLM {key} alone", lambda f, key=key: f[key])
    for key in ("cos64", "cos128", "cos256", "passage", "chunks2x64", "chunks4x64"):
        for w in (0.25, 0.5, 0.75, 1.0, 1.5):
            evaluate(f"product + {w} × {key}", lambda f, key=key, w=w: f["product"] + w * f[key])
    weight = similarity.load().meaning_weight
    for key in ("cos128", "cos256", "passage", "chunks4x64"):
        for w in (0.3, 0.5, 0.75, 1.0):
            evaluate(
                f"product, {w} × {key} instead of static",
                lambda f, key=key, w=w: f["product"] - weight * f["static"] + w * f[key],
            )
    for w in (0.5, 1.0):
        evaluate(
            f"product + {w} × max(cos128, passage)",
            lambda f, w=w: f["product"] + w * np.maximum(f["cos128"], f["passage"]),
        )


def speed(path: Path) -> None:
    """CPU and wall time to embed one development contact cut to N word pieces, one thread, no cache."""
    encoder = Encoder(path, threads=1)
    contacts = [c for c, _, _ in text_pairs.pairs("dev")][:300]
    for longest in (64, 128, 256):
        encoder.cache = {}
        for c in contacts[:10]:
            encoder.embed([c], longest)
        encoder.cache = {}
        wall, cpu = [], []
        for c in contacts:
            started, started_cpu = time.perf_counter(), time.process_time()
            encoder.embed([c], longest)  # tokenising included
            wall.append((time.perf_counter() - started) * 1e3)
            cpu.append((time.process_time() - started_cpu) * 1e3)
        print(
            f"  {path.stem} contact cut to {longest} pieces: wall p50 {np.percentile(wall, 50):.1f} "
            f"p99 {np.percentile(wall, 99):.1f} ms, CPU p50 {np.percentile(cpu, 50):.1f} "
            f"p99 {np.percentile(cpu, 99):.1f} ms (load {__import__('os').getloadavg()[0]:.1f})",
            flush=True,
        )


def learned(pair_f, same, choose_f, choose_answers, fresh_f, fresh_answers) -> None:
    """Where right-or-none is lost (the best complaint wrong, or the decision to name one), and a logistic decider
    on the top complaint's features, fitted on the choosing cases and measured on the fresh ones."""
    from sklearn.linear_model import LogisticRegression

    model = similarity.load()
    keys = ("product", "cos128", "cos256", "passage", "chunks4x64")

    def decompose(name, scores, answers, cut):
        top = scores.argmax(1)
        best = scores.max(1)
        has = np.array([a is not None for a in answers])
        right_top = np.array([a is not None and t == a for t, a in zip(top, answers, strict=True)])
        named = best >= cut
        print(
            f"  {name:<34} answer cases: best is right {right_top[has].mean():.3f}, named {named[has].mean():.3f}, "
            f"right and named {(right_top & named)[has].mean():.3f}; none cases: said none {(~named)[~has].mean():.3f}"
        )

    cut = model.threshold + model.crowding * np.log(3)
    decompose("product as shipped (fresh)", fresh_f["product"], fresh_answers, cut)

    # rank by a combination with MiniLM, decide by the product's own score of that complaint (its own threshold
    # and slope): MiniLM picks the right complaint more often; does the product's bar keep the "none" answers?
    for key in ("cos256", "passage"):
        for w in (0.5, 1.0):
            for instead in (False, True):

                def ranker(f, key=key, w=w, instead=instead):
                    return f["product"] - (model.meaning_weight * f["static"] if instead else 0) + w * f[key]

                out = []
                for f, answers in ((choose_f, choose_answers), (fresh_f, fresh_answers)):
                    top = ranker(f).argmax(1)
                    named = f["product"][np.arange(len(top)), top] >= cut
                    out.append(np.mean([(t if n else None) == a for t, n, a in zip(top, named, answers, strict=True)]))
                label = f"product{' - static' if instead else ''} + {w} {key}"
                print(f"  ranked by {label:<30} decided by the product's score: choose {out[0]:.3f} fresh {out[1]:.3f}")

    def case_features(f, ranker):
        scores = ranker(f)
        order = np.argsort(-scores, axis=1)
        rows = np.arange(len(scores))
        top, second = order[:, 0], order[:, 1]
        cols = [scores[rows, top], scores[rows, top] - scores[rows, second]]
        for k in keys:
            cols += [f[k][rows, top], f[k][rows, top] - f[k][rows, second]]
        return np.column_stack(cols), top

    for rname, ranker in (
        ("product", lambda f: f["product"]),
        ("product + 0.5 cos256", lambda f: f["product"] + 0.5 * f["cos256"]),
        ("product + 0.75 passage", lambda f: f["product"] + 0.75 * f["passage"]),
    ):
        xc, tc = case_features(choose_f, ranker)
        yc = np.array([a is not None and t == a for t, a in zip(tc, choose_answers, strict=True)])
        xf, tf = case_features(fresh_f, ranker)
        for cols, label in ((slice(0, 2), "top score and gap"), (slice(None), "all features")):
            clf = LogisticRegression(C=1.0, max_iter=2000).fit(xc[:, cols], yc)
            pc = clf.predict_proba(xc[:, cols])[:, 1]
            grid = np.round(np.arange(0.2, 0.8, 0.01), 2)

            def ron(p, top, answers, g):
                return np.mean([(t if q >= g else None) == a for q, t, a in zip(p, top, answers, strict=True)])

            g = grid[int(np.argmax([ron(pc, tc, choose_answers, g) for g in grid]))]
            pf = clf.predict_proba(xf[:, cols])[:, 1]
            print(
                f"  ranked by {rname:<24} decided by {label:<18} choose {ron(pc, tc, choose_answers, g):.3f} "
                f"fresh {ron(pf, tf, fresh_answers, g):.3f} (cut {g})",
                flush=True,
            )


if __name__ == "__main__":
    main()
