"""A copy of the shipped policies folder with one profile edited, made the active profile for one test."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def edited_policies(tmp_path: Path, settings, edits: dict[str, str], slug: str = "wolverhampton-homes") -> Path:
    """Copy ``policies/`` (profiles and letters) to ``tmp_path`` and apply ``edits`` (pattern -> replacement, each
    once, multiline) to ``slug``'s profile; ``FAIRCONTACT_POLICIES_DIR`` then points at the copy."""
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    path = folder / f"{slug}.toml"
    text = path.read_text(encoding="utf-8")
    for pattern, replacement in edits.items():
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert count == 1, pattern
    path.write_text(text, encoding="utf-8")
    settings.FAIRCONTACT_POLICIES_DIR = folder
    return folder
