"""Every script in examples/ runs and prints what it promises (so they never rot)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

EXPECTED = {
    "advise_scenario.py": ["3.1.2c (§3.1.2)", "closed in 1177 direkt by step 2 (doctor)"],
    "advise_steps.py": ["(3.1.2c): documented, closed by step 2", "same day (not in the anvisning): inferred",
                        "(a gap): gap, closed by step None", "step 1 (nurse): undecided"],
    "policy_questions.py": ["q_closer_3_1_3b [ambiguous]", "erratum e1 §3.1.3: 'KVVÅ-kod' -> 'KVÅ-kod'"],
    "json_from_cli.py": ["3.1.3a documented closed by step 2"],
}


def test_every_example_is_tested():
    assert {p.name for p in EXAMPLES.glob("*.py")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name):
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    done = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=EXAMPLES.parent / "tests")
    assert done.returncode == 0, done.stderr
    for needle in EXPECTED[name]:
        assert needle in done.stdout, (needle, done.stdout)


def test_example_case_file(rulebook):
    import yaml

    data = yaml.safe_load((EXAMPLES / "case.yaml").read_text(encoding="utf-8"))
    answer = rulebook.advise(data)
    assert answer.scenario == "3.1.2d" and answer.closed_by_step == 2
    assert json.dumps(answer.to_dict())
