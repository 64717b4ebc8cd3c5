"""``docs/policies-applied.md``: for each organisation whose profile maps its policy, every clause and where the
product applies it, generated from the profiles' ``[[clauses]]`` tables.

Run ``python -m faircontact.core.policies_applied`` to rewrite the file, ``--check`` to compare. Each entry's
``applied`` is checked against the code and the profile (:func:`problems`): ``key a.b.c`` must be a key the profile
sets, ``module faircontact.x.y`` (optionally ``.name``) must import, and ``not applied, because …`` must say why.
"""

from __future__ import annotations

import importlib
import os
import sys
import tomllib
from pathlib import Path

import django

from .profiles import Profile, available_profiles, load_profile_file

HEADER = """# Policies applied: each seed organisation's clauses and where Fair Contact applies them

Generated from the `[[clauses]]` table of each profile in `policies/` by `python -m faircontact.core.policies_applied`;
`tests/test_policies_applied.py` keeps this file in step and checks every reference: a **key** is set in that
profile (the rule is data, and another organisation may set it differently), a **module** imports (the rule is the
same for everyone), and **not applied** says why. A profile without a `[[clauses]]` table is not listed.
"""


def _raw(profile: Profile) -> dict:
    with open(profile.path, "rb") as fh:
        return tomllib.load(fh)


def _has_key(data: dict, dotted: str) -> bool:
    node = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _imports(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        node = module
        for name in parts[cut:]:
            if not hasattr(node, name):
                return False
            node = getattr(node, name)
        return True
    return False


def _references(applied: str) -> tuple[str, list[str]]:
    kind, _, rest = applied.partition(" ")
    return kind, [r.strip() for r in rest.split(",") if r.strip()]


def problems(profile: Profile) -> list[str]:
    """Every ``[[clauses]]`` reference of ``profile`` that does not resolve, as ``file: clause: problem``."""
    raw, found = _raw(profile), []
    for item in profile.clauses:
        applied = item["applied"]
        if applied.startswith("not applied, because "):
            if len(applied) < len("not applied, because ") + 10:
                found.append(f"{profile.path}: {item['clause']}: say why it is not applied")
            continue
        kind, refs = _references(applied)
        for ref in refs:
            if kind == "key" and not _has_key(raw, ref):
                found.append(f"{profile.path}: {item['clause']}: the profile sets no key {ref}")
            if kind == "module" and not _imports(ref):
                found.append(f"{profile.path}: {item['clause']}: {ref} does not import")
    return found


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _where(applied: str) -> str:
    if applied.startswith("not applied"):
        return _cell(applied)
    kind, refs = _references(applied)
    names = ", ".join(f"`{r}`" for r in refs)
    return f"profile key {names}" if kind == "key" else f"module {names}"


def render(profiles: list[Profile]) -> str:
    out = [HEADER]
    for profile in profiles:
        if not profile.clauses:
            continue
        org = profile.organisation
        out.append(f"\n## {org['name']} ({org['policy_reference']}): {org['policy_title']}\n")
        out.append(f"Profile `policies/{profile.slug}.toml`.\n")
        out.append("| clause | rule | where it is applied |")
        out.append("|---|---|---|")
        for item in profile.clauses:
            out.append(f"| {_cell(item['clause'])} | {_cell(item['rule'])} | {_where(item['applied'])} |")
        applied = sum(not i["applied"].startswith("not applied") for i in profile.clauses)
        out.append(f"\n{applied} of {len(profile.clauses)} clauses applied.")
    return "\n".join(out) + "\n"


def seed_profiles(directory: Path) -> list[Profile]:
    return [load_profile_file(directory / f"{slug}.toml") for slug in available_profiles(directory)]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faircontact.config.settings.base")
    django.setup()  # a "module" reference may name a model or a service
    root = Path(__file__).resolve().parents[3]
    target = root / "docs" / "policies-applied.md"
    profiles = seed_profiles(root / "policies")
    bad = [p for profile in profiles for p in problems(profile)]
    if bad:
        print("\n".join(bad), file=sys.stderr)
        return 1
    text = render(profiles)
    if "--check" in argv:
        if target.read_text() != text:
            print(f"{target} is out of date: run python -m faircontact.core.policies_applied", file=sys.stderr)
            return 1
        return 0
    target.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
