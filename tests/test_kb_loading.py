"""Issue 11 items 3 and 10: a KB other than the bundled one (a draft given with --kb, an old git
revision read by diff) is vetted term by term before anything of it is loaded, and loaded first
in a child process; only one that loads cleanly there is loaded in the caller's process.
A KB that halts, runs a directive, crashes the reader or is not a regular file is a KBError with
file:line (exit 2), never a pass, never a traceback, never exit 134/139."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from py1177.bridge import bundled_kb_dir, preload
from py1177.errors import KBError

TESTS = Path(__file__).parent
RULES_LINES = len(bundled_kb_dir().joinpath("rules.pl").read_text(encoding="utf-8").splitlines())


def py1177(*args: str, cwd: Path = TESTS, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    return subprocess.run([sys.executable, "-m", "py1177", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=cwd)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=repo,
                   check=True, capture_output=True)


def draft(tmp_path: Path, appended: str = "", name: str = "draft") -> Path:
    """A copy of the bundled KB with ``appended`` after the last line of rules.pl; the appended
    text starts on line RULES_LINES + 1."""
    kb = tmp_path / name
    shutil.copytree(bundled_kb_dir(), kb, ignore=shutil.ignore_patterns("__pycache__"))
    if appended:
        rules = kb / "rules.pl"
        text = rules.read_text(encoding="utf-8")
        rules.write_text(text.rstrip("\n") + "\n" + appended + "\n", encoding="utf-8")
    return kb


def refused(done: subprocess.CompletedProcess, where: str) -> None:
    """Exit 2, one line naming ``where`` (file:line), no traceback, no crash."""
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    assert where in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


# --- item 3: a KB that halts --------------------------------------------------

@pytest.mark.parametrize("directive", [":- halt.", ":- initialization(halt).", ":- halt(0)."])
def test_a_draft_that_halts_is_refused_by_check_test_and_scenarios(tmp_path, directive):
    kb = draft(tmp_path, directive)
    where = f"rules.pl:{RULES_LINES + 1}"
    refused(py1177("check", "--kb", str(kb)), where)
    refused(py1177("test", "--kb", str(kb), str(TESTS.parent / "kb" / "tests")), where)
    refused(py1177("scenarios", "--kb", str(kb)), where)


def test_rulebook_of_a_draft_that_halts_raises_and_the_interpreter_lives_on(tmp_path):
    kb = draft(tmp_path, ":- halt.")
    code = ("import sys\nfrom py1177 import Rulebook\nfrom py1177.errors import KBError\n"
            "try:\n    Rulebook(sys.argv[1])\nexcept KBError as exc:\n    print('refused:', exc)\n"
            "print('still here')\n")
    done = subprocess.run([sys.executable, "-c", code, str(kb)], capture_output=True, text=True, timeout=120,
                          cwd=TESTS)
    assert done.returncode == 0, done.stderr
    assert f"rules.pl:{RULES_LINES + 1}" in done.stdout and "halt" in done.stdout
    assert done.stdout.strip().endswith("still here")


def test_diff_with_a_base_that_halts_is_a_clean_error(tmp_path):
    kb = draft(tmp_path, ":- halt.")
    done = py1177("diff", "--base", str(kb), "--head", str(bundled_kb_dir()), "--max-steps", "1")
    refused(done, f"rules.pl:{RULES_LINES + 1}")
    assert "JSONDecodeError" not in done.stderr


def test_diff_reports_a_dump_process_that_gives_no_answer():
    """The comparison never parses an empty or cut-off dump (it was a JSONDecodeError traceback)."""
    from py1177.semdiff import _finish

    proc = subprocess.Popen([sys.executable, "-c", "print('{\"examined\": ')"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    with pytest.raises(KBError, match="base rulebook could not be read"):
        _finish(proc, "base")


def test_a_deeply_nested_term_is_a_kb_error_not_a_segfault(tmp_path):
    depth = 100_000
    kb = draft(tmp_path, "deep_(" + "f(" * depth + "a" + ")" * depth + ").")
    done = py1177("scenarios", "--kb", str(kb))
    refused(done, f"rules.pl:{RULES_LINES + 1}")
    assert "C-stack" in done.stderr


def test_a_term_deeper_than_the_limit_is_refused_but_long_lists_and_bodies_load(tmp_path):
    """10 000 levels pass the child's reader but may not pass the caller's (no C-stack guard under
    pyswip, a thread's smaller stack): the vet refuses anything past 1 000 levels."""
    limit = 1000
    nested = lambda levels: "deep_(" + "f(" * (levels - 1) + "a" + ")" * (levels - 1) + ")."
    long_list = "long_([" + ",".join(["x"] * 100_000) + "])."
    long_body = "body_ :- " + ", ".join(["true"] * 5_000) + "."
    preload(draft(tmp_path, "\n".join([nested(limit), long_list, long_body]), name="ok"))
    with pytest.raises(KBError, match=f"rules.pl:{RULES_LINES + 1}: error: a term nested more than 1,000"):
        preload(draft(tmp_path, nested(limit + 1), name="deep"))


@pytest.mark.parametrize("kind", ["fifo", "directory", "device"])
def test_a_rules_file_that_is_not_a_regular_file_is_named(tmp_path, kind):
    kb = draft(tmp_path)
    rules = kb / "rules.pl"
    rules.unlink()
    if kind == "fifo":
        os.mkfifo(rules)
    elif kind == "directory":
        rules.mkdir()
    else:
        rules.symlink_to("/dev/zero")
    done = py1177("scenarios", "--kb", str(kb), "--lang", "en", timeout=60)
    expected = {"fifo": "is a FIFO", "directory": "is a directory", "device": "is a character device"}[kind]
    refused(done, f"rules.pl {expected}")


def test_a_kb_file_loaded_from_a_subdirectory_that_is_a_fifo_is_named(tmp_path):
    kb = draft(tmp_path, ":- include(parts/extra).")
    (kb / "parts").mkdir()
    os.mkfifo(kb / "parts" / "extra.pl")
    with pytest.raises(KBError, match="extra.pl:0: error: not a regular file"):
        preload(kb)


def test_a_kb_that_stops_loading_in_the_child_names_the_file(tmp_path, monkeypatch):
    """Whatever ends the child before it has finished (halt, a crash, a kill) is a KBError
    naming the file that was loading, never a pass."""
    import py1177.bridge as bridge

    engine = tmp_path / "engine"
    engine.mkdir()
    (engine / "preload.pl").write_text(
        ":- module(kb_preload, [preload_main/0]).\n"
        "preload_main :- format(\"phase\\tloading~nloading\\t/somewhere/rules.pl~n\"), flush_output, halt(0).\n",
        encoding="utf-8")
    monkeypatch.setattr(bridge, "engine_dir", lambda: engine)
    with pytest.raises(KBError, match="did not finish loading .*loading it") as caught:
        preload(draft(tmp_path))
    assert caught.value.messages == ("/somewhere/rules.pl: error: loading stopped in this file",)
    (engine / "preload.pl").write_text(
        ":- module(kb_preload, [preload_main/0]).\n"
        "preload_main :- format(\"loading\\t/somewhere/rules.pl~n\"), flush_output,\n"
        "    shell('kill -KILL $PPID').\n", encoding="utf-8")
    with pytest.raises(KBError, match="SIGKILL"):
        preload(draft(tmp_path, name="again"))


# --- item 10: a KB runs code when it is loaded --------------------------------

def test_a_shell_directive_in_a_draft_does_not_run(tmp_path):
    mark = tmp_path / "ran"
    kb = draft(tmp_path, f":- shell('touch {mark}').")
    refused(py1177("scenarios", "--kb", str(kb)), f"rules.pl:{RULES_LINES + 1}")
    assert not mark.exists()


def test_diff_base_revision_does_not_run_its_directives(tmp_path):
    mark = tmp_path / "ran"
    repo = tmp_path / "repo"
    shutil.copytree(bundled_kb_dir(), repo / "kb", ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "kb")
    clean = (repo / "kb" / "rules.pl").read_text(encoding="utf-8")
    (repo / "kb" / "rules.pl").write_text(clean + f":- shell('touch {mark}').\n", encoding="utf-8")
    git(repo, "commit", "-qam", "hostile")
    (repo / "kb" / "rules.pl").write_text(clean, encoding="utf-8")
    git(repo, "commit", "-qam", "clean again")
    done = py1177("diff", "--base", "HEAD~1", "--max-steps", "1", cwd=repo)
    refused(done, f"rules.pl:{clean.count(chr(10)) + 1}")
    assert not mark.exists()


def hostile_cases(mark: str) -> list[tuple[str, str, dict[str, str]]]:
    """(appended to rules.pl, expected text of the refusal, other files) — each a way to run code
    while a KB loads (or to change how the rest is read or loaded)."""
    shell = f"shell('touch {mark}')"
    return [
        (f":- initialization({shell}).", "directive not allowed", {}),
        (f":- initialization({shell}, now).", "directive not allowed", {}),
        (f"?- {shell}.", "a query (?- Goal)", {}),
        (":- X = shell, call(X, 'true').", "directive not allowed", {}),
        (":- X.", "a directive that is a variable", {}),
        (f":- dynamic(foo_/1), {shell}.", "directive not allowed", {}),
        (":- op(700, xfx, ===>).", "directive not allowed", {}),
        (":- set_prolog_flag(double_quotes, codes).", "directive not allowed", {}),
        (f":- if({shell}).\n:- endif.", "directive not allowed", {}),
        (":- table foo_/1.", "directive not allowed", {}),
        (":- include('/etc/hostname').", "not a file of this KB directory", {}),
        (":- ensure_loaded('../../somewhere').", "not a file of this KB directory", {}),
        (":- use_module('../outside', []).", "not a file of this KB directory", {}),
        (":- use_module(library(process)).", "may not be loaded by a KB", {}),
        (":- use_module(swi(library/lists)).", "not a file of this KB directory", {}),
        (f"term_expansion(_, _) :- {shell}.", "term_expansion/2", {}),
        (f"rules:goal_expansion(_, _) :- {shell}.", "goal_expansion/2", {}),
        (f"goal_expansion(_, _), [] --> {{ {shell} }}.", "goal_expansion/4", {}),
        (f"user:term_expansion(_, _) :- {shell}.", "not a module of this KB", {}),
        (f"user:message_hook(_, _, _) :- {shell}.", "not a module of this KB", {}),
        (f"user:prolog_load_file(_, _) :- {shell}.", "not a module of this KB", {}),
        ("user:file_search_path(library, '/tmp').", "not a module of this KB", {}),
        ("sandbox:safe_primitive(system:shell(_)).", "not a module of this KB", {}),
        (":- multifile user:exception/3.", ":- multifile takes Name/Arity", {}),
        ("M:foo_(1).", "a module given by a variable", {}),
        ("x_({|string(X)||abc|}).", "quasi-quotations", {}),
        (":- include(parts/extra).", "extra.pl:2: error: directive not allowed", {"parts/extra.pl": f"extra_(1).\n:- {shell}.\n"}),
        (":- use_module(parts/other, []).", "other.pl:2: error: directive not allowed", {"parts/other.pl": f":- module(other, []).\n:- {shell}.\n"}),
        (":- use_module(evil, []).", "evil.pl:1: error: module name lists is taken", {"evil.pl": ":- module(lists, [member/2]).\nmember(_, _).\n"}),
        (":- use_module(evil, []).", "evil.pl:1: error: module name sandbox is taken", {"evil.pl": ":- module(sandbox, [safe_goal/1]).\nsafe_goal(_).\n"}),
        (":- use_module(evil, []).", "evil.pl:1: error: module name api is taken", {"evil.pl": ":- module(api, []).\n"}),
        (":- use_module(evil, []).", "evil.pl:1: error: an export list may hold", {"evil.pl": ":- module(evil, [op(700, xfx, ===>)]).\n"}),
        (":- use_module(evil, []).", "evil.pl:1: error: a KB file that is not included must begin with", {"evil.pl": f":- {shell}.\n"}),
        ("", "rules.qlf:0: error: a .qlf file beside", {"rules.qlf": "compiled code would be loaded in place of rules.pl\n"}),
    ]


def test_every_way_to_run_code_while_loading_is_refused_with_file_and_line(tmp_path):
    mark = tmp_path / "ran"
    failures = []
    for number, (appended, expected, files) in enumerate(hostile_cases(str(mark))):
        kb = draft(tmp_path, appended, name=f"kb{number}")
        for name, text in files.items():
            (kb / name).parent.mkdir(parents=True, exist_ok=True)
            (kb / name).write_text(text, encoding="utf-8")
        try:
            preload(kb)
            text = "loaded"
        except KBError as exc:
            text = exc.message("en")
        if expected not in text:
            failures.append((appended, files, text[:400]))
        elif appended and not files and f"rules.pl:{RULES_LINES + 1}:" not in text:
            failures.append((appended, "no file:line", text[:400]))
    assert not mark.exists(), "a hostile KB ran code"
    assert not failures, failures


def reachable_draft(tmp_path: Path, body: str, name: str = "draft") -> Path:
    """A draft whose general_rule/2 (which the engine imports) calls evil_/0, defined by ``body``."""
    kb = draft(tmp_path, f"evil_ :- {body}.", name=name)
    rules = kb / "rules.pl"
    text = rules.read_text(encoding="utf-8")
    assert "general_rule(r_journal, registration).\n" in text
    rules.write_text(text.replace("general_rule(r_journal, registration).\n",
                                  "general_rule(r_journal, registration) :- evil_.\n", 1), encoding="utf-8")
    return kb


@pytest.mark.parametrize("body, says", [
    ("shell('touch {mark}')", "shell"),
    ("halt", "halt"),
    ("G = true, call(G)", "call"),
    ("atom_to_term('shell(x)', G, _), call(G)", "call"),
    ("format(atom(_), '~@', [shell('touch {mark}')])", "shell"),
])
def test_a_body_the_engine_can_reach_may_not_run_code(tmp_path, body, says):
    """The payload moved from a directive into a body: every KB predicate the engine calls is
    checked with library(sandbox) in the child, with all it may call, before anything runs."""
    mark = tmp_path / "ran"
    kb = reachable_draft(tmp_path, body.format(mark=mark))
    with pytest.raises(KBError, match="general_rule/2 may call what a KB must not") as caught:
        preload(kb)
    assert says in str(caught.value)
    done = py1177("check", "--kb", str(kb), "--max-steps", "1")
    refused(done, "rules.pl:")
    assert not mark.exists()


def test_a_body_the_engine_never_calls_is_left_alone(tmp_path):
    """What the engine cannot reach never runs (a query is sandboxed by itself): an old revision's
    own message renderer, whose format template is data, does not keep it from being compared."""
    kb = draft(tmp_path, "unused_(Format, Args) :- format(atom(_), Format, Args).")
    # an old revision of kb/ still holds engine files of its time: never loaded, so not vetted
    (kb / "api.pl").write_text(":- module(api, []).\n:- use_module(library(thread)).\n", encoding="utf-8")
    preload(kb)


def test_missing_policy_file_cannot_be_replaced_by_an_unvetted_one(tmp_path):
    """rulebook(messages) would load `messages` (no extension) when messages.pl is missing."""
    mark = tmp_path / "ran"
    kb = draft(tmp_path)
    (kb / "messages.pl").rename(kb / "messages")
    (kb / "messages").write_text(f":- module(messages, []).\n:- shell('touch {mark}').\n", encoding="utf-8")
    with pytest.raises(KBError, match="messages.pl:0: error: missing"):
        preload(kb)
    assert not mark.exists()


def test_what_a_kb_needs_is_allowed(tmp_path):
    """Not over-refusing: the directives of the bundled KB and the allowed forms load."""
    kb = draft(tmp_path, ":- dynamic foo_/1, bar_/2.\n:- discontiguous baz_/1.\n"
                         ":- use_module(library(apply), [maplist/3]).\n:- ensure_loaded(library(lists)).\n"
                         ":- include(parts/extra).\nbaz_(1).\n")
    (kb / "parts").mkdir()
    (kb / "parts" / "extra.pl").write_text("extra_(1).\n", encoding="utf-8")
    (kb / ".#rules.pl").symlink_to("someone@host.1234")  # an editor's lock file: never loaded, not refused
    preload(kb)
    done = py1177("advise", "--kb", str(kb), "--scenario", "3.1.2b", "--json")
    assert done.returncode == 0, done.stderr


def test_the_bundled_kb_is_trusted_and_not_preloaded():
    """The shipped KB keeps its fast path: no child process, no vetting."""
    code = ("import py1177.bridge as b\n"
            "b.preload = lambda kb: (_ for _ in ()).throw(SystemExit('preloaded'))\n"
            "from py1177 import Rulebook\nRulebook()\nprint('ok')\n")
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env,
                          cwd=TESTS)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize("appended, expected", [
    (":- shell('touch {mark}').", "directive not allowed"),
    ("shell('touch {mark}')", "general_rule/2 may call what a KB must not"),
])
def test_the_callers_process_vets_again_when_the_files_changed_after_the_child(tmp_path, appended, expected):
    """The child's verdict is not taken on trust: a file changed after it (here: no child at all)
    is vetted again in the caller's process, directives before anything is loaded, bodies before
    the rulebook is handed out."""
    mark = tmp_path / "ran"
    if appended.startswith(":-"):
        kb = draft(tmp_path, appended.format(mark=mark))
    else:
        kb = reachable_draft(tmp_path, appended.format(mark=mark))
    code = ("import sys\nimport py1177.bridge as b\nb.preload = lambda kb: None\n"
            "from py1177 import Rulebook\nfrom py1177.errors import KBError\n"
            "try:\n    Rulebook(sys.argv[1]).scenarios()\nexcept KBError as exc:\n    print(exc)\n"
            "else:\n    print('loaded')\n")
    done = subprocess.run([sys.executable, "-c", code, str(kb)], capture_output=True, text=True, timeout=120,
                          cwd=TESTS)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout and "rules.pl:" in done.stdout, done.stdout
    assert not mark.exists()


def test_a_kb_that_runs_on_in_the_child_is_refused_after_the_time_limit(tmp_path, monkeypatch):
    """A body of 100 000 goals keeps the child's body check busy for more than a minute: the child
    is stopped at the limit and the KB refused, saying where it was."""
    import time

    import py1177.bridge as bridge

    monkeypatch.setattr(bridge, "PRELOAD_SECONDS", 3)
    kb = reachable_draft(tmp_path, ", ".join(["true"] * 100_000))
    started = time.monotonic()
    with pytest.raises(KBError, match="took more than 3 s"):
        preload(kb)
    assert time.monotonic() - started < 30
