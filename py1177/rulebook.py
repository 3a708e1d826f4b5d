"""The public entry point: :class:`Rulebook`."""

from __future__ import annotations

import copy
import datetime as dt
import gc
import math
import functools
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Concatenate, Optional, ParamSpec, TypeVar, Union, cast

from .bridge import Compound, Prebuilt, Quoted, get_bridge, prebuilt
from .casefile import case_from_steps, check_case_mapping, enum_value, parse_date, step_from_mapping
from .errors import InputError, KBError, QueryRefused
from .model import Alternative, Case, Lang, Role, Status, Step, from_jsonable

if TYPE_CHECKING:
    from .advice import Advice
    from .readings import ReadingsLike
    from .results import (AdviceSummary, CaseError, CheckReport, Citation, Erratum, FindResult, Guideline,
                          InterviewStep, Pmo, PolicyQuestion, PublicPredicate, QueryResult, RegistrationSummary,
                          Scenario, ScenarioBlock, Vocabulary, WhyNode, WhyNot, Wording)

MAX_CHECK_STEPS = 4
"""The longest chains ``check`` enumerates (4 steps: about 150 million chains, hours)."""

EXPECT_KEYS = ("contact_type", "registers", "closes", "attribute", "diagnosis", "status", "scenario")
"""The conditions :meth:`Rulebook.why_not` understands."""

SOURCE_FILE = "source/anvisning-1177-direkt-v1.0.txt"
SOURCE_SHA256 = "b0b813749da1c70163041c7f02f661d1354c9a19a301f3e9f7524a22ccd7356c"
"""The anvisning v1.0 as shipped: a KB whose copy of the source differs is reported by check."""
POLICY_TESTS_DIR = "tests"
POLICY_ALTERNATIVES_DIR = "alternatives"
"""Policy tests of readings not in force (``tests/alternatives/``): run by check under the readings
they declare, never named as tests written for an old reading."""
"""The policy's own YAML tests, inside the KB (a draft made with ``cp -r kb`` carries them)."""

MAX_FIND_STEPS = 3
"""Longest chains ``find --cases`` examines (3 steps: about a million chains, seconds)."""

MAX_QUERY_CHARS = 2000
MAX_QUERY_NESTING = 100
"""Limits on a query's text: longer or deeper goals are refused before Prolog reads them
(SWI-Prolog's reader runs out of C stack on deeply nested terms)."""

WHY_NOT_SECONDS = 10.0
MAX_WHY_NOT_SECONDS = 3600.0
"""Time limit of ``why_not``'s search for changes (default, and the most ``seconds`` may be):
the exhaustive search over every chain of up to 3 steps (21.9 million with replaces_visit
choices) would take many minutes."""

KB_DIR_ENV = "PY1177_KB_DIR"
"""Environment variable naming a KB directory to load instead of the bundled one."""

CaseLike = Union[Case, Mapping[str, Any], Sequence[Union[Step, Mapping[str, Any]]]]


P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


def _call_readings(method: Callable[Concatenate[Rulebook, P], R]) -> Callable[Concatenate[Rulebook, P], R]:
    """Let ``method`` take ``readings=`` (as :meth:`Rulebook.with_readings` does) for one call.

    The method declares ``readings`` itself (so that its signature shows it); the wrapper
    takes it out and calls the method on the rulebook with those readings, where it is
    ``None``."""

    @functools.wraps(method)
    def wrapper(self: Rulebook, /, *args: P.args, **kwargs: P.kwargs) -> R:
        readings = kwargs.pop("readings", None)
        # ``readings`` is the method's own (declared) parameter: its type is ReadingsLike
        target = self if readings is None else self.with_readings(cast("ReadingsLike", readings))
        return method(target, *args, **kwargs)

    return wrapper


