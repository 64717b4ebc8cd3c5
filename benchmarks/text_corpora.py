"""The public corpora the text models learn from and are measured on: where each comes from, and loaders.

None of them is committed (see docs/text-analysis.md for their licences): each is a file of a public GitHub
repository at a fixed commit, copied into ``benchmarks/out/corpora/`` (git-ignored). To rebuild, clone the
repository, check out the commit and copy the file there under the name given (``git show COMMIT:PATH >
benchmarks/out/corpora/NAME``); :func:`ensure` does that from a local clone under ``$FAIRCONTACT_MIRRORS``
(``<owner>+<name>/repo``) when one is there. Never add OLID/OffensEval 2019, MRPC or the US CFPB complaint
narratives: they are kept for independent evaluation.
"""

from __future__ import annotations

import csv
import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "corpora"
MIRRORS = Path(os.environ.get("FAIRCONTACT_MIRRORS", "/work/.mirror"))
csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Source:
    name: str
    repo: str
    commit: str
    path: str
    licence: str
    what: str


SOURCES = {
    s.name: s
    for s in (
        Source(
            "davidson.csv",
            "t-davidson/hate-speech-and-offensive-language",
            "cb50f7e9eb855a99abc51423bf40df0e26d6fe30",
            "data/labeled_data.csv",
            "MIT",
            "24,783 tweets labelled hate speech / offensive / neither by CrowdFlower workers (Davidson et al. 2017)",
        ),
        Source(
            "convabuse_train.csv",
            "amandacurry/convabuse",
            "c0a9469f48956e868276c605d499010ea3c7c0d0",
            "2_splits/ConvAbuseEMNLPtrain.csv",
            "CC BY 4.0",
            "users' messages to conversational agents, abuse rated by several annotators (Cercas Curry et al. 2021)",
        ),
        Source(
            "convabuse_valid.csv",
            "amandacurry/convabuse",
            "c0a9469f48956e868276c605d499010ea3c7c0d0",
            "2_splits/ConvAbuseEMNLPvalid.csv",
            "CC BY 4.0",
            "ConvAbuse validation split",
        ),
        Source(
            "convabuse_test.csv",
            "amandacurry/convabuse",
            "c0a9469f48956e868276c605d499010ea3c7c0d0",
            "2_splits/ConvAbuseEMNLPtest.csv",
            "CC BY 4.0",
            "ConvAbuse test split",
        ),
        Source(
            "hatecheck_cases.csv",
            "paul-rottger/hatecheck-data",
            "d84302298ceeb34f4b0dde2d8a1f4932c2caa612",
            "test_suite_cases.csv",
            "CC BY 4.0",
            "HateCheck: 3,728 functional test cases of hateful and non-hateful language (Röttger et al. 2021)",
        ),
        Source(
            "ethos_binary.csv",
            "intelligence-csd-auth-gr/Ethos-Hate-Speech-Dataset",
            "705258e118ce9611ebbd5ab2a4841b0066547293",
            "ethos/ethos_data/Ethos_Dataset_Binary.csv",
            "GPL-3.0 (used only to measure, never to train: nothing derived from it ships)",
            "ETHOS: 998 YouTube and Reddit comments rated hate speech or not (Mollas et al. 2022)",
        ),
        Source(
            "ethos_multi.csv",
            "intelligence-csd-auth-gr/Ethos-Hate-Speech-Dataset",
            "705258e118ce9611ebbd5ab2a4841b0066547293",
            "ethos/ethos_data/Ethos_Dataset_Multi_Label.csv",
            "GPL-3.0 (used only to measure)",
            "ETHOS's 433 hateful comments with the share of raters calling each violent and directed at a person",
        ),
        Source(
            "banking77_train.csv",
            "PolyAI-LDN/task-specific-datasets",
            "57ec275d8078af65b7731c2a98be812d844a6d6b",
            "banking_data/train.csv",
            "CC BY 4.0",
            "BANKING77: 10,003 customer-service requests to a bank in 77 intents (Casanueva et al. 2020)",
        ),
        Source(
            "banking77_test.csv",
            "PolyAI-LDN/task-specific-datasets",
            "57ec275d8078af65b7731c2a98be812d844a6d6b",
            "banking_data/test.csv",
            "CC BY 4.0",
            "BANKING77 test split (3,080 requests)",
        ),
        Source(
            "amazon_reviews.csv",
            "PacktPublishing/Democratizing-Artificial-Intelligence-with-UiPath",
            "61e34966895c202da3a3e9cb476b6c5d01214397",
            "Chapter06/AI_Center_Test/Amazon_Reviews_Dataset/test/test.csv",
            "repository MIT; reviews from Zhang et al.'s Amazon review full-score set (McAuley & Leskovec 2013)",
            "Amazon product reviews with their 1-5 star sentiment",
        ),
        Source(
            "comcast_fcc.csv",
            "vdhar1992/Topic_modelling_repo",
            "ab29e9e6298e30d9e5bb099c62db24b5be2ceaca",
            "data/comcast_fcc_complaints_2015.csv",
            "US FCC informal consumer complaints (public record, as published on Kaggle); repository has no licence",
            "2,225 complaints about Comcast filed with the FCC in 2015, the customers' own words",
        ),
        Source(
            "stormfront",
            "Vicomtech/hate-speech-dataset",
            "b802137e8314c38a8d4faa965f9908d6c8e7a84d",
            "./",
            "CC BY-SA 3.0 ES (used only to develop: to choose the design; nothing derived from it ships)",
            "10,944 sentences of Stormfront forum posts labelled hate or not (de Gibert et al. 2018)",
        ),
        Source(
            "hatexplain.csv",
            "Media-Bias-Group/magpie-multi-task",
            "d9d216480164d5c1f878a83723b7e03ff7487371",
            "datasets/92_HateXplain/preprocessed.csv",
            "MIT (HateXplain, hate-alert/HateXplain); the preprocessed copy in an Apache-2.0 repository",
            "HateXplain (Mathew et al. 2021): 18,962 Gab posts and tweets, most of 3 raters' label normal / offensive /"
            " hate speech, lower-cased and without punctuation (the original's tokens joined)",
        ),
        Source(
            "fox_news_comments.json",
            "sjtuprog/fox-news-comments",
            "914b6bcdff380b16b6a11818e4760529fe23f2f3",
            "fox-news-comments.json",
            "MIT",
            "1,528 comments under ten Fox News stories, 435 labelled hateful (Gao & Huang 2017)",
        ),
        Source(
            "implicit_hate.tsv",
            "liuchaoqun/hate-speech-datasets",
            "98f3ee8104cf87bb91ed3e64c31a3097b9f8de84",
            "implicit-hate-corpus/implicit_hate_v1_stg1_posts.tsv",
            "CC BY 4.0 (the corpus's LICENSE file, copied beside it: implicit-hate-corpus/LICENSE)",
            "Latent Hatred (ElSherief et al. 2021): 21,480 posts of US extremist groups' Twitter accounts and Social"
            " Bias Frames, labelled explicit hate / implicit hate / not hate",
        ),
        Source(
            "implicit_hate_stg2.tsv",
            "liuchaoqun/hate-speech-datasets",
            "98f3ee8104cf87bb91ed3e64c31a3097b9f8de84",
            "implicit-hate-corpus/implicit_hate_v1_stg2_posts.tsv",
            "CC BY 4.0 (as implicit_hate.tsv)",
            "Latent Hatred's implicit hate posts with their kind (white grievance, incitement, inferiority, irony,"
            " stereotypical, threatening, other)",
        ),
        Source(
            "ghc_train.tsv",
            "liuchaoqun/hate-speech-datasets",
            "98f3ee8104cf87bb91ed3e64c31a3097b9f8de84",
            "GabHateCorpus/Data/ghc_train.tsv",
            "unconfirmed (believed CC BY 4.0 on its authors' OSF page, osf.io/edua3; the copy names none):"
            " development only, never trained on",
            "Gab Hate Corpus (Kennedy et al. 2022): 22,036 Gab posts, majority labels for human degradation (hd), calls"
            " for violence (cv) and vulgarity (vo)",
        ),
        Source(
            "ghc_test.tsv",
            "liuchaoqun/hate-speech-datasets",
            "98f3ee8104cf87bb91ed3e64c31a3097b9f8de84",
            "GabHateCorpus/Data/ghc_test.tsv",
            "as ghc_train.tsv",
            "the Gab Hate Corpus's test split (5,586 posts)",
        ),
        Source(
            "comcast_titles.csv",
            "vdhar1992/Topic_modelling_repo",
            "ab29e9e6298e30d9e5bb099c62db24b5be2ceaca",
            "data/Comcast.csv",
            "as comcast_fcc.csv",
            "the same 2,224 complaints' one-line titles ('Customer Complaint'), row for row",
        ),
    )
}


