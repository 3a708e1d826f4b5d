"""`find`: complete answers to reverse questions, every filter checked against the text."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from py1177 import InputError
from py1177.cli import app


def hits(result):
    """{scenario: number of matching chains}."""
    out = {}
    for m in result.matches:
        out[m.scenario] = out.get(m.scenario, 0) + 1
    return out


# Expected sets written from the anvisning's text (chains per scenario: the heading's roles × days).
CASES = [
    ({"never_registers": "nurse"},
     {"3.1.2b": 2, "3.1.2d": 4, "3.1.3b": 1, "3.1.4a": 2, "3.1.4b": 1, "3.1.4c": 2}),
    ({"always_registers": "nurse"},
     {"3.1.1a": 1, "3.1.1b": 1, "3.1.1c": 2, "3.1.2a": 4, "3.1.2c": 2, "3.1.3a": 2, "3.1.3b": 1}),
    ({"never_registers": "doctor"},
     {"3.1.1a": 1, "3.1.1b": 1, "3.1.1c": 2, "3.1.2a": 2, "3.1.2b": 1, "3.1.2c": 1, "3.1.2d": 1, "3.1.3a": 1,
      "3.1.3b": 1, "3.1.4a": 1, "3.1.4c": 1}),
    ({"contact_type": "Mottagningsbesök"}, {"3.1.1c": 2, "3.1.2a": 4, "3.1.2d": 4}),
    ({"contact_type": "Telefonsamtal"}, {}),
    ({"closer": "nurse"}, {"3.1.1a": 1, "3.1.1b": 1, "3.1.1c": 2, "3.1.2a": 4, "3.1.3b": 1}),
    ({"closer_not_first": True}, {"3.1.2c": 2, "3.1.3a": 2}),
    ({"only_replaces_visit": True}, {"3.1.1b": 1, "3.1.4a": 2, "3.1.4c": 2}),
    ({"no_pmo_step": True}, {"3.1.2b": 2, "3.1.2d": 4}),
    ({"no_pmo_step": True, "closer": "doctor"}, {"3.1.2b": 1, "3.1.2d": 2}),
]


@pytest.mark.parametrize("filters,expected", CASES, ids=[json.dumps(f) for f, _ in CASES])
def test_documented_answers_are_complete_and_correct(rulebook, filters, expected):
    result = rulebook.find(**filters, chains=True)
    assert result.level == "chain"
    assert result.examined == 25 and result.undecided == 0
    assert hits(result) == expected
    assert result.matched == sum(expected.values()) and not result.truncated
    assert all(m.reason for m in result.matches)


def test_reasons_say_why(rulebook):
    result = rulebook.find(never_registers="nurse", chains=True)
    reasons = {m.scenario: m.reason for m in result.matches}
    assert reasons["3.1.2b"] == "sjuksköterskan (steg 1) registrerar inget i PMO"
    assert reasons["3.1.4a"] == "ingen sjuksköterska i kedjan"
    english = rulebook.find(closer_not_first=True, lang="en", chains=True).matches[0].reason
    assert english == "the first registration is made in step 1, but step 2 closes the case"


def test_closer_resting_on_a_reading_says_so(rulebook):
    reasons = {m.scenario: m.reason for m in rulebook.find(closer="nurse", chains=True).matches}
    assert reasons["3.1.3b"].endswith("(enligt tolkningen q_closer_3_1_3b)")
    assert reasons["3.1.1a"] == "sjuksköterskan (steg 1) avslutar ärendet"


def test_counts_per_scenario(rulebook):
    result = rulebook.find(never_registers="nurse", chains=True)
    counts = {s.id: (s.matched, s.of) for s in result.scenarios}
    assert counts["3.1.3b"] == (1, 2) and counts["3.1.2d"] == (4, 4)


def test_every_chain_mode_matches_a_brute_force_count(rulebook):
    """--cases 1: the 111 one-step chains, checked one by one through advise."""
    vocab = {k: [v.value for v in vs] for k, vs in rulebook.vocabulary().inputs.items()}
    expected = 0
    for role in vocab["role"]:
        for channel in vocab["channel"]:
            for purpose in ([None] if channel == "physical" else [None, *vocab["purpose"]]):
                for choice in ([None] if channel == "physical" else [None, True, False]):
                    step = {"role": role, "channel": channel, "purpose": purpose, "replaces_visit": choice}
                    a = rulebook.advise([step], date="2023-09-01")
                    if a.status.value != "gap" and a.steps[0].registrations and all(
                            r.replaces_visit is True for r in a.steps[0].registrations):
                        expected += 1
    result = rulebook.find(only_replaces_visit=True, cases=1)
    assert result.examined == 111
    assert result.matched == expected > 0


def test_bad_filters(rulebook):
    with pytest.raises(InputError, match="unknown never_registers 'surgeon'"):
        rulebook.find(never_registers="surgeon")
    with pytest.raises(InputError, match="unknown contact_type 'Fax'"):
        rulebook.find(contact_type="Fax")
    with pytest.raises(InputError, match="cases must be a whole number from 1 to 3"):
        rulebook.find(cases=4)


def test_scenario_level_needs_every_chain(rulebook):
    """"Which scenarios never need nurse registration?" is about scenarios: 3.1.3b does not
    qualify (a nurse who redirects registers), though its doctor-first chain has no nurse;
    3.1.4a-c qualify only vacuously (no nurse in any chain), and say so."""
    result = rulebook.find(never_registers="nurse")
    assert result.level == "scenario" and result.scenarios_examined == 12 and result.examined == 25
    assert [(m.scenario, m.vacuous, m.chains) for m in result.matches] == [
        ("3.1.2b", False, 2), ("3.1.2d", False, 4), ("3.1.4a", True, 2), ("3.1.4b", True, 1), ("3.1.4c", True, 2)]
    assert "3.1.3b" not in {m.scenario for m in result.matches}
    assert {(s.id, s.matched, s.of) for s in result.scenarios if s.matched < s.of} == {("3.1.3b", 1, 2)}
    vacuous = next(m for m in result.matches if m.scenario == "3.1.4b")
    assert vacuous.reason == "tom träff: ingen sjuksköterska i någon av scenariots kedjor"
    closers = rulebook.find(closer="doctor")  # 3.1.2b etc. are closed by a doctor OR another clinician
    assert [m.scenario for m in closers.matches] == ["3.1.4b"]


def test_status_filter(rulebook):
    assert rulebook.find(status="inferred").matched == 0  # every chain of a scenario is documented
    assert rulebook.find(status="documented").matched == 12
    one = rulebook.find(cases=1, status="inferred")
    assert one.matched > 0 and all(m.status.value == "inferred" for m in one.matches)
    gaps = rulebook.find(cases=1, status="gap")
    assert gaps.matched == gaps.undecided > 0
    assert all(m.status.value == "gap" and m.reason == "kedjan är en lucka" for m in gaps.matches)
    with pytest.raises(InputError, match="unknown status 'maybe'"):
        rulebook.find(status="maybe")


def test_gap_chain_in_which_a_step_matches_is_listed_as_such(rulebook):
    """nurse -> doctor (self-care advice, a role no heading names for that purpose), same day and
    unit: the nurse's step registers nothing in PMO, but the chain is a gap."""
    result = rulebook.find(cases=2, no_pmo_step=True, status="gap")
    spec = ("nurse:digital", "doctor:digital:purpose=self_care_advice:day=same:unit=same")
    match = next(m for m in result.matches if m.steps == spec)
    assert match.status.value == "gap"
    assert match.reason == "steg 1 registrerar inget i PMO – steget matchar, men kedjan är en lucka"
    assert result.gap_matched == result.matched == 96
    every = rulebook.find(cases=2, no_pmo_step=True)
    assert every.gap_matched == 96
    assert every.matched == sum(rulebook.find(cases=2, no_pmo_step=True, status=status).matched
                                for status in ("documented", "inferred", "gap"))
    # a filter about the whole chain cannot be judged on a gap: gaps are only counted
    assert all(m.status.value != "gap" for m in rulebook.find(cases=2, closer_not_first=True, limit=100000).matches)


