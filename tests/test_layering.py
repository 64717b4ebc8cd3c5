"""Apps only look down: each app imports only from the apps below it in ``docs/architecture.md``'s order (read from
the doc, so that the doc and the code stay in step), and an import inside a function says why on its own line.

An app above joins in through the hooks the app below keeps (``CONTACT_LOGGED``, ``CASE_ACTED``, ``WORK_SOURCES``,
``CHRONOLOGY_SOURCES``, …), filled in its ``AppConfig.ready``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "faircontact"
DOC = ROOT / "docs" / "architecture.md"


def layers() -> list[str]:
    """The apps in order, lowest first: the numbered list between the ``layers`` markers of the doc."""
    text = DOC.read_text()
    block = text[text.index("<!-- layers:start -->") : text.index("<!-- layers:end -->")]
    return re.findall(r"^\d+\. `(\w+)`", block, flags=re.MULTILINE)


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "faircontact" and len(parts) > 1 else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, *, is_package: bool = False):
    """``(line, end line, imported module, inside a function)`` for every import of ``source``."""
    tree = ast.parse(source)
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = []

    def visit(node, in_function: bool):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append((child.lineno, child.end_lineno, alias.name, in_function))
            elif isinstance(child, ast.ImportFrom):
                base = package[: len(package) - child.level + 1] if child.level else []
                target = ".".join(base + ([child.module] if child.module else []))
                found.append((child.lineno, child.end_lineno, target, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def commented_lines(source: str) -> set[int]:
    return {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }


def problems(order: list[str], sources: dict[str, tuple[str, bool]]) -> tuple[list[str], list[str]]:
    """Upward imports and function-level imports without a comment, over ``{module: (source, is_package)}``."""
    rank = {app: i for i, app in enumerate(order)}
    upward, unexplained = [], []
    for module, (source, is_package) in sorted(sources.items()):
        own = app_of(module)
        comments = commented_lines(source)
        for line, end, target, in_function in imports(source, module, is_package=is_package):
            other = app_of(target)
            if own and other and other != own and rank[other] > rank[own]:
                upward.append(f"{module}:{line} ({own}) imports {target} ({other}, above it)")
            if in_function and not comments & set(range(line, end + 1)):
                unexplained.append(f"{module}:{line} imports {target} inside a function without saying why")
    return upward, unexplained


def sources() -> dict[str, tuple[str, bool]]:
    return {module_name(p): (p.read_text(), p.name == "__init__.py") for p in PACKAGE.rglob("*.py")}


def test_the_order_names_every_app_once():
    order = layers()
    assert len(order) == len(set(order)), order
    present = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()}
    present = {name for name in present if not name.startswith(("_", ".")) and name != "__pycache__"}
    assert set(order) == present, f"docs/architecture.md's order vs src/faircontact: {set(order) ^ present}"


def test_apps_import_only_downward():
    upward, _ = problems(layers(), sources())
    assert upward == [], "\n".join(upward)


def test_a_function_level_import_says_why():
    _, unexplained = problems(layers(), sources())
    assert unexplained == [], "\n".join(unexplained)


@pytest.mark.parametrize(
    ("source", "upward", "unexplained"),
    [
        ("from faircontact.cases.models import Case\n", 1, 0),
        ("from ..cases import services\n", 1, 0),
        ("from faircontact.core.models import User\n", 0, 0),
        ("def f():\n    from faircontact.core import clock\n", 0, 1),
        ("def f():\n    from faircontact.core import clock  # why: a cycle\n", 0, 0),
        ("def f():\n    from faircontact.core.models import (  # why: a cycle\n        User,\n    )\n", 0, 0),
    ],
)
def test_the_checks_find_what_they_look_for(source, upward, unexplained):
    found = problems(["core", "records", "cases"], {"faircontact.records.services": (source, False)})
    assert (len(found[0]), len(found[1])) == (upward, unexplained)
