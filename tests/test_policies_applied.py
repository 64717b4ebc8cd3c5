"""docs/policies-applied.md is generated from the profiles' [[clauses]] tables and every reference in it resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from faircontact.core.policies_applied import problems, render, seed_profiles
from faircontact.core.profiles import ProfileError, load_profile_file

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ("wolverhampton-homes", "housing-solutions", "southwark", "dwp")


def test_the_document_is_generated_from_the_profiles():
    expected = render(seed_profiles(ROOT / "policies"))
    assert (ROOT / "docs" / "policies-applied.md").read_text() == expected, (
        "docs/policies-applied.md is out of date: run python -m faircontact.core.policies_applied"
    )


@pytest.mark.parametrize("slug", SEEDS)
def test_every_seed_maps_its_clauses_and_every_reference_resolves(slug):
    profile = load_profile_file(ROOT / "policies" / f"{slug}.toml")
    assert len(profile.clauses) >= 15
    assert problems(profile) == []
    reference = profile.organisation["policy_reference"]
    assert all(item["clause"].startswith(reference) for item in profile.clauses)


def test_a_reference_to_a_key_the_profile_does_not_set_or_code_that_does_not_exist_is_found(tmp_path):
    text = (ROOT / "policies" / "housing-solutions.toml").read_text()
    text += (
        '\n[[clauses]]\nclause = "001 §9"\nrule = "x"\napplied = "key review.no_such_key"\n'
        '\n[[clauses]]\nclause = "001 §9"\nrule = "y"\napplied = "module faircontact.cases.no_such_module"\n'
        '\n[[clauses]]\nclause = "001 §9"\nrule = "z"\napplied = "not applied, because no"\n'
    )
    path = tmp_path / "housing-solutions.toml"
    path.write_text(text)
    found = problems(load_profile_file(path))
    assert len(found) == 3
    assert "no key review.no_such_key" in found[0] and "does not import" in found[1] and "say why" in found[2]


def test_a_clause_entry_must_say_where_it_is_applied(tmp_path):
    text = (ROOT / "policies" / "housing-solutions.toml").read_text()
    path = tmp_path / "housing-solutions.toml"
    path.write_text(text + '\n[[clauses]]\nclause = "001 §9"\nrule = "x"\napplied = "somewhere"\n')
    with pytest.raises(ProfileError, match="clauses.*applied"):
        load_profile_file(path)


def test_a_universal_rule_cites_only_the_active_profiles_own_clause():
    dwp = load_profile_file(ROOT / "policies" / "dwp.toml")
    wh = load_profile_file(ROOT / "policies" / "wolverhampton-homes.toml")
    assert dwp.cite("one_record_per_nino") == " (003 §20-21)"
    assert wh.cite("one_record_per_nino") == ""
