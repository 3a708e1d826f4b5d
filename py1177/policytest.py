"""Policy tests in YAML (OpenFisca style), run by ``py1177 test`` and by pytest.

A file holds ``tests:``, a list of tests; each has ``name``, a case (``scenario`` or
``steps``, optional ``date``), optionally the ``readings`` it assumes (``{q_id: reading}``)
and ``expect``: any of ``status``, ``scenario``, ``closed_by_step``, ``interpretations``
(ids), ``warnings`` (codes) and ``steps`` — per step any of ``step``, ``role``,
``registrations`` (each with any of ``replaces_visit``, ``contact_type``, ``attribute``,
``journal``, ``diagnosis``, ``kva``), ``no_pmo: true`` and ``gaps`` (gap rule ids). A
``definitions:`` mapping may hold YAML anchors.

Expectations are partial at every level: a key left out of a mapping is not compared. A
list is compared whole (its length, and each entry partially, in order), so
``registrations: []`` means exactly "nothing in PMO"; ``interpretations`` and ``gaps`` are
compared as sets. A failure names the path in the test's own terms and both values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional

from .errors import InputError

if TYPE_CHECKING:
    from .rulebook import Rulebook

REGISTRATION_KEYS = ("replaces_visit", "contact_type", "attribute", "journal", "diagnosis", "kva")
TEST_KEYS = ("name", "scenario", "steps", "date", "readings", "expect")
EXPECT_KEYS = ("status", "scenario", "closed_by_step", "interpretations", "warnings", "steps")
STEP_EXPECT_KEYS = ("step", "role", "registrations", "no_pmo", "gaps", "rules", "sources")
"""``rules``: the rule ids that decide the step (a set); ``sources``: every ``{section, quote}`` the
step's registrations, gaps and no-PMO note cite (a set) — what the step rests on in the text."""


@dataclass(frozen=True)
class PolicyTest:
    """One test from a policy file."""

    path: Path
    name: str
    case: dict[str, Any]
    expect: dict[str, Any]
    number: int = 0
    readings: tuple[tuple[str, str], ...] = ()


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
        tests.append(PolicyTest(path, name, case, expect, number, _readings(raw.get("readings", {}), where, number)))
    return tests


def _readings(value: Any, where: tuple[object, ...], number: int) -> tuple[tuple[str, str], ...]:
    """The readings a test declares: a mapping of question id to reading (both text)."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise InputError("policy_bad_value", where, n=number, key="readings",
                         kind_sv="en mappning fråga: tolkning", kind_en="a mapping question: reading")
    return tuple(value.items())


def _check_expect(expect: dict[str, Any], where: tuple[object, ...], number: int) -> None:
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
            if key in ("gaps", "rules") and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise bad(key, "list")
            if key == "sources" and not (isinstance(value, list) and all(
                    isinstance(v, dict) and set(v) == {"section", "quote"}
                    and all(isinstance(t, str) for t in v.values()) for v in value)):
                raise InputError("policy_bad_value", where, n=number, key=key,
                                 kind_sv="en lista av {section, quote}", kind_en="a list of {section, quote}")
            if key == "registrations" and value is not None and not (
                    isinstance(value, list) and all(isinstance(r, dict) for r in value)):
                raise bad(key, "list")
            if key in ("step",) and (isinstance(value, bool) or not isinstance(value, int)):
                raise bad(key, "int")
            for registration in value if key == "registrations" and value else ():
                for name in registration:  # a typo would otherwise be compared, and fail, as a missing key
                    if name not in REGISTRATION_KEYS:
                        raise InputError("policy_unknown_key", where, n=number, key=name,
                                         allowed=", ".join(REGISTRATION_KEYS))


class _Words:
    """The words of a failure message in one language."""

    def __init__(self, lang: str) -> None:
        from .i18n import POLICY

        self.lang = lang
        self.table = POLICY

    def __call__(self, name: str, **params: Any) -> str:
        from .i18n import pick

        return pick(self.table, name, self.lang, **params)


def observed(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer (the JSON contract) in the test's own terms: the keys a test may expect."""
    return {
        "status": answer["status"],
        "scenario": answer["scenario"],
        "closed_by_step": answer["closed_by_step"],
        "interpretations": sorted(i["id"] for i in answer["interpretations"]),
        "warnings": [w["code"] for w in answer["warnings"]],
        "steps": [{"step": s["step"], "role": s["role"],
                   "registrations": None if s["registrations"] is None else [
                       {k: r.get(k) for k in REGISTRATION_KEYS} for r in s["registrations"]],
                   "no_pmo": s["no_pmo"] is not None,
                   "gaps": sorted(g["rule"] for g in s["gaps"]),
                   "rules": sorted(s["rules"]),
                   "sources": _step_sources(s)}
                  for s in answer["steps"]],
    }