class Rulebook:
    """The 1177 direkt anvisning as a queryable rulebook.

    ``Rulebook()`` loads the bundled knowledge base (or the directory named by
    ``kb_dir`` or the environment variable ``PY1177_KB_DIR``) once per process; later
    instances share it. With ``time_limit`` (seconds) every answer of this instance runs
    under that limit inside Prolog (``call_with_time_limit/2``): one that runs longer raises
    :class:`~py1177.errors.TimeLimitExceeded` (``py1177 serve`` uses it). Loading is strict: any syntax error or warning in the KB
    raises :class:`KBError` listing each ``file:line``. All methods are thread-safe: queries go through one lock.

    >>> rb = Rulebook()
    >>> rb.advise(scenario="3.1.2c").closed_by_step
    2
    """

    def __init__(self, kb_dir: Optional[Union[str, Path]] = None, *, time_limit: Optional[float] = None,
                 readings: ReadingsLike = None) -> None:
        if kb_dir is None and os.environ.get(KB_DIR_ENV):
            kb_dir = os.environ[KB_DIR_ENV]
        self._base: Any = get_bridge(Path(kb_dir) if kb_dir is not None else None)
        self._millis: Optional[int] = None
        if time_limit is not None:
            if (isinstance(time_limit, bool) or not isinstance(time_limit, (int, float))
                    or not math.isfinite(time_limit) or not 0.001 <= time_limit <= 600):
                raise InputError("bad_number", None, what="time_limit", value=time_limit, low=0.001, high=600)
            self._millis = max(1, int(round(time_limit * 1000)))
        from .readings import normalise

        self._readings: tuple[tuple[str, str], ...] = normalise(self._base, readings)
        self._bridge: Any = self._make_bridge()

    def _make_bridge(self) -> Any:
        bridge: Any = self._base
        if self._readings:
            from .readings import ReadingsBridge

            bridge = ReadingsBridge(bridge, self._readings)
        if self._millis is not None:
            bridge = _TimedBridge(bridge, self._millis)
        return bridge

    @property
    def readings(self) -> dict[str, str]:
        """The readings this rulebook answers under that differ from the KB's chosen ones
        (``{}``: the KB's own). Give them as ``Rulebook(readings={"q_phone": "not_1177"})``,
        ``["q_phone=not_1177"]``, or per call: ``rb.advise(..., readings=...)``."""
        return dict(self._readings)

    def with_readings(self, readings: ReadingsLike) -> "Rulebook":
        """This rulebook answering under ``readings`` as well (the given ones win for their
        questions). Unknown questions or readings raise :class:`InputError` naming the
        allowed ones. The readings reach Prolog as an argument of each call, for that call
        only; caches are keyed by them."""
        from .readings import merged, normalise

        extra = normalise(self._base, readings, drop_chosen=False)
        combined = normalise(self._base, dict(merged(self._readings, extra)))
        if combined == self._readings:
            return self
        other = object.__new__(Rulebook)
        other.__dict__.update(self.__dict__)
        other._readings = combined
        other._bridge = other._make_bridge()
        return other

    @property
    def kb_dir(self) -> Path:
        """The directory of the loaded KB."""
        return Path(self._bridge.kb_dir)

    @_call_readings
    def advise(self, case: Optional[CaseLike] = None, *, scenario: Optional[str] = None,
               date: Optional[Union[dt.date, str]] = None, lang: Union[Lang, str] = Lang.SV,
               rules_only: bool = False, readings: "ReadingsLike" = None) -> Advice:
        """What each step of a case registers in PMO, and who closes the case in 1177 direkt.

        Give either ``scenario`` (a documented id such as ``"3.1.2c"``) or ``case``: a
        :class:`Case`, a list of :class:`Step`/step mappings, or a mapping in the case-file
        shape (``{"steps": [...]}``, ``{"scenario": ...}``, optional ``"date"``).
        ``date`` (default today) is checked against the guideline's validity period; the
        answer's warnings say when it lies outside. ``rules_only=True`` answers by the
        general rules alone, ignoring the documented scenarios (to check that the rules
        reproduce them). Raises :class:`InputError` for input outside the vocabulary.
        """
        from .advice import Advice

        return Advice.from_dict(self.advise_dict(case, scenario=scenario, date=date, lang=lang,
                                                 rules_only=rules_only))

    @_call_readings
    def advise_dict(self, case: Optional[CaseLike] = None, *, scenario: Optional[str] = None,
                    date: Optional[Union[dt.date, str]] = None, lang: Union[Lang, str] = Lang.SV,
                    rules_only: bool = False, readings: "ReadingsLike" = None) -> dict[str, Any]:
        """:meth:`advise`'s answer as its JSON contract (what ``py1177 advise --json`` prints),
        without building the typed objects: for callers that pass the answer on as JSON."""
        language = enum_value(Lang, lang, "lang")
        spec, when = self._spec(case, scenario, date)
        if rules_only:
            spec = Compound("rules_only", spec)
        data: dict[str, Any] = self._bridge.json("advise_json", spec,
                                                 Compound("date", when.year, when.month, when.day), language.value)
        _raise_kb_error(data)
        return data

    @_call_readings
    def advise_many(self, cases: Sequence[CaseLike],
                    chunk: int = 5000, *, readings: "ReadingsLike" = None) -> tuple[Union[AdviceSummary, CaseError], ...]:
        """Answer many cases at once, as compact :class:`AdviceSummary` objects.

        Every case is answered on its own: one that is not allowed (a value outside the
        vocabulary, a step the KB refuses, too many steps) gives a :class:`CaseError` in its
        place, naming the case (from 1) and the problem; the others are answered. The KB
        answers ``chunk`` cases per call through the same derivation as ``check``
        (documented chains from the text). Dates and messages are left out: use
        :meth:`advise` for the full answer of one case.
        """
        from .results import CaseError

        limit = _max_steps(self._bridge)
        terms: list[Prebuilt] = []
        out: list[Union[AdviceSummary, CaseError, None]] = []
        cache = _STEP_TEXTS
        for number, case in enumerate(cases, 1):
            try:
                if isinstance(case, Mapping):
                    data = check_case_mapping(case)
                    if "scenario" in data:
                        raise InputError("case_or_scenario")
                    case = data["steps"]
                steps = case.steps if isinstance(case, Case) else case
                if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence) or not steps:
                    raise InputError("steps_empty", ("case",))
                if len(steps) > limit:
                    raise InputError("too_many_steps", None, max=limit, n=len(steps))
                texts = []
                for i, step in enumerate(steps, 1):
                    # a validated step's term text is cached by its (hashable) field values
                    key = (step.role, step.channel, step.purpose, step.day, step.unit, step.replaces_visit) \
                        if isinstance(step, Step) else None
                    text = cache.get(key) if key is not None else None
                    if text is None:
                        checked = step_from_mapping(step, ("step", i))
                        text = prebuilt(_step_term(checked))
                        if key is not None:
                            cache[key] = text
                    texts.append(text)
                terms.append(Prebuilt("[" + ",".join(texts) + "]"))
                out.append(None)  # answered below
            except InputError as exc:
                out.append(CaseError(number, exc.code, exc.message("sv"), exc.message("en")))
        size = _bounded_int(chunk, "chunk", 1, 100_000)
        waiting = [i for i, entry in enumerate(out) if entry is None]
        # The answers are many small objects that live on: the cyclic garbage collector would
        # walk the growing heap again and again while they are built (measured: 24 000 → 29 000
        # cases/s for 100 000 cases). Nothing here makes cycles, so it is paused for the batch.
        paused = gc.isenabled()
        gc.disable()
        try:
            self._answer_chunks(terms, waiting, out, size)
        finally:
            if paused:
                gc.enable()
        return tuple(entry for entry in out if entry is not None)

    def _answer_chunks(self, terms: list[Prebuilt], waiting: list[int],
                       out: list[Union[AdviceSummary, CaseError, None]], size: int) -> None:
        """Fill ``out`` at the ``waiting`` positions with the KB's answers to ``terms``."""
        from .results import AdviceSummary, CaseError, RegistrationSummary

        for start in range(0, len(terms), size):
            chunk_text = Prebuilt("[" + ",".join(terms[start:start + size]) + "]")
            rows = self._bridge.json("advise_many_json", chunk_text, module="batch")
            for offset, row in enumerate(rows):
                index = waiting[start + offset]
                if isinstance(row, dict):
                    error = row["error"]
                    out[index] = CaseError(index + 1, str(error.get("code", "kb")), error["messages"]["sv"],
                                           error["messages"]["en"])
                else:
                    out[index] = _summary(row, AdviceSummary, RegistrationSummary)

    def _spec(self, case: Optional[CaseLike], scenario: Optional[str],
              date: Optional[Union[dt.date, str]]) -> tuple[Compound, dt.date]:
        """Validate a case given as for :meth:`advise`; the KB term and the date."""
        if isinstance(case, Mapping):
            data = check_case_mapping(case)
            if scenario is not None:
                raise InputError("case_or_scenario")
            scenario = data.get("scenario")
            if date is None:
                date = data.get("date")
            case = None if scenario is not None else case_from_steps(
                data["steps"], max_steps=_max_steps(self._bridge))
        if (case is None) == (scenario is None):
            raise InputError("case_or_scenario")
        when = _as_date(date)
        if scenario is not None:
            return Compound("scenario", Quoted(self._scenario_id(scenario))), when
        steps = case.steps if isinstance(case, Case) else case
        validated = case_from_steps(steps, max_steps=_max_steps(self._bridge))
        return Compound("steps", [_step_term(s) for s in validated.steps]), when

    @_call_readings
    def why(self, case: Optional[CaseLike] = None, *, scenario: Optional[str] = None,
            date: Optional[Union[dt.date, str]] = None, step_no: Optional[int] = None,
            lang: Union[Lang, str] = Lang.SV, readings: "ReadingsLike" = None) -> WhyNode:
        """Why the answer is what it is: a justification tree built in Prolog.

        The root explains the case (documented scenario, or the general rules); below it
        one node per step (only ``step_no`` when given): whether and what it registers,
        each obligation of each alternative, and who closes the case — every node with
        its rule or scenario, section and verbatim quote.
        """
        from .results import WhyNode

        language = enum_value(Lang, lang, "lang")
        spec, when = self._spec(case, scenario, date)
        number = 0 if step_no is None else _bounded_int(step_no, "step_no", 1, _max_steps(self._bridge))
        data = self._bridge.json("why_json", spec, Compound("date", when.year, when.month, when.day),
                                 language.value, number, module="why")
        _raise_kb_error(data)
        return from_jsonable(WhyNode, data)

    @_call_readings
    def interview(self, answers: Sequence[tuple[int, str, str]] = (), *,
                  date: Optional[Union[dt.date, str]] = None,
                  lang: Union[Lang, str] = Lang.SV, readings: "ReadingsLike" = None) -> InterviewStep:
        """The next question of the ``py1177 ask`` interview, given the answers so far.

        ``answers`` are ``(step, field, value)`` triples in the order given; the KB
        (py1177/engine/interview.pl) picks the next question in the order of the decision and skips
        every question whose answers would not change what any step registers or who closes.
        When nothing is left to ask the result is ``done`` with the ``case``, to pass to
        :meth:`advise`. Raises :class:`InputError` for an answer outside the choices.
        """
        from .results import Answered, InterviewStep, Question

        language = enum_value(Lang, lang, "lang")
        when = _as_date(date)
        terms = []
        for n, answer in enumerate(answers, 1):
            try:
                step, field, value = answer
            except (TypeError, ValueError):
                raise InputError("bad_answer", None, n=n, value=repr(answer)) from None
            if (not isinstance(step, int) or isinstance(step, bool) or not isinstance(field, str)
                    or not isinstance(value, str) or not _ANSWER_ATOM.fullmatch(field)
                    or not _ANSWER_ATOM.fullmatch(value)):
                raise InputError("bad_answer", None, n=n, value=repr(answer))
            terms.append(Compound("a", _bounded_int(step, "step", 1, _max_steps(self._bridge)), field, value))
        data = self._bridge.json("next_question_json", terms, Compound("date", when.year, when.month, when.day),
                                 language.value, module="interview")
        _raise_kb_error(data)
        summary = tuple(Answered(item["step"], _atom_text(item["field"]), item["text"],
                                 None if item["value"] is None else _atom_text(item["value"]), item["label"],
                                 bool(item["skipped"])) for item in data.get("summary", ()))
        if data["done"]:
            return InterviewStep(True, None, case_from_steps(data["steps"], max_steps=_max_steps(self._bridge)),
                                 summary)
        question = dict(data["question"])
        question["choices"] = [{"value": _atom_text(c["value"]), "label": c["label"]} for c in question["choices"]]
        question["default"] = _atom_text(question["default"])
        return InterviewStep(False, from_jsonable(Question, question), None, summary)

    @_call_readings
    def check_cost(self, max_steps: int = 3, choice_steps: Optional[int] = None, *, readings: "ReadingsLike" = None) -> int:
        """How many chains :meth:`check` examines with these options (counted, not enumerated)."""
        steps = _bounded_int(max_steps, "max_steps", 1, MAX_CHECK_STEPS)
        choices = min(steps, 2) if choice_steps is None else _bounded_int(choice_steps, "choice_steps", 0, steps)
        data = self._bridge.json("check_cost_json", [Compound("max_steps", steps), Compound("choice_steps", choices)],
                                 module="kb_check")
        return int(data["chains"])

    @_call_readings
    def check(self, max_steps: int = 3, choice_steps: Optional[int] = None,
              lang: Union[Lang, str] = Lang.SV, progress: bool = False,
              progress_every: float = 2.0, *, readings: "ReadingsLike" = None) -> CheckReport:
        """Check the loaded KB over every step chain of up to ``max_steps`` steps.

        Reports conflicts, gaps, documented scenarios the general rules do not reproduce,
        invariant violations, static problems (citations, rule sources and texts), the
        coverage of the source text and dead rules; ``report.ok`` when all hold.
        ``replaces_visit`` choices are enumerated on chains of up to ``choice_steps``
        steps (default ``min(max_steps, 2)``). :meth:`check_cost` says how many chains that
        is. With ``progress`` a line on standard error every ``progress_every`` seconds
        says how many chains are done and about how long the rest takes.
        """
        from .i18n import ui
        from .results import CheckData, CheckReport

        language = enum_value(Lang, lang, "lang")
        steps = _bounded_int(max_steps, "max_steps", 1, MAX_CHECK_STEPS)
        choices = min(steps, 2) if choice_steps is None else _bounded_int(choice_steps, "choice_steps", 0, steps)
        if not isinstance(progress, bool):
            raise InputError("not_bool", None, what="progress", value=progress)
        options = [Compound("max_steps", steps), Compound("choice_steps", choices), Compound("lang", language.value)]
        if progress:
            every = _millis(progress_every, 0.1, 3600)
            # the line's words are ours (i18n); only counts are filled in by Prolog (format/3)
            options.append(Compound("progress", Quoted(ui("check_progress", language.value)), every))
        data = self._bridge.json("check_json", options, module="kb_check")
        data["static"].extend(self._model_checks(language.value))
        data["static"].append(self._policy_tests_check(language.value))
        data["ok"] = data["ok"] and all(item["holds"] for item in data["static"])
        return CheckReport(ok=data["ok"], seconds=data["seconds"], max_steps=steps, choice_steps=choices,
                           examined=data["examined"]["total"], data=from_jsonable(CheckData, data), json=data)

    def _model_checks(self, lang: str) -> list[dict[str, Any]]:
        """Checks only Python can make: the KB's vocabulary equals the typed model's enums
        (the CLI validates input with them), and the source text is the anvisning v1.0."""
        import enum
        import hashlib

        from .model import Channel, Purpose, Relation

        sv = lang == "sv"
        problems = []
        inputs = self.vocabulary().inputs
        model: dict[str, type[enum.Enum]] = {"role": Role, "channel": Channel, "purpose": Purpose, "day": Relation,
                                              "unit": Relation, "lang": Lang}
        for key, enum_type in model.items():
            kb_values = [v.value for v in inputs.get(key, ())]
            ours = [m.value for m in enum_type]
            if kb_values != ours:
                problems.append((f"{key}: regelboken har {kb_values}, py1177:s modell {ours}" if sv
                                 else f"{key}: the KB has {kb_values}, py1177's model {ours}"))
        source = self.kb_dir / SOURCE_FILE
        digest = hashlib.sha256(source.read_bytes()).hexdigest() if source.is_file() else "missing"
        source_problems = [] if digest == SOURCE_SHA256 else [
            (f"{source} är inte anvisningen v1.0 som levererades (sha256 {digest[:16]}…)" if sv
             else f"{source} is not the anvisning v1.0 as shipped (sha256 {digest[:16]}…)")]
        return [{"id": "vocabulary_matches_model", "holds": not problems, "problems": problems},
                {"id": "source_text_unchanged", "holds": not source_problems, "problems": source_problems},
                self._policy_test_readings(lang)]

    def _policy_tests_check(self, lang: str) -> dict[str, Any]:
        """The policy's own expectations, shipped with it: every YAML test in the KB's
        ``tests/`` (written from the anvisning's text, not from the KB) passes. A KB without
        them, or with a malformed one, does not pass: each problem names the file and test."""
        from . import policytest

        sv = lang == "sv"
        folder = self.kb_dir / POLICY_TESTS_DIR
        problems: list[str] = []
        passed = 0
        try:
            files = policytest.policy_files([folder]) if folder.is_dir() else []
            if not files:
                problems.append(f"{folder}: inga policytester (*.yaml)" if sv else f"{folder}: no policy tests (*.yaml)")
            for file in files:
                try:
                    outcomes = policytest.run(self, policytest.load_file(file), lang)
                except InputError as exc:
                    problems.append(exc.message(lang))
                    continue
                except KBError as exc:  # the KB gives no answer for one of the file's cases
                    problems.append(f"{file.name}: {exc.message(lang)}")
                    continue
                for outcome in outcomes:
                    if outcome.passed:
                        passed += 1
                        continue
                    for problem in outcome.problems:
                        problems.append(f"{file.name} › {outcome.test.name}: {' '.join(problem.split())}")
        except InputError as exc:
            problems.append(exc.message(lang))
        return {"id": "policy_tests_pass", "holds": not problems, "problems": problems, "passed": passed}

    def _policy_test_readings(self, lang: str) -> dict[str, Any]:
        """The policy tests the KB carries (``tests/*.yaml`` in the KB directory) that assume a
        reading of an open question other than the one in force: after a question is decided
        otherwise, these are the tests written for the old reading. Tests in ``tests/alternatives/``
        hold the readings not in force to their words on purpose, and are not named."""
        from . import policytest

        folder = self.kb_dir / "tests"
        problems = []
        if folder.is_dir() and any(folder.rglob("*.y*ml")):
            files = [f for f in policytest.policy_files([folder])
                     if f.relative_to(folder).parts[0] != POLICY_ALTERNATIVES_DIR]
            tests = [t for f in files for t in policytest.load_file(f)]
            for item in policytest.assumed_readings(self, tests):
                where = f"{item['file']} › {item['name']}"
                problems.append(
                    f"{where}: antar {item['question']}={item['assumed']}, regelboken använder {item['in_force']}"
                    if lang == "sv" else
                    f"{where}: assumes {item['question']}={item['assumed']}, the rulebook uses {item['in_force']}")
        return {"id": "policy_tests_readings", "holds": not problems, "problems": problems}

    @_call_readings
    def why_not(self, case: Optional[CaseLike] = None, *, expect: Mapping[str, Any],
                scenario: Optional[str] = None, date: Optional[Union[dt.date, str]] = None,
                step_no: Optional[int] = None, lang: Union[Lang, str] = Lang.SV,
                seconds: float = WHY_NOT_SECONDS, readings: "ReadingsLike" = None) -> WhyNot:
        """Why does an expected registration not hold, and what smallest change makes it hold?

        ``expect`` maps conditions to values, all of which must hold (at ``step_no``, or at
        any step): ``contact_type`` (label or id), ``registers``, ``closes``, ``attribute``,
        ``diagnosis`` (booleans), ``status`` (documented/inferred/gap), ``scenario`` (id).
        The search for changes stops after ``seconds`` (default :data:`WHY_NOT_SECONDS`):
        then ``complete`` is false, ``searched`` says how far it got, and nothing is claimed
        about the cases not searched (``impossible`` is ``None``).
        """
        from .results import WhyNot

        language = enum_value(Lang, lang, "lang")
        spec, when = self._spec(case, scenario, date)
        conditions = self._expectation(expect)
        number = 0 if step_no is None else _bounded_int(step_no, "step_no", 1, _max_steps(self._bridge))
        millis = _millis(seconds, 0.001, MAX_WHY_NOT_SECONDS)
        data = self._bridge.json("whynot_json", spec, Compound("date", when.year, when.month, when.day),
                                 language.value, conditions, number, millis, module="whynot")
        _raise_kb_error(data)
        return from_jsonable(WhyNot, data)

    def _expectation(self, expect: Mapping[str, Any]) -> list[Compound]:
        from .casefile import bool_value

        if not isinstance(expect, Mapping) or not expect:
            raise InputError("expect_empty", None, allowed=", ".join(EXPECT_KEYS))
        conditions = []
        for key, value in expect.items():
            if key == "contact_type":
                conditions.append(Compound(key, self._contact_type_id(value)))
            elif key in ("registers", "closes", "attribute", "diagnosis"):
                conditions.append(Compound(key, "true" if bool_value(value, key) else "false"))
            elif key == "status":
                conditions.append(Compound(key, enum_value(Status, value, key).value))
            elif key == "scenario":
                conditions.append(Compound(key, Quoted(self._scenario_id(value))))
            else:
                raise InputError("unknown_key", None, key=key, allowed=", ".join(EXPECT_KEYS))
        return conditions

    @_call_readings
    def find(self, *, never_registers: Optional[Union[Role, str]] = None,
             always_registers: Optional[Union[Role, str]] = None, contact_type: Optional[str] = None,
             closer: Optional[Union[Role, str]] = None, closer_not_first: bool = False,
             only_replaces_visit: bool = False, no_pmo_step: bool = False, cases: Optional[int] = None,
             limit: int = 1000, lang: Union[Lang, str] = Lang.SV, chains: bool = False,
             status: Optional[Union[Status, str]] = None, readings: "ReadingsLike" = None) -> FindResult:
        """Reverse questions with complete answers: every case that satisfies all filters.

        Without ``cases`` the documented scenarios are examined, answered per scenario: a
        scenario matches only when every chain of it matches (``vacuous`` when only because
        the role asked about takes no part); ``chains=True`` answers chain by chain. With
        ``cases=N`` every chain of up to N steps is examined, chain by chain; a gap chain in
        which a step matches (``contact_type``, ``no_pmo_step``) is listed with status gap.
        ``status`` keeps chains whose answer has that status. Filters combine with AND:
        ``never_registers`` (that role registers nothing in PMO, or takes no part),
        ``always_registers`` (the role takes part and every step of it registers),
        ``contact_type`` (label or id, registered in some alternative), ``closer`` (the
        role that closes the case), ``closer_not_first`` (closed by someone other than the
        first registrant), ``only_replaces_visit`` (no "ersätter inte besök" alternative),
        ``no_pmo_step`` (some step registers nothing). Gaps match no filter.
        """
        from .results import FindResult

        language = enum_value(Lang, lang, "lang")
        filters: list[Compound] = []
        for name, value in (("never_registers", never_registers), ("always_registers", always_registers),
                            ("closer", closer)):
            if value is not None:
                filters.append(Compound(name, enum_value(Role, value, name).value))
        if contact_type is not None:
            filters.append(Compound("contact_type", self._contact_type_id(contact_type)))
        for name, flag in (("closer_not_first", closer_not_first), ("only_replaces_visit", only_replaces_visit),
                           ("no_pmo_step", no_pmo_step)):
            if not isinstance(flag, bool):
                raise InputError("not_bool", None, what=name, value=flag)
            if flag:
                filters.append(Compound(name))
        if status is not None:
            filters.append(Compound("status", enum_value(Status, status, "status").value))
        if not isinstance(chains, bool):
            raise InputError("not_bool", None, what="chains", value=chains)
        mode: Any = ("chains" if chains else "documented") if cases is None else Compound(
            "cases", _bounded_int(cases, "cases", 1, MAX_FIND_STEPS))
        shown = _bounded_int(limit, "limit", 0, 10_000_000)
        data = self._bridge.json("find_json", filters, mode, shown, language.value, module="find")
        return from_jsonable(FindResult, data)

    def _contact_type_id(self, value: Any) -> str:
        types = self.vocabulary().contact_types
        for t in types:
            if value in (t.id, t.label):
                return t.id
        raise InputError("unknown_value", None, what="contact_type", value=value,
                         allowed=", ".join(t.label for t in types))

    def query(self, goal: str, limit: int = 20, seconds: float = 5, inferences: int = 10_000_000,
              lang: Union[Lang, str] = Lang.SV, memory_mb: Optional[int] = None) -> QueryResult:
        """Run a Prolog goal over the KB's public predicates, sandboxed, in a process of its own.

        The text is passed to Prolog as data (on the standard input of a ``swipl`` child that
        loads this KB strictly), read there as exactly one goal, checked against the white
        list of :meth:`public_predicates` plus plain control, comparison, arithmetic and list
        predicates, then by ``library(sandbox)``'s ``safe_goal/1``, and run under a time limit
        (``seconds``, covering reading, running and formatting) and an inference limit. The
        child's memory (``memory_mb``, default :data:`py1177.sandbox.QUERY_MEMORY_MB`, atoms
        included), CPU and wall-clock time and answer size are bounded too, so a goal that
        would crash Prolog only stops that child. A refused goal raises
        :class:`QueryRefused`; the caller's process is never affected.
        """
        from .results import QueryResult
        from .sandbox import QUERY_MEMORY_MB, run_query

        if not isinstance(goal, str) or not goal.strip():
            raise InputError("query_missing")
        if len(goal) > MAX_QUERY_CHARS or _nesting(goal) > MAX_QUERY_NESTING:
            raise InputError("query_too_big", None, chars=MAX_QUERY_CHARS, depth=MAX_QUERY_NESTING)
        from .bridge import quote_atom

        try:
            quote_atom(goal)  # refuses NUL and lone surrogates before anything is sent
        except ValueError as exc:
            raise QueryRefused("text", str(exc), str(exc)) from None
        shown = _bounded_int(limit, "limit", 1, 10_000)
        if (isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds)
                or not 0.001 <= seconds <= 600):
            raise InputError("bad_number", None, what="seconds", value=seconds, low=0.001, high=600)
        budget = _bounded_int(inferences, "inferences", 1, 10_000_000_000)
        memory = _bounded_int(QUERY_MEMORY_MB if memory_mb is None else memory_mb, "memory_mb", 128, 16_384)
        enum_value(Lang, lang, "lang")
        data = run_query(self.kb_dir, goal, shown, float(seconds), budget, memory)
        if "error" in data:
            raise QueryRefused(data["error"]["code"], data["error"]["messages"]["sv"],
                               data["error"]["messages"]["en"])
        return QueryResult.from_texts(tuple(data["solutions"]), data["count"], data["more"])

    def public_predicates(self) -> tuple[PublicPredicate, ...]:
        """The predicates :meth:`query` may call, with their PlDoc signature and summary."""
        from .results import PublicPredicate

        return _listing(self._bridge, "public_predicates_json", None, PublicPredicate, module="query")

    def scenarios(self) -> tuple[Scenario, ...]:
        """The twelve documented scenarios of §3.1, in document order."""
        from .results import Scenario

        return _listing(self._bridge, "scenarios_json", None, Scenario)

    def scenario_ids(self) -> tuple[str, ...]:
        """The ids of the documented scenarios (3.1.1a … 3.1.4c)."""
        return _scenario_ids(self._bridge)

    def guideline(self) -> Guideline:
        """The anvisning's metadata: title, issuer, version, dates, scope, sections."""
        from .results import Guideline

        return _converted(self._bridge, "guideline_json", None, Guideline)

    def errata(self) -> tuple[Erratum, ...]:
        """The source's own typos and how the KB normalises them."""
        from .results import Erratum

        return _listing(self._bridge, "errata_json", None, Erratum)

    @_call_readings
    def policy_questions(self, lang: Union[Lang, str] = Lang.SV, *, readings: "ReadingsLike" = None
                         ) -> tuple[PolicyQuestion, ...]:
        """Where the anvisning is ambiguous or silent, and the reading the KB encodes."""
        from .results import PolicyQuestion

        language = enum_value(Lang, lang, "lang")
        return _listing(self._bridge, "questions_json", language.value, PolicyQuestion)

    def citations(self) -> tuple[Citation, ...]:
        """Every quote the KB cites: its section, the quote and where the KB cites it."""
        from .results import Citation

        return _listing(self._bridge, "citations_json", None, Citation)

    def scenario_blocks(self) -> tuple[ScenarioBlock, ...]:
        """Per scenario, the lines of §3.1 text the KB holds (title, headings, bullets)."""
        from .results import ScenarioBlock

        return _listing(self._bridge, "scenario_blocks_json", None, ScenarioBlock)

    def wording(self) -> Wording:
        """The words the §3.1 bullets are made of (see :class:`~py1177.results.Wording`);
        ``py1177 render`` regenerates the bullets from these."""
        from .results import Wording

        return _converted(self._bridge, "wording_json", None, Wording)

    def vocabulary(self) -> Vocabulary:
        """Allowed input values per key with Swedish/English labels, and the contact types."""
        from .results import Vocabulary

        return _converted(self._bridge, "vocabulary_json", None, Vocabulary)

    def pmo(self) -> Pmo:
        """§4: Tidbokstyp and Anteckningsmall 1177 direkt, and the attribute's contact types."""
        from .results import Pmo

        return _converted(self._bridge, "pmo_json", None, Pmo)

    def _scenario_id(self, scenario: Any) -> str:
        ids = self.scenario_ids()
        if not isinstance(scenario, str) or scenario not in ids:
            raise InputError("unknown_scenario", None, value=scenario, allowed=", ".join(ids))
        return scenario


