"""The Python API: vocabulary, JSON contract, listings, dates and input validation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path

import pytest

import py1177
from py1177 import (Advice, Case, Channel, InputError, Lang, Purpose, Relation, Role, Rulebook,
                    Status, Step)
from py1177.model import Alternative


def test_enums_equal_kb_vocabulary(rulebook):
    inputs = rulebook.vocabulary().inputs
    for key, enum_type in (("role", Role), ("channel", Channel), ("purpose", Purpose),
                           ("day", Relation), ("unit", Relation), ("lang", Lang)):
        assert [v.value for v in inputs[key]] == [m.value for m in enum_type], key
    labels = rulebook.vocabulary().labels
    assert {k.split(":", 1)[1] for k in labels if k.startswith("status:")} == {s.value for s in Status}
    assert {k.split(":", 1)[1] for k in labels if k.startswith("alternative:")} == {a.value for a in Alternative}


def test_contact_type_labels_are_exact(rulebook):
    labels = [t.label for t in rulebook.vocabulary().contact_types]
    assert labels == ["Text som inte ersätter besök", "Distanskontakt realtid bild/ljud/chatt",
                      "Mottagningsbesök", "Telefonsamtal", "Telefonsamtal som ersätter besök"]


def test_json_contract_for_3_1_2c(rulebook):
    data = rulebook.advise(scenario="3.1.2c", date="2026-11-25").to_dict()
    assert data["guideline"] == {"version": "1.0", "valid_from": "2023-04-11", "valid_to": "2024-04-11",
                                 "title": data["guideline"]["title"]}
    assert data["date"] == "2026-11-25"
    assert (data["scenario"], data["status"], data["closed_by_step"]) == ("3.1.2c", "documented", 2)
    step1 = data["steps"][0]
    assert (step1["step"], step1["role"], step1["channel"]) == (1, "nurse", "digital")
    first, second = step1["registrations"]
    assert {k: first[k] for k in ("replaces_visit", "contact_type", "attribute", "journal", "diagnosis", "kva")} == {
        "replaces_visit": False, "contact_type": "Text som inte ersätter besök", "attribute": "1177 direkt",
        "journal": True, "diagnosis": False, "kva": "none"}
    assert {k: second[k] for k in ("replaces_visit", "contact_type", "attribute", "journal", "diagnosis", "kva")} == {
        "replaces_visit": True, "contact_type": "Distanskontakt realtid bild/ljud/chatt",
        "attribute": "1177 direkt", "journal": True, "diagnosis": True, "kva": "optional"}
    assert {"section": "3.1.2", "quote": "Sjuksköterskan behöver registrera med tanke på att ärendet hanteras av "
            "läkare eller annan hälso- och sjukvårdspersonal annan dag."} in first["sources"]
    assert [w["code"] for w in data["warnings"]] == ["outside_validity"]
    # 3.1.2c names "annan hälso- och sjukvårdspersonal": who counts is a reading (q_licensed)
    assert [i["id"] for i in data["interpretations"]] == ["q_layout_bullets", "q_licensed", "q_validity"]
    json.dumps(data)  # serialisable as it is


def test_no_pmo_step_has_empty_registrations_and_physical_has_null_replaces(rulebook):
    data = rulebook.advise(scenario="3.1.2d", date="2023-09-01").to_dict()
    assert data["steps"][0]["registrations"] == []
    assert "Ingen dokumentation i PMO" in data["steps"][0]["no_pmo"]["quote"]
    visit = data["steps"][2]["registrations"][0]
    assert visit["replaces_visit"] is None and visit["attribute"] is None


def test_json_round_trip(rulebook):
    for sid in rulebook.scenario_ids():
        advice = rulebook.advise(scenario=sid)
        again = Advice.from_dict(json.loads(json.dumps(advice.to_dict())))
        assert again == advice


def test_scenarios_listing(rulebook):
    scenarios = rulebook.scenarios()
    assert len(scenarios) == 12
    s = {x.id: x for x in scenarios}["3.1.2c"]
    assert s.section == "3.1.2"
    assert s.title.endswith("samma besvär/enhet, annan dag")
    assert [st.channel for st in s.steps] == [Channel.DIGITAL, Channel.DIGITAL]
    assert s.steps[1].day == (Relation.OTHER,) and s.steps[1].unit == (Relation.SAME,)
    assert set(s.to_dict()) >= {"id", "section", "title", "steps"}


def test_errata_and_policy_questions(rulebook):
    errata = {e.found: e.normalised for e in rulebook.errata()}
    assert errata["KVVÅ-kod"] == "KVÅ-kod"
    assert errata["Telefonsamtals som ersätter besök"] == "Telefonsamtal som ersätter besök"
    questions = {q.id: q for q in rulebook.policy_questions()}
    assert {"q_closer_3_1_3b", "q_other_includes_nurse", "q_phone", "q_validity"} <= set(questions)
    assert "3.1.3b" in questions["q_closer_3_1_3b"].scenarios
    assert "gap_forward_to_nurse" in questions["q_other_includes_nurse"].rules
    english = {q.id: q for q in rulebook.policy_questions("en")}
    assert english["q_phone"].question != questions["q_phone"].question


def test_every_interpretation_is_a_listed_question(rulebook):
    """Documented answers, and derived ones: every rule's question is listed with its rule."""
    questions = {q.id: q for q in rulebook.policy_questions()}
    for sid in rulebook.scenario_ids():
        for i in rulebook.advise(scenario=sid).interpretations:
            assert i.id in questions
    answer = rulebook.advise([{"role": "doctor", "channel": "digital"}, {"role": "nurse", "channel": "digital",
                                                                        "day": "other"}], date="2023-09-01")
    assert {i.id for i in answer.interpretations} == {"q_closer_last_in_1177", "q_forward_registers_any"}
    for i in answer.interpretations:
        assert set(questions[i.id].rules) & set(answer.rules_used)


