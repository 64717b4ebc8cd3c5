"""Development figures of the possible-abuse judgement, for choosing a design (issue 16, fourth round).

    nice -n 10 .venv/bin/python benchmarks/dev_abuse.py [--model PATH] [--group-threshold 0.7]

Development data only, never a held-out set (``benchmarks/eval_text.py`` measures those): the 534 development
letters and reviews (flags counted against the rule of at most 0.5 %), Stormfront's sentences, Davidson's
development part with ConvAbuse's validation split, the project's threat and violence development sets, and the
held-back parts of the fourth round's corpora (``train_abuse.EXTRA_SHARE``) and the Gab Hate Corpus (not trained
on; its licence could not be confirmed here). ``--model`` scores with another
model file than the shipped one (``train_abuse.py --out``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import text_corpora as corpora  # noqa: E402
import train_abuse  # noqa: E402
from text_sets_threats_dev import DEV_ORDINARY, DEV_THREATS  # noqa: E402
from text_sets_violence_dev import DEV_NOT_VIOLENT, DEV_VIOLENT  # noqa: E402

from faircontact.indicators import abuse, abuse_model  # noqa: E402


def prf(flags, labels) -> str:
    flags, labels = np.asarray(flags, bool), np.asarray(labels, bool)
    tp = int((flags & labels).sum())
    p, r = tp / max(1, flags.sum()), tp / max(1, labels.sum())
    return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, default=abuse_model.PATH)
    parser.add_argument("--group-threshold", type=float, default=abuse.GROUP_THRESHOLD)
    parser.add_argument("--letters", action="store_true", help="list the development letters and reviews flagged")
    args = parser.parse_args()
    model = abuse_model.load(args.model)
    abuse_model.load = lambda path=None: model  # what possible_abuse_many reads
    abuse.GROUP_THRESHOLD = args.group_threshold
    print(f"{args.model.name}: threshold {model.threshold:.2f}, group threshold {args.group_threshold:.2f}")

    def product(texts):
        return [r is not None for r in abuse.possible_abuse_many(texts)]

    _, dev, letters = train_abuse.data(())
    flags = product(letters)
    print(f"  development letters and reviews flagged  {sum(flags)} of {len(letters)}")
    if args.letters:
        for text, flag in zip(letters, flags, strict=True):
            if flag:
                print("     ", abuse.possible_abuse(text)["triggers"], "|", text[:140].replace("\n", " "))
    storm = corpora.stormfront()
    print(f"  Stormfront sentences                     {prf(product([t for t, _ in storm]), [y for _, y in storm])}")
    print(f"  Davidson dev + ConvAbuse valid           {prf(product([t for t, _ in dev]), [y for _, y in dev])}")
    print(
        f"  threats to staff                         {sum(product(DEV_THREATS))} of {len(DEV_THREATS)}, "
        f"ordinary flagged {sum(product(DEV_ORDINARY))} of {len(DEV_ORDINARY)}"
    )
    print(
        f"  violence urged on people                 {sum(product(DEV_VIOLENT))} of {len(DEV_VIOLENT)}, "
        f"ordinary flagged {sum(product(DEV_NOT_VIOLENT))} of {len(DEV_NOT_VIOLENT)}"
    )
    for name in train_abuse.EXTRA:
        held = train_abuse.extra(name)[1]
        print(f"  {name + ' held back':<40} {prf(product([t for t, _ in held]), [y for _, y in held])}")
    hx = corpora.split(corpora.hatexplain(), train_abuse.EXTRA_SHARE["hatexplain"])[1]
    print(f"  hatexplain held back, hate speech only   {prf(product([t for t, *_ in hx]), [h for *_, h in hx])}")
    # The Gab Hate Corpus is not trained on (train_abuse.EXTRA): all of it is development data.
    trained = {train_abuse._key(t) for name in train_abuse.EXTRA for t, _ in train_abuse.extra(name)[0]}
    gab = [x for split in ("train", "test") for x in corpora.gab_hate(split) if train_abuse._key(x[0]) not in trained]
    flags = product([t for t, *_ in gab])
    print(f"  Gab Hate Corpus (posts not trained on)   {prf(flags, [h for _, h, _ in gab])}")
    violent = [f for f, (_, _, v) in zip(flags, gab, strict=True) if v]
    print(f"  Gab Hate Corpus, calls for violence      {sum(violent)} of {len(violent)}")


if __name__ == "__main__":
    main()
