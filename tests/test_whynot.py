"""`why-not`: why an expected registration does not hold, and the smallest change that makes it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from py1177 import InputError
from py1177.results import Searched
from py1177.cli import app

TEXT = "Text som inte ersätter besök"


def first_change(result):
    change = result.changes[0]
    return [(e.step, e.field, e.from_, e.to) for e in change.edits], change.scenario


@pytest.mark.parametrize("scenario,expect,change,becomes", [
    # hand-overs: the day or the unit decides whether the nurse registers
    ("3.1.2b", {"contact_type": TEXT}, [(2, "day", "same", "other")], "3.1.2c"),
    ("3.1.2c", {"registers": False}, [(2, "day", "other", "same")], "3.1.2b"),
    ("3.1.3a", {"registers": False}, [(2, "unit", "other", "same")], "3.1.2b"),
    ("3.1.2d", {"registers": True}, [(2, "remove", None, None)], "3.1.2a"),
    # who closes: the nurse closes when the doctor sees the patient in person
    ("3.1.2c", {"closes": True}, [(2, "channel", "digital", "physical")], "3.1.2a"),
])
def test_minimal_change_for_hand_over_scenarios(rulebook, scenario, expect, change, becomes):
    result = rulebook.why_not(scenario=scenario, expect=expect, step_no=1, date="2023-09-01")
    assert result.holds is False and result.searched is not None and result.searched.distance == 1
    edits, new_scenario = first_change(result)
    assert edits == change
    if becomes is not None:
        assert new_scenario == becomes and result.changes[0].status == "documented"
    assert result.because is not None and result.because.kind == "case"


def test_3_1_2d_also_offers_another_day(rulebook):
    result = rulebook.why_not(scenario="3.1.2d", expect={"registers": True}, step_no=1)
    assert (2, "day", "same", "other") in [(e.step, e.field, e.from_, e.to)
                                           for c in result.changes for e in c.edits]


def test_second_change_for_3_1_2b_is_another_unit(rulebook):
    result = rulebook.why_not(scenario="3.1.2b", expect={"contact_type": TEXT}, step_no=1)
    assert [(c.scenario, c.edits[0].field) for c in result.changes[:2]] == [("3.1.2c", "day"), ("3.1.3a", "unit")]
    assert result.changes[0].sentence == ("Om steg 2 hade skett annan dag i stället för samma dag, hade villkoret "
                                          "uppfyllts (scenario 3.1.2c i anvisningen).")


def test_holds_already(rulebook):
    result = rulebook.why_not(scenario="3.1.2c", expect={"contact_type": TEXT}, step_no=1)
    assert result.holds is True and result.changes == ()


def test_no_case_within_the_vocabulary(rulebook):
    """A single step in 1177 direkt never registers a clinic visit, whatever one changes."""
    result = rulebook.why_not([{"role": "nurse", "channel": "digital"}],
                              expect={"contact_type": "Mottagningsbesök", "attribute": True}, step_no=1)
    assert result.holds is False and result.impossible is True and result.complete is True
    # the claim rests on a complete search: every chain of up to 2 steps was examined
    assert result.searched == Searched(distance="exhaustive", max_steps=2, complete=True, seconds=10,
                                       examined=49_395, total=49_395)  # = check --max-steps 2
    assert result.to_dict()["searched"] == {"complete": True, "distance": "exhaustive", "examined": 49_395,
                                            "max_steps": 2, "seconds": 10, "total": 49_395}


def test_bad_expectations(rulebook):
    with pytest.raises(InputError, match="unknown key 'colour'"):
        rulebook.why_not(scenario="3.1.2c", expect={"colour": "red"})
    with pytest.raises(InputError, match="registers must be true or false"):
        rulebook.why_not(scenario="3.1.2c", expect={"registers": "maybe"})


def test_why_not_cli():
    runner = CliRunner()
    result = runner.invoke(app, ["why-not", "--scenario", "3.1.2b", "--step-no", "1", "--expect",
                                 f"contact_type={TEXT}", "--date", "2023-09-01"])
    assert result.exit_code == 0
    assert "Det gäller inte: steg 1 registrerar inget i PMO." in result.output
    assert "• Om steg 2 hade skett annan dag i stället för samma dag" in result.output
    assert "--step nurse:digital --step doctor:digital:day=other:unit=same" in result.output
    data = json.loads(runner.invoke(app, ["why-not", "--scenario", "3.1.2b", "--expect", "registers=true",
                                          "--step-no", "1", "--json"]).output)
    assert data["holds"] is False and data["changes"][0]["scenario"] == "3.1.2c"
    from py1177.cli import main

    assert main(["why-not", "--scenario", "3.1.2b", "--expect", "nonsense"]) == 2


def test_removing_a_step_keeps_day_and_unit_relations_consistent(rulebook):
    """Nurse → doctor another day → clinician the same day as the doctor: without the doctor
    the clinician still works on another day than the nurse, so 3.1.2b is not the answer."""
    steps = [{"role": "nurse", "channel": "digital"},
             {"role": "doctor", "channel": "digital", "day": "other"},
             {"role": "other_clinician", "channel": "digital", "day": "same", "unit": "same"}]
    result = rulebook.why_not(steps, expect={"registers": False}, step_no=1)
    for change in result.changes:
        assert change.scenario != "3.1.2b"
        again = rulebook.advise([_spec_to_step(s) for s in change.steps])
        assert again.steps[0].registrations == ()  # every suggested change really makes it hold


def _spec_to_step(spec):
    from py1177.casefile import parse_step_spec

    return parse_step_spec(spec, 1)


def test_beyond_the_searched_depth_is_not_called_impossible(rulebook):
    result = rulebook.why_not([{"role": "nurse", "channel": "physical"}] * 4,
                              expect={"contact_type": TEXT}, step_no=4)
    assert result.impossible is None and result.searched is not None and result.searched.max_steps == 3


def test_duplicate_expectation_is_refused():
    from py1177.cli import main

    assert main(["why-not", "--scenario", "3.1.2b", "--expect", "registers=true", "--expect",
                 "registers=false"]) == 2


# issue 11, item 5: a search that ran past 900 s (21.9 million chains of 3 steps) is bounded, and
# says so when it is cut short.
THREE_STEPS = [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital"},
               {"role": "nurse", "channel": "phone"}]
UNREACHABLE = {"status": "documented", "registers": False}


def test_a_search_cut_short_says_so_and_claims_nothing(rulebook):
    import time

    started = time.monotonic()
    result = rulebook.why_not(THREE_STEPS, expect=UNREACHABLE, step_no=3, seconds=1)
    assert time.monotonic() - started < 30  # generous for a busy machine; before: half an hour
    assert result.holds is False and result.complete is False and result.impossible is None
    assert result.changes == () and result.witness is None
    searched = result.searched
    assert searched is not None and searched.candidates is None
    assert searched.complete is False and searched.distance == "exhaustive" and searched.seconds == 1
    assert searched.examined is not None and 0 < searched.examined < (searched.total or 0) == 21_882_096
    assert result.to_dict()["complete"] is False
    from py1177.render import render_why_not

    text = render_why_not(result, "sv")
    assert "Sökningen avbröts efter 1 s" in text and "inte fullständig" in text
    assert "Inget fall inom vokabulären" not in text
    english = render_why_not(result, "en")
    assert "The search stopped after 1 s" in english and "of 21 882 096 chains of up to 3 steps tried" in english
    assert "No case within the vocabulary" not in english


def test_why_not_seconds_option():
    runner = CliRunner()
    args = ["why-not", "--step", "nurse:digital", "--step", "doctor:digital", "--step", "nurse:phone",
            "--expect", "status=documented", "--expect", "registers=false", "--step-no", "3"]
    done = runner.invoke(app, args + ["--seconds", "0.5", "--json"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["complete"] is False and data["impossible"] is None and data["searched"]["seconds"] == 0.5
    from py1177.cli import main

    assert main(args + ["--seconds", "0"]) == 2
    assert main(args + ["--seconds", "nan"]) == 2
    found = json.loads(runner.invoke(app, ["why-not", "--scenario", "3.1.2b", "--expect", "registers=true",
                                           "--step-no", "1", "--json", "--seconds", "5"]).output)
    assert found["complete"] is True and found["changes"]
