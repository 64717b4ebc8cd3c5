"""Development figures of the threat patterns (``indicators/abuse_threats.py``), alone and in the product (issue 16,
fourth round, threats).

    nice -n 10 .venv/bin/python benchmarks/dev_threats.py [--show-misses A] [--show-false]

Development data only, never a held-out set (``benchmarks/eval_text.py`` measures those). Recall: the Gab Hate
Corpus's calls for violence (posts not trained on; its licence is unconfirmed, so only patterns written in general
form may come of it) cut into two halves with a fixed seed — half A to write patterns on, half B to check them —,
the project's violence and threat development sets, HateCheck's threat cases. False alarms of the patterns alone
on ordinary text trained on or used for development (as counted in the third round): Comcast's first half, the
Amazon reviews, BANKING77 train, ConvAbuse validation non-abusive, Davidson "neither", HateCheck non-hateful,
Stormfront non-hate; and the Gab Hate Corpus's posts that are neither hateful nor a call for violence.
``--show-misses A`` lists half A's calls for violence the product misses (never half B's); ``--show-false`` lists
the ordinary texts the patterns flag.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import text_corpora as corpora  # noqa: E402
import train_abuse  # noqa: E402
from text_sets_threats_dev import DEV_ORDINARY, DEV_THREATS  # noqa: E402
from text_sets_violence_dev import DEV_NOT_VIOLENT, DEV_VIOLENT  # noqa: E402

from faircontact.indicators import abuse  # noqa: E402
from faircontact.indicators.abuse_text import normalise, sentences  # noqa: E402
from faircontact.indicators.abuse_threats import threats  # noqa: E402


def patterns(texts: list[str]) -> list[bool]:
    return [bool(threats(sentences(normalise(t)))) for t in texts]


def product(texts: list[str]) -> list[bool]:
    return [r is not None for r in abuse.possible_abuse_many(texts)]


def gab_calls_for_violence() -> tuple[list[str], list[str], list[str]]:
    """Half A and half B of the Gab Hate Corpus's calls for violence not trained on, and its posts neither hateful
    nor a call for violence."""
    trained = {train_abuse._key(t) for name in train_abuse.EXTRA for t, _ in train_abuse.extra(name)[0]}
    gab = [x for split in ("train", "test") for x in corpora.gab_hate(split) if train_abuse._key(x[0]) not in trained]
    violent = sorted({t for t, _, v in gab if v})
    a, b = corpora.split(violent, 0.5, seed=1616)
    return a, b, [t for t, h, v in gab if not h and not v]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-misses", choices=["A"], help="list half A's calls for violence the product misses")
    parser.add_argument("--show-false", action="store_true", help="list the ordinary texts the patterns flag")
    args = parser.parse_args()
    half_a, half_b, gab_plain = gab_calls_for_violence()
    for name, texts in (("A (written on)", half_a), ("B (checked on)", half_b)):
        alone, flagged = patterns(texts), product(texts)
        print(
            f"  Gab calls for violence, half {name:<16} patterns {sum(alone)} / product {sum(flagged)} of {len(texts)}"
        )
        if args.show_misses == "A" and name.startswith("A"):
            for text, flag in zip(texts, flagged, strict=True):
                if not flag:
                    print("      MISS", text[:300])
    print(
        f"  violence urged on people                    patterns {sum(patterns(DEV_VIOLENT))} / product "
        f"{sum(product(DEV_VIOLENT))} of {len(DEV_VIOLENT)}; ordinary flagged {sum(product(DEV_NOT_VIOLENT))} of "
        f"{len(DEV_NOT_VIOLENT)}"
    )
    print(
        f"  threats to staff                            patterns {sum(patterns(DEV_THREATS))} / product "
        f"{sum(product(DEV_THREATS))} of {len(DEV_THREATS)}; ordinary flagged {sum(product(DEV_ORDINARY))} of "
        f"{len(DEV_ORDINARY)}"
    )
    hatecheck = corpora.hatecheck()
    for kind in ("threat_dir_h", "threat_norm_h"):
        cases = [t for t, _, f in hatecheck if f == kind]
        print(f"  HateCheck {kind:<33} patterns {sum(patterns(cases))} of {len(cases)}")
    letters = train_abuse.data(())[2]
    print(f"  development letters and reviews, product    {sum(product(letters))} of {len(letters)}")
    ordinary = {
        "Comcast first half": train_abuse.comcast_halves()[0],
        "Amazon reviews": [t for t, _ in corpora.amazon()],
        "BANKING77 train": [t for t, _ in corpora.banking("train")],
        "ConvAbuse validation non-abusive": [t for t, y in corpora.convabuse("valid") if not y],
        'Davidson "neither"': [t for t, y in corpora.davidson() if not y],
        "HateCheck non-hateful": [t for t, y, _ in hatecheck if not y],
        "Stormfront non-hate": [t for t, y in corpora.stormfront() if not y],
        "Gab neither hateful nor violent": gab_plain,
    }
    for name, texts in ordinary.items():
        flags = patterns(texts)
        print(f"  patterns alone, {name:<34} {sum(flags)} of {len(texts)}")
        if args.show_false:
            for text, flag in zip(texts, flags, strict=True):
                if flag:
                    print("      FALSE", threats(sentences(normalise(text))), "|", text[:200].replace("\n", " "))


if __name__ == "__main__":
    main()
