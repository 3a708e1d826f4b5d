"""The bridge: safe query text, strict KB loading, thread safety."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from py1177.bridge import Compound, Quoted, Var, goal, quote_atom

TESTS = Path(__file__).parent


def readable(text: str) -> bool:
    return all(not (c == "\x00" or 0xD800 <= ord(c) <= 0xDFFF) for c in text)


@given(st.text(max_size=40) | st.text(alphabet="'\\\"()., \nåäöÅÄÖ→", max_size=20))
def test_quote_atom_round_trips_through_prolog(rulebook, text):
    """Whatever the text (quotes, backslashes, newlines, å ä ö, emoji), Prolog reads exactly it,
    or quote_atom refuses it up front — it never builds a query Prolog would misread."""
    if not readable(text):
        with pytest.raises(ValueError):
            quote_atom(text)
        return
    quoted = quote_atom(text)
    assert quoted.isascii()
    rows = rulebook._bridge.ask(goal(Compound("atom_codes", Quoted(text), Var("Codes"))))
    assert rows[0]["Codes"] == [ord(c) for c in text]


@pytest.mark.parametrize("code", [0x0, 0xD800, 0xDFFF])
def test_quote_atom_refuses_what_no_atom_can_hold(code):
    with pytest.raises(ValueError):
        quote_atom("a" + chr(code))


@pytest.mark.parametrize("code", [0x7F, 0xE5, 0x2192, 0xFFFF, 0x1F6A6, 0xD8000, 0xDFFFF, 0x10FFFF])
def test_quote_atom_edge_code_points(rulebook, code):
    """Including U+D8000, which SWI-Prolog 9.0 misreads when written as a \\x escape."""
    rows = rulebook._bridge.ask(goal(Compound("atom_codes", Quoted(chr(code)), Var("Codes"))))
    assert rows[0]["Codes"] == [code]


@pytest.mark.parametrize("bad", ["nurse),halt,(", "Nurse", "a b", "x.", "'q'", "", "ö", "shell(ls)"])
def test_goal_refuses_anything_but_plain_atoms(bad):
    with pytest.raises(ValueError):
        goal(Compound("advise_json", bad))


def test_goal_renders_terms():
    assert goal(Compound(":", "api", Compound("f", "a", 3, [Quoted("3.1.2c"), "b"], Var("J")))) == \
        "api:f(a,3,['3.1.2c',b],J)"
    with pytest.raises(TypeError):
        goal(Compound("f", True))


def copy_kb(tmp_path: Path, rulebook) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(rulebook.kb_dir, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def run_cli(kb: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PY1177_KB_DIR=str(kb))
    return subprocess.run([sys.executable, "-m", "py1177", *args], capture_output=True, text=True,
                          timeout=60, env=env, cwd=TESTS)


def plant(kb: Path, name: str, old: str, new: str) -> int:
    path = kb / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    before = text[: text.index(old)]
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return before.count("\n") + 1


def test_syntax_error_in_kb_fails_loudly_with_file_and_line(tmp_path, rulebook):
    kb = copy_kb(tmp_path, rulebook)
    line = plant(kb, "section_3_1_2.pl", "scenarios:documented_step('3.1.2b', 2,",
                 "scenarios:documented_step('3.1.2b' 2,")
    done = run_cli(kb, "advise", "--scenario", "3.1.2b")
    assert done.returncode == 2, done.stdout
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert f"section_3_1_2.pl:{line}" in done.stderr
    assert "Traceback" not in done.stderr


def test_load_warning_in_kb_fails_loudly(tmp_path, rulebook):
    kb = copy_kb(tmp_path, rulebook)
    plant(kb, "rules.pl", "diagnosis_(not_replaces_visit, false, []).",
          "diagnosis_(not_replaces_visit, false, []).\ndiagnosis_(Unused, false, []).")
    done = run_cli(kb, "scenarios")
    assert done.returncode == 2
    assert "rules.pl:" in done.stderr and "Singleton" in done.stderr


def test_undefined_predicate_in_kb_fails_loudly(tmp_path, rulebook):
    kb = copy_kb(tmp_path, rulebook)
    plant(kb, "rules.pl", "    attribute_contact_type(Type, _).\nattribute_(Type, false)",
          "    attribute_contact_type_typo(Type, _).\nattribute_(Type, false)")
    done = run_cli(kb, "advise", "--scenario", "3.1.1a")
    assert done.returncode == 2
    assert "attribute_contact_type_typo/2" in done.stderr


def test_missing_kb_dir(tmp_path):
    done = run_cli(tmp_path / "nowhere", "scenarios")
    assert done.returncode == 2 and "missing" in done.stderr


def test_pristine_copy_loads(tmp_path, rulebook):
    """The copies above fail because of the planted faults, not because copies cannot load."""
    done = run_cli(copy_kb(tmp_path, rulebook), "advise", "--scenario", "3.1.2b", "--json")
    assert done.returncode == 0, done.stderr
