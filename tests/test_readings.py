"""Issue 12 point 3: open questions as switchable readings — declared in the KB with the chosen
one marked, put in force per call (``--reading Q=R``, ``Rulebook(readings=...)``), what-if,
impact and ranking; and the acceptance test: a draft that decides one question otherwise in one
file, with what-if, diff and test agreeing on exactly the changed cases and check naming the
policy tests that assumed the old reading."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from py1177 import InputError, Rulebook
from py1177.model import Case

TESTS = Path(__file__).parent


def py1177(*args: str, cwd: Path = TESTS, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    base.update(env or {})
    return subprocess.run([sys.executable, "-m", "py1177", *args], capture_output=True, text=True,
                          timeout=timeout, env=base, cwd=cwd)


def copy_kb(rulebook, target: Path) -> Path:
    shutil.copytree(rulebook.kb_dir, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


NURSE_REDIRECT = ["nurse:digital:purpose=redirect"]
PHONE = [{"role": "nurse", "channel": "phone"}]


# --- the declarations ---------------------------------------------------------------------

def test_every_question_declares_readings_with_exactly_one_chosen(rulebook):
    for lang in ("sv", "en"):
        for q in rulebook.policy_questions(lang):
            assert q.readings, q.id
            assert sum(r.chosen for r in q.readings) == 1, q.id
            assert [r.id for r in q.readings if r.chosen] == [r.id for r in q.readings if r.in_force]
            chosen = next(r for r in q.readings if r.chosen)
            assert q.reading == chosen.text  # the reading shown with answers is the chosen one's text
            assert all(r.text.strip() for r in q.readings)


def test_the_ambiguous_places_the_issue_names_have_alternatives(rulebook):
    readings = {q.id: [r.id for r in q.readings] for q in rulebook.policy_questions("sv")}
    # who closes 3.1.3b: the nurse, the doctor/other staff, or undecided
    assert readings["q_closer_3_1_3b"] == ["handler", "named_roles", "undecided"]
    assert readings["q_phone"] == ["as_1177", "not_1177"]  # whether phone counts as 1177 direkt
    assert readings["q_other_includes_nurse"] == ["excludes_nurse", "includes_nurse"]
    assert set(readings["q_forward_with_content"]) == {"gap", "like_3_1_2b", "registers"}
    assert readings["q_heading_roles"] == ["heading_limits", "any_role"]  # the role limits of headings
    assert sum(len(r) >= 2 for r in readings.values()) >= 11


def test_deciding_a_question_is_one_fact_in_one_file(rulebook):
    """The rules ask in_force/2; the decision is chosen_reading/2, one fact per question."""
    text = (rulebook.kb_dir / "questions.pl").read_text(encoding="utf-8")
    for q in rulebook.policy_questions("sv"):
        assert text.count(f"chosen_reading({q.id}, ") == 1, q.id
    for name in ("rules.pl", "vocabulary.pl", "section_3_1_3.pl", "scenarios.pl"):
        assert "chosen_reading(" not in (rulebook.kb_dir / name).read_text(encoding="utf-8")


# --- readings per call and per rulebook -----------------------------------------------------

def test_a_reading_changes_the_answer_for_that_call_only(rulebook):
    assert rulebook.advise(PHONE).status.value == "inferred"
    assert rulebook.advise(PHONE, readings={"q_phone": "not_1177"}).status.value == "gap"
    assert rulebook.advise(PHONE).status.value == "inferred"  # nothing left behind
    other = Rulebook(readings=["q_phone=not_1177"])
    assert other.readings == {"q_phone": "not_1177"}
    assert other.advise(PHONE).status.value == "gap"
    assert other.advise(PHONE, readings={"q_phone": "as_1177"}).status.value == "inferred"  # the call wins
    assert rulebook.advise(scenario="3.1.3b").closed_by_step == 1
    assert rulebook.advise(scenario="3.1.3b", readings={"q_closer_3_1_3b": "named_roles"}).closed_by_step is None
    # a doctor who redirects closes under every reading: the bullet names the doctor
    doctor = [{"role": "doctor", "channel": "digital", "purpose": "redirect"}]
    for reading in ("handler", "named_roles", "undecided"):
        assert rulebook.advise(doctor, readings={"q_closer_3_1_3b": reading}).closed_by_step == 1


def test_the_chosen_reading_is_the_same_call(rulebook):
    same = rulebook.with_readings({"q_phone": "as_1177"})
    assert same is rulebook and same.readings == {}


def test_readings_reach_every_answer(rulebook):
    doc = [{"role": "nurse", "channel": "digital"}, {"role": "nurse", "channel": "digital"}]
    assert rulebook.advise(doc).steps[0].decided is False  # a gap: hand-over to a nurse
    yes = {"q_other_includes_nurse": "includes_nurse"}
    assert rulebook.advise(doc, readings=yes).steps[0].registrations == ()  # no PMO, as 3.1.2b
    assert rulebook.advise_many([doc], readings=yes)[0].steps[0] == ()
    assert rulebook.advise_many([doc])[0].steps[0] is None
    assert "gap_forward_to_nurse" in json.dumps(rulebook.why(doc).to_dict())
    assert "gap_forward_to_nurse" not in json.dumps(rulebook.why(doc, readings=yes).to_dict())
    found = rulebook.find(never_registers="nurse", cases=2, limit=0, readings=yes)
    plain = rulebook.find(never_registers="nurse", cases=2, limit=0)
    assert found.undecided < plain.undecided  # the hand-overs to a nurse are decided
    report = rulebook.check(max_steps=1, readings={"q_visit_replacing_purpose": "both_alternatives"})
    assert not report.ok  # 3.1.1b and 3.1.4a are no longer reproduced by the rules
    assert rulebook.check(max_steps=1).ok


def test_readings_in_threads_do_not_mix(rulebook):
    """Readings are an argument of each call, never global state: threads asking with and
    without a reading at the same time each get their own answer."""
    errors: list[str] = []

    def ask(readings, expected):
        for _ in range(30):
            got = rulebook.advise(PHONE, readings=readings).status.value
            if got != expected:
                errors.append(f"{readings}: {got}")

    threads = [threading.Thread(target=ask, args=({"q_phone": "not_1177"}, "gap")),
               threading.Thread(target=ask, args=(None, "inferred"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_every_declared_reading_answers_every_short_chain(rulebook):
    """No reading breaks an answer: every chain of one step, and the scenarios, are answered."""
    from py1177.model import Channel, Purpose, Role

    chains = [Case.parse([f"{r.value}:{c.value}" + (f":purpose={p.value}" if c.value != "physical" else "")])
              for r in Role for c in Channel for p in Purpose]
    for q in rulebook.policy_questions("sv"):
        for r in q.readings:
            answers = rulebook.advise_many(chains, readings={q.id: r.id})
            assert all(hasattr(a, "status") for a in answers), (q.id, r.id)
            for s in rulebook.scenario_ids():
                rulebook.advise(scenario=s, readings={q.id: r.id})


@pytest.mark.parametrize("value, needle", [
    (["q_nope=x"], "q_closer_3_1_3b"),
    (["q_phone=x"], "as_1177, not_1177"),
    (["q_phone"], "FRÅGA=LÄSNING"),
    (["q_phone=not_1177", "q_phone=as_1177"], "två olika"),
])
def test_an_unknown_reading_is_refused_naming_the_allowed(rulebook, value, needle):
    with pytest.raises(InputError) as info:
        rulebook.advise(PHONE, readings=value)
    assert needle in info.value.message("sv")


@pytest.mark.parametrize("command", [
    ["advise", "--step", "nurse:phone"], ["why", "--step", "nurse:phone"], ["find", "--cases", "1"],
    ["why-not", "--step", "nurse:phone", "--expect", "registers=true"], ["check", "--max-steps", "1"],
    ["render"], ["what-if"], ["questions"],
])
def test_bad_reading_on_the_command_line_is_one_line_exit_2(command):
    done = py1177(*command, "--reading", "q_phone=telepathy")
    assert done.returncode == 2, done.stdout[-500:] + done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "as_1177, not_1177" in done.stderr and "Traceback" not in done.stderr


def test_cli_reading_switches_the_answer():
    gap = json.loads(py1177("advise", "--step", "nurse:phone", "--reading", "q_phone=not_1177", "--json").stdout)
    inferred = json.loads(py1177("advise", "--step", "nurse:phone", "--json").stdout)
    assert (gap["status"], inferred["status"]) == ("gap", "inferred")
    base = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    asked = subprocess.run([sys.executable, "-m", "py1177", "ask", "--no-why", "--json", "--reading",
                            "q_phone=not_1177", "--date", "2023-09-01"], input="1\n3\n\n",
                           capture_output=True, text=True, timeout=120, env=base, cwd=TESTS)
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["status"] == "gap"  # a nurse by telephone, under not_1177
    assert "--reading q_phone=not_1177" in asked.stderr  # the command that gives the same answer
    rendered = py1177("render", "--reading", "q_closer_3_1_3b=undecided")
    assert rendered.returncode == 0 and "q_closer_3_1_3b" in rendered.stdout


def test_questions_json_lists_readings():
    data = json.loads(py1177("questions", "--json", "--lang", "en").stdout)
    q = next(item for item in data if item["id"] == "q_phone")
    assert [(r["id"], r["chosen"]) for r in q["readings"]] == [("as_1177", True), ("not_1177", False)]
    forced = json.loads(py1177("questions", "--json", "--reading", "q_phone=not_1177").stdout)
    q = next(item for item in forced if item["id"] == "q_phone")
    assert [r["id"] for r in q["readings"] if r["in_force"]] == ["not_1177"]
    assert q["reading"] == q["readings"][1]["text"]


# --- HTTP -------------------------------------------------------------------------------------

def test_http_bodies_take_readings_and_the_cache_is_keyed_by_them():
    pytest.importorskip("starlette")
    from py1177.server import Service

    service = Service(None, False)
    today = dt.date(2023, 9, 1)
    plain_key, plain_args = service.advise_key({"steps": PHONE}, "sv", today)
    key, args = service.advise_key({"steps": PHONE, "readings": {"q_phone": "not_1177"}}, "sv", today)
    same_key, _ = service.advise_key({"steps": PHONE, "readings": ["q_phone=as_1177"]}, "sv", today)
    assert key != plain_key and same_key == plain_key
    assert json.loads(service.advise_bytes(args, "sv"))["status"] == "gap"
    assert json.loads(service.advise_bytes(plain_args, "sv"))["status"] == "inferred"
    with pytest.raises(InputError):
        service.advise_key({"steps": PHONE, "readings": {"q_phone": "x"}}, "sv", today)


# --- what-if, impact, ranking -----------------------------------------------------------------

def test_what_if_json(tmp_path):
    done = py1177("what-if", "--reading", "q_closer_3_1_3b=named_roles", "--max-steps", "2", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["examined"] > 40000 and data["answers_changed"] == len(data["cases"]) == 3
    assert [g["count"] for g in data["groups"]] == [3]
    assert data["groups"][0]["effect"] == {"what": "closed_by_step", "before": 1, "after": None}
    for case in data["cases"]:
        assert case["steps"][0].startswith("nurse:digital:purpose=redirect")
        assert case["before"]["closed_by_step"] == 1 and case["after"]["closed_by_step"] is None
        assert case["before"]["steps"] == case["after"]["steps"]  # the registrations stay
    text = py1177("what-if", "--reading", "q_phone=not_1177", "--max-steps", "1", "--limit", "2")
    assert text.returncode == 0
    assert "steg 1 sjuksköterska" in text.stdout and "→ oavgjort (lucka): " in text.stdout
    assert "fall" in text.stdout
    assert py1177("what-if").returncode == 2


def test_impact_is_cached_and_ranks_the_agenda(tmp_path):
    cache = tmp_path / "cache"
    env = {"PY1177_CACHE_DIR": str(cache)}
    done = py1177("questions", "--impact", "--max-steps", "1", "--json", env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    files = list((cache / "impact").glob("*.json"))
    assert len(files) == 1
    counts = {(q["id"], r["id"]): r["answers_changed"] for q in data for r in q["readings"] if not r["in_force"]}
    assert counts[("q_phone", "not_1177")] > 0
    assert counts[("q_closer_3_1_3b", "named_roles")] == 3  # nurse:digital:purpose=redirect (3 choices)
    maxima = [max([r["answers_changed"] or 0 for r in q["readings"]]) for q in data]
    assert maxima == sorted(maxima, reverse=True)  # the agenda: most impact first
    # the second run reads the cache: a (trusted) cache file with other counts is what it shows
    cached = json.loads(files[0].read_text())
    cached["q_phone"]["not_1177"] = 424242
    files[0].write_text(json.dumps(cached))
    again = json.loads(py1177("questions", "--impact", "--max-steps", "1", "--json", env=env).stdout)
    assert any(r["answers_changed"] == 424242 for q in again for r in q["readings"])
    # a cache directory others may write is not trusted: the counts are computed again
    os.chmod(cache / "impact", 0o777)
    fresh = json.loads(py1177("questions", "--impact", "--max-steps", "1", "--json", env=env).stdout)
    assert not any(r["answers_changed"] == 424242 for q in fresh for r in q["readings"])
    os.chmod(cache / "impact", 0o700)
    ranked = json.loads(py1177("what-if", "--rank", "--max-steps", "1", "--json",
                               env={"PY1177_CACHE_DIR": str(tmp_path / "other")}).stdout)
    rows = ranked["ranking"]
    assert [r["answers_changed"] for r in rows] == sorted((r["answers_changed"] for r in rows), reverse=True)
    assert {(r["question"], r["reading"]) for r in rows} == set(counts)


# --- the acceptance test ----------------------------------------------------------------------

def test_acceptance_one_question_decided_otherwise_in_one_file(tmp_path, rulebook):
    """A draft made with cp -r kb decides q_closer_3_1_3b the other way by editing one fact in
    one file; what-if on the bundled KB, diff between the KBs and the policy tests agree on
    exactly the changed cases; check on the draft names the policy test written for the old
    reading."""
    draft = copy_kb(rulebook, tmp_path / "draft")
    questions = draft / "questions.pl"
    text = questions.read_text(encoding="utf-8")
    old = "chosen_reading(q_closer_3_1_3b, handler)."
    assert text.count(old) == 1
    questions.write_text(text.replace(old, "chosen_reading(q_closer_3_1_3b, named_roles)."), encoding="utf-8")
    compared = filecmp.dircmp(rulebook.kb_dir, draft, ignore=["__pycache__"])
    assert compared.diff_files == ["questions.pl"] and not compared.left_only and not compared.right_only

    what_if = json.loads(py1177("what-if", "--reading", "q_closer_3_1_3b=named_roles", "--max-steps", "1",
                                "--json").stdout)
    changed = {" ".join(c["steps"]) for c in what_if["cases"]}
    # the one-step redirects 3.1.3b describes (N=1 keeps the suite fast; N=2 gives the same three)
    assert len(changed) == what_if["answers_changed"] > 0
    assert "nurse:digital:purpose=redirect" in changed

    diff = py1177("diff", "--base", str(rulebook.kb_dir), "--kb", str(draft), "--max-steps", "1", "--json")
    assert diff.returncode == 1, diff.stderr  # answers changed
    report = json.loads(diff.stdout)
    assert report["answers_changed"] == what_if["answers_changed"]
    assert {" ".join(c["chain"]) for c in report["changes"] if c["answer_changed"]} == changed
    assert report["groups"] == what_if["groups"]
    # diff of the bundled KB with itself under the reading says the same
    same = json.loads(py1177("diff", "--base", str(rulebook.kb_dir), "--kb", str(rulebook.kb_dir),
                             "--reading", "q_closer_3_1_3b=named_roles", "--max-steps", "1", "--json").stdout)
    assert same["groups"] == what_if["groups"]

    # policy tests written from the bundled KB's answers: the changed cases and a sample of
    # unchanged ones (every scenario's example chain, and a few others)
    def step_dict(step) -> dict:
        return {k: getattr(getattr(step, k), "value", getattr(step, k))
                for k in ("role", "channel", "purpose", "day", "unit", "replaces_visit")
                if getattr(step, k) is not None}

    chains = {spec: [step_dict(s) for s in Case.parse(spec.split(" ")).steps]
              for spec in sorted(changed) + ["doctor:digital:purpose=redirect", "nurse:digital doctor:digital:day=other",
                                             "nurse:digital doctor:digital:unit=other", "nurse:phone"]}
    for scenario in rulebook.scenarios():  # named by their specs, as what-if and diff name them
        steps = [step_dict(step) for step in scenario.example]
        chains[" ".join(Case(steps).to_specs())] = steps
    tests = []
    for name, steps in chains.items():
        answer = rulebook.advise(steps)
        tests.append({"name": name, "steps": steps,
                      "expect": {"status": answer.status.value, "closed_by_step": answer.closed_by_step}})
    policy = tmp_path / "policy.yaml"
    policy.write_text(yaml.safe_dump({"tests": tests}, allow_unicode=True), encoding="utf-8")
    before = py1177("test", str(policy), "--json")
    assert before.returncode == 0, before.stdout + before.stderr
    after = py1177("test", str(policy), "--kb", str(draft), "--json")
    assert after.returncode == 1
    assert {f["name"] for f in json.loads(after.stdout)["failures"]} == changed

    # the draft carries a policy test that assumes the old reading: check names it
    (draft / "tests").mkdir(exist_ok=True)  # the copy carries kb/tests already
    (draft / "tests" / "closer.yaml").write_text(yaml.safe_dump({"tests": [
        {"name": "3.1.3b: the nurse closes", "scenario": "3.1.3b", "readings": {"q_closer_3_1_3b": "handler"},
         "expect": {"closed_by_step": 1}},
        {"name": "3.1.3b: nobody in the chain closes", "scenario": "3.1.3b",
         "readings": {"q_closer_3_1_3b": "named_roles"}, "expect": {"closed_by_step": None}},
    ]}, allow_unicode=True), encoding="utf-8")
    checked = py1177("check", "--kb", str(draft), "--max-steps", "1", "--json")
    assert checked.returncode == 1
    static = {s["id"]: s for s in json.loads(checked.stdout)["static"]}
    problems = static["policy_tests_readings"]["problems"]
    assert len(problems) == 1 and "3.1.3b: the nurse closes" in problems[0]
    assert "q_closer_3_1_3b=handler" in problems[0] and "named_roles" in problems[0]
    # the policy tests themselves run under the readings they declare, and both pass
    assert py1177("test", str(draft / "tests" / "closer.yaml"), "--kb", str(draft)).returncode == 0
    assert static["policy_tests_readings"]["holds"] is False


def test_check_holds_the_declarations(tmp_path, rulebook):
    """Two chosen readings for one question, or a chosen reading that is not declared, are
    named by check (readings_declared)."""
    draft = copy_kb(rulebook, tmp_path / "draft")
    questions = draft / "questions.pl"
    text = questions.read_text(encoding="utf-8")
    text = text.replace("chosen_reading(q_phone, as_1177).",
                        "chosen_reading(q_phone, as_1177).\nchosen_reading(q_phone, not_1177).")
    text = text.replace("chosen_reading(q_after_exit, gap).", "chosen_reading(q_after_exit, gapp).")
    questions.write_text(text, encoding="utf-8")
    done = py1177("check", "--kb", str(draft), "--max-steps", "1", "--json")
    assert done.returncode == 1
    static = {s["id"]: s for s in json.loads(done.stdout)["static"]}
    problems = " ".join(static["readings_declared"]["problems"])
    assert "q_phone har 2 valda" in problems and "q_after_exit väljer läsningen gapp" in problems
    assert static["readings_declared"]["holds"] is False
    assert all(s["holds"] for s in json.loads(py1177("check", "--max-steps", "1", "--json").stdout)["static"])
