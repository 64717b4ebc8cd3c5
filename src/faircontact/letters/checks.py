"""``faircontact check``: every profile and letter template in the policies folder, validated before anything runs.

Each problem is one line naming the file and the key (or template), with the valid values where a value is
wrong: ``policies/x.toml: organisation.nation: must be one of england-wales, scotland, northern-ireland``.
"""

from __future__ import annotations

from pathlib import Path

from faircontact.core.profiles import LANGUAGES, ProfileError, load_profile_file

from .models import Kind
from .templating import VARIABLES, body_problems

#: files a profile's letters folder may hold besides one per kind of letter
EXTRA_TEMPLATES = ("policy",)


def template_problems(folder: Path) -> list[str]:
    """One line per problem with the templates in ``folder`` (and its language sub-folders)."""
    problems = []
    known = (*Kind.values, *EXTRA_TEMPLATES)
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        if sub.name not in LANGUAGES:
            problems.append(f"{sub}: is not a language folder; valid: {', '.join(LANGUAGES)}")
    for path in sorted([*folder.glob("*.html"), *(p for lang in LANGUAGES for p in (folder / lang).glob("*.html"))]):
        if path.stem not in known:
            problems.append(f"{path}: is not a kind of letter; valid: {', '.join(known)}")
            continue
        try:
            body = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(f"{path}: is not UTF-8 text")
            continue
        for problem in body_problems(body):
            if problem.startswith("unknown variable "):
                problem += f"; valid: {', '.join(VARIABLES)}"
            problems.append(f"{path}: {problem}")
    return problems


def folder_problems(directory: Path, active: str | None = None) -> list[str]:
    """Every profile (``*.toml``) and template in ``directory``; the active profile must exist."""
    directory = Path(directory)
    problems = []
    if active and not (directory / f"{active}.toml").exists():
        available = ", ".join(sorted(p.stem for p in directory.glob("*.toml"))) or "none"
        problems.append(
            f"{directory / (active + '.toml')}: (file): the active profile FAIRCONTACT_PROFILE={active} does not "
            f"exist; valid: {available}"
        )
    for path in sorted(directory.glob("*.toml")):
        try:
            load_profile_file(path)
        except ProfileError as exc:
            problems += exc.lines
        letters = directory / "letters" / path.stem
        if letters.is_dir():
            problems += template_problems(letters)
    return problems
