"""Issue 12 for policy authors: one KB per command line, named in every report (point 2);
diff tells answers from explanations (point 4); YAML tests that say only what they mean
(point 5); one language per run (point 6)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from py1177.cli import app
from py1177.kbinfo import kb_digest

TESTS = Path(__file__).parent
runner = CliRunner()


def py1177(*args: str, cwd: Path = TESTS, env: dict | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    base.update(env or {})
    return subprocess.run([sys.executable, "-m", "py1177", *args], capture_output=True, text=True,
                          timeout=timeout, env=base, cwd=cwd)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=repo,
                   check=True, capture_output=True)


def copy_kb(rulebook, target: Path) -> Path:
    shutil.copytree(rulebook.kb_dir, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PHONE_LINE = ('attribute_contact_type(phone_call, "Telefonsamtal (kan komma att användas vid bekymmer med '
              'tjänsten 1177 direkt)").\n')


# --- point 2: one KB per command line, said out loud ---------------------------------------

def test_digest_is_the_content_of_the_policy_files(rulebook, tmp_path):
    copy = copy_kb(rulebook, tmp_path / "draft")
    assert kb_digest(copy) == kb_digest(rulebook.kb_dir)
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "x.pyc").write_bytes(b"noise")
    (copy / "rules.pl~").write_text("backup", encoding="utf-8")
    assert kb_digest(copy) == kb_digest(rulebook.kb_dir)
    edit(copy / "section_4.pl", PHONE_LINE, "")
    assert kb_digest(copy) != kb_digest(rulebook.kb_dir)
    assert len(kb_digest(copy)) == 12


@pytest.mark.parametrize("args", [
    ["advise", "--scenario", "3.1.2c", "--date", "2023-09-01"],
    ["why", "--scenario", "3.1.2c", "--date", "2023-09-01"],
    ["why-not", "--scenario", "3.1.2b", "--expect", "registers=true", "--step-no", "1", "--date", "2023-09-01"],
    ["find", "--never-registers", "nurse"],
    ["scenarios"], ["guideline"], ["errata"], ["questions"], ["pmo"],
    ["query", "scenario(Id, _, _, _)", "--limit", "1"],
    ["check", "--max-steps", "1"],
    ["test", str(TESTS.parent / "kb" / "tests" / "3.1.2c.yaml")],
])
@pytest.mark.parametrize("lang,word,how,content", [("sv", "Regelbok", "inbyggd", "innehåll"),
                                                   ("en", "Rulebook", "bundled", "content")])
def test_every_text_report_names_the_kb_in_use(rulebook, args, lang, word, how, content):
    result = runner.invoke(app, [*args, "--lang", lang])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0] if args[0] != "check" else result.output.splitlines()[1]
    assert first == f"{word}: {how}, {rulebook.kb_dir}, {content} {kb_digest(rulebook.kb_dir)}"


@pytest.mark.parametrize("args", [["check", "--max-steps", "1"], ["test", str(TESTS.parent / "kb" / "tests" / "3.1.2c.yaml")]])
def test_json_reports_carry_the_kb_in_use(rulebook, args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["kb"] == {"path": str(rulebook.kb_dir), "digest": kb_digest(rulebook.kb_dir)}


def test_a_draft_given_with_kb_or_the_environment_is_named(rulebook, tmp_path):
    draft = copy_kb(rulebook, tmp_path / "draft")
    edit(draft / "section_4.pl", PHONE_LINE, "")
    digest = kb_digest(draft)
    by_option = py1177("advise", "--step", "nurse:phone", "--kb", str(draft), cwd=tmp_path)
    assert by_option.returncode == 0, by_option.stderr
    assert by_option.stdout.splitlines()[0] == f"Regelbok: {draft} (--kb), innehåll {digest}"
    by_env = py1177("advise", "--step", "nurse:phone", "--lang", "en", cwd=tmp_path,
                    env={"PY1177_KB_DIR": str(draft)})
    assert by_env.stdout.splitlines()[0] == f"Rulebook: {draft} (PY1177_KB_DIR), content {digest}"
    assert by_option.stderr == by_env.stderr == ""  # no ./kb here: no notice


def test_a_notice_when_the_local_kb_differs_from_the_kb_in_use(rulebook, tmp_path):
    local = copy_kb(rulebook, tmp_path / "kb")
    same = py1177("advise", "--scenario", "3.1.2c", "--json", cwd=tmp_path)
    assert same.returncode == 0 and same.stderr == ""  # ./kb is the KB in use, byte for byte
    edit(local / "section_4.pl", PHONE_LINE, "")
    for lang, words in (("sv", "py1177: obs: ./kb (innehåll"), ("en", "py1177: note: ./kb (content")):
        done = py1177("advise", "--scenario", "3.1.2c", "--json", "--lang", lang, cwd=tmp_path)
        assert done.returncode == 0
        assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(words)
        assert kb_digest(local) in done.stderr and str(rulebook.kb_dir) in done.stderr
        assert "--kb kb" in done.stderr
    chosen = py1177("advise", "--scenario", "3.1.2c", "--kb", "kb", cwd=tmp_path)
    assert chosen.returncode == 0 and chosen.stderr == ""
    assert chosen.stdout.splitlines()[0].endswith(f"(--kb), innehåll {kb_digest(local)}")


@pytest.fixture()
def repo(tmp_path, rulebook):
    """A scratch git repository holding a copy of the bundled KB, committed."""
    root = tmp_path / "repo"
    copy_kb(rulebook, root / "kb")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "kb")
    return root


def test_diff_without_head_compares_with_the_kb_in_use_not_the_working_tree(repo, rulebook):
    """Today's rule for every command: an edit in ./kb is not read unless asked for (--kb kb or
    PY1177_KB_DIR); diff says which KB it compared and notices the differing ./kb."""
    edit(repo / "kb" / "section_4.pl", PHONE_LINE, "")
    bundled = py1177("diff", "--base", "HEAD", "--max-steps", "1", "--json", cwd=repo)
    assert bundled.returncode == 0, bundled.stderr
    report = json.loads(bundled.stdout)
    assert report["head"] == str(rulebook.kb_dir) and report["answers_changed"] == 0
    assert report["head_digest"] == kb_digest(rulebook.kb_dir) == report["base_digest"]
    assert bundled.stderr.startswith("py1177: obs: ./kb")
    by_env = py1177("diff", "--base", "HEAD", "--max-steps", "1", "--json", cwd=repo,
                    env={"PY1177_KB_DIR": str(repo / "kb")})
    assert by_env.returncode == 1 and json.loads(by_env.stdout)["answers_changed"] == 14
    assert by_env.stderr == ""
    text = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", cwd=repo)
    assert f"Efter: {repo / 'kb'} (--kb), innehåll {kb_digest(repo / 'kb')}" in text.stdout
    assert f"Före: HEAD (git-revision), innehåll {kb_digest(rulebook.kb_dir)}" in text.stdout
    both = py1177("diff", "--base", "HEAD", "--kb", "kb", "--head", "kb", cwd=repo)
    assert both.returncode == 2 and "inte båda" in both.stderr


# --- point 4: diff tells answers from explanations -------------------------------------------

def test_a_renamed_gap_rule_changes_explanations_only(repo, rulebook):
    """Renaming a gap rule changes why chains are gaps, not their answers: exit 0, and the
    chains are counted as explanation changes (exactly those whose gap names that rule)."""
    for path in (repo / "kb").glob("*.pl"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("gap_not_via_1177", "gap_not_in_1177"), encoding="utf-8")
    done = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", "--json", cwd=repo)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    vocab = {k: [v.value for v in vs] for k, vs in rulebook.vocabulary().inputs.items()}
    expected = sum(1 for role in vocab["role"]
                   if "gap_not_via_1177" in [g.rule for g in
                                             rulebook.advise([{"role": role, "channel": "physical"}]).steps[0].gaps])
    assert expected == 3
    assert report["answers_changed"] == 0 and report["explanations_changed"] == expected
    assert report["explanation_kinds"] == {"gaps": expected, "citations": expected}
    assert report["groups"] == []
    assert all(not c["answer_changed"] and c["explanation"] == ["citations", "gaps"] for c in report["changes"])
    text = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", cwd=repo)
    assert text.returncode == 0
    assert "ändrade svar: 0; bara förklaringen ändrad: 3" in text.stdout
    assert "Inga svar har ändrats." in text.stdout


def test_diff_groups_answer_changes_by_effect(repo, rulebook):
    edit(repo / "kb" / "section_4.pl", PHONE_LINE, "")
    done = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", "--json", cwd=repo)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["answers_changed"] == 14 and report["explanations_changed"] == 0
    groups = {(g["effect"]["role"], g["effect"]["alternative"], g["effect"]["before"], g["effect"]["after"]): g
              for g in report["groups"]}
    assert set(groups) == {(role, "not_replaces_visit", "Telefonsamtal [attribute, journal]", "Telefonsamtal [journal]")
                           for role in ("nurse", "doctor", "other_clinician")}
    # per role, the one-step phone chains whose purpose a heading names for that role (q_heading_roles)
    assert {k[0]: g["count"] for k, g in groups.items()} == {"nurse": 6, "doctor": 6, "other_clinician": 2}
    assert sum(g["count"] for g in report["groups"]) == report["answers_changed"]  # one effect per 1-step chain
    nurse = groups[("nurse", "not_replaces_visit", "Telefonsamtal [attribute, journal]", "Telefonsamtal [journal]")]
    assert nurse["example"][0].startswith("nurse:phone")
    text = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", "--lang", "en", cwd=repo).stdout
    flat = " ".join(text.split())
    assert ("6 step 1 nurse, Does not replace a visit: Telefonsamtal (attribute, journal) → "
            "Telefonsamtal (journal)") in flat
    assert "answers changed: 14; only the explanation changed: 0" in text


def test_diff_counts_a_move_to_a_gap_as_an_answer_change(repo):
    """A step that becomes undecided is an answer change, shown as 'oavgjort (lucka)'."""
    rules = repo / "kb" / "rules.pl"
    edit(rules, "step_gap_(ctx([], step(_, physical, _, _, _, _), _), gap_not_via_1177) :-",
         "step_gap_(ctx([], step(_, phone, _, _, _, _), _), gap_not_via_1177).\n"
         "step_gap_(ctx([], step(_, physical, _, _, _, _), _), gap_not_via_1177) :-")
    done = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", "--json", cwd=repo)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["moved"] and set(report["moved"]) <= {"documented->gap", "inferred->gap"}
    steps = [g["effect"] for g in report["groups"] if g["effect"]["what"] == "step"]
    assert steps and all(e["after"] == "undecided" and e["role"] in ("nurse", "doctor", "other_clinician")
                         for e in steps)
    assert report["answers_changed"] == sum(report["moved"].values())
    text = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", cwd=repo).stdout
    assert "→ oavgjort (lucka)" in text


# --- point 5: YAML tests that say only what they mean ----------------------------------------

def run_policy(tmp_path: Path, body: str, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "t.yaml"
    path.write_text(body, encoding="utf-8")
    return py1177("test", str(path), *args)


def test_a_key_left_out_is_not_compared(tmp_path):
    done = run_policy(tmp_path, """
