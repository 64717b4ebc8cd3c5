"""``faircontact check`` finds a broken profile or template up front: one line per problem naming the file and the
key, with the valid values; every other command refuses a bad active profile with that line (issue 20)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from faircontact.cli import main

POLICIES = Path(__file__).resolve().parents[1] / "policies"
WH = (POLICIES / "wolverhampton-homes.toml").read_text(encoding="utf-8")

#: name -> (pattern, replacement in Wolverhampton Homes' profile, what the line must say)
BROKEN = {
    "unknown-table": (r"^\[gate\]", "[calendr]\nclosure_days = []\n\n[gate]", ": calendr: is not a known key; valid keys:"),  # noqa: E501
    "nation": (r"^(address = .*)$", r'\1\nnation = "wales"', ": organisation.nation: must be one of england-wales, scotland, northern-ireland"),  # noqa: E501
    "closure-day": (r"^\[gate\]", '[calendar]\nclosure_days = ["31/12/2026"]\n\n[gate]', ": calendar.closure_days: '31/12/2026' is not a date like 2026-12-29"),  # noqa: E501
    "role": (r'^roles = \["decision_maker"\]$', 'roles = ["ceo"]', ": steps.decide.roles: unknown role 'ceo'; valid: officer, manager,"),  # noqa: E501
    "two-deadlines": (r"^(deadline_days = 28 .*)$", r"\1\ndecide_within_working_days = 20", ": appeal.deadline_days: set exactly one of deadline_days and decide_within_working_days"),  # noqa: E501
    "restriction": (r'^(allowed = \["limited_channels")', r'\1, "curfew"', ": restrictions.allowed: unknown restriction type 'curfew'"),  # noqa: E501
    "review-anchor": (r"^next_from = .*$", 'next_from = "whenever"', ": review.next_from: must be one of review_date, due_date, told"),  # noqa: E501
    "citation": (r"^\[citations\].*$", '[citations]\nvexatious_rule = "000 §1"', ": citations.vexatious_rule: is not a rule; valid: one_way_open,"),  # noqa: E501
    "syntax": (r"^interval_months = 3 .*$", "interval_months = ", ": (syntax): "),  # noqa: E501
}  # fmt: skip


@pytest.fixture
def broken_folder(tmp_path, settings):
    """Ten broken profiles (nine profile files and one whose letter template names an unknown variable)."""
    folder = tmp_path / "policies"
    (folder / "letters").mkdir(parents=True)
    for name, (pattern, replacement, _) in BROKEN.items():
        text = WH.replace('slug = "wolverhampton-homes"', f'slug = "{name}"')
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert count == 1, name
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    (folder / "template.toml").write_text(WH.replace('slug = "wolverhampton-homes"', 'slug = "template"'))
    shutil.copytree(POLICIES / "letters" / "wolverhampton-homes", folder / "letters" / "template")
    decision = folder / "letters" / "template" / "decision.html"
    decision.write_text(decision.read_text(encoding="utf-8") + "<p>{{ customer_shoe_size }}</p>", encoding="utf-8")
    settings.FAIRCONTACT_POLICIES_DIR = folder
    settings.FAIRCONTACT_PROFILE = "template"
    return folder


def test_ten_broken_profiles_give_ten_one_line_messages_and_exit_1(broken_folder, capsys):
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10, lines
    for name, (_, _, says) in BROKEN.items():
        (line,) = [x for x in lines if x.startswith(f"{broken_folder / name}.toml: ")]
        assert says in line, line
    (line,) = [x for x in lines if "decision.html" in x]
    assert line.startswith(f"{broken_folder / 'letters' / 'template' / 'decision.html'}: ")
    assert "customer_shoe_size" in line


def test_every_problem_in_one_file_is_its_own_line(tmp_path, settings, capsys):
    """Not only the first: six problems in one profile are six lines, each naming its key."""
    folder = tmp_path / "policies"
    folder.mkdir()
    edits = (
        (r"^(address = .*)$", r'\1\nnation = "cymru"'),
        (r'^roles = \["decision_maker"\]$', 'roles = ["ceo"]'),
        (r'^(allowed = \["limited_channels")', r'\1, "curfew"'),
        (r"^interval_months = 3 .*$", 'interval_months = "three"'),
        (r"^spoc_script = .*\n", ""),
        (r"^\[gate\]$", "[gate]\ncolour = 'blue'"),
    )
    text = WH
    for pattern, replacement in edits:
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert count == 1, pattern
    (folder / "wolverhampton-homes.toml").write_text(text, encoding="utf-8")
    settings.FAIRCONTACT_POLICIES_DIR = folder
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    prefix = f"{folder / 'wolverhampton-homes.toml'}: "
    said = {line.removeprefix(prefix).split(": ")[0]: line.removeprefix(prefix) for line in lines}
    assert len(said) == len(lines) == 6 and all(line.startswith(prefix) for line in lines), lines
    assert said == {
        "organisation.nation": "organisation.nation: must be one of england-wales, scotland, northern-ireland",
        "steps.decide.roles": said["steps.decide.roles"],
        "restrictions.allowed": said["restrictions.allowed"],
        "review.interval_months": "review.interval_months: must be int, not str",
        "gate.spoc_script": "gate.spoc_script: is missing",
        "gate.colour": said["gate.colour"],
    }
    assert said["steps.decide.roles"].startswith("steps.decide.roles: unknown role 'ceo'; valid: officer, manager")
    assert "unknown restriction type 'curfew'; valid: limited_channels," in said["restrictions.allowed"]
    assert said["gate.colour"].startswith("gate.colour: is not a known key; valid keys: end_call_script,")
    # the same lines from every other command, before it does anything
    assert main(["sweep"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"faircontact: {line}" for line in lines]


def test_each_unknown_template_variable_is_a_line_listing_the_valid_ones(tmp_path, settings, capsys):
    folder = tmp_path / "policies"
    (folder / "letters").mkdir(parents=True)
    (folder / "wolverhampton-homes.toml").write_text(WH, encoding="utf-8")
    shutil.copytree(POLICIES / "letters" / "wolverhampton-homes", folder / "letters" / "wolverhampton-homes")
    template = folder / "letters" / "wolverhampton-homes" / "review_outcome.html"
    template.write_text(template.read_text(encoding="utf-8") + "{{ shoe_size }} {{ hat|slugify }}", encoding="utf-8")
    settings.FAIRCONTACT_POLICIES_DIR = folder
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.removeprefix(f"{template}: ").split(";")[0] for line in lines] == [
        "unknown variable shoe_size",
        "unknown variable hat",
        "filter slugify is not allowed",
    ]
    assert "; valid: organisation_name, organisation_address," in lines[0]


def test_the_shipped_policies_pass(capsys):
    assert main(["check"]) == 0
    assert "no issues" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["migrate"], ["user", "create", "x", "--role", "officer"], ["demo"], ["serve"]])
def test_every_command_refuses_a_bad_active_profile_with_one_line(broken_folder, settings, capsys, command):
    settings.FAIRCONTACT_PROFILE = "nation"
    assert main(command) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"faircontact: {broken_folder / 'nation.toml'}: organisation.nation: must be one of england-wales, "
        "scotland, northern-ireland\n"
    )
    assert "Traceback" not in captured.out + captured.err


def test_a_missing_active_profile_lists_the_profiles_there_are(settings, capsys):
    settings.FAIRCONTACT_PROFILE = "glasgow"
    assert main(["sweep"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "FAIRCONTACT_PROFILE=glasgow does not exist; valid: dwp," in err