class _TimedBridge:
    """The process's bridge, with every answer asked for under a time limit, enforced in
    Prolog by py1177/engine/limits.pl (``within_json/4``)."""

    def __init__(self, bridge: Any, millis: int) -> None:
        self._inner = bridge
        self._millis = millis

    @property
    def kb_dir(self) -> Path:
        return Path(self._inner.kb_dir)

    def json(self, name: str, *args: Any, module: str = "api") -> Any:
        self._inner.require("check" if module == "kb_check" else module) if module != "api" else None
        data = self._inner.json("within_json", self._millis, module, Compound(name, *args), module="limits")
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict) and error.get("code") == "time_limit" and error.get("millis") == self._millis:
            from .errors import TimeLimitExceeded

            raise TimeLimitExceeded(self._millis / 1000)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _nesting(text: str) -> int:
    """The deepest nesting of brackets in ``text`` (quotes not considered: an upper bound)."""
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    return deepest


_STEP_TEXTS: dict[tuple[Any, ...], Prebuilt] = {}
_ALTERNATIVES = {a.value: a for a in Alternative}
_STATUSES = {s.value: s for s in Status}


def _summary(row: list[Any], summary: type[AdviceSummary],
             registration: type[RegistrationSummary]) -> AdviceSummary:
    status, scenario, closer, steps = row
    return summary(
        status=_STATUSES[status], scenario=scenario, closed_by_step=closer,
        steps=tuple(None if regs == "gap" else tuple(
            registration(_ALTERNATIVES[a], t, attr, diag) for a, t, attr, diag in regs) for regs in steps))


