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
    "advise_scenario.py": ["3.1.2c (§3.1.2)", "closed in 1177 direkt by step 2 (doctor or other_clinician)"],
    "advise_steps.py": ["(3.1.2c): documented, closed by step 2", "same day (not in the anvisning): inferred",
                        "(a gap): gap, closed by step None", "step 1 (nurse): undecided"],
    "policy_questions.py": ["q_closer_3_1_3b [ambiguous]", "erratum e1 §3.1.3: 'KVVÅ-kod' -> 'KVÅ-kod'"],
    "json_from_cli.py": ["3.1.3a documented closed by step 2"],
    # §3.1.2b/d: the nurse forwards the same day and registers nothing; §3.1.4a–c: no nurse takes
    # part (vacuous). 3.1.3b is no match: only its doctor chain matches (a redirecting nurse registers).
    "reverse_question.py": ["12 scenarios (25 chains) examined, 5 match",
                            "A nurse takes part but registers nothing: 3.1.2b, 3.1.2d",
                            "No nurse takes part (vacuous): 3.1.4a, 3.1.4b, 3.1.4c",
                            "Only some chains match (not a match): 3.1.3b (1/2)",
                            "Chain by chain (matching chains/all chains): 3.1.2b (2/2), 3.1.2d (4/4), 3.1.3b (1/2), "
                            "3.1.4a (2/2), 3.1.4b (1/1), 3.1.4c (2/2)",
                            "3.1.2b  --step nurse:digital --step doctor:digital:day=same:unit=same  "
                            "– step 1 registers nothing in PMO",
                            "the step matches, but the chain is a gap",
                            "49395 chains examined"],
    # §4.3 lists "Telefonsamtal (kan komma att användas vid bekymmer med tjänsten 1177 direkt)":
    # dropping it leaves that source line untraced and the telephone call without the attribute.
    "policy_change.py": ["check --kb DRAFT --max-steps 2   → exit 1",
                         "✗ contact_type_labels_in_source",
                         "§4.3 line 329: Telefonsamtal (kan komma att användas",
                         "diff --base BUNDLED --head DRAFT --max-steps 2   → exit 1",
                         "step 1 not_replaces_visit: Telefonsamtal [attribute, journal] → Telefonsamtal [journal]",
                         "Summary: the change affects "],
    # §3.1.2, 3.1.2c: the nurse registers because the doctor handles the case another day;
    # 3.1.2b: same day, so "Ingen dokumentation i PMO"; one edit (another day) gives 3.1.2c.
    "why_explained.py": ["[§3.1.2, scenario 3.1.2c]",
                         "”Sjuksköterskan behöver registrera med tanke på att ärendet hanteras av läkare eller "
                         "annan hälso- och sjukvårdspersonal annan dag.”",
                         "”Vårdkontakt: Text som inte ersätter besök”",
                         "actually: step 1 registers nothing in PMO",
                         "Ingen dokumentation i PMO eftersom det är läkare eller annan hälso- och sjukvårdspersonal "
                         "på samma enhet och samma dag som hanterar ärendet.",
                         "If step 2 had been on another day instead of same day, the expectation would hold "
                         "(scenario 3.1.2c of the guideline).",
                         "py1177 advise --step nurse:digital --step doctor:digital:day=other:unit=same"],
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
