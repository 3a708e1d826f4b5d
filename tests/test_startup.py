"""Cold start (issue 6): the verification cache and the JSON writer that replaced
library(http/json). The cache may only skip the undefined-procedure scan for file sets
whose exact bytes passed it before; errors and warnings are always caught."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from py1177.bridge import Compound, Quoted, Var, _text, bundled_kb_dir, goal

PROBE = """
import json, sys
from pathlib import Path
from py1177.bridge import get_bridge
from py1177.errors import KBError
try:
    bridge = get_bridge(Path(sys.argv[1]))
except KBError as exc:
    print(json.dumps({"error": exc.message("en")}))
else:
    print(json.dumps({"scans": bridge.undefined_scans}))
"""


def probe(kb: Path, cache: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PY1177_KB_DIR", "PY1177_NO_CACHE")}
    env.update(PY1177_CACHE_DIR=str(cache), **extra)
    proc = subprocess.run([sys.executable, "-c", PROBE, str(kb)], capture_output=True, text=True, timeout=60,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def settle(folder: Path) -> None:
    """Date every file back a minute: the cache trusts only files not written around a load."""
    import time

    past = time.time() - 60
    for file in folder.rglob("*"):
        os.utime(file, (past, past))


@pytest.fixture()
def draft(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    shutil.copytree(bundled_kb_dir(), kb, ignore=shutil.ignore_patterns("source"))
    settle(kb)
    return kb


def test_the_scan_runs_once_per_exact_file_set(draft: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert probe(draft, cache) == {"scans": 1}          # first start: scanned, then remembered
    assert probe(draft, cache) == {"scans": 0}          # same bytes: verified before
    assert len(list((cache / "verified").iterdir())) == 1
    rules = draft / "rules.pl"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n% an edit\n", encoding="utf-8")
    # "Just written" as the loader sees it: stamped later than 2 s before the load began. Dated ahead,
    # so that a slow start (a busy machine, the draft's child process) cannot age it past that.
    ahead = time.time() + 600
    os.utime(rules, (ahead, ahead))
    assert probe(draft, cache) == {"scans": 1}          # a file just written is never trusted…
    assert probe(draft, cache) == {"scans": 1}          # …nor recorded
    settle(draft)
    assert probe(draft, cache) == {"scans": 1}          # settled, the edit is new bytes: scanned
    assert probe(draft, cache) == {"scans": 0}          # and remembered
    assert probe(draft, cache, PY1177_NO_CACHE="1") == {"scans": 1}   # the cache can be turned off


def test_an_undefined_call_is_caught_even_when_a_clean_kb_was_cached(draft: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert probe(draft, cache) == {"scans": 1}
    rules = draft / "rules.pl"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text + "\nrules:broken_(X) :- no_such_predicate_(X).\n", encoding="utf-8")
    answer = probe(draft, cache)
    assert "problem" in answer["error"], answer
    assert not (cache / "verified").exists() or len(list((cache / "verified").iterdir())) == 1  # nothing new


def test_a_syntax_error_is_caught_with_a_warm_cache(draft: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert probe(draft, cache) == {"scans": 1}
    questions = draft / "questions.pl"
    questions.write_text(questions.read_text(encoding="utf-8") + "\nbroken( :- .\n", encoding="utf-8")
    answer = probe(draft, cache)
    assert "questions.pl" in json.dumps(answer), answer


def test_an_included_file_is_part_of_the_key(draft: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (draft / "parts").mkdir()
    extra = draft / "parts" / "extra.pl"
    extra.write_text("extra_fact_(1).\n", encoding="utf-8")
    rules = draft / "rules.pl"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n:- include(parts/extra).\n", encoding="utf-8")
    settle(draft)
    assert probe(draft, cache) == {"scans": 1}
    assert probe(draft, cache) == {"scans": 0}
    extra.write_text("extra_fact_(X) :- no_such_predicate_(X).\n", encoding="utf-8")
    settle(draft)
    answer = probe(draft, cache)
    assert "no_such_predicate_" in json.dumps(answer) and "extra.pl" in json.dumps(answer), answer


LATE_PROBE = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from py1177.bridge import engine_dir, get_bridge
from py1177.errors import KBError
bridge = get_bridge()
assert str(engine_dir()).startswith(sys.argv[1]), engine_dir()
why = engine_dir() / "why.pl"   # an engine module loaded on first use, edited after the start
if sys.argv[2] == "edit":  # new bytes, dated back like settled ones: only the bytes can tell
    stamp = why.stat().st_mtime
    why.write_text(why.read_text(encoding="utf-8") + "\\nwhy:broken_(X) :- no_such_predicate_(X).\\n",
                   encoding="utf-8")
    import os
    os.utime(why, (stamp, stamp))
try:
    bridge.require("why")
except KBError as exc:
    print(json.dumps({"error": list(exc.messages)}))
else:
    print(json.dumps({"scans": bridge.undefined_scans}))
"""