tests:
  - name: registrations without kva, attribute or journal
    scenario: 3.1.2c
    expect:
      steps:
        - registrations: [{contact_type: Text som inte ersätter besök}, {replaces_visit: true}]
        - {step: 2}
""")
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1] == "1 gick igenom, 0 fallerade"


def test_an_unknown_key_in_a_registration_is_bad_input(tmp_path):
    done = run_policy(tmp_path, """
tests:
  - name: typo
    scenario: 3.1.2c
    expect:
      steps: [{registrations: [{contact_typ: Text som inte ersätter besök}, {}]}]
""")
    assert done.returncode == 2 and "okänd nyckel 'contact_typ'" in done.stderr


def test_a_failure_names_the_path_and_both_values(tmp_path):
    body = """
tests:
  - name: wrong contact type
    scenario: 3.1.2c
    expect:
      closed_by_step: null
      steps:
        - {}
        - registrations: [{contact_type: Text som inte ersätter besök}, {contact_type: Telefonsamtal, diagnosis: false}]
"""
    done = run_policy(tmp_path, body)
    assert done.returncode == 1
    lines = [line.strip() for line in done.stdout.splitlines()]
    assert "closed_by_step: väntat null, fick 2" in lines
    assert ('steg 2 › registrering 2 › contact_type: väntat "Telefonsamtal", '
            'fick "Distanskontakt realtid bild/ljud/chatt"') in lines
    assert "steg 2 › registrering 2 › diagnosis: väntat false, fick true" in lines
    assert "None" not in done.stdout
    english = run_policy(tmp_path, body, "--lang", "en")
    assert ('step 2 › registration 2 › contact_type: expected "Telefonsamtal", '
            'got "Distanskontakt realtid bild/ljud/chatt"') in english.stdout
    assert english.stdout.splitlines()[-1] == "0 passed, 1 failed"


def test_a_step_may_expect_its_rules_and_sources_as_sets(tmp_path):
    """`rules` and `sources` of a step are compared as sets; a failure names what is missing and
    what is there beyond the expectation, in the text's words (§ and quote)."""
    step = "{role: doctor, channel: physical, day: other, unit: other}"
    body = f"""
tests:
  - name: a visit at the unit a referral went to
    steps: [{{role: doctor, channel: digital, purpose: referral}}, {step}]
    expect:
      steps:
        - {{}}
        - rules: [r_visit_after_exit, r_physical_visit, r_journal, r_diagnosis, r_attribute]
          sources:
            - {{section: 3.1.1, quote: "Vårdkontakt: Mottagningsbesök"}}
            - {{section: 3.1.1, quote: "Registreras som ett ordinarie mottagningsbesök:"}}
"""
    done = run_policy(tmp_path, body)
    assert done.returncode == 1   # the step cites more than these two quotes
    line = next(x.strip() for x in done.stdout.splitlines() if "sources" in x)
    assert line.startswith("steg 2 › sources: saknas []; utöver det väntade [")
    assert '"§3.1.1: Dokumentera i journalen"' in line and "rules" not in done.stdout  # the rules match
    bad = run_policy(tmp_path, body.replace('{section: 3.1.1, quote: "Vårdkontakt: Mottagningsbesök"}',
                                            '"Vårdkontakt: Mottagningsbesök"'))
    assert bad.returncode == 2 and "sources" in bad.stderr and "{section, quote}" in bad.stderr


