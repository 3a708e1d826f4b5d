"""`why`: justification trees in Swedish (and English), every node cited to the source."""

from __future__ import annotations

import json

from hypothesis import given, settings
from typer.testing import CliRunner

import source_text
from py1177.cli import app
from strategies import cases


def test_why_3_1_2c_step_1_explains_registration_and_closer_in_swedish():
    result = CliRunner().invoke(app, ["why", "--scenario", "3.1.2c", "--step-no", "1", "--date", "2023-09-01"])
    assert result.exit_code == 0
    out = result.output
    assert "• Sjuksköterskan registrerar kontakten i PMO" in out
    assert "”Sjuksköterskan behöver registrera med tanke på att ärendet hanteras av läkare eller annan" in out
    assert "• Sjuksköterskan (steg 1) avslutar inte ärendet; det gör läkaren (steg 2)" in out
    assert "”Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt” (§3.1.2)" in out
    assert "Steg 2" not in out  # only the step asked for


def test_why_json_shape_and_closer(rulebook):
    tree = rulebook.why(scenario="3.1.2c", step_no=1, date="2023-09-01").to_dict()
    assert set(tree) >= {"conclusion", "rule", "section", "quote", "because"}
    step = tree["because"][0]
    kinds = [n["kind"] for n in step["because"]]
    assert kinds == ["registers", "not_closes"]
    not_closes = step["because"][1]
    assert not_closes["section"] == "3.1.2"
    assert not_closes["quote"] == "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt"


def nodes(tree):
    yield tree
    for child in tree["because"]:
        yield from nodes(child)


def check_citations(tree, sections):
    for node in nodes(tree):
        assert node["section"] in sections, node
        if node["quote"] is not None:
            assert source_text.collapse(node["quote"]) in source_text.collapse(sections[node["section"]]), node


def test_every_quote_in_every_scenarios_why_occurs_in_the_source(rulebook, source):
    sections = source_text.sections(source)
    for sid in rulebook.scenario_ids():
        for lang in ("sv", "en"):
            check_citations(rulebook.why(scenario=sid, lang=lang).to_dict(), sections)


def test_inferred_tree_names_the_general_rules(rulebook):
    tree = rulebook.why([{"role": "doctor", "channel": "digital"}, {"role": "other_clinician", "channel": "digital"}],
                        date="2023-09-01", lang="en").to_dict()
    rules = {n["rule"] for n in nodes(tree)}
    assert {"r_forward_same_unit_day", "r_alternatives", "r_contact_type_digital", "r_attribute", "r_journal",
            "r_diagnosis", "r_closer_last_in_1177", "q_forward_any_sender"} <= rules
    assert tree["conclusion"].startswith("The guideline does not describe the chain")
    explained = [n for n in nodes(tree) if n["rule"] == "r_forward_same_unit_day" and n["kind"] == "no_pmo"][0]
    assert explained["explanation"].startswith("Whoever forwards the case via 1177 direkt")


def test_gap_tree_names_the_gap_and_its_question(rulebook):
    tree = rulebook.why([{"role": "nurse", "channel": "digital"}, {"role": "nurse", "channel": "digital"}],
                        date="2023-09-01").to_dict()
    undecided = [n for n in nodes(tree) if n["kind"] == "undecided"]
    assert [(n["rule"], n["question"]) for n in undecided] == [("gap_forward_to_nurse", "q_other_includes_nurse")]


def test_interpretation_of_3_1_3b_only_when_the_nurse_redirects(rulebook):
    nurse = rulebook.why([{"role": "nurse", "channel": "digital", "purpose": "redirect"}]).to_dict()
    doctor = rulebook.why([{"role": "doctor", "channel": "digital", "purpose": "redirect"}]).to_dict()
    assert any(n["rule"] == "q_closer_3_1_3b" for n in nodes(nurse))
    assert not any(n["rule"] == "q_closer_3_1_3b" for n in nodes(doctor))


def test_bad_step_number(rulebook):
    from py1177 import InputError
    import pytest

    with pytest.raises(InputError, match="there is no step 3; the case has 2 steps"):
        rulebook.why(scenario="3.1.2c", step_no=3)


@settings(max_examples=60)
@given(cases(max_steps=3))
def test_every_obligation_in_advise_has_a_why_node(rulebook, source, case):
    sections = source_text.sections(source)
    advice = rulebook.advise(case, date="2023-09-01")
    tree = rulebook.why(case, date="2023-09-01").to_dict()
    check_citations(tree, sections)
    step_nodes = [n for n in tree["because"] if n["kind"] == "step"]
    assert len(step_nodes) == len(advice.steps)
    for step, node in zip(advice.steps, step_nodes):
        below = list(nodes(node))
        kinds = [n["kind"] for n in below]
        if step.registrations is None:
            assert {g.rule for g in step.gaps} == {n["rule"] for n in below if n["kind"] == "undecided"}
            continue
        if step.registrations == ():
            assert "no_pmo" in kinds
        for reg in step.registrations:
            alt = [n for n in below if n["kind"] == "alternative" and n.get("alternative") == reg.alternative.value]
            assert len(alt) == 1, (reg, kinds)
            inner = list(nodes(alt[0]))
            assert any(n["kind"] == "contact_type" and n["conclusion"] == f"Vårdkontakten är {reg.contact_type}"
                       for n in inner)
            assert any(n["kind"] == "journal" for n in inner)
            assert any(n["kind"] == "diagnosis" for n in inner) == reg.diagnosis
            assert any(n["kind"] == "attribute" and "kryssas i" in n["conclusion"]
                       and "inte" not in n["conclusion"] for n in inner) == (reg.attribute is not None)
        if advice.closed_by_step is not None:
            wanted = "closes" if step.closes_case else "not_closes"
            assert wanted in kinds


def test_why_cli_json_and_english():
    result = CliRunner().invoke(app, ["why", "--step", "nurse:phone", "--json", "--lang", "en"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["status"] == "inferred"
    assert any(n["rule"] == "r_contact_type_phone" for n in nodes(data))
