"""Every package the product imports at run time is declared in pyproject.toml's dependencies (issue 18): a fresh
install of the product without the test extras must be able to import all of it."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "faircontact"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared_runtime() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_normalise(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}


def _top_level_imports() -> dict[str, str]:
    """Each third-party top-level module imported under src/, with one file that imports it."""
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "faircontact" and top not in sys.stdlib_module_names:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_module_imported_at_run_time_is_a_declared_dependency():
    declared = _declared_runtime()
    distributions = packages_distributions()
    undeclared = {
        module: where
        for module, where in _top_level_imports().items()
        if not any(_normalise(d) in declared for d in distributions.get(module, [module]))
    }
    assert not undeclared, f"imported at run time but not in [project] dependencies: {undeclared}"


def test_the_text_models_sources_are_not_needed_at_run_time():
    """The abuse and profanity models ship as arrays: scikit-learn and alt-profanity-check are for rebuilding
    and checking them only (tests, benchmarks)."""
    imported = set(_top_level_imports())
    assert not imported & {"sklearn", "profanity_check", "scipy"}
