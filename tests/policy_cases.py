"""Loads the hand-written policy tests in tests/policy/*.yaml and compares answers."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

POLICY_DIR = Path(__file__).parent / "policy"
REGISTRATION_KEYS = ("replaces_visit", "contact_type", "attribute", "journal", "diagnosis", "kva")


def load() -> list[tuple[str, dict[str, Any]]]:
    """(id, test) for every test in every policy file, plus one test per alternative."""
    out = []
    for path in sorted(POLICY_DIR.glob("*.yaml")):
        for test in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]:
            out.append((f"{path.stem}: {test['name']}", test))
            out.extend(_alternatives(path.stem, test))
    return out


def _alternatives(stem: str, test: dict[str, Any]):
    """For chains given as steps: pick each alternative of each step with replaces_visit."""
    if "steps" not in test:
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


def case_of(test: dict[str, Any]) -> dict[str, Any]:
    return {k: test[k] for k in ("scenario", "steps", "date") if k in test}


def mismatches(answer: dict[str, Any], expect: dict[str, Any]) -> list[str]:
    """Readable differences between an answer (JSON contract) and an expectation."""
    problems = []
    for key in ("status", "scenario", "closed_by_step"):
        if key in expect and answer[key] != expect[key]:
            problems.append(f"{key}: expected {expect[key]!r}, got {answer[key]!r}")
    if "steps" in expect:
        if len(answer["steps"]) != len(expect["steps"]):
            return problems + [f"expected {len(expect['steps'])} steps, got {len(answer['steps'])}"]
        for got, want in zip(answer["steps"], expect["steps"]):
            where = f"step {got['step']}"
            for key in ("step", "role"):
                if key in want and got[key] != want[key]:
                    problems.append(f"{where} {key}: expected {want[key]!r}, got {got[key]!r}")
            if want.get("no_pmo") and got["no_pmo"] is None:
                problems.append(f"{where}: expected 'no PMO registration' with its quote")
            if "registrations" in want:
                got_regs = None if got["registrations"] is None else [
                    {k: r[k] for k in REGISTRATION_KEYS} for r in got["registrations"]]
                if got_regs != want["registrations"]:
                    problems.append(f"{where} registrations:\n  expected {want['registrations']}\n"
                                    f"  got      {got_regs}")
    return problems