def test_a_list_is_compared_whole_and_empty_means_nothing_in_pmo(tmp_path):
    done = run_policy(tmp_path, """
tests:
  - name: nurse forwards the same day registers nothing
    scenario: 3.1.2b
    expect:
      steps: [{registrations: []}, {}]
  - name: nothing in PMO is not what 3.1.2c says
    scenario: 3.1.2c
    expect:
      steps: [{registrations: []}, {registrations: [{}]}]
  - name: a gap is not nothing in PMO
    steps: [{role: nurse, channel: physical}]
    expect:
      steps: [{registrations: []}]
  - name: one step is not two
    scenario: 3.1.2c
    expect:
      steps: [{}]
""")
    assert done.returncode == 1
    out = done.stdout
    assert "✓ nurse forwards the same day registers nothing" in out
    assert "steg 1 › registrations: väntat [] (inget i PMO), fick 2 registrering(ar)" in out
    assert "steg 2 › registrations: väntat 1 registrering(ar): {}, fick 2 registrering(ar)" in out
    assert "steg 1 › registrations: väntat [] (inget i PMO), fick oavgjort (lucka)" in out
    assert "steps: väntat [{}], fick [" in out
    assert out.splitlines()[-1] == "1 gick igenom, 3 fallerade"


def test_interpretations_and_gaps_are_sets(tmp_path):
    done = run_policy(tmp_path, """
tests:
  - name: a gap with its reason
    steps: [{role: nurse, channel: physical}]
    date: 2023-09-01
    expect:
      status: gap
      interpretations: [q_not_via_1177, q_general_guideline]
      steps: [{gaps: [gap_not_via_1177], no_pmo: false}]
""")
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("case,message", [
    ("steps: [{role: surgeon, channel: digital}]", "okänt värde för role: 'surgeon'"),
    ("scenario: 9.9.9", "okänt scenario '9.9.9'"),
])
def test_a_malformed_case_is_bad_input_not_a_failed_test(tmp_path, case, message):
    done = run_policy(tmp_path, f"""
tests:
  - name: fine
    scenario: 3.1.2c
    expect: {{status: documented}}
  - name: bad case
    {case}
    expect: {{status: documented}}
""")
    assert done.returncode == 2, done.stdout
    assert done.stdout == ""  # no partial report that looks whole
    assert len(done.stderr.splitlines()) == 1
    assert "test 2 ('bad case')" in done.stderr and message in done.stderr