def test_a_tool_module_edited_after_the_start_is_scanned(tmp_path: Path) -> None:
    """The key is taken from the files actually loaded when each module loads, not once at start."""
    import py1177

    package = Path(py1177.__file__).resolve().parent
    shutil.copytree(package, tmp_path / "py1177", ignore=shutil.ignore_patterns("__pycache__"))
    if not (tmp_path / "py1177" / "kb").is_dir():  # source tree: kb/ beside the package
        shutil.copytree(bundled_kb_dir(), tmp_path / "kb", ignore=shutil.ignore_patterns("source"))
    settle(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("PY1177_KB_DIR", "PY1177_NO_CACHE")}
    env["PY1177_CACHE_DIR"] = str(tmp_path / "cache")

    def late(mode: str) -> dict:
        proc = subprocess.run([sys.executable, "-c", LATE_PROBE, str(tmp_path), mode], capture_output=True,
                              text=True, timeout=60, env=env, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout.strip().splitlines()[-1])

    assert late("clean") == {"scans": 2}   # the start and why.pl, both scanned and remembered
    assert late("clean") == {"scans": 0}   # both verified from the cache
    answer = late("edit")                   # same start, then why.pl changes before it loads
    assert any("no_such_predicate_" in m and "why.pl" in m for m in answer.get("error", [])), answer


# --- the JSON writer -----------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
KEY = st.from_regex(r"[a-z][a-z_0-9]{0,8}", fullmatch=True)
LEAF = st.one_of(TEXT, st.integers(-10**12, 10**12), st.sampled_from(["true", "false", "null"]).map(lambda a: ("atom", a)),
                 st.floats(allow_nan=False, allow_infinity=False, width=32))
VALUE = st.recursive(LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(KEY, inner, max_size=4)), max_leaves=12)


def as_term(value) -> object:
    """The Prolog term (for goal()) of a Python value: strings as quoted atoms."""
    if isinstance(value, tuple):
        return value[1]
    if isinstance(value, str):
        return Compound("string", Quoted(value))
    if isinstance(value, float):
        return Compound("float", Quoted(repr(value)))
    if isinstance(value, list):
        return [as_term(v) for v in value]
    if isinstance(value, dict):
        return Compound("dict", [Compound("pair", k, as_term(v)) for k, v in value.items()])
    return value


def expected(value):
    if isinstance(value, tuple):
        return {"true": True, "false": False, "null": None}[value[1]]
    if isinstance(value, list):
        return [expected(v) for v in value]
    if isinstance(value, dict):
        return {k: expected(v) for k, v in value.items()}
    return value


@settings(max_examples=150, deadline=None)
@given(VALUE)
def test_json_text_matches_http_json(rulebook, value) -> None:
    """py1177/engine/json_text.pl gives the JSON that library(http/json) gives, for any nesting of
    dicts, lists, strings (all of Unicode, quotes, control characters), numbers and literals."""
    bridge = rulebook._bridge
    bridge.ask(goal(Compound("use_module", Quoted(str(Path(__file__).parent / "prolog" / "json_probe.pl")), [])))
    rows = bridge.ask(goal(Compound(":", "json_probe", Compound("json_probe", as_term(value), Var("A"), Var("B")))))
    assert len(rows) == 1
    ours, theirs = (json.loads(_text(rows[0][k])) for k in ("A", "B"))
    assert ours == theirs == expected(value)
