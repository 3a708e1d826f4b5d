"""`py1177 check`: the shipped KB passes; every seeded fault is reported (the checker is
itself tested); a broken KB exits 2 naming file:line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent


def run(*args: str, kb: Path | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    extra = ["--kb", str(kb)] if kb is not None else []
    return subprocess.run([sys.executable, "-m", "py1177", *args, *extra], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=TESTS)


@pytest.fixture(scope="module")
def report(rulebook):
    return rulebook.check(max_steps=2)


def test_shipped_kb_passes_every_check_at_depth_2(report):
    d = report.data
    assert report.ok is True, json.dumps(report.to_dict(), ensure_ascii=False)[:2000]
    assert d.examined.total == 111 + 111 * 444 == report.examined
    assert d.examined.by_length == {1: 111, 2: 111 * 444}
    assert d.status.documented > 0 and d.status.inferred > 0 and d.status.gap > 0
    assert d.status.documented + d.status.inferred + d.status.gap == report.examined
    assert d.conflicts == () and d.dead_rules == ()
    assert all(i.holds for i in d.invariants) and len(d.invariants) == 7
    assert d.reproduction.mismatches == () and d.reproduction.instances >= 25
    cov = d.coverage
    assert cov.untraced_source == () and cov.unsourced_kb == ()
    assert len(cov.rows) > 150
    gaps = {g.rule: g for g in d.gaps}
    assert gaps["gap_not_via_1177"].example == ("nurse:physical",)
    assert "gap_forward_to_nurse" in gaps
    # the typed report and its JSON (check --json) say the same
    data = report.to_dict()
    assert data["examined"]["total"] == d.examined.total and data["ok"] is d.ok is report.ok
    assert [s["id"] for s in data["static"]] == [s.id for s in d.static]
    assert [g["count"] for g in data["gaps"]] == [g.count for g in d.gaps]


def test_coverage_matrix_traces_the_guideline(report):
    rows = [{"section": r.section, "text": r.text, "encoded_by": list(r.encoded_by)} for r in report.data.coverage.rows]
    by_text = {}
    for row in rows:
        by_text.setdefault(row["text"], []).append(row)
    heading = by_text["Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och sjukvårdspersonal via 1177 direkt, samma besvär/enhet, annan dag"][0]
    assert heading["section"] == "3.1.2" and heading["encoded_by"] == ["scenario 3.1.2c title"]
    no_pmo = by_text["Sjuksköterskan skickar ärendet vidare digitalt. Ingen dokumentation i PMO eftersom det är läkare eller annan hälso- och sjukvårdspersonal på samma enhet och samma dag som hanterar ärendet."][0]
    assert no_pmo["encoded_by"] == ["scenario 3.1.2d step 1 no_pmo"]
    assert by_text["Telefonsamtal som ersätter besök (kan komma att användas vid bekymmer med tjänsten 1177 direkt)"][0]["encoded_by"] == ["attribute contact type phone_call_replacing_visit"]
    assert {r["section"] for r in rows} >= {"3.1", "3.1.1", "3.1.2", "3.1.3", "3.1.4", "4.1", "4.2", "4.3"}


def test_cli_check_exits_0_and_prints_summary_and_matrix(rulebook):
    """The CLI's report at N=2 (the default depth, N=3 with 998 499 chains, runs in the bench:
    `bench/bench.py --only check`); the default is 3 and its cost is counted, not guessed."""
    assert rulebook.check_cost() == 998_499 and rulebook.check_cost(max_steps=2) == 49_395
    assert "[default: 3]" in " ".join(run("check", "--help").stdout.split())
    done = run("check", "--coverage", "--max-steps", "2", timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    out = done.stdout
    assert "Undersökta kedjor: 49 395 (1 steg: 111, 2 steg: 49 284)" in out
    assert "Luckor, per regel" in out and "gap_forward_to_nurse" in out
    assert "Täckning av källtexten (§3.1 och §4): " in out and "0 ospårade" in out
    assert "§3.1.2c" not in out and "→ scenario 3.1.2c title" in out
    assert out.rstrip().endswith("Resultat: alla kontroller håller.")


def copy_kb(tmp_path: Path, rulebook) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(rulebook.kb_dir, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def edit(kb: Path, name: str, old: str, new: str) -> None:
    path = kb / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


FAULTS = {
    "drop a clause": (
        "section_3_1_2.pl",
        """scenarios:documented_alternative('3.1.2c', 1, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).""",
        "",
        lambda d: any(m["scenario"] == "3.1.2c" for m in d["reproduction"]["mismatches"])
        and any("3.1.2" in u for u in d["coverage"]["untraced_source"])),
    "flip an attribute": (
        "rules.pl",
        "attribute_(Type, true) :-\n    attribute_contact_type(Type, _).\nattribute_(Type, false) :-\n    \\+ attribute_contact_type(Type, _).",
        "attribute_(Type, false) :-\n    attribute_contact_type(Type, _).\nattribute_(Type, true) :-\n    \\+ attribute_contact_type(Type, _).",
        lambda d: not inv(d, "attribute_exactly_4_3") and d["reproduction"]["mismatches"]),
    "swap a contact type": (
        "vocabulary.pl",
        'contact_type(text_not_replacing_visit, "Text som inte ersätter besök", digital, not_replaces_visit).\n'
        'contact_type(distance_realtime, "Distanskontakt realtid bild/ljud/chatt", digital, replaces_visit).',
        'contact_type(text_not_replacing_visit, "Text som inte ersätter besök", digital, replaces_visit).\n'
        'contact_type(distance_realtime, "Distanskontakt realtid bild/ljud/chatt", digital, not_replaces_visit).',
        lambda d: {m["scenario"] for m in d["reproduction"]["mismatches"]} >= {"3.1.1a", "3.1.2c", "3.1.4b"}),
    "make a rule conflict": (
        "rules.pl",
        "% \"Registreras som ett ordinarie mottagningsbesök:\"\nstep_outcome_(",
        "step_outcome_(ctx(_, step(_, physical, _, _, _, _), _), no_pmo, [r_physical_visit]).\n"
        "% \"Registreras som ett ordinarie mottagningsbesök:\"\nstep_outcome_(",
        lambda d: any(c["kind"] == "step" and c["count"] > 0 for c in d["conflicts"])),
    "delete a citation": (
        "rules.pl",
        'rule_source(r_journal, \'3.1.1\', "Dokumentera i journalen").\n',
        "",
        lambda d: any("r_journal" in p for s in d["static"] for p in s["problems"])),
    "break a quote": (
        "rules.pl",
        'rule_source(r_diagnosis, \'3.1.1\', "Registrera diagnos och eventuellt KVÅ-kod").',
        'rule_source(r_diagnosis, \'3.1.1\', "Registrera alltid diagnos och KVÅ-kod").',
        lambda d: any("Registrera alltid diagnos" in p for s in d["static"] if s["id"] == "citations_in_source"
                      for p in s["problems"])),
    "add a rule that never fires": (
        "rules.pl",
        "general_rule(r_journal, registration).",
        "general_rule(r_journal, registration).\ngeneral_rule(r_never, registration).",
        lambda d: {r["rule"] for r in d["dead_rules"]} == {"r_never"}),
    "drop a §4.3 contact type": (
        "section_4.pl",
        'attribute_contact_type(phone_call, "Telefonsamtal (kan komma att användas vid bekymmer med tjänsten 1177 direkt)").\n',
        "",
        lambda d: any("Telefonsamtal (kan komma" in u for u in d["coverage"]["untraced_source"])),
    "dead clause that reuses a rule id": (
        "rules.pl",
        "% \"Registreras som ett ordinarie mottagningsbesök:\"\nstep_outcome_(",
        "step_outcome_(ctx(_, step(_, physical, treatment, _, _, _), _), no_pmo, [r_forward_same_unit_day]).\n"
        "% \"Registreras som ett ordinarie mottagningsbesök:\"\nstep_outcome_(",
        lambda d: [(r["rule"], r["kind"]) for r in d["dead_rules"]] == [("r_forward_same_unit_day", "clause")]),
    "two registrations for one alternative": (
        "vocabulary.pl",
        'contact_type(phone_call, "Telefonsamtal", phone, not_replaces_visit).',
        'contact_type(phone_call, "Telefonsamtal", phone, not_replaces_visit).\n'
        'contact_type(text_not_replacing_visit, "Text som inte ersätter besök", phone, not_replaces_visit).',
        lambda d: any(c["kind"] == "registration" for c in d["conflicts"])),
    "no registration for an alternative": (
        "vocabulary.pl",
        'contact_type(phone_call, "Telefonsamtal", phone, not_replaces_visit).\n', "",
        lambda d: any(c["kind"] == "no_registration" for c in d["conflicts"])),
    "overlapping scenarios": (
        "section_3_1_4.pl",
        "[ pstep([doctor, other_clinician], digital, treatment, [none], [none]) ]",
        "[ pstep([nurse, doctor, other_clinician], digital, treatment, [none], [none]) ]",
        lambda d: any(set(o["scenarios"]) == {"3.1.1b", "3.1.4a"} for o in d["reproduction"]["overlaps"])),
    "a typo in a scenario pattern": (
        "section_3_1_4.pl",
        "[ pstep([doctor], digital, prescription_renewal, [none], [none]) ]",
        "[ pstep([docter], digital, prescription_renewal, [none], [none]) ]",
        lambda d: any("docter" in p for s in d["static"] if s["id"] == "scenario_patterns_valid"
                      for p in s["problems"])),
    "swapped telephone labels": (
        "vocabulary.pl",
        'contact_type(phone_call, "Telefonsamtal", phone, not_replaces_visit).\n'
        'contact_type(phone_call_replacing_visit, "Telefonsamtal som ersätter besök", phone, replaces_visit).',
        'contact_type(phone_call, "Telefonsamtal som ersätter besök", phone, not_replaces_visit).\n'
        'contact_type(phone_call_replacing_visit, "Telefonsamtal", phone, replaces_visit).',
        lambda d: any(s["id"] == "contact_type_labels_in_source" and not s["holds"] for s in d["static"])),
    "a new vocabulary value": (
        "vocabulary.pl",
        "vocabulary(role, [nurse, doctor, other_clinician]).",
        "vocabulary(role, [nurse, doctor, other_clinician, pharmacist]).",
        lambda d: any(s["id"] == "vocabulary_matches_model" and not s["holds"] for s in d["static"])
        and any(s["id"] == "vocabulary_labels" and not s["holds"] for s in d["static"])),
    "an edited source text": (
        "source/anvisning-1177-direkt-v1.0.txt",
        "Registreringen skiljer sig åt", "Registreringen skiljer sig ofta åt",
        lambda d: any(s["id"] == "source_text_unchanged" and not s["holds"] for s in d["static"])),
    "rename a scenario heading": (
        "section_3_1_4.pl",
        "scenarios:scenario('3.1.4b', '3.1.4', \"Läkare via 1177 direkt (receptförnyelse)\",",
        "scenarios:scenario('3.1.4b', '3.1.4', \"Läkare via 1177 direkt (recept)\",",
        lambda d: any("3.1.4b" in u for u in d["coverage"]["unsourced_kb"])),
    # issue 12 point 7: faults the KB's own answers agreed with; the source's words catch them
    "first role of a §3.1.2 scenario nurse→doctor": (
        "section_3_1_2.pl",
        "sjukvårdspersonal via 1177 direkt, samma dag/besvär/enhet\",\n    [ pstep([nurse], digital,",
        "sjukvårdspersonal via 1177 direkt, samma dag/besvär/enhet\",\n    [ pstep([doctor], digital,",
        lambda d: any("3.1.2b" in p and "[doctor]" in p for s in d["static"] if s["id"] == "scenario_headings_match_patterns"
                      for p in s["problems"])
        and not evidence(d, "registrant_headings_match_patterns")),
    "a vocabulary flag flipped": (
        "vocabulary.pl",
        'contact_type(distance_realtime, "Distanskontakt realtid bild/ljud/chatt", digital, replaces_visit).',
        'contact_type(distance_realtime, "Distanskontakt realtid bild/ljud/chatt", phone, replaces_visit).',
        lambda d: any("3.1.1b" in p for s in d["static"]
                      if s["id"] == "answers_state_the_bullets" for p in s["problems"])),
    "a message names the wrong label": (
        "messages.pl",
        "the contact type is Text som inte ersätter besök, or",
        "the contact type is Distanskontakt realtid bild/ljud/chatt, or",
        lambda d: any("r_contact_type_digital" in p for s in d["static"]
                      if s["id"] == "both_languages_name_the_same_labels" for p in s["problems"])),
    "an erratum that rewrites a label": (
        "guideline.pl",
        'erratum(e2, \'4.3\', "Telefonsamtals som ersätter besök", "Telefonsamtal som ersätter besök",',
        'erratum(e2, \'4.3\', "Telefonsamtals som ersätter besök", "Telefonsamtal",',
        lambda d: not evidence(d, "attribute_list_4_3")),
    "an interpretation without its question": (
        "questions.pl",
        "policy_question(q_layout_bullets, ['3.1.1', '3.1.2', '3.1.4'], ambiguous).\n", "",
        lambda d: any("q_layout_bullets" in p for s in d["static"] if s["id"] == "interpretations_are_questions"
                      for p in s["problems"])),
    "a gap without its question": (
        "rules.pl",
        "rule_question(gap_forward_by_phone, q_phone).\n", "",
        lambda d: any("gap_forward_by_phone" in p for s in d["static"] if s["id"] == "interpretations_are_questions"
                      for p in s["problems"])),
    "a policy test the KB no longer meets": (
        "tests/3.1.2a.yaml",
        "      scenario: 3.1.2a\n      closed_by_step: 1\n",
        "      scenario: 3.1.2a\n      closed_by_step: 2\n",
        lambda d: any(p.startswith("3.1.2a.yaml › 3.1.2a by scenario id: ") and "closed_by_step" in p
                      for s in d["static"] if s["id"] == "policy_tests_pass" for p in s["problems"])),
    "a worded question that is not declared": (
        "questions.pl",
        "policy_question(q_validity, ['1'], silent).\n", "",
        lambda d: any("q_validity" in p for s in d["static"] if s["id"] == "questions_defined"
                      for p in s["problems"])),
    "a reading's languages name different contact types": (
        "questions.pl",
        "registrerar sin kontakt (Text som inte ersätter besök eller",
        "registrerar sin kontakt (Distanskontakt realtid bild/ljud/chatt eller",
        lambda d: any("q_forward_with_content=registers" in p for s in d["static"] if s["id"] == "readings_declared"
                      for p in s["problems"])),
    "a rule that no longer cites a quote a policy test expects": (
        "rules.pl",
        "rule_source(r_physical_visit, '3.1.1', \"Vårdkontakt: Mottagningsbesök\").\n", "",
        lambda d: any(p.startswith("sources.yaml › ") and "Vårdkontakt: Mottagningsbesök" in p
                      for s in d["static"] if s["id"] == "policy_tests_pass" for p in s["problems"])),
    "a rule of a reading not in force changed": (
        "rules.pl",
        "clinician_receiver_(nurse) :-", "clinician_receiver_(other_clinician) :-",
        lambda d: any(p.startswith("readings.yaml › with nurses among the other staff")
                      for s in d["static"] if s["id"] == "policy_tests_pass" for p in s["problems"])),
}

EVIDENCE_FAULTS = {"first role of a §3.1.2 scenario nurse→doctor", "a vocabulary flag flipped",
                   "a message names the wrong label", "an erratum that rewrites a label",
                   "an interpretation without its question", "a gap without its question",
                   "a policy test the KB no longer meets", "a worded question that is not declared",
                   "a reading's languages name different contact types",
                   "a rule that no longer cites a quote a policy test expects", "a rule of a reading not in force changed"}


def evidence(data, name):
    return next(s for s in data["static"] if s["id"] == name)["holds"]


ONE_STEP_FAULTS = EVIDENCE_FAULTS | {"delete a citation", "break a quote", "drop a §4.3 contact type", "rename a scenario heading",
                   "a typo in a scenario pattern", "swapped telephone labels", "a new vocabulary value",
                   "an edited source text", "two registrations for one alternative",
                   "no registration for an alternative", "overlapping scenarios"}


def inv(data, name):
    return next(i for i in data["invariants"] if i["id"] == name)["holds"]


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_check_reports_each_seeded_fault(tmp_path, rulebook, fault):
    name, old, new, reported = FAULTS[fault]
    kb = copy_kb(tmp_path, rulebook)
    if fault == "add a rule that never fires":
        # A complete rule (declared, sourced, worded, with a clause) whose condition never holds.
        edit(kb, "messages.pl", 'rule_text(r_journal, sv,', 'rule_text(r_never, sv, "Aldrig.").\n'
             'rule_text(r_never, en, "Never.").\nrule_text(r_journal, sv,')
        edit(kb, "rules.pl", "rule_source(r_journal, '3.1.1', \"Dokumentera i journalen\").",
             "rule_source(r_journal, '3.1.1', \"Dokumentera i journalen\").\n"
             "rule_source(r_never, '3.1.1', \"Dokumentera i journalen\").")
        edit(kb, "rules.pl", "% \"Registreras som ett ordinarie mottagningsbesök:\"\nstep_outcome_(",
             "step_outcome_(ctx(_, step(_, physical, treatment, _, _, _), _), no_pmo, [r_never]).\n"
             "% \"Registreras som ett ordinarie mottagningsbesök:\"\nstep_outcome_(")
    edit(kb, name, old, new)
    # depth 1 finds the one-step faults; 2 is needed for hand-overs and closers
    depth = "1" if fault in ONE_STEP_FAULTS else "2"
    done = run("check", "--max-steps", depth, "--json", kb=kb)
    assert done.returncode == 1, (fault, done.stderr, done.stdout[-500:])
    data = json.loads(done.stdout)
    assert data["ok"] is False
    assert reported(data), (fault, json.dumps({k: data[k] for k in ("conflicts", "invariants", "reproduction",
                                                                    "static", "dead_rules")},
                                              ensure_ascii=False)[:3000])
    if fault == "drop a §4.3 contact type":  # the text names the untraced line, not the 193 traced ones
        text = run("check", "--max-steps", "1", kb=kb)
        assert text.returncode == 1
        matrix = [line for line in text.stdout.splitlines() if line.startswith("    §")]
        assert len(matrix) == 1 and "Telefonsamtal (kan komma" in matrix[0] and "→ ✗" in matrix[0], matrix
    if fault == "drop a clause":  # the text report once (it renders the same data)
        text = run("check", "--max-steps", "2", kb=kb)
        assert text.returncode == 1 and "✗" in text.stdout and "håller inte" in text.stdout


def test_a_kb_without_its_policy_tests_does_not_pass(tmp_path, rulebook):
    kb = copy_kb(tmp_path, rulebook)
    shutil.rmtree(kb / "tests")
    done = run("check", "--max-steps", "1", "--json", "--lang", "en", kb=kb)
    assert done.returncode == 1, done.stderr
    check = next(s for s in json.loads(done.stdout)["static"] if s["id"] == "policy_tests_pass")
    assert check["holds"] is False and check["problems"] == [f"{kb / 'tests'}: no policy tests (*.yaml)"]


def test_the_shipped_policy_tests_run_in_check(report):
    check = next(s for s in report.data.static if s.id == "policy_tests_pass")
    assert check.holds is True and check.passed is not None and check.passed >= 33
    ids = {s.id for s in report.data.static}
    assert ids >= {"scenario_headings_match_patterns", "registrant_headings_match_patterns",
                   "answers_state_the_bullets", "attribute_list_4_3", "both_languages_name_the_same_labels",
                   "interpretations_are_questions"}


def test_pristine_copy_passes(tmp_path, rulebook):
    done = run("check", "--max-steps", "2", "--json", kb=copy_kb(tmp_path, rulebook))
    assert done.returncode == 0 and json.loads(done.stdout)["ok"] is True


def test_syntax_error_makes_check_and_advise_exit_2_with_file_and_line(tmp_path, rulebook):
    kb = copy_kb(tmp_path, rulebook)
    path = kb / "section_3_1_3.pl"
    text = path.read_text(encoding="utf-8")
    marker = "scenarios:documented_step('3.1.3b', 1,"
    line = text[: text.index(marker)].count("\n") + 1
    path.write_text(text.replace(marker, "scenarios:documented_step('3.1.3b' 1,", 1), encoding="utf-8")
    for args in (("check", "--max-steps", "1"), ("advise", "--scenario", "3.1.3b")):
        done = run(*args, kb=kb)
        assert done.returncode == 2, args
        assert f"section_3_1_3.pl:{line}" in done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""


def test_check_rejects_bad_depth(rulebook):
    from py1177 import InputError

    for bad in (0, 5, "3", True):
        with pytest.raises(InputError):
            rulebook.check(max_steps=bad)


# issue 11, item 5: the cost of a check is said up front, and long work shows its progress.
def test_check_cost_is_counted_without_enumerating(rulebook, report):
    assert rulebook.check_cost(max_steps=2) == 49_395 == report.examined
    assert rulebook.check_cost(max_steps=3) == 998_499  # README: N=3, 998 499 chains
    assert rulebook.check_cost(max_steps=4) == 149_058_723


def test_check_shows_cost_and_progress_on_stderr():
    done = run("check", "--max-steps", "2", "--progress", "--lang", "en")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith("py1177 check: 49 395 chains of up to 2 steps to examine (about ")
    assert lines[-1] == "py1177 check: 49 395 of 49 395 chains (100 %), " + lines[-1].split("(100 %), ")[1]
    assert "Traceback" not in done.stderr and done.stdout.startswith("py1177 check")
    quiet = run("check", "--max-steps", "2")  # short, and not at a terminal: nothing on stderr
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_long_checks_show_progress_even_without_a_terminal(monkeypatch):
    from typer.testing import CliRunner

    import py1177.cli as cli

    monkeypatch.setattr(cli, "LONG_CHECK_CHAINS", 40_000)  # so that a 2-step check counts as long
    result = CliRunner().invoke(cli.app, ["check", "--max-steps", "2"])
    assert result.exit_code == 0
    assert "49 395 kedjor upp till 2 steg att pröva" in result.output


def test_the_hidden_dump_is_bounded(tmp_path):
    """`_dump` (run by `diff`) took any --max-steps: 5 steps would have run for days."""
    from py1177.cli import main

    assert main(["_dump", "--max-steps", "5", "--out", str(tmp_path)]) == 2
    assert main(["_dump", "--max-steps", "0", "--out", str(tmp_path)]) == 2
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    assert main(["_dump", "--max-steps", "1", "--out", str(not_a_dir)]) == 2
    assert list(tmp_path.iterdir()) == [not_a_dir]  # nothing written
    assert main(["_dump", "--max-steps", "1", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("part-*.tsv"))) > 0
