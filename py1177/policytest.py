"""Policy tests in YAML (OpenFisca style), run by ``py1177 test`` and by pytest.

A file holds ``tests:``, a list of tests; each has ``name``, a case (``scenario`` or
``steps``, optional ``date``) and ``expect``: any of ``status``, ``scenario``,
``closed_by_step``, ``interpretations`` (ids), ``warnings`` (codes) and ``steps`` — per
step any of ``step``, ``role``, ``registrations`` (each with ``replaces_visit``,
``contact_type``, ``attribute``, ``journal``, ``diagnosis``, ``kva``), ``no_pmo: true``
and ``gaps`` (gap rule ids). A ``definitions:`` mapping may hold YAML anchors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

from .errors import InputError

REGISTRATION_KEYS = ("replaces_visit", "contact_type", "attribute", "journal", "diagnosis", "kva")
TEST_KEYS = ("name", "scenario", "steps", "date", "expect")
EXPECT_KEYS = ("status", "scenario", "closed_by_step", "interpretations", "warnings", "steps")
STEP_EXPECT_KEYS = ("step", "role", "registrations", "no_pmo", "gaps")


@dataclass(frozen=True)
class PolicyTest:
    """One test from a policy file."""

    path: Path
    name: str
    case: dict[str, Any]
    expect: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    """The result of one policy test: ``problems`` empty when it passed."""

    test: PolicyTest
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def policy_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named, or found below the directories named, in order; none is an error."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
            if not found:
                raise InputError("policy_no_files", ("policy", str(path)))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            raise InputError("file_not_regular", ("policy", str(path)))
        else:
            raise InputError("file_missing", ("policy", str(path)))
    return files


def load_file(path: Path) -> list[PolicyTest]:
    """The tests of one policy file; a malformed file raises :class:`InputError`.

    Read like a case file (:mod:`py1177.yamlfile`): a regular file of bounded size, YAML
    with bounded alias expansion and nesting, no duplicate keys."""
    from .yamlfile import YamlRefused, load_yaml, read_regular_file

    where = ("policy", str(path))
    raw = read_regular_file(path, where)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("file_not_utf8", where) from None
    try:
        data = load_yaml(text)
    except YamlRefused as exc:
        raise InputError(exc.code, where, **exc.params) from None
    except Exception as exc:  # yaml.YAMLError
        detail = " ".join(str(exc).split())[:200]
        raise InputError("file_invalid", where, fmt="YAML", detail=detail) from None
    if not isinstance(data, dict) or not isinstance(data.get("tests"), list) or not data["tests"]:
        raise InputError("policy_no_tests", where)
    tests = []
    for number, raw in enumerate(data["tests"], 1):
        if not isinstance(raw, dict):
            raise InputError("policy_not_mapping", where, n=number)
        for key in raw:
            if key not in TEST_KEYS:
                raise InputError("policy_unknown_key", where, n=number, key=key, allowed=", ".join(TEST_KEYS))
        expect = raw.get("expect")
        if not isinstance(expect, dict) or not expect:
            raise InputError("policy_no_expect", where, n=number)
        _check_expect(expect, where, number)
        name = str(raw.get("name") or f"test {number}")
        case = {k: raw[k] for k in ("scenario", "steps", "date") if k in raw}
        tests.append(PolicyTest(path, name, case, expect))
    return tests


def _check_expect(expect: dict[str, Any], where: tuple, number: int) -> None:
    """Keys and value types of an expectation (so a typo is an error, never a crash)."""
    kinds = {"text": ("text", "text"), "int": ("ett heltal", "a whole number"),
             "list": ("en lista", "a list"), "mapping": ("en mappning", "a mapping")}

    def bad(key: str, kind: str) -> InputError:
        sv, en = kinds[kind]
        return InputError("policy_bad_value", where, n=number, key=key, kind_sv=sv, kind_en=en)

    for key, value in expect.items():
        if key not in EXPECT_KEYS:
            raise InputError("policy_unknown_key", where, n=number, key=key, allowed=", ".join(EXPECT_KEYS))
        if key in ("status", "scenario") and not isinstance(value, str):
            raise bad(key, "text")
        if key == "closed_by_step" and value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise bad(key, "int")
        if key in ("interpretations", "warnings") and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise bad(key, "list")
        if key == "steps" and not isinstance(value, list):
            raise bad(key, "list")
    for step in expect.get("steps") or []:
        if not isinstance(step, dict):
            raise bad("steps", "mapping")
        for key, value in step.items():
            if key not in STEP_EXPECT_KEYS:
                raise InputError("policy_unknown_key", where, n=number, key=key, allowed=", ".join(STEP_EXPECT_KEYS))
            if key == "gaps" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise bad(key, "list")
            if key == "registrations" and value is not None and not (
                    isinstance(value, list) and all(isinstance(r, dict) for r in value)):
                raise bad(key, "list")
            if key in ("step",) and (isinstance(value, bool) or not isinstance(value, int)):
                raise bad(key, "int")


def mismatches(answer: dict[str, Any], expect: dict[str, Any], lang: str = "en") -> list[str]:
    """Readable differences between an answer (the JSON contract) and an expectation."""
    sv = lang == "sv"
    want_word, got_word = ("förväntat", "fick") if sv else ("expected", "got")
    step_word = "steg" if sv else "step"
    problems = []
    for key in ("status", "scenario", "closed_by_step"):
        if key in expect and answer[key] != expect[key]:
            problems.append(f"{key}: {want_word} {expect[key]!r}, {got_word} {answer[key]!r}")
    if "interpretations" in expect:
        got = sorted(i["id"] for i in answer["interpretations"])
        if got != sorted(expect["interpretations"]):
            problems.append(f"interpretations: {want_word} {sorted(expect['interpretations'])}, {got_word} {got}")
    if "warnings" in expect:
        got = [w["code"] for w in answer["warnings"]]
        if got != list(expect["warnings"]):
            problems.append(f"warnings: {want_word} {list(expect['warnings'])}, {got_word} {got}")
    if "steps" in expect:
        if len(answer["steps"]) != len(expect["steps"]):
            return problems + [f"{want_word} {len(expect['steps'])} {step_word}, {got_word} {len(answer['steps'])}"]
        for got, want in zip(answer["steps"], expect["steps"]):
            where = f"{step_word} {got['step']}"
            for key in ("step", "role"):
                if key in want and got[key] != want[key]:
                    problems.append(f"{where} {key}: {want_word} {want[key]!r}, {got_word} {got[key]!r}")
            if "no_pmo" in want and bool(want["no_pmo"]) != (got["no_pmo"] is not None):
                problems.append(f"{where} no_pmo: {want_word} {bool(want['no_pmo'])}, "
                                f"{got_word} {got['no_pmo'] is not None}")
            if "gaps" in want:
                gaps = sorted(g["rule"] for g in got["gaps"])
                if gaps != sorted(want["gaps"]):
                    problems.append(f"{where} gaps: {want_word} {sorted(want['gaps'])}, {got_word} {gaps}")
            if "registrations" in want:
                got_regs = None if got["registrations"] is None else [
                    {k: r[k] for k in REGISTRATION_KEYS} for r in got["registrations"]]
                if got_regs != want["registrations"]:
                    problems.append(f"{where} registrations:\n  - {want_word}: {_regs(want['registrations'])}\n"
                                    f"  + {got_word}: {_regs(got_regs)}")
    return problems


def _regs(regs: Optional[list[dict[str, Any]]]) -> str:
    if regs is None:
        return "undecided (gap)"
    if not regs:
        return "[] (nothing in PMO)"
    return "; ".join(", ".join(f"{k}={r.get(k)!r}" for k in REGISTRATION_KEYS) for r in regs)


def run(rulebook: Any, tests: Iterable[PolicyTest], lang: str = "en") -> list[Outcome]:
    """Run tests against a rulebook; bad input in a test is reported as its failure."""
    outcomes = []
    for test in tests:
        try:
            answer = rulebook.advise(dict(test.case), lang="sv").to_dict()
        except InputError as exc:
            outcomes.append(Outcome(test, (exc.message(lang),)))
            continue
        outcomes.append(Outcome(test, tuple(mismatches(answer, test.expect, lang))))
    return outcomes
