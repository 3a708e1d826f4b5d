"""The general rules reproduce every documented scenario exactly, and undocumented chains
come back `inferred` or `gap` with warnings — never looking documented."""

from __future__ import annotations

import itertools

import pytest

from policy_cases import REGISTRATION_KEYS


def instances(scenario):
    """Every concrete chain a scenario's heading covers (roles × days × units)."""
    options = []
    for number, pattern in enumerate(scenario.steps, 1):
        choices = []
        for role, day, unit in itertools.product(pattern.roles, pattern.day or [None], pattern.unit or [None]):
            step = {"role": role.value, "channel": pattern.channel.value}
            if pattern.purpose is not None:
                step["purpose"] = pattern.purpose.value
            if day is not None:
                step["day"] = day.value
            if unit is not None:
                step["unit"] = unit.value
            choices.append(step)
        options.append(choices)
    return [list(chain) for chain in itertools.product(*options)]


def summary(answer):
    return {
        "closed_by_step": answer.closed_by_step,
        "steps": [(None if s.registrations is None else
                   [tuple(getattr(r, k) for k in REGISTRATION_KEYS) for r in s.registrations],
                   s.no_pmo is not None, s.closes_case) for s in answer.steps],
    }


def all_instances(rulebook):
    return [(s.id, chain) for s in rulebook.scenarios() for chain in instances(s)]


def test_every_scenario_has_instances(rulebook):
    pairs = all_instances(rulebook)
    assert {sid for sid, _ in pairs} == set(rulebook.scenario_ids())
    assert len(pairs) >= 20


def test_each_documented_chain_is_recognised_as_its_scenario(rulebook):
    for sid, chain in all_instances(rulebook):
        answer = rulebook.advise(chain, date="2023-09-01")
        assert (answer.status.value, answer.scenario) == ("documented", sid), chain


def test_general_rules_reproduce_every_documented_scenario(rulebook):
    for sid, chain in all_instances(rulebook):
        documented = rulebook.advise(chain, date="2023-09-01")
        derived = rulebook.advise(chain, date="2023-09-01", rules_only=True)
        assert derived.status.value == "inferred", (sid, chain, [w.message for w in derived.warnings])
        assert summary(derived) == summary(documented), (sid, chain)


def test_rules_only_answer_is_never_labelled_documented(rulebook):
    answer = rulebook.advise(scenario="3.1.2b", rules_only=True)
    assert answer.status.value == "inferred" and answer.scenario is None
    assert any(w.code == "inferred" for w in answer.warnings)


def regs(answer, step):
    s = answer.steps[step - 1]
    return None if s.registrations is None else [r.contact_type for r in s.registrations]


TEXT, DIST, VISIT = "Text som inte ersätter besök", "Distanskontakt realtid bild/ljud/chatt", "Mottagningsbesök"


UNDOCUMENTED = [
    # (name, steps, status, closed_by_step, per-step contact types (None = undecided, [] = no PMO), gap rules)
    ("doctor forwards to other clinician, same day and unit",
     [{"role": "doctor", "channel": "digital"}, {"role": "other_clinician", "channel": "digital"}],
     "inferred", 2, [[], [TEXT, DIST]], []),
    ("forwarded to another unit another day",
     [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital", "day": "other", "unit": "other"}],
     "inferred", 2, [[TEXT, DIST], [TEXT, DIST]], []),
    ("nurse digitally, doctor in person on another unit",
     [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "physical", "unit": "other"}],
     "inferred", 1, [[TEXT, DIST], [VISIT]], []),
    ("nurse forwards to a nurse another day",
     [{"role": "nurse", "channel": "digital"}, {"role": "nurse", "channel": "digital", "day": "other"}],
     "inferred", 2, [[TEXT, DIST], [TEXT, DIST]], []),
    ("nurse redirects, patient seen in person on the other unit",
     [{"role": "nurse", "channel": "digital", "purpose": "redirect"}, {"role": "doctor", "channel": "physical", "unit": "other"}],
     "inferred", 1, [[TEXT, DIST], [VISIT]], []),
    ("other clinician redirects (3.1.3b names nurse or doctor)",
     [{"role": "other_clinician", "channel": "digital", "purpose": "redirect"}],
     "gap", None, [None], ["gap_role_not_in_heading"]),
    ("nurse renews a prescription (3.1.4b: \"Läkare via 1177 direkt (receptförnyelse)\")",
     [{"role": "nurse", "channel": "digital", "purpose": "prescription_renewal"}],
     "gap", None, [None], ["gap_role_not_in_heading"]),
    ("other clinician renews a prescription (3.1.4b names the doctor only)",
     [{"role": "other_clinician", "channel": "digital", "purpose": "prescription_renewal"}],
     "gap", None, [None], ["gap_role_not_in_heading"]),
    ("nurse refers after assessment (3.1.4c names doctor or other clinician)",
     [{"role": "nurse", "channel": "digital", "purpose": "referral"}],
     "gap", None, [None], ["gap_role_not_in_heading"]),
    ("doctor gives self-care advice (3.1.1a names the nurse)",
     [{"role": "doctor", "channel": "digital", "purpose": "self_care_advice"}],
     "gap", None, [None], ["gap_role_not_in_heading"]),
    ("doctor renews a prescription the day after the nurse",
     [{"role": "nurse", "channel": "digital"},
      {"role": "doctor", "channel": "digital", "purpose": "prescription_renewal", "day": "other", "unit": "same"}],
     "inferred", 2, [[TEXT, DIST], [TEXT, DIST]], []),
    ("physical visit at the unit the doctor redirected to",
     [{"role": "doctor", "channel": "digital", "purpose": "redirect"},
      {"role": "doctor", "channel": "physical", "day": "same", "unit": "other"}],
     "inferred", 1, [[TEXT, DIST], [VISIT]], []),
    ("nurse treats and forwards to a doctor another day",
     [{"role": "nurse", "channel": "digital", "purpose": "treatment"}, {"role": "doctor", "channel": "digital", "day": "other"}],
     "inferred", 2, [[DIST], [TEXT, DIST]], []),
    ("case starts with a physical visit",
     [{"role": "nurse", "channel": "physical"}],
     "gap", None, [None], ["gap_not_via_1177"]),
    ("nurse forwards to a nurse the same day on the same unit",
     [{"role": "nurse", "channel": "digital"}, {"role": "nurse", "channel": "digital"}],
     "gap", None, [None, [TEXT, DIST]], ["gap_forward_to_nurse"]),
    ("back in 1177 direkt after a physical visit",
     [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "physical"}, {"role": "doctor", "channel": "digital"}],
     "gap", None, [[TEXT, DIST], [VISIT], None], ["gap_return_after_visit"]),
    ("continues in 1177 direkt after a redirect",
     [{"role": "nurse", "channel": "digital", "purpose": "redirect"}, {"role": "doctor", "channel": "digital", "unit": "other"}],
     "gap", None, [[TEXT, DIST], None], ["gap_after_exit"]),
    ("referral, then a visit on the same unit",
     [{"role": "doctor", "channel": "digital", "purpose": "referral"}, {"role": "doctor", "channel": "physical"}],
     "gap", None, [[DIST], None], ["gap_after_exit"]),
    ("nurse gives advice, then forwards the same day to the same unit",
     [{"role": "nurse", "channel": "digital", "purpose": "self_care_advice"}, {"role": "doctor", "channel": "digital"}],
     "gap", None, [None, [TEXT, DIST]], ["gap_forward_with_content"]),
]


