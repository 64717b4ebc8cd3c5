"""docs/architecture.md shows the state machine generated from the code's own transition table."""

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
