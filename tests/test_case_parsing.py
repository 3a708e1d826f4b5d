"""Step and Case: checked at construction, parsed from --step specs and case-file mappings;
the specs that ``find`` lists round-trip through them."""

from __future__ import annotations

import pytest
from hypothesis import given

from py1177 import Case, Channel, InputError, Purpose, Relation, Role, Step
from strategies import cases


def test_step_accepts_enum_members_or_their_values():
    assert Step("nurse", "digital") == Step(Role.NURSE, Channel.DIGITAL)
    step = Step("doctor", "phone", purpose="treatment", day="other", unit="same", replaces_visit="true")
    assert (step.role, step.channel, step.purpose, step.day, step.unit, step.replaces_visit) == \
        (Role.DOCTOR, Channel.PHONE, Purpose.TREATMENT, Relation.OTHER, Relation.SAME, True)


@pytest.mark.parametrize("args, kwargs, message", [
    (("nurze", "digital"), {}, "unknown role 'nurze' (allowed: nurse, doctor, other_clinician)"),
    (("nurse", "fax"), {}, "unknown channel 'fax' (allowed: digital, physical, phone)"),
    (("nurse", "digital"), {"day": "tomorrow"}, "unknown day 'tomorrow' (allowed: same, other)"),
    (("nurse", "digital"), {"replaces_visit": "yes"}, "replaces_visit must be true or false, not 'yes'"),
    ((3, "digital"), {}, "role must be one of nurse, doctor, other_clinician, not 3"),
])
def test_step_refuses_values_outside_the_vocabulary_at_construction(args, kwargs, message):
    with pytest.raises(InputError) as info:
        Step(*args, **kwargs)
    assert str(info.value) == message


def test_step_parse_and_to_spec():
    step = Step.parse("doctor:digital:day=other")
    assert step == Step("doctor", "digital", day="other")
    assert step.to_spec() == "doctor:digital:day=other"
    with pytest.raises(InputError, match="unknown role 'nurze'"):
        Step.parse("nurze:digital")
    with pytest.raises(InputError, match="expected ROLE:CHANNEL"):
        Step.parse("nurse")
    with pytest.raises(InputError, match="unknown key 'colour'"):
        Step.parse("nurse:digital:colour=red")


def test_case_parse_from_dict_and_errors():
    case = Case.parse(["nurse:digital", "doctor:digital:day=other"])
    assert case == Case([Step("nurse", "digital"), {"role": "doctor", "channel": "digital", "day": "other"}])
    assert case == Case.from_dict({"steps": [{"role": "nurse", "channel": "digital"},
                                             {"role": "doctor", "channel": "digital", "day": "other"}]})
    assert case.to_specs() == ("nurse:digital", "doctor:digital:day=other")
    with pytest.raises(InputError, match="step 2: unknown role 'nurze'"):
        Case([Step("nurse", "digital"), {"role": "nurze", "channel": "digital"}])
    with pytest.raises(InputError, match="steps must be a non-empty list"):
        Case([])
    with pytest.raises(InputError, match="steps must be a non-empty list"):
        Case.parse("nurse:digital")  # one string is not a list of specs
    with pytest.raises(InputError, match="scenario belongs to the question"):
        Case.from_dict({"scenario": "3.1.2c"})
    with pytest.raises(InputError, match="unknown key 'colour'"):
        Case.from_dict({"steps": [{"role": "nurse", "channel": "digital"}], "colour": "red"})


@given(cases())
def test_specs_round_trip(case):
    assert Case.parse(case.to_specs()) == case
    assert all(Step.parse(step.to_spec()) == step for step in case.steps)


def test_find_specs_round_trip_and_answer_the_same(rulebook):
    """Every chain that find lists, as --step specs, parses back to a case whose answer is
    the one find examined (same scenario)."""
    result = rulebook.find(cases=2, no_pmo_step=True, limit=10_000)
    assert result.matched == len(result.matches) > 0
    for match in result.matches:
        case = Case.parse(match.steps)
        assert case.to_specs() == tuple(match.steps)
        assert rulebook.advise(case, date="2023-09-01").scenario == match.scenario
    documented = rulebook.find(limit=1000)
    for match in documented.matches:
        assert Case.parse(match.steps).to_specs() == tuple(match.steps)
