"""Measure the two text judgements on public text they were not trained or tuned on (docs/text-analysis.md).

    nice -n 10 .venv/bin/python benchmarks/eval_text.py              # everything but the slow MiniLM comparison
    nice -n 10 .venv/bin/python benchmarks/eval_text.py --minilm     # also the full transformer, for comparison
    nice -n 10 .venv/bin/python benchmarks/eval_text.py --misses     # and list false alarms and misses

Possible abuse (``indicators.abuse.possible_abuse``, the function the gate, the importer and the UI call):
false alarms on ordinary real correspondence (the held-out half of the Comcast FCC complaints, BANKING77's test
requests), precision / recall / F1 of the abusive class on ConvAbuse's test split and on ETHOS (never trained on),
recall on threats of violence (ETHOS comments most raters called violent, and the subset aimed at a person), and
the same on the project's blind hand-written set (``text_sets_blind.py``: threats to staff written for the
project; never tuned on). Alongside: the model alone, the threat patterns alone and alt-profanity-check at 0.5.

Same issue or new (``gate.similarity.same_issue``): the pairs and three-complaint cases of ``text_pairs.py``
(test half), against TF-IDF cosine with a threshold from the development half. Speed: one gate check (both
judgements on one contact with three complaints), p50 and p99 over the held-out letters; memory: resident set
added by loading both models. 95 % intervals: Wilson for proportions.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import text_corpora as corpora  # noqa: E402
import text_pairs  # noqa: E402
from text_sets_blind import BLIND_ABUSIVE, BLIND_NOT_ABUSIVE  # noqa: E402
from text_sets_threats_dev import DEV_ORDINARY, DEV_THREATS  # noqa: E402
from text_sets_violence_dev import DEV_NOT_VIOLENT, DEV_VIOLENT  # noqa: E402
from train_abuse import comcast_halves  # noqa: E402


def wilson(k: int, n: int) -> str:
    if not n:
        return "n/a"
    z, p = 1.96, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return f"{p:.1%} ({max(0, centre - half):.1%}–{min(1, centre + half):.1%}, {k}/{n})"


def prf(flags, labels) -> str:
    flags, labels = np.asarray(flags, bool), np.asarray(labels, bool)
    tp = int((flags & labels).sum())
    p = tp / max(1, flags.sum())
    r = tp / max(1, labels.sum())
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, flagged {int(flags.sum())}, abusive {int(labels.sum())})"


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def abuse(show: bool) -> None:
    before = rss_mb()
    started = time.perf_counter()
    from profanity_check import predict_prob

    from faircontact.indicators import abuse_model
    from faircontact.indicators.abuse import possible_abuse
    from faircontact.indicators.abuse_text import normalise, sentences
    from faircontact.indicators.abuse_threats import threats

    model = abuse_model.load()
    print(f"abuse model loaded in {time.perf_counter() - started:.2f} s, threshold {model.threshold:.2f}")

    def product(texts):
        return [possible_abuse(t) is not None for t in texts]

    def learned(texts):
        return [abuse_model.score(model, t)[0] >= model.threshold for t in texts]

    def rules(texts):
        return [bool(threats(sentences(normalise(t)))) for t in texts]

    def profanity(texts):
        return list(predict_prob(texts) >= 0.5) if texts else []

    methods = {"product": product, "model alone": learned, "threat patterns alone": rules, "profanity-check": profanity}

    print("\n## Possible abuse: false alarms on ordinary real correspondence (not trained or tuned on)")
    _, letters = comcast_halves()
    banking = [t for t, _ in corpora.banking("test")]
    for name, texts in (("Comcast FCC complaints, held-out half", letters), ("BANKING77 test requests", banking)):
        for method, run in methods.items():
            flags = run(texts)
            print(f"  {name:<40} {method:<22} {wilson(sum(flags), len(texts))}")
        if show:
            for t, f in zip(texts, product(texts), strict=True):
                if f:
                    print("     FALSE ALARM:", possible_abuse(t)["triggers"], "|", t[:160].replace("\n", " "))
    lengths = np.array([len(t) for t in letters])
    flags = np.array(product(letters))
    for low, high in ((0, 480), (480, 1450), (1450, 10**9)):
        pick = (lengths >= low) & (lengths < high)
        upper = high if high < 10**9 else "∞"
        print(f"    by length {low}-{upper} characters: {wilson(int(flags[pick].sum()), int(pick.sum()))}")

    print("\n## Possible abuse: public abusive-language test sets (not trained or tuned on)")
    sets = {
        "ConvAbuse test split": corpora.convabuse("test"),
        "ETHOS (YouTube, Reddit)": corpora.ethos(),
        "blind hand-written set (project)": [(t, True) for t in BLIND_ABUSIVE]
        + [(t, False) for t in BLIND_NOT_ABUSIVE],
    }
    for name, items in sets.items():
        texts, labels = [t for t, _ in items], [y for _, y in items]
        for method, run in methods.items():
            print(f"  {name:<34} {method:<22} {prf(run(texts), labels)}")
        if show:
            for (t, y), f in zip(items, product(texts), strict=True):
                if f != y:
                    print("     MISS" if y else "     FALSE ALARM", "|", t[:160].replace("\n", " "))

    print("\n## Possible abuse: recall on threats of violence")
    violent = corpora.ethos_violent()
    threat_sets = {
        "ETHOS violent, aimed at a person": [t for t, directed in violent if directed],
        "ETHOS violent, all": [t for t, _ in violent],
        "blind set's threats to staff (project)": BLIND_ABUSIVE[:20],
    }
    for name, texts in threat_sets.items():
        for method, run in methods.items():
            print(f"  {name:<40} {method:<22} recall {wilson(sum(run(texts)), len(texts))}")
        if show:
            for t, f in zip(texts, product(texts), strict=True):
                if not f:
                    print("     MISSED:", t[:160])
    print("\n## Development sets, for reference (the threat patterns were written on these: not held out)")
    storm = corpora.stormfront()
    storm_flags = product([t for t, _ in storm])
    print(f"  Stormfront sentences (hate or not)       product  {prf(storm_flags, [y for _, y in storm])}")
    caught, flagged = sum(product(DEV_THREATS)), sum(product(DEV_ORDINARY))
    print(f"  threats to staff (text_sets_threats_dev)  product  recall {wilson(caught, len(DEV_THREATS))}")
    print(f"  the same words, ordinary                  product  flagged {wilson(flagged, len(DEV_ORDINARY))}")
    caught, flagged = sum(product(DEV_VIOLENT)), sum(product(DEV_NOT_VIOLENT))
    print(f"  violence urged on people (violence_dev)   product  recall {wilson(caught, len(DEV_VIOLENT))}")
    print(f"  the same words, ordinary                  product  flagged {wilson(flagged, len(DEV_NOT_VIOLENT))}")
    print(f"\nresident memory added by the abuse model: {rss_mb() - before:.0f} MB")


def same_issue_eval(minilm: bool) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from faircontact.gate import similarity

    before = rss_mb()
    model = similarity.load()
    print(f"\n## Same issue or new (test half; threshold {model.threshold:.3f}, lean to new {model.lean_new:.3f})")
    print(f"   resident memory added by the embeddings: {rss_mb() - before:.0f} MB")
    dev, test = text_pairs.pairs("dev"), text_pairs.pairs("test")
    truth = np.array([kind == "same" for *_, kind in test])
    kinds = np.array([kind for *_, kind in test])

    def report(name, same):
        same = np.asarray(same, bool)
        accuracy = int((same == truth).sum())
        new = ~truth
        print(f"  {name:<46} accuracy {wilson(accuracy, len(truth))}")
        print(f"  {'':<46} new-issue recall {wilson(int((~same & new).sum()), int(new.sum()))}")
        for kind in ("same", "new_same_area", "new_other_area"):
            pick = kinds == kind
            right = (same[pick] == (kind == "same")).sum()
            print(f"  {'':<46}   {kind:<15} right {wilson(int(right), int(pick.sum()))}")

    # The organisation's typical complaint, read from its recent complaints (here test-half records) as the gate
    # reads it once it has similarity.load().typical_minimum of them; "fewer complaints": an organisation without.
    usual = similarity.typical(text_pairs.organisation("test", similarity.TYPICAL_OF))
    for typical, lean in itertools.product((usual, None), (False, True)):
        guesses = [similarity.same_issue(c, [(1, r)], lean_new=lean, typical=typical) is not None for c, r, _ in test]
        report(f"product{'' if typical else ', fewer complaints'}{' (lean to new)' if lean else ''}", guesses)

    tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit(
        [c for c, _, _ in dev] + [r for _, r, _ in dev]
    )

    def cosines(items):
        a = tfidf.transform([c for c, _, _ in items])
        b = tfidf.transform([r for _, r, _ in items])
        return np.asarray(a.multiply(b).sum(1)).ravel()

    dev_truth = np.array([k == "same" for *_, k in dev])
    dev_scores = cosines(dev)
    grid = np.unique(np.round(dev_scores, 3))
    cut = grid[int(np.argmax([((dev_scores >= t) == dev_truth).mean() for t in grid]))]
    report(f"TF-IDF cosine ≥ {cut:.3f} (from the development half)", cosines(test) >= cut)
    report("always 'same'", np.ones(len(test), bool))

    if minilm:
        from minilm_numpy import MiniLM

        full = MiniLM()
        ea, eb = full.embed([c for c, _, _ in dev]), full.embed([r for _, r, _ in dev])
        dev_full = (ea * eb).sum(1)
        grid = np.unique(np.round(dev_full, 3))
        cut_full = grid[int(np.argmax([((dev_full >= t) == dev_truth).mean() for t in grid]))]
        ta, tb = full.embed([c for c, _, _ in test]), full.embed([r for _, r, _ in test])
        report(f"full MiniLM-L6 (numpy) cosine ≥ {cut_full:.3f}", (ta * tb).sum(1) >= cut_full)

    print("\n  With three complaints on record: the right one, or none when none is (test half)")
    for label, cases in (
        ("300 cases (seed 17)", text_pairs.triples("test")),
        (
            "1,200 cases (seeds 17, 101-103)",
            [c for seed in (17, 101, 102, 103) for c in text_pairs.triples("test", seed=seed)],
        ),
    ):
        print(f"  {label}")
        three_complaints(similarity, cases, usual)


def three_complaints(similarity, cases, usual) -> None:
    for typical, lean in itertools.product((usual, None), (False, True)):
        right = 0
        named_wrong = 0
        for contact, records, answer in cases:
            found = similarity.same_issue(contact, list(enumerate(records)), lean_new=lean, typical=typical)
            guess = None if found is None else int(found["complaint"])
            right += guess == answer
            named_wrong += guess is not None and guess != answer
        label = f"product{'' if typical else ', fewer complaints'}{' (lean to new)' if lean else ''}"
        print(
            f"  {label:<46} right one or none {wilson(right, len(cases))}; "
            f"named the wrong complaint {named_wrong} times in {len(cases)}"
        )
    always_none = sum(answer is None for *_, answer in cases)
    print(f"  {'always none':<46} right one or none {wilson(always_none, len(cases))}")


def speed() -> None:
    from faircontact.gate.similarity import TYPICAL_OF, same_issue, typical
    from faircontact.indicators.abuse import possible_abuse

    _, letters = comcast_halves()
    complaints = [
        (1, "Internet speed far below what I pay for"),
        (2, "Billed twice for the same month"),
        (3, "Engineer missed the appointment"),
    ]
    usual = typical(text_pairs.organisation("test", TYPICAL_OF))
    for t in letters[:20]:
        possible_abuse(t), same_issue(t, complaints, typical=usual)
    times, cpu = [], []
    for t in letters[:600]:
        started, started_cpu = time.perf_counter(), time.process_time()
        possible_abuse(t)
        same_issue(t, complaints, typical=usual)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times, cpu = np.array(times), np.array(cpu)
    lengths = np.array([len(t) for t in letters[:600]])
    print(
        f"\n## Speed: one check (possible abuse + same issue against 3 complaints), {len(times)} held-out letters "
        f"(median {int(np.median(lengths))} characters, longest {lengths.max()})"
    )
    print(
        f"  p50 {np.percentile(times, 50):.1f} ms  p90 {np.percentile(times, 90):.1f} ms  "
        f"p99 {np.percentile(times, 99):.1f} ms  max {times.max():.1f} ms"
    )
    print(
        f"  CPU time: p50 {np.percentile(cpu, 50):.1f} ms  p99 {np.percentile(cpu, 99):.1f} ms "
        f"(load average while measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(f"  peak resident memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def _private_mb(pid: int) -> float:
    """Memory only this process holds (``Private_Clean + Private_Dirty`` of ``smaps_rollup``), in MB."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        fields = {line.split(":")[0]: line.split()[1] for line in f if line.startswith("Private_")}
    return (int(fields["Private_Clean"]) + int(fields["Private_Dirty"])) / 1024