_ANSWER_ATOM = re.compile(r"[a-z][a-z0-9_]{0,40}")


def _atom_text(value: Any) -> str:
    """A KB atom that came back through JSON (true/false arrive as booleans)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _raise_kb_error(data: Any) -> None:
    if isinstance(data, dict) and "error" in data:
        messages = data["error"]["messages"]
        raise InputError("kb", None, sv=messages["sv"], en=messages["en"])


@functools.lru_cache(maxsize=None)
def _kb_json(bridge: Any, name: str, arg: Optional[str], module: str = "api") -> Any:
    """A listing's JSON from the KB, asked once per process (callers must not change it)."""
    return bridge.json(name, arg, module=module) if arg is not None else bridge.json(name, module=module)


@functools.lru_cache(maxsize=None)
def _converted_any(bridge: Any, name: str, arg: Optional[str], cls: type, module: str) -> Any:
    data = _kb_json(bridge, name, arg, module)
    if isinstance(data, list):
        return tuple(from_jsonable(cls, item) for item in data)
    return from_jsonable(cls, data)


def _converted(bridge: Any, name: str, arg: Optional[str], cls: type[T], module: str = "api") -> T:
    """A listing from the KB as one (immutable) ``cls``, built once per process."""
    key: Any = cls  # a class is hashable (the cache's key); mypy cannot tell for type[T]
    value: T = _converted_any(bridge, name, arg, key, module)
    return value