def ensure(name: str) -> Path:
    """The local copy of corpus file ``name``, made from a local clone if missing."""
    path = OUT / name
    if path.exists():
        return path
    source = SOURCES[name]
    clone = MIRRORS / source.repo.replace("/", "+") / "repo"
    if not clone.exists():
        raise SystemExit(
            f"{name} is missing: clone https://github.com/{source.repo}, then "
            f"`git show {source.commit}:{source.path} > {path}`"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    if source.path.endswith("/"):  # a folder: its files under OUT / name
        path.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(clone), "archive", source.commit, source.path], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(path)], input=archive, check=True)
        return path
    data = subprocess.run(
        ["git", "-C", str(clone), "show", f"{source.commit}:{source.path}"], check=True, capture_output=True
    ).stdout
    path.write_bytes(data)
    return path


def rows(name: str) -> list[dict]:
    with ensure(name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


_MENTION = re.compile(r"(@\w+|https?://\S+|&#\d+;|&amp;|\bRT\b)")


def tweet(text: str) -> str:
    """A tweet without mentions, links, HTML entities and 'RT'."""
    return re.sub(r"\s+", " ", _MENTION.sub(" ", text)).strip(" :")


def davidson() -> list[tuple[str, bool]]:
    """Tweets: hate speech or offensive (abusive) versus neither."""
    return [(tweet(r["tweet"]), r["class"] != "2") for r in rows("davidson.csv") if tweet(r["tweet"])]


def convabuse(split: str) -> list[tuple[str, bool]]:
    """Users' messages: abusive when most annotators rated it mildly, strongly or very strongly abusive;
    messages most rated ambiguous are left out."""
    out = []
    for r in rows(f"convabuse_{split}.csv"):
        votes = {k: 0 for k in ("1", "0", "abuse")}
        for key, value in r.items():
            if "_is_abuse." in key and value.strip() in ("1", "1.0"):
                grade = key.rsplit(".", 1)[1]
                votes["abuse" if grade.startswith("-") or key.endswith(("-1", "-2", "-3")) else grade] += 1
        text = (r.get("user") or "").strip()
        total = sum(votes.values())
        if not text or not total:
            continue
        if votes["abuse"] * 2 > total:
            out.append((text, True))
        elif votes["1"] * 2 > total:
            out.append((text, False))
    return out


def hatecheck() -> list[tuple[str, bool, str]]:
    """``(case, hateful, functionality)``."""
    return [
        (r["test_case"].strip(), r["label_gold"] == "hateful", r["functionality"]) for r in rows("hatecheck_cases.csv")
    ]


def _semicolon_rows(name: str) -> list[dict]:
    with ensure(name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def ethos() -> list[tuple[str, bool]]:
    """Comments: hate speech when at least half the raters said so."""
    return [(r["comment"].strip(), float(r["isHate"]) >= 0.5) for r in _semicolon_rows("ethos_binary.csv")]


def ethos_violent() -> list[tuple[str, bool]]:
    """Hateful comments most raters called violent: ``(comment, directed at a person)``."""
    return [
        (r["comment"].strip(), float(r["directed_vs_generalized"]) >= 0.5)
        for r in _semicolon_rows("ethos_multi.csv")
        if float(r["violence"]) >= 0.5
    ]


def stormfront() -> list[tuple[str, bool]]:
    """Stormfront sentences labelled hate or not (``relation`` and ``idk/skip`` left out)."""
    folder = ensure("stormfront")
    out = []
    for r in csv.DictReader((folder / "annotations_metadata.csv").open(encoding="utf-8")):
        if r["label"] in ("hate", "noHate"):
            text = (folder / "all_files" / f"{r['file_id']}.txt").read_text(encoding="utf-8", errors="replace")
            out.append((text.strip(), r["label"] == "hate"))
    return out


def hatexplain() -> list[tuple[str, bool, bool]]:
    """``(post, abusive, hate speech)``: offensive or hate speech (most raters) is abusive."""
    out = []
    for r in rows("hatexplain.csv"):
        text = re.sub(r"<(user|number|url|percent|money|time|date)>", " ", r["text"])
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            out.append((text, r["label"] in ("1", "2"), r["label"] == "2"))
    return out


def fox_news() -> list[tuple[str, bool]]:
    """``(comment, hateful)``."""
    import json

    out = []
    for line in ensure("fox_news_comments.json").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            if r["text"].strip():
                out.append((r["text"].strip(), int(r["label"]) == 1))
    return out


def implicit_hate() -> list[tuple[str, bool]]:
    """``(post, hateful)``: explicit or implicit hate against not hate."""
    out = []
    with ensure("implicit_hate.tsv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            text = re.sub(r"\s+", " ", tweet(r["post"].replace('""', '"').strip(' "'))).strip()
            if text and r["class"] in ("explicit_hate", "implicit_hate", "not_hate"):
                out.append((text, r["class"] != "not_hate"))
    return out


def implicit_threatening() -> set[str]:
    """Latent Hatred's posts whose implicit hate is threatening (its stage-2 kind, first or second), cleaned as
    :func:`implicit_hate` cleans them."""
    out = set()
    with ensure("implicit_hate_stg2.tsv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if "threatening" in (r["implicit_class"], r.get("extra_implicit_class")):
                out.add(re.sub(r"\s+", " ", tweet(r["post"].replace('""', '"').strip(' "'))).strip())
    return out


def gab_hate(split: str) -> list[tuple[str, bool, bool]]:
    """``(post, hateful, call for violence)``: hateful when most raters found human degradation or a call for
    violence; vulgarity alone is not counted either way (left out)."""
    out = []
    with ensure(f"ghc_{split}.tsv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            text = re.sub(r"\s+", " ", tweet(r["text"])).strip()
            hateful, violent = r["hd"] == "1" or r["cv"] == "1", r["cv"] == "1"
            if text and (hateful or r["vo"] != "1"):
                out.append((text, hateful, violent))
    return out


def banking(split: str) -> list[tuple[str, str]]:
    """``(request, intent)``."""
    return [(r["text"].strip(), r["category"]) for r in rows(f"banking77_{split}.csv")]


def amazon() -> list[tuple[str, str]]:
    """``(review, sentiment)``."""
    return [(r["input"].strip(), r["target"]) for r in rows("amazon_reviews.csv") if r.get("input")]


def comcast() -> list[tuple[str, str]]:
    """``(title, narrative)`` of each FCC complaint; the FCC's own follow-up notice is cut off."""
    titles = rows("comcast_titles.csv")
    stories = rows("comcast_fcc.csv")
    out = []
    for title, story in zip(titles, stories, strict=False):
        text = story["Description"].split("- - - - -")[0].strip()
        if text and title["Customer Complaint"].strip():
            out.append((title["Customer Complaint"].strip(), text))
    return out


def split(items: list, share: float, seed: int = 16) -> tuple[list, list]:
    """``items`` shuffled with ``seed`` and cut into ``(1 - share, share)``."""
    items = list(items)
    random.Random(seed).shuffle(items)
    cut = int(len(items) * (1 - share))
    return items[:cut], items[cut:]