def _step_sources(step: dict[str, Any]) -> list[dict[str, str]]:
    """Every ``{section, quote}`` a step's registrations, gaps and no-PMO note cite, once each."""
    cited = [c for r in step["registrations"] or () for c in r.get("sources", ())]
    cited += [c for g in step["gaps"] for c in g.get("sources", ())]
    if isinstance(step.get("no_pmo"), dict) and "quote" in step["no_pmo"]:
        cited.append(step["no_pmo"])
    return [{"section": section, "quote": quote}
            for section, quote in sorted({(c["section"], c["quote"]) for c in cited})]


SET_KEYS = ("interpretations", "gaps", "rules", "sources")
"""Keys compared as sets (their order means nothing)."""


def mismatches(answer: dict[str, Any], expect: dict[str, Any], lang: str = "en") -> list[str]:
    """Readable differences between an answer (the JSON contract) and a partial expectation:
    one line per difference, ``path: expected …, got …`` with the path in the test's terms."""
    words = _Words(lang)
    problems: list[str] = []
    _compare(expect, observed(answer), [], problems, words)
    return problems


def _segment(path: list[Any], words: _Words) -> str:
    """A path in the test's own terms: ``steg 2 › registrering 1 › contact_type``."""
    out = []
    for key, index in path:
        if key == "steps" and index is not None:
            out.append(words("step", n=index))
        elif key == "registrations" and index is not None:
            out.append(words("registration", n=index))
        elif index is not None:
            out.append(f"{key} {index}")
        else:
            out.append(str(key))
    return " › ".join(out)


def _compare(want: Any, got: Any, path: list[Any], problems: list[str], words: _Words) -> None:
    """Compare ``want`` (partial) with ``got``: mappings by the keys given, lists whole."""
    key = path[-1][0] if path else None
    if isinstance(want, dict):
        if not isinstance(got, dict):
            problems.append(_problem(path, want, got, words))
            return
        for k, v in want.items():
            _compare(v, got.get(k), path + [(k, None)], problems, words)
        return
    if key in SET_KEYS and isinstance(want, list):
        def members(items: list[Any]) -> list[str]:
            return sorted(f"§{i['section']}: {i['quote']}" if isinstance(i, dict) else str(i) for i in items)

        if not isinstance(got, list) or members(want) != members(got):
            if key == "sources" and isinstance(got, list):  # name what is missing and what is extra
                missing = sorted(set(members(want)) - set(members(got)))
                extra = sorted(set(members(got)) - set(members(want)))
                problems.append(words("set_mismatch", path=_segment(path, words) or words("answer"),
                                      missing=_show(missing, "", words), extra=_show(extra, "", words)))
            else:
                problems.append(_problem(path, sorted(want, key=str), got, words))
        return
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            problems.append(_problem(path, want, got, words))
            return
        for n, (w, g) in enumerate(zip(want, got), 1):
            number = g.get("step", n) if key == "steps" and isinstance(g, dict) else n
            _compare(w, g, path[:-1] + [(key, number)], problems, words)
        return
    if key == "no_pmo":
        want = bool(want)
    if not _equal(want, got):
        problems.append(_problem(path, want, got, words))


def _equal(want: Any, got: Any) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return want is got if isinstance(want, bool) and isinstance(got, bool) else False
    return bool(want == got)


