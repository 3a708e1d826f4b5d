"""Every documented scenario and alternative answers as the anvisning says (kb/tests/*.yaml)."""

from __future__ import annotations

import json

import pytest

import policy_cases

CASES = policy_cases.load()


def test_every_documented_scenario_has_a_policy_file(rulebook):
    files = {p.stem for p in policy_cases.POLICY_DIR.glob("*.yaml")}
    assert files == set(rulebook.scenario_ids())
    assert len(files) == 12


@pytest.mark.parametrize("test", [t for _, t in CASES], ids=[i for i, _ in CASES])
def test_policy_case_through_api(rulebook, test):
    case = {k: v for k, v in policy_cases.case_of(test).items() if k != "date"}
    answer = rulebook.advise(case, date=str(test.get("date", "2023-09-01")),
                             readings=test["readings"] or None).to_dict()
    problems = policy_cases.mismatches(answer, test["expect"])
    assert not problems, "\n".join(problems)
    # no warning but those the test names (values left out that would change the answer)
    assert [w["code"] for w in answer["warnings"]] == list(test["expect"].get("warnings", []))


@pytest.mark.parametrize("test", [t for _, t in CASES if "scenario" in t],
                         ids=[i for i, t in CASES if "scenario" in t])
def test_policy_case_through_cli_json(test):
    from typer.testing import CliRunner

    from py1177.cli import app

    result = CliRunner().invoke(app, ["advise", "--scenario", test["scenario"], "--date",
                                      str(test.get("date", "2023-09-01")), "--json",
                                      *policy_cases.reading_args(test)])
    assert result.exit_code == 0, result.output
    problems = policy_cases.mismatches(json.loads(result.output), test["expect"])
    assert not problems, "\n".join(problems)


STEP_CASES = [(i, t) for i, t in CASES if "steps" in t]


@pytest.mark.parametrize("test", [t for _, t in STEP_CASES], ids=[i for i, _ in STEP_CASES])
def test_policy_case_through_cli_steps(test):
    """The same chain given as --step specs answers the same (and is recognised as the scenario)."""
    from typer.testing import CliRunner

    from py1177.cli import app

    args = ["advise", "--date", "2023-09-01", "--json", *policy_cases.reading_args(test)]
    for step in test["steps"]:
        spec = f"{step['role']}:{step['channel']}"
        for key in ("purpose", "day", "unit", "replaces_visit"):
            if key in step:
                value = step[key]
                spec += f":{key}={str(value).lower() if isinstance(value, bool) else value}"
        args += ["--step", spec]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    problems = policy_cases.mismatches(json.loads(result.output), test["expect"])
    assert not problems, "\n".join(problems)


def test_a_changed_expectation_is_reported(rulebook):
    """The comparison can fail: a wrong contact type is named in the mismatch."""
    _, test = next((i, t) for i, t in CASES if t.get("scenario") == "3.1.2c")
    answer = rulebook.advise(scenario="3.1.2c", date="2023-09-01").to_dict()
    wrong = json.loads(json.dumps(test["expect"]))
    wrong["steps"][0]["registrations"][0]["contact_type"] = "Mottagningsbesök"
    wrong["closed_by_step"] = 1
    problems = policy_cases.mismatches(answer, wrong)
    assert any("closed_by_step" in p for p in problems)
    assert any("Mottagningsbesök" in p for p in problems)
