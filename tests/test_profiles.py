"""Policy profiles: the four shipped files say what the policies say, and a bad file is refused by key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from faircontact.core.profiles import (
    CASE_ACTIONS,
    RESTRICTION_TYPES,
    UNIVERSAL_ACTIONS,
    ProfileError,
    available_profiles,
    load_profile_file,
)

POLICIES = Path(__file__).resolve().parents[1] / "policies"
FILES = sorted(POLICIES.glob("*.toml"))
SLUGS = ("dwp", "housing-solutions", "southwark", "strathmore-council", "tai-tywi", "wolverhampton-homes")


def load(slug: str):
    return load_profile_file(POLICIES / f"{slug}.toml")


def test_the_six_organisations_are_shipped():
    assert tuple(available_profiles(POLICIES)) == SLUGS


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_policy_file_loads_and_is_complete(path):
    profile = load_profile_file(path)
    assert profile.slug == path.stem == profile.organisation["slug"]
    assert profile.path == str(path)
    assert profile.name and profile.organisation["business_units"]
    assert all(profile.has_step(action) for action in UNIVERSAL_ACTIONS)
    assert [step.action for step in profile.ladder] == [a for a in CASE_ACTIONS if a in profile.steps]
    assert set(profile.restrictions["allowed"]) <= set(RESTRICTION_TYPES)
    assert profile.has_appeal == (profile.appeal["route"] == "internal")
    assert "{spoc}" in profile.gate["spoc_script"]
    for step in profile.ladder:
        assert step.roles and step.clause.startswith(profile.organisation["policy_reference"])


def test_wolverhampton_homes_reviews_every_three_months_and_appeals_go_to_a_director_within_28_days():
    wh = load("wolverhampton-homes")
    assert wh.review["rule"] == "interval" and wh.review["interval_months"] == 3  # 000 §8.2
    assert wh.has_appeal and wh.appeal["deadline_days"] == 28  # 000 §9.2
    assert wh.appeal["decided_by"] == ("director",)
    assert wh.steps["decide"].roles == ("decision_maker",)
    assert wh.role_label("decision_maker") == "Head of Service"
    assert wh.generic_role("head_of_service") == "decision_maker"


def test_housing_solutions_warning_ladder_six_month_review_director_appeal_and_12_month_history():
    hs = load("housing-solutions")
    assert hs.review["interval_months"] == 6  # 001 §6.5.6
    assert hs.has_appeal and hs.appeal["decided_by"] == ("director",) and hs.appeal["deadline_days"] == 0
    assert hs.retention["ignore_closed_cases_after_months"] == 12  # 001 §6.5.3
    assert hs.steps["initial_warning"].required and hs.steps["formal_warning"].required  # 001 §6.5.1-6.5.2
    assert hs.label("formal_warning") == "Final written warning"  # 001 App. 1 wording
    assert hs.steps["immediate_action"].roles == ("director",)  # 001 §6.5


def test_southwark_chief_executive_decides_with_the_monitoring_officer_as_deputy_and_no_appeal():
    southwark = load("southwark")
    assert southwark.steps["decide"].roles == ("chief_executive", "monitoring_officer")  # 002 §4
    assert southwark.decision["deputy_when_absent"] == {"monitoring_officer": "chief_executive"}
    assert not southwark.has_appeal and southwark.appeal["decided_by"] == ()
    assert not southwark.has_step("appeal") and not southwark.has_step("decide_appeal")
    assert southwark.review["rule"] == "end_of_period_or_yearly" and southwark.review["interval_months"] == 12
    assert "suspension_pending_legal_advice" in southwark.restrictions["allowed"]


def test_dwp_dsm_decides_in_five_working_days_after_a_final_response_and_removal_after_14_months():
    dwp = load("dwp")
    assert dwp.decision["deadline_working_days"] == 5  # 003 §24
    assert dwp.decision["requires_final_response"]  # 003 §17
    assert dwp.steps["decide"].roles == ("decision_maker",) and dwp.generic_role("dsm") == "decision_maker"
    assert dwp.retention["register_removal_months_without_contact"] == 14  # 003 Annex D
    assert not dwp.has_appeal and "Independent Case Examiner" in dwp.appeal["external_escalation"]
    assert "register" in dwp.decision["outcomes"]


# --- refusals --------------------------------------------------------------------------------------
# Each case edits the Wolverhampton Homes file: (regular expression, replacement, the dotted key refused).
BLOCK = r"(?:.+\n)+\n"
REFUSALS = {
    # missing keys
    "missing review.interval_months": (r"^interval_months = .*\n", "", "review.interval_months"),
    "missing organisation.name": (r"^name = .*\n", "", "organisation.name"),
    "missing appeal.deadline_days": (r"^deadline_days = .*\n", "", "appeal.deadline_days"),
    "missing gate.end_call_script": (r"^end_call_script = .*\n", "", "gate.end_call_script"),
    "missing schema_version": (r"^schema_version = .*\n", "", "schema_version"),
    "missing table": (r"^\[violence\]\n" + BLOCK, "", "violence"),
    "missing universal step": (r"^\[steps\.notify\]\n" + BLOCK, "", "steps.notify"),
    "missing step roles": (r"(\[steps\.decide\]\n(?:.+\n)*?)roles = .*\n", r"\1", "steps.decide.roles"),
    "missing indicator": (r"^contacts_7_days = .*\n", "", "indicators.contacts_7_days"),
    # wrong types and impossible values
    "string for int": (r"^interval_months = 3", 'interval_months = "3"', "review.interval_months"),
    "string for bool": (
        r"^requires_final_response = false",
        'requires_final_response = "no"',
        "decision.requires_final_response",
    ),
    "bool for int": (r"^deadline_working_days = 10", "deadline_working_days = true", "decision.deadline_working_days"),
    "string for list": (r"^business_units = \[.*\]", 'business_units = "Repairs"', "organisation.business_units"),
    "number in a list of names": (
        r"^business_units = \[.*\]",
        'business_units = ["Repairs", 7]',
        "organisation.business_units",
    ),
    "int for bool in a step": (
        r"(\[steps\.decide\]\n(?:.+\n)*?)required = true",
        r"\1required = 1",
        "steps.decide.required",
    ),
    "string for a threshold": (r"^contacts_7_days = 10", 'contacts_7_days = "10"', "indicators.contacts_7_days"),
    "negative count": (r"^reminder_working_days = 10", "reminder_working_days = -1", "review.reminder_working_days"),
    "zero review interval": (r"^interval_months = 3", "interval_months = 0", "review.interval_months"),
    "number for a table": (
        (r"^\[violence\]\n" + BLOCK, r"^schema_version = 1\n"),
        ("", "schema_version = 1\nviolence = 12\n"),
        "violence",
    ),
    "step not a table": (r"^\[steps\.close\]\n" + BLOCK, '[steps]\nclose = "yes"\n\n', "steps.close"),
    "schema version": (r"^schema_version = 1", "schema_version = 2", "schema_version"),
    "slug not the file name": (r'^slug = ".*"', 'slug = "wolverhampton"', "organisation.slug"),
    "unknown review rule": (r'^rule = "interval"', 'rule = "whenever"', "review.rule"),
    "unknown appeal route": (r'^route = "internal"', 'route = "tribunal"', "appeal.route"),
    "internal appeal without its steps": (r"^\[steps\.decide_appeal\]\n" + BLOCK, "", "appeal.route"),
    "unknown outcome": (r"^outcomes = \[", 'outcomes = ["banish", ', "decision.outcomes"),
    "role label not text": (r'^officer = "Customer Resolution Officer"', "officer = 1", "role_labels.officer"),
    "label not text": (r'^initial_warning = "Initial warning"', "initial_warning = false", "labels.initial_warning"),
    "unknown placeholder in the SPOC script": (r"\{spoc\}", "{name}", "gate.spoc_script"),
    # unknown roles
    "unknown role in a step": (
        r"(\[steps\.decide\]\n(?:.+\n)*?)roles = .*",
        r'\1roles = ["chief_whip"]',
        "steps.decide.roles",
    ),
    "role name that is not text": (
        r"(\[steps\.decide\]\n(?:.+\n)*?)roles = .*",
        r'\1roles = [["decision_maker"]]',
        "steps.decide.roles",
    ),
    "organisation role mapped to nothing": (
        r'^head_of_service = "decision_maker"',
        'head_of_service = "boss"',
        "roles.head_of_service",
    ),
    "a step nobody may take": (r"(\[steps\.decide\]\n(?:.+\n)*?)roles = .*", r"\1roles = []", "steps.decide.roles"),
    "internal appeal nobody decides": (r"^decided_by = \[.*\]", "decided_by = []", "appeal.decided_by"),
    "unknown appeal decider": (r"^decided_by = \[.*\]", 'decided_by = ["chief_whip"]', "appeal.decided_by"),
    "appeal decider that is not text": (r"^decided_by = \[.*\]", 'decided_by = [["director"]]', "appeal.decided_by"),
    "label for an unknown role": (r"^\[role_labels\]\n", '[role_labels]\nwizard = "Wizard"\n', "role_labels.wizard"),
    "unknown deputy": (
        r"^deputy_when_absent = \{\}",
        'deputy_when_absent = { understudy = "decision_maker" }',
        "decision.deputy_when_absent",
    ),
    # unknown restriction type
    "unknown restriction type": (r"^allowed = \[", 'allowed = ["solitary_confinement", ', "restrictions.allowed"),
    # unknown keys
    "unknown key in a table": (r"^\[review\]\n", '[review]\ncolour = "blue"\n', "review.colour"),
    "unknown top-level key": (r"^schema_version = 1\n", 'schema_version = 1\nedition = "x"\n', "edition"),
    "unknown case action": (
        r"^\[steps\.close\]\n",
        '[steps.celebrate]\nlabel = "x"\nroles = ["manager"]\nrequired = false\nclause = "x"\n\n[steps.close]\n',
        "steps.celebrate",
    ),
    "unknown key in a step": (r"(\[steps\.decide\]\n)", r"\1deadline = 5\n", "steps.decide.deadline"),
    "unknown indicator": (r"^(\[indicators\].*\n)", r"\1contacts_per_hour = 3\n", "indicators.contacts_per_hour"),
}


def edited_copy(tmp_path: Path, patterns, replacements, slug: str = "wolverhampton-homes") -> Path:
    """A copy of ``slug``'s file in ``tmp_path`` with each pattern replaced once (one pattern, or a tuple)."""
    text = (POLICIES / f"{slug}.toml").read_text(encoding="utf-8")
    if isinstance(patterns, str):
        patterns, replacements = (patterns,), (replacements,)
    for pattern, replacement in zip(patterns, replacements, strict=True):
        edited, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
        assert count == 1 and edited != text, pattern
        text = edited
    path = tmp_path / f"{slug}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_copy_with_a_harmless_edit_loads(tmp_path):
    path = edited_copy(tmp_path, r"^interval_months = 3 .*$", "interval_months = 3")
    assert load_profile_file(path).review["interval_months"] == 3


@pytest.mark.parametrize(("pattern", "replacement", "key"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_bad_profile_is_refused_naming_the_file_and_the_key(tmp_path, pattern, replacement, key):
    path = edited_copy(tmp_path, pattern, replacement)
    with pytest.raises(ProfileError) as refused:
        load_profile_file(path)
    assert (refused.value.path, refused.value.key) == (str(path), key)
    assert str(refused.value).startswith(f"{path}: {key}: ")


def test_bad_toml_syntax_is_refused(tmp_path):
    path = edited_copy(tmp_path, r"^interval_months = 3", "interval_months = ")
    with pytest.raises(ProfileError) as refused:
        load_profile_file(path)
    assert refused.value.path == str(path) and refused.value.key == "(syntax)"


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ProfileError) as refused:
        load_profile_file(tmp_path / "nowhere.toml")
    assert refused.value.key == "(file)"


def test_every_shipped_file_is_refused_when_a_required_key_goes(tmp_path):
    for slug in SLUGS:
        path = edited_copy(tmp_path, r"^deadline_working_days = .*\n", "", slug=slug)
        with pytest.raises(ProfileError, match=r"decision\.deadline_working_days: is missing"):
            load_profile_file(path)