def test_date_inside_and_outside_validity(rulebook):
    inside = rulebook.advise(scenario="3.1.1a", date=dt.date(2024, 4, 11))
    assert not any(w.code == "outside_validity" for w in inside.warnings)
    before = rulebook.advise(scenario="3.1.1a", date="2023-04-10")
    assert [w.code for w in before.warnings] == ["outside_validity"]
    assert "2023-04-11 – 2024-04-11" in before.warnings[0].message
    assert before.steps == inside.steps  # the answer is still given
    today = rulebook.advise(scenario="3.1.1a")
    assert today.date == dt.date.today().isoformat()


def test_english_messages(rulebook):
    answer = rulebook.advise(scenario="3.1.1a", date="2025-01-01", lang="en")
    assert answer.warnings[0].message.startswith("The date 2025-01-01 is outside")
    assert answer.steps[0].registrations[0].contact_type == "Text som inte ersätter besök"


def test_case_shapes_are_equivalent(rulebook):
    steps = [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital", "day": "other"}]
    typed = Case((Step(Role.NURSE, Channel.DIGITAL), Step(Role.DOCTOR, Channel.DIGITAL, day=Relation.OTHER)))
    a = rulebook.advise(steps, date="2023-09-01")
    b = rulebook.advise({"steps": steps, "date": "2023-09-01"})
    c = rulebook.advise(typed, date="2023-09-01")
    d = rulebook.advise({"scenario": "3.1.2c", "date": "2023-09-01"})
    assert a == b == c
    assert d.steps == a.steps and d.scenario == a.scenario == "3.1.2c"


def test_replaces_visit_selects_one_alternative(rulebook):
    base = [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital", "day": "other"}]
    base[0]["replaces_visit"] = True
    answer = rulebook.advise(base)
    assert [r.contact_type for r in answer.steps[0].registrations] == ["Distanskontakt realtid bild/ljud/chatt"]
    assert len(answer.steps[1].registrations) == 2
    assert answer.status is Status.DOCUMENTED


def test_undescribed_alternative_is_a_gap_not_an_error(rulebook):
    """Treatment that does not replace a visit: 3.1.1b gives only "Ersätter ett besök"."""
    answer = rulebook.advise([{"role": "nurse", "channel": "digital", "purpose": "treatment",
                               "replaces_visit": False}], date="2023-09-01")
    assert answer.status is Status.GAP and answer.scenario is None
    assert answer.steps[0].gaps[0].rule == "gap_alternative_not_described"
    assert "q_visit_replacing_purpose" in [i.id for i in answer.interpretations]
    chosen = rulebook.advise([{"role": "nurse", "channel": "digital", "purpose": "treatment",
                               "replaces_visit": True}], date="2023-09-01")
    assert chosen.scenario == "3.1.1b"


def test_content_before_a_same_day_hand_over_is_a_gap(rulebook):
    """3.1.2b covers plain forwarding; a contact that replaced a visit (video) is not described."""
    answer = rulebook.advise([{"role": "nurse", "channel": "digital", "replaces_visit": True},
                              {"role": "doctor", "channel": "digital"}], date="2023-09-01")
    assert answer.status is Status.GAP and answer.scenario is None
    assert answer.steps[0].gaps[0].rule == "gap_forward_with_content"


def test_hand_over_by_phone_is_a_gap(rulebook):
    for steps in ([{"role": "nurse", "channel": "phone"}, {"role": "doctor", "channel": "digital"}],
                  [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "phone"}]):
        answer = rulebook.advise(steps, date="2023-09-01")
        assert answer.status is Status.GAP
        assert answer.steps[0].gaps[0].rule == "gap_forward_by_phone"


def test_replaces_visit_on_a_no_pmo_step_warns(rulebook):
    answer = rulebook.advise([{"role": "nurse", "channel": "digital", "replaces_visit": False},
                              {"role": "doctor", "channel": "digital"}])
    assert answer.steps[0].registrations == ()
    assert any(w.code == "replaces_visit_ignored" for w in answer.warnings)


BAD = [
    ([{"role": "nurze", "channel": "digital"}], "unknown role 'nurze' (allowed: nurse, doctor, other_clinician)"),
    ([{"role": "nurse", "channel": "fax"}], "unknown channel 'fax'"),
    ([{"role": "nurse", "channel": "digital", "purpose": "gossip"}], "unknown purpose 'gossip'"),
    ([{"role": "nurse", "channel": "digital", "day": "other"}], "step 1 cannot have day"),
    ([{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital", "unit": "elsewhere"}],
     "step 2: unknown unit 'elsewhere' (allowed: same, other)"),
    ([{"role": "nurse", "channel": "physical", "purpose": "treatment"}], "purpose applies to steps in 1177 direkt"),
    ([{"role": "doctor", "channel": "physical", "replaces_visit": True}], "replaces_visit does not apply"),
    ([{"role": "nurse", "channel": "digital", "replaces_visit": "maybe"}], "replaces_visit must be true or false"),
    ([{"role": "nurse"}], "channel is missing"),
    ([{"role": "nurse", "channel": "digital", "colour": "red"}], "unknown key 'colour'"),
    ([], "non-empty list"),
    ([{"role": "nurse", "channel": "digital"}] * 11, "a case has 1 to 10 steps, not 11"),
    (["nurse:digital"], "a step must be a mapping"),
    ([{"role": "nurse),halt,(", "channel": "digital"}], "unknown role 'nurse),halt,('"),
    ([{"role": "nurse", "channel": "digital'), shell('ls"}], "unknown channel"),
    ([{"role": "sjuksköterska", "channel": "digital"}], "unknown role 'sjuksköterska'"),
    ([{"role": ["nurse"], "channel": "digital"}], "role must be one of"),
]


@pytest.mark.parametrize("steps,message", BAD, ids=[m for _, m in BAD])
def test_bad_input_raises_one_clear_error(rulebook, steps, message):
    with pytest.raises(InputError) as info:
        rulebook.advise(steps)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert info.value.message("sv") != str(info.value)  # Swedish too


@pytest.mark.parametrize("kwargs,message", [
    ({"scenario": "3.1.9z"}, "unknown scenario '3.1.9z'"),
    ({"scenario": "3.1.2c'), halt, ('"}, "unknown scenario"),
    ({"scenario": "3.1.1a", "date": "2023-02-30"}, "bad date '2023-02-30'"),
    ({"scenario": "3.1.1a", "date": "yesterday"}, "bad date"),
    ({"scenario": "3.1.1a", "lang": "de"}, "unknown lang 'de'"),
    ({}, "give either a case"),
])
def test_bad_scenario_date_lang(rulebook, kwargs, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)").replace("'", "'")):
        rulebook.advise(**kwargs)


def test_kb_still_answers_after_bad_input(rulebook):
    for steps, _ in BAD:
        with pytest.raises(InputError):
            rulebook.advise(steps)
    assert rulebook.advise(scenario="3.1.2b").closed_by_step == 2


@pytest.mark.parametrize("case,message", [
    ({"scenario": None}, "give either 'steps' or 'scenario'"),
    ({"scenario": None, "steps": None}, "give either 'steps' or 'scenario'"),
    ({"scenario": 312}, "scenario must be a scenario id as text"),
    ({"steps": [[1, 2]]}, "a step must be a mapping"),
    ({"steps": "nurse"}, "non-empty list"),
    ({"steps": [{"role": True, "channel": "digital"}]}, "role must be one of"),
    ({"steps": [{"role": "nurse", "channel": "digital", "replaces_visit": 1}]}, "must be true or false"),
])
def test_odd_case_mappings(rulebook, case, message):
    with pytest.raises(InputError, match=message):
        rulebook.advise(case)


def test_steps_built_from_plain_values_are_checked(rulebook):
    ok = rulebook.advise([Step("nurse", "digital"), Step("doctor", "digital", day="other")])  # type: ignore[arg-type]
    assert ok.scenario == "3.1.2c"
    assert rulebook.advise(Case(({"role": "nurse", "channel": "digital", "purpose": "treatment"},))).scenario == "3.1.1b"  # type: ignore[arg-type]
    # checked when the step is made (issue 13), not first when it is answered
    with pytest.raises(InputError, match="unknown channel 'fax'"):
        Step("nurse", "fax")
    with pytest.raises(InputError, match="must be true or false"):
        Step(Role.NURSE, Channel.DIGITAL, replaces_visit=1)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="unknown day 'tomorrow'"):
        Step(Role.NURSE, Channel.DIGITAL, day="tomorrow")


def test_models_are_frozen(rulebook):
    advice = rulebook.advise(scenario="3.1.1a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        advice.status = Status.GAP  # type: ignore[misc]


def test_installed_wheel_finds_its_kb(rulebook):
    """dev.sh runs the suite against `pip install .` (not editable): the KB must be inside the package."""
    if not os.environ.get("PY1177_EXPECT_INSTALLED"):
        pytest.skip("run by ./dev.sh test against the installed wheel")
    package_dir = Path(py1177.__file__).resolve().parent
    assert "site-packages" in package_dir.parts
    assert rulebook.kb_dir == package_dir / "kb"
    assert (rulebook.kb_dir / "source" / "anvisning-1177-direkt-v1.0.txt").is_file()
