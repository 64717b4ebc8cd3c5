"""docs/architecture.md shows the state machine generated from the code's own transition table, and the hooks the
apps fill."""

import ast
import re
from pathlib import Path

from faircontact.cases.transitions import TRANSITIONS, mermaid

DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def test_state_diagram_in_the_docs_matches_the_transition_table():
    text = DOC.read_text()
    start = text.index("```mermaid\n", text.index("<!-- state-diagram:start -->")) + len("```mermaid\n")
    end = text.index("```", start)
    assert text[start:end].strip() == mermaid().strip(), "regenerate: python -m faircontact.cases.transitions"


def test_every_action_appears_in_the_diagram():
    diagram = mermaid()
    for action in TRANSITIONS:
        assert f": {action}" in diagram, action


def test_the_hooks_table_lists_every_hook_the_apps_fill():
    """Every ``add(HOOK, …)`` in an app's ``AppConfig.ready`` is a row of the doc's hooks table, and every row is
    filled by some app (so the table is drawn from the code)."""
    text = DOC.read_text()
    table = text[text.index("<!-- hooks:start -->") : text.index("<!-- hooks:end -->")]
    documented = set(re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE))
    filled = set()
    for path in (DOC.parents[1] / "src" / "faircontact").glob("*/apps.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "add" and node.args:
                filled.add(node.args[0].id)
    assert filled and documented == filled, f"docs/architecture.md hooks vs AppConfig.ready: {documented ^ filled}"