def test_find_cli_text_and_json():
    runner = CliRunner()
    text = runner.invoke(app, ["find", "--never-registers", "nurse", "--chains"])
    assert text.exit_code == 0
    assert "Undersökta fall: 25 (de beskrivna scenariernas kedjor); träffar: 12" in text.output
    assert "3.1.3b (1/2)" in text.output
    scenario = runner.invoke(app, ["find", "--never-registers", "nurse"])
    assert "Undersökta scenarier: 12 (25 kedjor" in scenario.output and "träffar: 5" in scenario.output
    assert "Ingen träff – bara vissa kedjor matchar" in scenario.output and "3.1.3b (1/2)" in scenario.output
    data = json.loads(runner.invoke(app, ["find", "--no-pmo-step", "--json"]).output)
    assert data["examined"] == 25 and {m["scenario"] for m in data["matches"]} == {"3.1.2b", "3.1.2d"}
    assert set(data["matches"][0]) == {"scenario", "steps", "reason", "status", "vacuous", "chains"}
    gaps = runner.invoke(app, ["find", "--cases", "2", "--no-pmo-step", "--limit", "1"]).output
    assert "Luckor: 40 777 (listas bara när ett steg matchar eller med --status gap; bland träffarna: 96)" in gaps
    assert data["level"] == "scenario"
    many = json.loads(runner.invoke(app, ["find", "--closer-not-first", "--cases", "2", "--limit", "3",
                                         "--json"]).output)
    assert many["examined"] == 49395 and len(many["matches"]) == 3 and many["truncated"] is True
