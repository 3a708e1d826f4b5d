"""Honest answers (issue 10): every reading beyond the anvisning's words is said where the
answer is given — role limits of headings, the receiving unit, assumed values, deciding readings,
where to turn in a gap, §1/§2/§5, §4.3, normalised quotes, the open questions."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import source_text
from py1177 import Case
from py1177.cli import app

DATE = "2023-09-01"


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def codes(answer) -> list[str]:
    return [w.code for w in answer.warnings]


# --- 1. role limits in headings ------------------------------------------------------------

@pytest.mark.parametrize("spec", ["nurse:digital:purpose=prescription_renewal",
                                  "other_clinician:digital:purpose=prescription_renewal",
                                  "other_clinician:digital:purpose=redirect"])
def test_role_the_heading_does_not_name_is_a_gap_naming_the_question(spec):
    data = json.loads(run("advise", "--step", spec, "--date", DATE, "--json"))
    assert data["status"] == "gap" and data["closed_by_step"] is None
    assert [g["rule"] for g in data["steps"][0]["gaps"]] == ["gap_role_not_in_heading"]
    assert data["steps"][0]["gaps"][0]["question"] == "q_heading_roles"
    assert "q_heading_roles" in [i["id"] for i in data["interpretations"]]
    quotes = {s["quote"] for s in data["steps"][0]["gaps"][0]["sources"]}
    assert "Läkare via 1177 direkt (receptförnyelse)" in quotes


# --- 2. the receiving unit ------------------------------------------------------------------

def test_visit_at_the_receiving_unit_cites_its_reading_and_the_scope(rulebook):
    answer = rulebook.advise([{"role": "nurse", "channel": "digital", "purpose": "redirect"},
                              {"role": "doctor", "channel": "physical", "day": "same", "unit": "other"}],
                             date=DATE)
    visit = answer.steps[1].registrations[0]
    assert visit.contact_type == "Mottagningsbesök"
    assert "r_visit_after_exit" in visit.rules
    quotes = [s.quote for s in visit.sources]
    assert any("Primärvården Skånes verksamheter samt Medicinsk service" in q for q in quotes)
    assert any("inom och mellan anslutna vårdenheter och regioner" in q for q in quotes)
    reading = next(i for i in answer.interpretations if i.id == "q_receiving_unit")
    assert "Primärvården Skåne och Medicinsk service" in reading.reading
    plain = rulebook.advise([{"role": "nurse", "channel": "digital"},
                             {"role": "doctor", "channel": "physical", "day": "same", "unit": "same"}], date=DATE)
    assert "q_receiving_unit" not in [i.id for i in plain.interpretations]


# --- 3. assumed values ----------------------------------------------------------------------

def test_assumed_day_and_unit_say_what_the_other_value_gives(rulebook):
    answer = rulebook.advise([{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital"}],
                             date=DATE)
    assert answer.scenario == "3.1.2b"
    messages = {w.code: w.message for w in answer.warnings}
    assert "samma dag som steg 1 antogs" in messages["assumed_day"]
    assert "Annan dag ger ett annat svar: scenario 3.1.2c" in messages["assumed_day"]
    assert "Annan enhet ger ett annat svar: scenario 3.1.3a" in messages["assumed_unit"]
    english = rulebook.advise([{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital"}],
                              date=DATE, lang="en")
    assert "Another day gives a different answer: scenario 3.1.2c" in {
        w.code: w.message for w in english.warnings}["assumed_day"]


def test_no_warning_when_the_other_value_gives_the_same_answer(rulebook):
    # 3.1.1c: "samma besvär/enhet/dag alternativt annan dag" - the day does not matter
    answer = rulebook.advise([{"role": "nurse", "channel": "digital"},
                              {"role": "nurse", "channel": "physical", "unit": "same"}], date=DATE)
    assert answer.scenario == "3.1.1c" and codes(answer) == []
    # a scenario asked by id assumes nothing
    assert codes(rulebook.advise(scenario="3.1.2b", date=DATE)) == []


def test_the_tools_own_examples_give_the_values_that_matter(rulebook):
    """`py1177 scenarios` prints an example chain per scenario: each answers as that scenario,
    with no warning about a left-out value."""
    for scenario in rulebook.scenarios():
        answer = rulebook.advise(Case(scenario.example), date=DATE)
        assert answer.scenario == scenario.id
        assert codes(answer) == [], scenario.id


def test_ask_prints_a_command_line_with_the_values_that_matter():
    # nurse via 1177 direkt, went on; doctor via 1177 direkt the same day on the same unit
    # (the questions in the order of issue 14: who, how, day, unit, what about, replaced a visit, went on)
    result = CliRunner().invoke(app, ["ask", "--date", DATE, "--no-why"], input="1\n1\n1\n1\n2\n2\n1\n1\n1\n\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "py1177 advise --step" in x)
    assert "--step doctor:digital:day=same:unit=same" in line
    assert "angavs inte" not in result.output


# --- 4. the status line names deciding readings ---------------------------------------------

def test_status_line_names_readings_that_decide_part_of_the_answer():
    # (issue 14: question ids show with --detail; without it the status points to the readings below)
    out = run("advise", "--scenario", "3.1.3b", "--date", DATE, "--detail")
    assert "Status: beskrivet i anvisningen, med tolkning q_closer_3_1_3b\n" in out
    plain = run("advise", "--scenario", "3.1.3b", "--date", DATE)
    assert "Status: beskrivet i anvisningen, med tolkning (se tolkningarna nedan)\n" in plain
    layout = run("advise", "--scenario", "3.1.2c", "--date", DATE, "--detail")
    assert "Status: beskrivet i anvisningen\n" in layout  # q_layout_bullets only explains layout
    assert "? q_layout_bullets:" in layout
    data = json.loads(run("advise", "--scenario", "3.1.2c", "--date", DATE, "--json"))
    # neither the layout reading nor whom "annan hälso- och sjukvårdspersonal" covers decides the answer
    assert [(i["id"], i["decides"]) for i in data["interpretations"]] == [("q_layout_bullets", False),
                                                                           ("q_licensed", False)]
    english = run("advise", "--scenario", "3.1.3b", "--date", DATE, "--lang", "en", "--detail")
    assert "Status: described in the guideline, with the reading q_closer_3_1_3b" in english


# --- 5. gaps say where to turn ----------------------------------------------------------------

def test_gap_points_to_the_general_guideline_nearest_scenarios_and_question(rulebook):
    answer = rulebook.advise([{"role": "nurse", "channel": "digital"},
                              {"role": "nurse", "channel": "digital", "day": "same", "unit": "same"}], date=DATE)
    assert answer.status.value == "gap"
    guide = {w.code: w.message for w in answer.warnings}["general_guideline"]
    assert '"Registreringsanvisningar distanskontakter i Region Skåne" (länken saknar mål i källan)' in guide
    assert "enligt tolkningen q_general_guideline" in guide
    assert "Närmast beskrivna scenarier (samma kanaler, dagar och enheter): 3.1.2b." in guide
    assert "Öppna frågor: q_other_includes_nurse" in guide
    assert "q_general_guideline" in [i.id for i in answer.interpretations]
    decided = rulebook.advise(scenario="3.1.2b", date=DATE)
    assert "q_general_guideline" not in [i.id for i in decided.interpretations]


# --- 6. §1, §2, §5 ---------------------------------------------------------------------------

def test_guideline_metadata_of_title_page_and_sections_1_2_5(rulebook, source):
    g = rulebook.guideline()
    assert g.document_type == "ANVISNING"
    assert g.organisation == ("Avdelningen för hälso- och sjukvårdsstyrning",
                              "Koncernstab inköp och ekonomistyrning", "Regional vårdadministrativ funktion")
    assert g.case_number is None  # only the placeholder "Ange ärendenummer" (erratum e8)
    assert (g.decided, g.procured_by) == ("2021-04-28", "Inera")
    assert g.steering_group_chair == "Pia Lundbom, hälso- och sjukvårdsdirektör"
    assert [(link.section, link.title, link.target) for link in g.links] == [
        ("5", "Registreringsanvisningar distanskontakter i Region Skåne", None),
        ("5", "Patientavgifter i Skåne", None)]
    keys = {f.key for f in g.facts}
    assert {"document_type", "organisation", "case_number", "decided", "procured_by", "steering_group",
            "steering_group_chair", "link"} <= keys
    sections = source_text.sections(source)
    for fact in g.facts:  # every fact's quote occurs in its section (the title page included)
        assert source_text.collapse(fact.quote) in source_text.collapse(sections[fact.section]), fact
    e8 = next(e for e in rulebook.errata() if e.id == "e8")
    assert e8.kind == "observation" and e8.found == "Ange ärendenummer"


def test_guideline_cli_text_and_json():
    text = run("guideline")
    rows = {tuple(line.split(None, 1)[1:]) for line in text.splitlines() if line and not line.startswith(" ")}
    for value in ("ANVISNING", "Koncernstab inköp och ekonomistyrning", "Regional vårdadministrativ funktion",
                  "2021-04-28", "Inera", "Pia Lundbom, hälso- och sjukvårdsdirektör"):
        assert any(r and r[0].strip().endswith(value) for r in rows), value  # a row, whatever its label
    for needle in ("– Patientavgifter i Skåne (länken saknar mål i källan)",
                   "steering_group (§2): ”Det regionala projektet är kopplat till en styrgrupp"):
        assert needle in text
    data = json.loads(run("guideline", "--json"))
    assert data["case_number"] is None and data["links"][0]["target"] is None
    assert {"key": "decided", "section": "1",
            "quote": "Region Skåne beslutade 28 april 2021 att ansluta till plattformen och att delta i det "
                     "nationella införandet av tjänsten."} in data["facts"]


# --- 7. §4.3 ---------------------------------------------------------------------------------

def test_pmo_heads_4_3_as_the_source_and_keeps_the_remarks():
    out = run("pmo")
    assert "§4.3  Vårdkontakt\n" in out
    assert out.count("(kan komma att användas vid bekymmer med tjänsten 1177 direkt)") == 2
    assert "– Telefonsamtal (kan komma att användas vid bekymmer med tjänsten 1177 direkt)" in out


# --- 9. smaller faithfulness points ------------------------------------------------------------

def test_why_marks_a_quote_normalised_by_an_erratum(rulebook, raw_source):
    tree = rulebook.why(scenario="3.1.2c", step_no=2, date=DATE)
    marked = [n for n in tree.walk() if n.errata]
    assert marked and all(n.errata == ("e4",) for n in marked)
    assert marked[0].quote == "Registreras av läkare eller annan hälso- och sjukvårdspersonal"
    assert marked[0].source_quote == "Registreras av läkare eller hälso- och sjukvårdspersonal"
    assert marked[0].source_quote + "\n" in raw_source
    # 3.1.3a: the nurse's step has "KVÅ-kod" in the source, the receiving unit's "KVVÅ-kod"
    first = rulebook.why(scenario="3.1.3a", step_no=1, date=DATE)
    assert not [n for n in first.walk() if n.errata]
    second = rulebook.why(scenario="3.1.3a", step_no=2, date=DATE)
    [kva] = [n for n in second.walk() if n.errata]
    assert kva.errata == ("e1",) and kva.source_quote == "Registrera diagnos och eventuellt KVVÅ-kod"
    out = run("why", "--scenario", "3.1.2c", "--step-no", "2", "--date", DATE)
    assert ("normaliserat enligt erratum e4 – källan skriver: ”Registreras av läkare eller hälso- och "
            "sjukvårdspersonal”)") in " ".join(out.split())


def test_layout_question_names_the_right_places(rulebook):
    q = next(q for q in rulebook.policy_questions() if q.id == "q_layout_bullets")
    assert "3.1.1c: sjuksköterskan som hanterar ärendet digitalt" in q.question
    assert "fysiskt besök" not in q.question
    lines = rulebook.scenario_blocks()
    unindented = {(b.id, line.step) for b in lines for line in b.lines if line.unindented}
    assert ("3.1.1c", 1) in unindented and ("3.1.1c", 2) not in unindented


def test_no_pmo_label_uses_the_sources_words():
    assert "Ingen dokumentation i PMO." in run("advise", "--scenario", "3.1.2b", "--date", DATE)


def test_scenario_list_names_the_texts_closers(rulebook):
    by_id = {s.id: s for s in rulebook.scenarios()}
    assert (by_id["3.1.2b"].closed_by_step, by_id["3.1.2b"].closed_by_roles) == (2, ("doctor", "other_clinician"))
    assert by_id["3.1.3b"].closed_by_roles == ("nurse", "doctor")
    out = run("scenarios")
    assert "Ärendet i 1177 direkt avslutas av: steg 2 (läkare eller annan hälso- och sjukvårdspersonal)" in out
    assert "avslutas av: steg 1 (sjuksköterska eller läkare) (q_closer_3_1_3b)" in out


def test_scenario_list_says_alternativt():
    out = run("scenarios")
    assert "2. sjuksköterska fysiskt, samma dag alternativt annan dag, samma enhet" in out
    assert "läkare eller annan hälso- och sjukvårdspersonal fysiskt, samma dag alternativt annan dag" in out


def test_errata_print_no_empty_fields():
    out = run("errata")
    block = out.split("e7  §3.1  [layout]\n", 1)[1].split("\n\n", 1)[0]
    assert "Står" not in block and "Normaliserat" not in block and "''" not in block
    assert "e8  titelsidan  [iakttagelse]\n    Står:        'Ange ärendenummer'\n    Platshållare" in out
    assert "e1  §3.1.3  [stavfel]" in out
    assert "e8  title page  [observation]" in run("errata", "--lang", "en")


# --- 10. the open questions ------------------------------------------------------------------

def test_answers_with_another_clinician_name_the_licensed_reading(rulebook):
    other = rulebook.advise([{"role": "other_clinician", "channel": "digital", "purpose": "treatment"}], date=DATE)
    assert [i.id for i in other.interpretations] == ["q_licensed"]
    doctor = rulebook.advise([{"role": "doctor", "channel": "digital", "purpose": "treatment"}], date=DATE)
    assert doctor.interpretations == ()
    assert "q_licensed" in [i.id for i in rulebook.advise(scenario="3.1.4a", date=DATE).interpretations]


@pytest.mark.parametrize("qid,affects", [("q_licensed", ()), ("q_receiving_unit", ("r_visit_after_exit",)),
                                         ("q_medicinsk_service", ()), ("q_heading_roles", ("gap_role_not_in_heading",)),
                                         ("q_general_guideline", ())])
def test_new_open_questions_with_readings(rulebook, qid, affects):
    for lang in ("sv", "en"):
        q = next(q for q in rulebook.policy_questions(lang) if q.id == qid)
        assert q.question and q.reading
        assert tuple(q.rules) == affects


def test_normalised_quotes_are_recorded_exactly_where_the_source_has_the_typo(rulebook, raw_source):
    """scenarios:normalised_quote/3 names every scenario whose block in the source holds a text
    erratum's typo, and only those (so `why` marks exactly the quotes the KB normalised)."""
    solutions = rulebook.query("scenarios:normalised_quote(I, _, E)", limit=100).solutions
    recorded = {(s["I"].strip("'"), s["E"]) for s in solutions}
    stripped = raw_source.replace("**", "").replace("*", "")
    blocks = rulebook.scenario_blocks()
    body = stripped.split("\n1 Bakgrund och syfte\n", 1)[1]
    starts = [body.index(b.lines[0].text) for b in blocks]
    ends = starts[1:] + [body.index("\n4 Registrering i PMO\n")]
    errata = [e for e in rulebook.errata() if e.kind == "text" and e.section.startswith("3.1.")
              and "\n- " not in e.normalised]  # e6 is a layout normalisation, read by q_layout_bullets
    found = {(b.id, e.id) for b, start, end in zip(blocks, starts, ends) for e in errata
             if e.found in body[start:end]}
    assert recorded == found
    assert ("3.1.2c", "e4") in recorded and ("3.1.3a", "e1") in recorded and len(recorded) == 7
