"""kb/ is the anvisning alone; the engine ships in the package (py1177/engine/).

A policy author's draft is ``cp -r kb draft``: so every Prolog file of kb/ must be read from the
KB directory in use, none of the engine may stand in kb/, and an edit to any file of a draft must
be what the engine loads.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from py1177.bridge import bundled_kb_dir, engine_dir

ENGINE_MODULES = {"api", "audit", "batch", "card", "check", "find", "interview", "json_text", "limits", "load", "query",
                  "readings", "strict", "ui_messages", "vet", "why", "whynot", "preload"}
ENGINE_SCRIPTS = {"query_child"}  # run by swipl in a child process (py1177/sandbox.py), never loaded in-process
CHILD_ONLY = {"preload"}
"""Run only in the child process that loads a draft first (bridge.preload)."""

PROBE = """
import json, sys
from py1177.bridge import TOOL_MODULES, Compound, Var, _text, get_bridge, goal
bridge = get_bridge(__import__("pathlib").Path(sys.argv[1]))
for module in TOOL_MODULES:
    bridge.require(module)
rows = bridge.ask(goal(Compound(":", "strict", Compound("loaded_files", Var("Ps"), Var("Ms")))))
print(json.dumps(sorted(_text(p) for p in rows[0]["Ps"])))
"""


def loaded_files(kb: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(kb)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=kb.parent)  # not the source tree's py1177
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_kb_holds_no_engine_file() -> None:
    kb_modules = {p.stem for p in bundled_kb_dir().glob("*.pl")}
    assert kb_modules, "kb/ has no Prolog files"
    assert not kb_modules & ENGINE_MODULES, kb_modules & ENGINE_MODULES
    assert {p.stem for p in engine_dir().glob("*.pl")} == ENGINE_MODULES | ENGINE_SCRIPTS


def test_every_file_of_a_draft_is_what_the_engine_loads(tmp_path: Path) -> None:
    """With every engine module loaded, each .pl of the draft is loaded from the draft itself, and
    every other file loaded is the engine's (or SWI-Prolog's own library)."""
    draft = tmp_path / "draft"
    shutil.copytree(bundled_kb_dir(), draft)
    files = loaded_files(draft)
    draft_files = {str(p.resolve()) for p in draft.glob("*.pl")}
    loaded = {str(Path(f).resolve()) for f in files}
    assert draft_files <= loaded, sorted(draft_files - loaded)
    engine = str(engine_dir().resolve())
    bundled = str(bundled_kb_dir().resolve())
    others = {f for f in loaded - draft_files if not f.startswith(engine + os.sep)}
    assert not any(f.startswith(bundled + os.sep) for f in others), sorted(others)
    assert {Path(f).stem for f in loaded if f.startswith(engine + os.sep)} == ENGINE_MODULES - CHILD_ONLY


def test_an_edit_to_the_drafts_rule_sentences_is_used(tmp_path: Path) -> None:
    """messages.pl (the general rules in words) is policy: a draft's edit shows in the answer."""
    draft = tmp_path / "draft"
    shutil.copytree(bundled_kb_dir(), draft)
    messages = draft / "messages.pl"
    text = messages.read_text(encoding="utf-8")
    old = ('rule_text(r_alternatives, en, "A contact in 1177 direkt is registered in one of two ways, '
           'depending on whether it replaces a visit.").')
    assert old in text
    messages.write_text(text.replace(old, 'rule_text(r_alternatives, en, "DRAFT WORDING of r_alternatives.").'),
                        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    proc = subprocess.run([sys.executable, "-m", "py1177", "why", "--step", "nurse:phone", "--lang", "en",
                           "--json", "--kb", str(draft)],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "DRAFT WORDING of r_alternatives." in proc.stdout