def _listing(bridge: Any, name: str, arg: Optional[str], cls: type[T], module: str = "api") -> tuple[T, ...]:
    """A listing from the KB as a tuple of (immutable) ``cls``, built once per process."""
    key: Any = cls
    value: tuple[T, ...] = _converted_any(bridge, name, arg, key, module)
    return value


@functools.lru_cache(maxsize=None)
def _max_steps(bridge: Any) -> int:
    return int(_kb_json(bridge, "vocabulary_json", None)["max_steps"])


@functools.lru_cache(maxsize=None)
def _scenario_ids(bridge: Any) -> tuple[str, ...]:
    return tuple(str(s["id"]) for s in _kb_json(bridge, "scenarios_json", None))


def _millis(seconds: Any, low: float, high: float) -> int:
    """A time limit in seconds, checked, as whole milliseconds (at least 1)."""
    if (isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds)
            or not low <= seconds <= high):
        raise InputError("bad_number", None, what="seconds", value=seconds, low=low, high=high)
    return max(1, int(round(seconds * 1000)))


def _bounded_int(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError("bad_int", None, what=what, value=value, low=low, high=high)
    return value


def _as_date(value: Optional[Union[dt.date, str]]) -> dt.date:
    return dt.date.today() if value is None else parse_date(value)


def _step_term(step: Step) -> Compound:
    def atom(value: Any) -> str:
        if value is None:
            return "none"
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value.value)

    if not isinstance(step, Step):
        raise KBError("internal: unvalidated step")
    return Compound("step", atom(step.role), atom(step.channel), atom(step.purpose),
                    atom(step.day), atom(step.unit), atom(step.replaces_visit))