def test_readings_a_test_assumes_are_checked(tmp_path, rulebook):
    """A test names readings by id (or by a declared reading's text); an unknown question or
    reading is bad input (exit 2) naming the allowed ones."""
    english = {q.id: q.reading for q in rulebook.policy_questions("en")}
    good = run_policy(tmp_path, f"""
tests:
  - name: 3.1.3b under the encoded reading
    scenario: 3.1.3b
    readings:
      q_closer_3_1_3b: handler
      q_layout_bullets: {json.dumps(english["q_layout_bullets"], ensure_ascii=False)}
    expect: {{closed_by_step: 1}}
""")
    assert good.returncode == 0, good.stdout + good.stderr
    unknown = run_policy(tmp_path, """
tests:
  - name: x
    scenario: 3.1.3b
    readings: {q_no_such_question: "the first handler"}
    expect: {closed_by_step: 1}
""")
    assert unknown.returncode == 2 and len(unknown.stderr.splitlines()) == 1
    assert "'q_no_such_question'" in unknown.stderr and "q_closer_3_1_3b" in unknown.stderr
    other = run_policy(tmp_path, """
tests:
  - name: x
    scenario: 3.1.3b
    readings: {q_closer_3_1_3b: the doctor closes}
    expect: {closed_by_step: 1}
""", "--lang", "en")
    assert other.returncode == 2 and len(other.stderr.splitlines()) == 1
    assert "q_closer_3_1_3b" in other.stderr and "'the doctor closes'" in other.stderr
    assert "handler, named_roles, undecided" in other.stderr
    bad_type = run_policy(tmp_path, """
tests:
  - name: x
    scenario: 3.1.3b
    readings: [q_closer_3_1_3b]
    expect: {closed_by_step: 1}
""")
    assert bad_type.returncode == 2 and "readings ska vara en mappning" in bad_type.stderr


