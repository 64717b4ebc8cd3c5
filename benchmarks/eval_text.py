"""Precision, recall and F1 of the text analysis on the labelled sets in ``benchmarks/text_sets.py``.

    .venv/bin/python benchmarks/eval_text.py            # add --misses to list every miss and false alarm

Possible abuse: the sentence rules alone, the profanity model alone, and both (what the product uses), on
every set (all of them were seen while writing the rules: see docs/text-analysis.md for what each figure
means); and, for comparison, a small learned model (TF-IDF word and character n-grams, logistic regression)
evaluated leave-one-set-out over the four original sets (trained on three, tested on the fourth) and, trained
on all four, on the blind set. The fifth, blind held-out set (``benchmarks/text_sets_blind.py``) was written by
someone else while the rules were being written, and was run once, after the rules were committed (ae6d2d6).
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
    author_abuse_set,
    final_abuse_set,
    fourth_abuse_set,
    held_out_abuse_set,
    held_out_same_issue_set,
    probe_abuse_set,
    same_issue_set,
    second_probe_abuse_set,
    third_probe_abuse_set,
)
from text_sets_blind import blind_set  # noqa: E402

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
        "sentence rules only": lambda t: bool(lexicon_hits(t)),
        f"profanity model only (>= {MODEL_THRESHOLD})": lambda t: model_scores(t)[0] >= MODEL_THRESHOLD,
        "rules + model (the product)": lambda t: possible_abuse(t) is not None,
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
        if show_misses and name.startswith("rules +"):
            for kind, text in misses:
                print(f"      {kind}: {text}")


def learned_model(train: list[tuple[str, bool]]):
    """TF-IDF word and character n-grams with logistic regression, fitted on ``train``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    model = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        ),
        LogisticRegression(max_iter=2000, class_weight="balanced"),
    )
    return model.fit([t for t, _ in train], [label for _, label in train])


def evaluate_learned(sets: dict[str, list[tuple[str, bool]]], blind: list[tuple[str, bool]]) -> None:
    """The learned model trained on all sets but one and tested on that one, in turn; then on all, tested blind."""
    print("\nPossible abuse, learned model for comparison (leave one set out: trained on the others)")
    runs = [(name, [p for other, pairs in sets.items() if other != name for p in pairs], items)
            for name, items in sets.items()]
    runs.append(("blind set (trained on all four)", [p for pairs in sets.values() for p in pairs], blind))
    for held_out, train, items in runs:
        guesses = learned_model(train).predict([t for t, _ in items])
        tp = sum(bool(g) and label for g, (_, label) in zip(guesses, items, strict=True))
        fp = sum(bool(g) and not label for g, (_, label) in zip(guesses, items, strict=True))
        fn = sum(label and not g for g, (_, label) in zip(guesses, items, strict=True))
        print(line(f"tested on {held_out}", tp, fp, fn))


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
    original = {
        "first set": abuse_set(),
        "second set": held_out_abuse_set(),
        "third set": final_abuse_set(),
        "fourth set": fourth_abuse_set(),
    }
    for name, items in original.items():
        evaluate_abuse(items, f"{name} (development: seen while writing the rules)", misses)
    evaluate_abuse(author_abuse_set(), "author's set (written before the rules, then development)", misses)
    evaluate_abuse(probe_abuse_set(), "probe set (written after a draft of the rules, then development)", misses)
    evaluate_abuse(second_probe_abuse_set(), "second probe set (same, later draft, then development)", misses)
    evaluate_abuse(third_probe_abuse_set(), "third probe set (same, later draft, then development)", misses)
    blind = blind_set(seed=11)
    evaluate_abuse(blind, "fifth, blind held-out set (written by someone else; evaluated once)", misses)
    evaluate_learned(original, blind)
    evaluate_same_issue(same_issue_set(), "development set", misses)
    evaluate_same_issue(held_out_same_issue_set(), "held-out set", misses)