def _worker(checks: int) -> float:
    """Fork a worker as gunicorn's preload does, run ``checks`` checks in it, return its private memory (MB)."""
    import gc

    from faircontact.gate.similarity import same_issue
    from faircontact.indicators.abuse import possible_abuse

    read, write = os.pipe()
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        _, letters = comcast_halves()
        for t in letters[:checks]:
            possible_abuse(t), same_issue(t, [(1, "Internet speed far below what I pay for"), (2, "Billed twice")])
        os.write(write, f"{_private_mb(os.getpid()):.1f}".encode())
        os._exit(0)
    os.close(write)
    value = float(os.read(read, 64).decode())
    os.waitpid(pid, 0)
    return value


def memory() -> None:
    """What the text checks add to a gunicorn worker with ``preload_app``: the master loads both models before
    forking (shared by every worker, counted once), and each worker then holds privately only what it allocates
    while checking (caches, copies of pages it writes)."""
    _, letters = comcast_halves()  # the corpora read first, so neither side counts them
    idle = _worker(0)  # a worker forked before the models are loaded, that checks nothing
    before = rss_mb()
    from faircontact.gate.similarity import load as load_similarity
    from faircontact.indicators.abuse import possible_abuse

    possible_abuse("warm up the text models")
    load_similarity()
    shared = rss_mb() - before
    busy = _worker(600)
    print(
        f"\n## Memory (gunicorn preload): the models add {shared:.0f} MB to the master, shared by its workers; "
        f"a worker forked after them and running 600 checks holds {busy:.0f} MB privately "
        f"(one that checks nothing: {idle:.0f} MB), so each worker adds {busy - idle:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--minilm", action="store_true")
    parser.add_argument("--only", choices=("abuse", "same", "speed", "memory"))
    args = parser.parse_args()
    if args.only == "memory":
        memory()
        return
    if args.only in (None, "speed"):
        speed()
    if args.only in (None, "abuse"):
        abuse(args.misses)
    if args.only in (None, "same"):
        same_issue_eval(args.minilm)


if __name__ == "__main__":
    main()
