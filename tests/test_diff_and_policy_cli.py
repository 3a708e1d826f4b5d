"""`py1177 diff` (what a KB change changes, for which cases) and `py1177 test` (YAML policy tests)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent


def py1177(*args: str, cwd: Path = TESTS, timeout: int = 180) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    return subprocess.run([sys.executable, "-m", "py1177", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=cwd)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path, rulebook):
    """A scratch git repository holding a copy of the KB, with two commits that leave the KB alone."""
    root = tmp_path / "repo"
    shutil.copytree(rulebook.kb_dir, root / "kb", ignore=shutil.ignore_patterns("__pycache__"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "kb")
    (root / "NOTES.md").write_text("unrelated\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "notes")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_diff_against_previous_commit_with_unchanged_kb_is_empty(repo):
    done = py1177("diff", "--base", "HEAD~1", "--kb", "kb", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "ändrade svar: 0; bara förklaringen ändrad: 0" in done.stdout and "Inga svar har ändrats." in done.stdout


def one_step_chains(rulebook):
    vocab = {k: [v.value for v in vs] for k, vs in rulebook.vocabulary().inputs.items()}
    for role in vocab["role"]:
        for channel in vocab["channel"]:
            purposes = [None] if channel == "physical" else [None, *vocab["purpose"]]
            choices = [None] if channel == "physical" else [None, True, False]
            for purpose in purposes:
                for choice in choices:
                    step = {"role": role, "channel": channel}
                    spec = f"{role}:{channel}"
                    if purpose:
                        step["purpose"] = purpose
                        spec += f":purpose={purpose}"
                    if choice is not None:
                        step["replaces_visit"] = choice
                        spec += f":replaces_visit={str(choice).lower()}"
                    yield spec, step


def test_diff_lists_exactly_the_cases_a_deliberate_edit_changes(repo, rulebook):
    """Drop 'Telefonsamtal' from the §4.3 list: exactly the answers with a Telefonsamtal
    registration change (computed independently through the API)."""
    edit(repo / "kb" / "section_4.pl",
         'attribute_contact_type(phone_call, "Telefonsamtal (kan komma att användas vid bekymmer med tjänsten 1177 direkt)").\n', "")
    expected = sorted(spec for spec, step in one_step_chains(rulebook)
                      if any(r.contact_type == "Telefonsamtal"
                             for r in rulebook.advise([step], date="2023-09-01").steps[0].registrations or ()))
    # 24 one-step phone chains with a "does not replace a visit" alternative, less the 10 whose
    # purpose no heading names for that role (gap_role_not_in_heading)
    assert len(expected) == 14
    done = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", "--json", "--limit", "1000", cwd=repo)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["examined"] == 111 and report["changed"] == len(expected)
    assert report["answers_changed"] == len(expected) and report["explanations_changed"] == 0
    assert sorted(c["chain"][0] for c in report["changes"]) == expected  # complete without --limit
    assert not report["truncated"]
    change = report["changes"][0]
    assert change["steps"][0]["alternatives"] == [{"alternative": "not_replaces_visit",
                                                  "before": "Telefonsamtal [attribute, journal]",
                                                  "after": "Telefonsamtal [journal]"}]
    assert "status" not in change and report["moved"] == {}
    text = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", cwd=repo)
    assert text.returncode == 1
    assert ("steg 1 sjuksköterska, Ersätter inte ett besök: Telefonsamtal (attribut, journal) → "
            "Telefonsamtal (journal)") in " ".join(text.stdout.split())
    limited = json.loads(py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", "--json",
                                "--limit", "5", cwd=repo).stdout)
    assert len(limited["changes"]) == 5 and limited["truncated"] and limited["answers_changed"] == len(expected)


def test_diff_reports_cases_moving_between_documented_and_inferred(repo):
    kb = repo / "kb"
    edit(kb / "section_3_1_4.pl", "[ pstep([doctor], digital, prescription_renewal, [none], [none]) ]",
         "[ pstep([doctor], digital, prescription_renewal, [none], [none]), pstep([nurse], physical, none, [same], [same]) ]")
    done = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", "--json", cwd=repo)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["moved"] == {"documented->inferred": 3}
    assert {c["chain"][0] for c in report["changes"]} == {
        "doctor:digital:purpose=prescription_renewal",
        "doctor:digital:purpose=prescription_renewal:replaces_visit=true",
        "doctor:digital:purpose=prescription_renewal:replaces_visit=false"}
    assert all(c["citations_changed"] for c in report["changes"])


def test_diff_with_directories(tmp_path, rulebook):
    done = py1177("diff", "--base", str(rulebook.kb_dir), "--head", str(rulebook.kb_dir), "--max-steps", "1")
    assert done.returncode == 0 and "ändrade svar: 0" in done.stdout


@pytest.mark.parametrize("args,message", [
    (("diff", "--base", "no-such-rev"), "varken en katalog eller en git-revision"),
    (("diff", "--base", "HEAD", "--max-steps", "9"), "--max-steps ska vara ett heltal från 1 till 3"),
])
def test_diff_bad_input(repo, args, message):
    done = py1177(*args, cwd=repo)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr


def test_diff_names_a_broken_base(repo):
    edit(repo / "kb" / "rules.pl", "general_rule(r_journal, registration).", "general_rule(r_journal registration).")
    git(repo, "commit", "-qam", "broken")
    done = py1177("diff", "--base", "HEAD", "--head", str(TESTS.parent / "kb") if (TESTS.parent / "kb").is_dir()
                  else "HEAD", cwd=repo)
    assert done.returncode == 2
    assert "rules.pl:" in done.stderr and "base" in done.stderr


def test_policy_tests_pass_through_the_cli():
    done = py1177("test", str(TESTS.parent / "kb" / "tests"))
    assert done.returncode == 0, done.stdout[-2000:]
    # 33 tests of the twelve scenarios, 33 of the general rules (kb/tests/general), 9 of readings not
    # in force (kb/tests/alternatives)
    assert done.stdout.strip().splitlines()[-1] == "75 gick igenom, 0 fallerade"
    english = py1177("test", str(TESTS.parent / "kb" / "tests"), "--lang", "en")
    assert english.stdout.strip().splitlines()[-1] == "75 passed, 0 failed"
    assert "✓ 3.1.2c by scenario id" in done.stdout


def test_a_changed_expectation_fails_with_a_readable_diff(tmp_path):
    target = tmp_path / "3.1.2c.yaml"
    text = (TESTS.parent / "kb" / "tests" / "3.1.2c.yaml").read_text(encoding="utf-8")
    target.write_text(text.replace("closed_by_step: 2", "closed_by_step: 1").replace(
        "        - {step: 2, registrations: [*TEXT, *DIST]}", "        - {step: 2, registrations: [*DIST]}"),
        encoding="utf-8")
    done = py1177("test", str(target))
    assert done.returncode == 1
    out = done.stdout
    assert "✗ 3.1.2c by scenario id" in out
    assert "closed_by_step: väntat 1, fick 2" in out
    assert ('steg 2 › registrations: väntat 1 registrering(ar): {replaces_visit: true, contact_type: '
            '"Distanskontakt realtid bild/ljud/chatt"') in out
    assert 'fick 2 registrering(ar): {replaces_visit: false, contact_type: "Text som inte ersätter besök"' in out
    assert out.strip().splitlines()[-1] == "0 gick igenom, 3 fallerade"


@pytest.mark.parametrize("content,message", [
    ("tests:\n  - name: x\n    scenario: 3.1.1a\n    expect: {steps: 5}\n", "steps ska vara en lista"),
    ("tests:\n  - name: x\n    scenario: 3.1.1a\n    expect: {interpretations: 5}\n", "interpretations ska vara en lista"),
    ("tests:\n  - name: x\n    scenario: 3.1.1a\n    expect: {steps: [{gaps: 5}]}\n", "gaps ska vara en lista"),
    ("tests:\n  - name: x\n    scenario: 3.1.1a\n    expect: {steps: [{registrations: 5}]}\n", "registrations ska vara en lista"),
    ("tests: []\n", "icke-tom lista av test"),
])
def test_wrong_types_in_policy_files_exit_2(tmp_path, content, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    done = py1177("test", str(bad))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr


def test_empty_policy_directory_is_an_error(tmp_path):
    done = py1177("test", str(tmp_path))
    assert done.returncode == 2 and "inga policyfiler" in done.stderr


def test_malformed_policy_file_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("tests:\n  - name: x\n    scenario: 3.1.1a\n    expect: {colour: red}\n", encoding="utf-8")
    done = py1177("test", str(bad))
    assert done.returncode == 2
    assert "test 1: okänd nyckel 'colour'" in done.stderr


def test_diff_when_the_vocabulary_grows(repo):
    """A new purpose adds chains: they show as new (absent before), compared chain by chain."""
    edit(repo / "kb" / "vocabulary.pl",
         "vocabulary(purpose, [self_care_advice, treatment, prescription_renewal, referral, redirect]).",
         "vocabulary(purpose, [self_care_advice, treatment, prescription_renewal, referral, redirect, follow_up]).")
    done = py1177("diff", "--base", "HEAD", "--kb", "kb", "--max-steps", "1", "--json", cwd=repo)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["examined"] == 111 + 18
    # no heading names the new purpose for any role: gaps (q_heading_roles), not inventions
    assert report["moved"] == {"absent->gap": 18}
    assert all(":purpose=follow_up" in c["chain"][0] for c in report["changes"])
