"""Precision, recall and F1 of the text analysis on the labelled sets in ``benchmarks/text_sets.py``.

    .venv/bin/python benchmarks/eval_text.py            # add --misses to list every miss and false alarm
    .venv/bin/python benchmarks/eval_text.py --development   # everything but the blind set

Possible abuse: the sentence rules, the profanity model and the learned model (:mod:`abuse_model`), alone and
together (the product), on every development set (the rules were written on them and the learned model is
trained on them, so these figures are in-sample); then the learned model leave-one-set-out over the eight
development sets (trained on the other seven, tested on the eighth), alone and with the rules; then, once, the
fifth, blind held-out set (``benchmarks/text_sets_blind.py``), written by someone else and never trained or
tuned on (run on the rules once after ae6d2d6, on the learned model and the product once after 2169249).
Two checks of false alarms: the 400 ordinary messages of the held-out same-issue set (none abusive), and
letters of five hard negatives each from a left-out set. Same issue or new: the product's concept matching
against the earlier rapidfuzz ``token_set_ratio`` at 0.55.
"""

from __future__ import annotations

import random
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
from faircontact.indicators import abuse_model  # noqa: E402
from faircontact.indicators.abuse import MODEL_THRESHOLD, lexicon_hits, model_scores, possible_abuse  # noqa: E402


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def line(name: str, tp: int, fp: int, fn: int) -> str:
    p, r, f = prf(tp, fp, fn)
    return f"  {name:<34} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}   (tp {tp}, fp {fp}, fn {fn})"


def counts(guesses, items) -> tuple[int, int, int]:
    tp = sum(bool(g) and label for g, (_, label) in zip(guesses, items, strict=True))
    fp = sum(bool(g) and not label for g, (_, label) in zip(guesses, items, strict=True))
    fn = sum(label and not g for g, (_, label) in zip(guesses, items, strict=True))
    return tp, fp, fn


def learned(model):
    """Whether ``model`` alone calls a text possibly abusive."""
    return lambda t: abuse_model.score(model, t)[0] >= abuse_model.THRESHOLD


def combined(model):
    """The product's decision with ``model`` as its learned model."""

    def flag(text: str) -> bool:
        score, words = model_scores(text)
        return bool(lexicon_hits(text)) or (score >= MODEL_THRESHOLD and bool(words)) or learned(model)(text)

    return flag


def evaluate_abuse(items, title: str, show_misses: bool) -> None:
    print(
        f"Possible abuse, {title}: {sum(label for _, label in items)} abusive, "
        f"{sum(not label for _, label in items)} not abusive"
    )
    methods = {
        "sentence rules only": lambda t: bool(lexicon_hits(t)),
        f"profanity model only (>= {MODEL_THRESHOLD})": lambda t: model_scores(t)[0] >= MODEL_THRESHOLD,
        f"learned model only (>= {abuse_model.THRESHOLD})": learned(abuse_model.trained()),
        "rules + both models (the product)": lambda t: possible_abuse(t) is not None,
    }
    for name, flag in methods.items():
        guesses = [flag(text) for text, _ in items]
        print(line(name, *counts(guesses, items)))
        if show_misses and name.startswith("rules +"):
            for guess, (text, label) in zip(guesses, items, strict=True):
                if guess != label:
                    print(f"      {'missed' if label else 'false alarm'}: {text}")


def evaluate_left_out(sets: dict[str, list[tuple[str, bool]]], show_misses: bool) -> None:
    """The learned model trained on all development sets but one and tested on that one, in turn, alone and
    with the rules (which were written on every set, so the second figure flatters them)."""
    print("\nPossible abuse, learned model leave one set out (trained on the other seven development sets)")
    total = {"learned model only": [0, 0, 0], "with the rules and the profanity model": [0, 0, 0]}
    for held_out, items in sets.items():
        model = abuse_model.fit(abuse_model.corpus(exclude=[held_out]))
        guesses = [learned(model)(text) for text, _ in items]
        found = counts(guesses, items)
        both = counts([combined(model)(text) for text, _ in items], items)
        for key, got in zip(total, (found, both), strict=True):
            total[key] = [x + y for x, y in zip(total[key], got, strict=True)]
        print(line(f"tested on {held_out}", *found))
        if show_misses:
            for guess, (text, label) in zip(guesses, items, strict=True):
                if guess != label:
                    print(f"      {'missed' if label else 'false alarm'}: {text}")
    for key, got in total.items():
        print(line(f"all eight, {key}", *got))


def evaluate_false_alarms(sets: dict[str, list[tuple[str, bool]]]) -> None:
    """False alarms on ordinary messages (the held-out same-issue set: the development one is in the corpus),
    and on letters of five hard negatives from a set the model was not trained on."""
    messages = [text for text, *_ in held_out_same_issue_set()]
    flagged = sum(possible_abuse(text) is not None for text in messages)
    print(f"\nFalse alarms on {len(messages)} ordinary messages (held-out same-issue set), the product: {flagged}")
    rng = random.Random(1)
    alarms = letters = 0
    for held_out, items in sets.items():
        model = abuse_model.fit(abuse_model.corpus(exclude=[held_out]))
        negatives = [text for text, label in items if not label]
        for _ in range(20):
            letters += 1
            alarms += combined(model)(" ".join(rng.sample(negatives, 5)))
    print(
        f"False alarms on {letters} letters of five hard negatives from a left-out set (model trained "
        f"without it), rules + both models: {alarms} ({alarms / letters:.2f})"
    )


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
    development = {
        "first": abuse_set(),
        "second": held_out_abuse_set(),
        "third": final_abuse_set(),
        "fourth": fourth_abuse_set(),
        "author": author_abuse_set(),
        "probe": probe_abuse_set(),
        "second probe": second_probe_abuse_set(),
        "third probe": third_probe_abuse_set(),
    }
    assert list(development) == list(abuse_model.SETS)
    for name, items in development.items():
        evaluate_abuse(items, f"{name} set (development: rules written and model trained on it)", misses)
    evaluate_left_out(development, misses)
    evaluate_false_alarms(development)
    if "--development" not in sys.argv:
        blind = blind_set(seed=11)
        evaluate_abuse(blind, "fifth, blind held-out set (written by someone else; evaluated once)", misses)
    evaluate_same_issue(same_issue_set(), "development set", misses)
    evaluate_same_issue(held_out_same_issue_set(), "held-out set", misses)