@pytest.mark.parametrize("name,steps,status,closer,types,gaps", UNDOCUMENTED, ids=[u[0] for u in UNDOCUMENTED])
def test_undocumented_chain(rulebook, name, steps, status, closer, types, gaps):
    answer = rulebook.advise(steps, date="2023-09-01")
    assert answer.status.value == status
    assert answer.scenario is None and answer.title is None
    assert answer.closed_by_step == closer
    assert [regs(answer, i) for i in range(1, len(steps) + 1)] == types
    codes = [w.code for w in answer.warnings]
    assert status in codes, "an undocumented answer must say so in its warnings"
    found_gaps = sorted({g.rule for s in answer.steps for g in s.gaps})
    assert found_gaps == sorted(gaps)
    for step in answer.steps:
        assert step.decided == (step.registrations is not None)
    assert [s.closes_case for s in answer.steps].count(True) == (0 if closer is None else 1)


def test_phone_contact_when_1177_direkt_has_trouble(rulebook):
    answer = rulebook.advise([{"role": "nurse", "channel": "phone"}], date="2023-09-01")
    assert answer.status.value == "inferred" and answer.closed_by_step == 1
    assert regs(answer, 1) == ["Telefonsamtal", "Telefonsamtal som ersätter besök"]
    assert all(r.attribute == "1177 direkt" for r in answer.steps[0].registrations)
    assert [r.diagnosis for r in answer.steps[0].registrations] == [False, True]
    assert "q_phone" in [i.id for i in answer.interpretations]


def test_missing_purpose_names_the_nearest_scenarios(rulebook):
    answer = rulebook.advise([{"role": "nurse", "channel": "digital"}], date="2023-09-01")
    assert answer.status.value == "inferred"
    assert answer.nearest_scenarios == ("3.1.1a", "3.1.1b", "3.1.3b")
    # the left-out purpose is named, with what each purpose would give (instead of the
    # shorter nearest_scenarios warning, which is given when a purpose was given)
    [warning] = [w for w in answer.warnings if w.code == "purpose_not_given"]
    assert "egenvårdsråd (purpose=self_care_advice) → 3.1.1a" in warning.message
    assert "purpose=redirect) → 3.1.3b" in warning.message
    assert "nearest_scenarios" not in [w.code for w in answer.warnings]
    given = rulebook.advise([{"role": "nurse", "channel": "digital", "purpose": "referral"}], date="2023-09-01")
    assert "purpose_not_given" not in [w.code for w in given.warnings]


def test_gap_invents_no_registrations_and_no_closer(rulebook):
    answer = rulebook.advise([{"role": "doctor", "channel": "physical"}], date="2023-09-01")
    assert answer.status.value == "gap"
    step = answer.steps[0]
    assert step.registrations is None and not step.decided and not step.closes_case
    assert answer.closed_by_step is None and answer.closed_by_role is None
    assert step.gaps[0].question == "q_not_via_1177"
