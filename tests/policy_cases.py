"""The hand-written policy tests in kb/tests/*.yaml (policy shipped with the KB), for pytest (the loader and the
comparison are py1177.policytest, which `py1177 test` uses too)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from py1177 import policytest
from py1177.policytest import REGISTRATION_KEYS, mismatches  # noqa: F401 - re-exported for tests

POLICY_DIR = Path(__file__).resolve().parent.parent / "kb" / "tests"
"""The policy's own tests, shipped in the KB: one file per documented scenario; general/ holds the
general rules' answers (gaps, readings, assumed values, the validity period)."""


def load() -> list[tuple[str, dict[str, Any]]]:
    """(id, test) for every test in every policy file, plus one test per alternative."""
    out = []
    for path in sorted(POLICY_DIR.rglob("*.yaml")):
        for test in policytest.load_file(path):
            flat = dict(test.case, name=test.name, expect=test.expect, readings=dict(test.readings))
            out.append((f"{path.stem}: {test.name}", flat))
            out.extend(_alternatives(path.stem, flat))
    return out


def _alternatives(stem: str, test: dict[str, Any]):
    """For chains given as steps: pick each alternative of each step with replaces_visit."""
    if "steps" not in test or "steps" not in test["expect"]:
        return
    for i, step in enumerate(test["expect"]["steps"]):
        regs = step.get("registrations") or []
        for reg in regs:
            if reg["replaces_visit"] is None:
                continue
            variant = copy.deepcopy(test)
            variant["steps"][i]["replaces_visit"] = reg["replaces_visit"]
            variant["expect"]["steps"][i]["registrations"] = [reg]
            word = "replaces" if reg["replaces_visit"] else "does not replace"
            variant["name"] = f"{test['name']} — step {i + 1} {word} a visit"
            yield f"{stem}: {variant['name']}", variant


def reading_args(test: dict[str, Any]) -> list[str]:
    """The CLI's --reading options for the readings a test declares."""
    return [w for q, r in test.get("readings", {}).items() for w in ("--reading", f"{q}={r}")]


def case_of(test: dict[str, Any]) -> dict[str, Any]:
    return {k: test[k] for k in ("scenario", "steps", "date") if k in test}
