"""The answer card (issue 14): one plain sentence per person, checked against the structured answer.

Every obligation of every alternative the answer gives must be in the card, and nothing the answer
does not give: the contact type (the KB's label), the attribute, the journal, the diagnosis and KVÅ
code, and who closes the case. Checked for every documented scenario and for random chains.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from py1177.cli import app

from strategies import cases

WORDS = {
    "sv": {"attribute": "attributet 1177 direkt", "journal": "journal", "diagnosis": "diagnos",
           "or": " — eller, ", "closes": "Avslutar ärendet i 1177 direkt.", "not_closes": "Avslutar inte ärendet",
           "unknown": "avgör inte anvisningen", "nothing": "registrera inget i PMO", "gap": "anvisningen avgör inte"},
    "en": {"attribute": "the attribute 1177 direkt", "journal": "patient record", "diagnosis": "diagnosis",
           "or": " — or, ", "closes": "Closes the case in 1177 direkt.", "not_closes": "Does not close the case",
           "unknown": "does not decide who closes", "nothing": "register nothing in PMO",
           "gap": "does not decide this step"},
}
SUBJECT = {"sv": {"nurse": "sjuksköterskan", "doctor": "läkaren", "other_clinician": "annan hälso- och sjukvårdspersonal"},
           "en": {"nurse": "the nurse", "doctor": "the doctor", "other_clinician": "the other clinician"}}


def check_card(answer: dict, lang: str) -> None:
    """The card says exactly what the structured answer says, step by step."""
    words = WORDS[lang]
    card = answer["card"]
    assert [c["step"] for c in card] == [s["step"] for s in answer["steps"]]
    for line, step in zip(card, answer["steps"]):
        text = line["text"]
        assert line["role"] == step["role"]
        assert text.lower().startswith(SUBJECT[lang][step["role"]] + ":"), text
        if not step["decided"]:
            assert words["gap"] in text
            for gap in step["gaps"]:
                assert gap["reason"] in text
            assert "*" not in text  # no contact type invented for an undecided step
        elif step["registrations"] == []:
            assert words["nothing"] in text and "*" not in text
        else:
            regs = step["registrations"]
            body = text.split(". ")[0] if len(regs) == 1 else text
            parts = body.split(words["or"])
            assert len(parts) == len(regs), text
            for part, reg in zip(parts, regs):
                assert f"*{reg['contact_type']}*" in part, (part, reg)
                assert (words["attribute"] in part) == (reg["attribute"] is not None), part
                assert (words["journal"] in part) == reg["journal"], part
                assert (words["diagnosis"] in part) == reg["diagnosis"], part
        if step["closes_case"]:
            assert words["closes"] in text
        elif answer["closed_by_step"] is None:
            assert words["unknown"] in text
        else:
            closer = answer["steps"][answer["closed_by_step"] - 1]["role"]
            assert words["not_closes"] in text
            assert (f"{SUBJECT[lang][closer]} (steg {answer['closed_by_step']})."
                    if lang == "sv" else f"{SUBJECT[lang][closer]} does (step {answer['closed_by_step']}).") in text
        assert "r_" not in text and "q_" not in text  # no internal ids
        # what was assumed for the step is said in words, in that step's line
        assumed = {w["code"] for w in answer["warnings"]
                   if w["code"] in ("assumed_day", "assumed_unit", "purpose_not_given")
                   and w["message"].startswith(("Steg ", "Step ")) and
                   w["message"].split(":", 1)[0].split()[-1] == str(step["step"])}
        for code, sv_words, en_words in (("assumed_day", "Dagen angavs inte", "The day was not given"),
                                         ("assumed_unit", "Enheten angavs inte", "The unit was not given"),
                                         ("purpose_not_given", "Inget syfte angavs", "No purpose was given")):
            assert ((sv_words if lang == "sv" else en_words) in text) == (code in assumed), (code, text)


def test_the_issue_example_word_for_word(rulebook):
    answer = rulebook.advise_dict(scenario="3.1.2c", lang="sv")
    assert answer["card"][0]["text"] == (
        "Sjuksköterskan: registrera vårdkontakt *Text som inte ersätter besök*, kryssa i attributet 1177 direkt "
        "och dokumentera i journalen — eller, om kontakten ersatte ett besök, *Distanskontakt realtid "
        "bild/ljud/chatt*, attributet 1177 direkt, journalen, och registrera diagnos och eventuellt KVÅ-kod. "
        "Avslutar inte ärendet – det gör läkaren (steg 2).")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_scenario_card_matches_its_answer(rulebook, lang):
    for scenario in rulebook.scenarios():
        check_card(rulebook.advise_dict(scenario=scenario.id, lang=lang), lang)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases(max_steps=3))
def test_random_chains_card_matches_answer(rulebook, case):
    for lang in ("sv", "en"):
        check_card(rulebook.advise_dict(case, lang=lang), lang)


def test_the_checker_catches_a_card_that_drops_an_obligation(rulebook):
    answer = rulebook.advise_dict(scenario="3.1.2c", lang="sv")
    answer["card"][0]["text"] = answer["card"][0]["text"].replace(", och registrera diagnos och eventuellt KVÅ-kod", "")
    with pytest.raises(AssertionError):
        check_card(answer, "sv")


def test_text_output_shows_the_card_first_and_ids_only_with_detail():
    plain = CliRunner().invoke(app, ["advise", "--step", "nurse:phone", "--step", "doctor:digital:unit=other",
                                     "--date", "2023-09-01"])
    assert plain.exit_code == 0, plain.output
    body = plain.output.split("\n", 1)[1]
    assert body.split("\n")[2] == "Svar:"
    assert body.index("Svar:") < body.index("Steg 1")
    assert "r_" not in body and "q_" not in body
    detailed = CliRunner().invoke(app, ["advise", "--step", "nurse:phone", "--step", "doctor:digital:unit=other",
                                        "--date", "2023-09-01", "--detail"])
    assert detailed.exit_code == 0
    assert "q_" in detailed.output or "r_" in detailed.output


def test_a_gap_says_what_to_do_and_assumptions_are_in_words(rulebook):
    gap = rulebook.advise_dict([{"role": "nurse", "channel": "physical"}], lang="sv")
    # §5 Länkar "Registreringsanvisningar distanskontakter i Region Skåne" (q_general_guideline)
    assert "registrera enligt den allmänna registreringsanvisningen, \"Registreringsanvisningar " \
           "distanskontakter i Region Skåne\"" in gap["card"][0]["text"]
    chain = rulebook.advise_dict([{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital"}],
                                 lang="sv")
    assert "Dagen angavs inte: samma dag som steg 1 antogs" in chain["card"][1]["text"]
    given = rulebook.advise_dict([{"role": "nurse", "channel": "digital"},
                                  {"role": "doctor", "channel": "digital", "day": "same", "unit": "same"}], lang="sv")
    assert "angavs inte" not in given["card"][1]["text"]


def test_outside_validity_is_one_calm_line():
    result = CliRunner().invoke(app, ["advise", "--scenario", "3.1.1a", "--date", "2025-01-01"])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "utanför giltighetstiden för version" in line]
    assert len(lines) == 1 and lines[0].startswith("Obs: ")
    assert "! Datumet" not in result.output