def _problem(path: list[Any], want: Any, got: Any, words: _Words) -> str:
    key = path[-1][0] if path else ""
    return words("mismatch", path=_segment(path, words) or words("answer"),
                 want=_show(want, key, words), got=_show(got, key, words))


def _show(value: Any, key: str, words: _Words) -> str:
    """A value as the test would write it (YAML-like), registrations in words."""
    if key == "registrations" and isinstance(value, list) or value is None and key == "registrations":
        if value is None:
            return words("undecided")
        if not value:
            return words("nothing_in_pmo")
        items = "; ".join(_show(r, "", words) for r in value)
        return words("registrations", n=len(value), items=items)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v, k, words)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v, "", words) for v in value) + "]"
    return str(value)


def check_readings(rulebook: Rulebook, tests: Iterable[PolicyTest]) -> dict[int, dict[str, str]]:
    """Every reading a test declares names a policy question of the KB and one of its declared
    readings (by id; the text of a declared reading, in either language, is accepted too),
    else :class:`InputError` (exit 2). Returns, per test (by position), its readings as ids."""
    out: dict[int, dict[str, str]] = {}
    questions: Optional[dict[str, dict[str, str]]] = None
    for index, test in enumerate(tests):
        if not test.readings:
            continue
        if questions is None:
            questions = {}
            for lang in ("sv", "en"):
                for q in rulebook.policy_questions(lang):
                    known = questions.setdefault(q.id, {})
                    for r in q.readings:
                        known[r.id] = r.id
                        known[" ".join(r.text.split())] = r.id
        where = ("policy", str(test.path))
        chosen: dict[str, str] = {}
        for question, reading in test.readings:
            if question not in questions:
                raise InputError("policy_unknown_question", where, n=test.number, question=question,
                                 allowed=", ".join(sorted(questions)))
            ids = questions[question]
            rid = ids.get(reading) or ids.get(" ".join(reading.split()))
            if rid is None:
                raise InputError("policy_other_reading", where, n=test.number, question=question,
                                 value=reading, allowed=", ".join(sorted(set(ids.values()))))
            chosen[question] = rid
        out[index] = chosen
    return out


def _answer(rulebook: Rulebook, case: dict[str, Any], readings: dict[str, str]) -> dict[str, Any]:
    """The rulebook's answer for a test's case under the readings it assumes (passed to the
    KB for this call only)."""
    answer: dict[str, Any] = rulebook.advise_dict(case, lang="sv", readings=readings or None)
    return answer


def assumed_readings(rulebook: Rulebook, tests: Iterable[PolicyTest]) -> list[dict[str, Any]]:
    """The tests that assume a reading other than the one ``rulebook`` has in force: per test
    its file, name, and the question with the reading assumed and the one in force."""
    tests = list(tests)
    by_test = check_readings(rulebook, tests)
    in_force = {q.id: next((r.id for r in q.readings if r.in_force), None) for q in rulebook.policy_questions("sv")}
    out = []
    for index, readings in sorted(by_test.items()):
        test = tests[index]
        for question, reading in sorted(readings.items()):
            if in_force.get(question) not in (None, reading):
                out.append({"file": str(test.path), "name": test.name, "question": question,
                            "assumed": reading, "in_force": in_force[question]})
    return out


def run(rulebook: Rulebook, tests: Iterable[PolicyTest], lang: str = "en") -> list[Outcome]:
    """Run tests against a rulebook. A test whose case or readings the rulebook refuses
    (an unknown role, a question it does not have) raises :class:`InputError`, as a malformed
    file does: it is bad input, not a failed test."""
    tests = list(tests)
    readings = check_readings(rulebook, tests)
    outcomes = []
    for index, test in enumerate(tests):
        try:
            answer = _answer(rulebook, dict(test.case), readings.get(index, {}))
        except InputError as exc:
            raise InputError("policy_bad_case", ("policy", str(test.path)), n=test.number, name=test.name,
                             sv=exc.message("sv"), en=exc.message("en")) from None
        outcomes.append(Outcome(test, tuple(mismatches(answer, test.expect, lang))))
    return outcomes