# --- point 6: one language per run -----------------------------------------------------------

@pytest.mark.parametrize("args,sv,en", [
    (["nosuch"], "py1177: fel: okänt kommando 'nosuch'", "py1177: error: no such command 'nosuch'"),
    (["advise", "--scenario", "3.1.2c", "extra"], "py1177: fel: oväntat argument 'extra'",
     "py1177: error: unexpected argument 'extra'"),
    (["diff"], "py1177: fel: --base måste anges", "py1177: error: --base is required"),
    # (`test` without paths runs the KB's own tests/, so no command has a required argument left)
    (["query"], "py1177: fel: ange ett Prolog-mål", "py1177: error: give a Prolog goal"),
    (["advise", "--nosuch"], "py1177: fel: okänd flagga --nosuch", "py1177: error: no such option --nosuch"),
    (["render", "--out", "/nonexistent-dir/x.md"], "filen eller katalogen finns inte",
     "no such file or directory"),
])
def test_usage_and_system_errors_speak_the_runs_language(args, sv, en):
    for lang, expected in (("sv", sv), ("en", en)):
        done = py1177(*args, "--lang", lang) if args != ["nosuch"] else py1177("--lang", lang, *args)
        assert done.returncode == 2
        assert len(done.stderr.splitlines()) == 1 and expected in done.stderr, done.stderr
        assert "No such" not in done.stderr and "Got unexpected" not in done.stderr


def test_guideline_keys_speak_the_runs_language():
    sv = runner.invoke(app, ["guideline"]).output
    en = runner.invoke(app, ["guideline", "--lang", "en"]).output
    assert "\nTitel " in sv and "\nGäller från " in sv and "valid_from" not in sv
    assert "\nTitle " in en and "\nValid from " in en and "valid_from" not in en


def test_query_words_speak_the_runs_language():
    assert "inga lösningar" in runner.invoke(app, ["query", "fail"]).output
    assert "no solutions" in runner.invoke(app, ["query", "fail", "--lang", "en"]).output


def test_interview_errors_name_no_internal_ids(rulebook):
    from py1177 import InputError

    with pytest.raises(InputError) as caught:
        rulebook.interview([(1, "colour", "red")])
    assert "interview_field" not in caught.value.message("sv")
    assert "okänd fråga colour" in caught.value.message("sv")
    assert "unknown question colour" in caught.value.message("en")
