"""Write ``src/faircontact/indicators/models/profanity.npz``: alt-profanity-check's model as plain arrays.

    .venv/bin/python benchmarks/profanity_arrays.py      # after upgrading alt-profanity-check

``alt-profanity-check`` ships its TF-IDF vectoriser and its five sigmoid-calibrated linear SVMs as scikit-learn
pickles; unpickling them imports scikit-learn and SciPy, seconds per process before the first text is checked
(about 3-5 s on the shared 2-core machine: every ``faircontact import contacts`` paid it). The product reads only
their numbers (``indicators.abuse.profanity_probabilities``), so they are shipped as arrays, read in milliseconds
with numpy alone: the vocabulary in column order, the IDF, the SVMs' weights (one row per word, one column per SVM)
and intercepts, the calibrations' ``a`` and ``b``, and the vectoriser's token pattern. The package's licence is MIT.
``tests/test_text_analysis.py`` checks the file against the installed package, array by array and by probability.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from faircontact.indicators.abuse import PROFANITY_ARRAYS  # noqa: E402


def arrays() -> dict[str, np.ndarray]:
    """The installed package's model as the arrays the file holds."""
    from profanity_check.profanity_check import model, vectorizer

    params = vectorizer.get_params()
    # what indicators.abuse reads the text with: lower case, the token pattern, single words; English stop words
    # are not in the vocabulary (they were taken out before it was counted), so leaving them in changes nothing
    expected = {"analyzer": "word", "lowercase": True, "ngram_range": (1, 1), "preprocessor": None}
    expected |= {"tokenizer": None, "strip_accents": None, "norm": "l2", "use_idf": True, "sublinear_tf": False}
    assert {k: params[k] for k in expected} == expected, params
    words = np.empty(len(vectorizer.vocabulary_), dtype=object)
    for word, column in vectorizer.vocabulary_.items():
        words[column] = word
    parts = model.calibrated_classifiers_
    return {
        "words": words.astype(str),
        "idf": np.asarray(vectorizer.idf_, dtype=np.float64),
        "weights": np.column_stack([p.estimator.coef_.ravel() for p in parts]).astype(np.float64),
        "intercepts": np.array([p.estimator.intercept_[0] for p in parts], dtype=np.float64),
        "a": np.array([p.calibrators[0].a_ for p in parts], dtype=np.float64),
        "b": np.array([p.calibrators[0].b_ for p in parts], dtype=np.float64),
        "token_pattern": np.array(params["token_pattern"]),
        "meta": np.array(json.dumps({"alt-profanity-check": version("alt-profanity-check")})),
    }


def main() -> None:
    np.savez_compressed(PROFANITY_ARRAYS, **arrays())
    print(f"wrote {PROFANITY_ARRAYS} ({PROFANITY_ARRAYS.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
