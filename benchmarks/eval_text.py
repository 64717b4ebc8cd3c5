"""Precision, recall and F1 of the text analysis on the labelled sets in ``benchmarks/text_sets.py``.

    .venv/bin/python benchmarks/eval_text.py

Each on a development set (the one the lexicon, concepts and thresholds were tuned on) and a held-out set
written after they were frozen. Possible abuse: the lexicon alone, the profanity model alone, and both
(what the product uses).
Same issue or new: the product's concept matching against the earlier rapidfuzz ``token_set_ratio`` at 0.55.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from rapidfuzz import fuzz  # noqa: E402
from text_sets import (  # noqa: E402
    abuse_set,
    final_abuse_set,
    fourth_abuse_set,
    held_out_abuse_set,
    held_out_same_issue_set,
    same_issue_set,
)

from faircontact.gate.similarity import same_issue  # noqa: E402
from faircontact.indicators.abuse import MODEL_THRESHOLD, lexicon_hits, model_scores, possible_abuse  # noqa: E402


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def line(name: str, tp: int, fp: int, fn: int) -> str:
    p, r, f = prf(tp, fp, fn)
    return f"  {name:<34} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}   (tp {tp}, fp {fp}, fn {fn})"


def evaluate_abuse(items, title: str, show_misses: bool) -> None:
    print(
        f"Possible abuse, {title}: {sum(label for _, label in items)} abusive, "
        f"{sum(not label for _, label in items)} not abusive"
    )
    methods = {
        "lexicon only": lambda t: bool(lexicon_hits(t)),
        f"profanity model only (>= {MODEL_THRESHOLD})": lambda t: model_scores(t)[0] >= MODEL_THRESHOLD,
        "lexicon + model (the product)": lambda t: possible_abuse(t) is not None,
    }
    for name, flag in methods.items():
        tp = fp = fn = 0
        misses = []
        for text, label in items:
            guess = flag(text)
            tp += guess and label
            fp += guess and not label
            fn += label and not guess
            if guess != label:
                misses.append(("missed" if label else "false alarm", text))
        print(line(name, tp, fp, fn))
        if show_misses and name.startswith("lexicon +"):
            for kind, text in misses:
                print(f"      {kind}: {text}")


def evaluate_same_issue(items, title: str, show_misses: bool) -> None:
    print(
        f"\nSame issue or new, {title}: {sum(a is not None for *_, a in items)} about a complaint, "
        f"{sum(a is None for *_, a in items)} new"
    )

    def old(text, complaints):
        scored = max(((fuzz.token_set_ratio(text.lower(), s.lower()) / 100, c) for c, s in complaints))
        return scored[1] if scored[0] >= 0.55 else None

    def new(text, complaints):
        found = same_issue(text, complaints)
        return int(found["complaint"]) if found else None

    for name, method in (("rapidfuzz token_set_ratio (before)", old), ("concept matching (the product)", new)):
        same = [0, 0, 0]
        fresh = [0, 0, 0]
        correct = 0
        misses = []
        for text, complaints, answer in items:
            guess = method(text, complaints)
            correct += guess == answer
            if guess is not None:
                same[0 if guess == answer else 1] += 1
            if answer is not None and guess != answer:
                same[2] += 1
            if guess is None:
                fresh[0 if answer is None else 1] += 1
            elif answer is None:
                fresh[2] += 1
            if guess != answer:
                misses.append((answer, guess, text))
        print(f"  {name}: accuracy {correct / len(items):.3f}")
        print(line("  same complaint", *same))
        print(line("  something new", *fresh))
        if show_misses and name.startswith("concept"):
            for answer, guess, text in misses[:15]:
                print(f"      expected {answer}, got {guess}: {text}")


if __name__ == "__main__":
    misses = "--misses" in sys.argv
    evaluate_abuse(abuse_set(), "development set", misses)
    evaluate_abuse(held_out_abuse_set(), "second set (held out, then used to widen the lexicon)", misses)
    evaluate_abuse(final_abuse_set(), "third set (held out, then used to add sentence rules)", misses)
    evaluate_abuse(fourth_abuse_set(), "fourth set (held out: evaluated once, nothing changed after)", misses)
    evaluate_same_issue(same_issue_set(), "development set", misses)
    evaluate_same_issue(held_out_same_issue_set(), "held-out set", misses)
