"""Typed model of cases and answers. Enum values equal the KB's atoms (a test checks it).

The answer classes mirror the JSON contract of ``py1177 advise --json``: field names are
the JSON keys, :meth:`Advice.to_dict` gives the contract back and
:meth:`Advice.from_dict` reads it (a round-trip test checks both).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional, TypeVar, Union


class Role(str, enum.Enum):
    """Who handles a step: sjuksköterska, läkare, annan (legitimerad) hälso- och sjukvårdspersonal."""

    NURSE = "nurse"
    DOCTOR = "doctor"
    OTHER_CLINICIAN = "other_clinician"


class Channel(str, enum.Enum):
    """How a step meets the patient: via 1177 direkt, in person, or by telephone (§4.3)."""

    DIGITAL = "digital"
    PHYSICAL = "physical"
    PHONE = "phone"


class Purpose(str, enum.Enum):
    """The purposes named in the headings of §3.1."""

    SELF_CARE_ADVICE = "self_care_advice"
    TREATMENT = "treatment"
    PRESCRIPTION_RENEWAL = "prescription_renewal"
    REFERRAL = "referral"
    REDIRECT = "redirect"


class Relation(str, enum.Enum):
    """A step's day or unit compared with the previous step."""

    SAME = "same"
    OTHER = "other"


class Lang(str, enum.Enum):
    """Answer language."""

    SV = "sv"
    EN = "en"


class Status(str, enum.Enum):
    """documented: a §3.1 scenario; inferred: decided by the general rules; gap: undecided."""

    DOCUMENTED = "documented"
    INFERRED = "inferred"
    GAP = "gap"


class Alternative(str, enum.Enum):
    """Registration alternative of a step."""

    NOT_REPLACES_VISIT = "not_replaces_visit"
    REPLACES_VISIT = "replaces_visit"
    ORDINARY_VISIT = "ordinary_visit"


@dataclass(frozen=True)
class Step:
    """One step of a case. ``day``/``unit`` compare with the previous step (from step 2 on;
    ``None`` there means ``same``); ``replaces_visit`` picks one alternative."""

    role: Role
    channel: Channel
    purpose: Optional[Purpose] = None
    day: Optional[Relation] = None
    unit: Optional[Relation] = None
    replaces_visit: Optional[bool] = None


@dataclass(frozen=True)
class Case:
    """A case as the chain of steps it travelled through."""

    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Source:
    """A citation: section number and the verbatim Swedish quote."""

    section: str
    quote: str


@dataclass(frozen=True)
class Registration:
    """What to register in PMO for one alternative of a step."""

    alternative: Alternative
    replaces_visit: Optional[bool]
    contact_type: str
    contact_type_id: str
    attribute: Optional[str]
    journal: bool
    diagnosis: bool
    kva: str
    lead: str
    sources: tuple[Source, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    """Why the general rules cannot decide a step."""

    rule: str
    reason: str
    question: Optional[str]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class StepAdvice:
    """The answer for one step. ``registrations`` is empty when nothing is registered in
    PMO (see ``no_pmo``) and ``None`` when the step is undecided (see ``gaps``)."""

    step: int
    role: Role
    channel: Channel
    purpose: Optional[Purpose]
    day: Optional[Relation]
    unit: Optional[Relation]
    replaces_visit: Optional[bool]
    in_1177: bool
    closes_case: bool
    registrant: Optional[str]
    note: Optional[str]
    decided: bool
    gaps: tuple[Gap, ...]
    no_pmo: Optional[Source]
    registrations: Optional[tuple[Registration, ...]]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class GuidelineRef:
    """The guideline version an answer is based on."""

    version: str
    valid_from: str
    valid_to: str
    title: str


@dataclass(frozen=True)
class Warning:
    """A warning attached to an answer (code and message in the answer's language)."""

    code: str
    message: str


@dataclass(frozen=True)
class Interpretation:
    """A policy question whose reading an answer rests on."""

    id: str
    question: str
    reading: str


@dataclass(frozen=True)
class Advice:
    """The answer to "what do I register?" for one case."""

    guideline: GuidelineRef
    date: str
    scenario: Optional[str]
    section: Optional[str]
    title: Optional[str]
    status: Status
    closed_by_step: Optional[int]
    closed_by_role: Optional[Role]
    steps: tuple[StepAdvice, ...]
    warnings: tuple[Warning, ...]
    interpretations: tuple[Interpretation, ...]
    rules_used: tuple[str, ...]
    nearest_scenarios: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``py1177 advise --json``."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Advice":
        """Read an answer from its JSON contract form."""
        return from_jsonable(cls, data)


@dataclass(frozen=True)
class ScenarioStep:
    """A step pattern of a documented scenario (``day``/``unit`` are ``None`` on step 1)."""

    roles: tuple[Role, ...]
    channel: Channel
    purpose: Optional[Purpose]
    day: Optional[tuple[Relation, ...]]
    unit: Optional[tuple[Relation, ...]]


@dataclass(frozen=True)
class Scenario:
    """A documented scenario of §3.1."""

    id: str
    section: str
    title: str
    steps: tuple[ScenarioStep, ...]
    interpretations: tuple[str, ...] = ()
    example: tuple[dict[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{"id", "section", "title", "steps", ...}``."""
        return to_jsonable(self)


@dataclass(frozen=True)
class Section:
    """A numbered section of the anvisning."""

    number: str
    title: str


@dataclass(frozen=True)
class Guideline:
    """The anvisning's metadata, as printed on its title page."""

    title: str
    issuer: str
    department: str
    process: str
    created_by: str
    approved_by: str
    version: str
    approved: str
    valid_from: str
    valid_to: str
    scope: str
    scope_note: str
    sections: tuple[Section, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return to_jsonable(self)


@dataclass(frozen=True)
class Erratum:
    """A typo in the source and the normalised text the KB uses."""

    id: str
    section: str
    kind: str
    found: str
    normalised: str
    note: str


@dataclass(frozen=True)
class PolicyQuestion:
    """An open policy question: where the text is ambiguous or silent, and the reading encoded."""

    id: str
    sections: tuple[str, ...]
    kind: str
    kind_label: str
    question: str
    reading: str
    rules: tuple[str, ...]
    scenarios: tuple[str, ...]


@dataclass(frozen=True)
class WhyNode:
    """A node of a justification tree: a conclusion, the rule or scenario behind it, and the
    section and verbatim quote it rests on; ``because`` holds the nodes that support it."""

    kind: str
    conclusion: str
    rule: str
    section: str
    quote: Optional[str]
    because: tuple["WhyNode", ...] = ()
    alternative: Optional[str] = None
    explanation: Optional[str] = None
    question: Optional[str] = None
    status: Optional[str] = None
    scenario: Optional[str] = None
    date: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form ``{"conclusion", "rule", "section", "quote", "because": [...]}`` (plus
        ``kind`` and, where they apply, ``alternative``, ``explanation``, ``question``)."""
        data: dict[str, Any] = {"kind": self.kind, "conclusion": self.conclusion, "rule": self.rule,
                                "section": self.section, "quote": self.quote,
                                "because": [b.to_dict() for b in self.because]}
        for key in ("alternative", "explanation", "question", "status", "scenario", "date"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    def walk(self) -> "Iterator[WhyNode]":
        """This node and every node below it."""
        yield self
        for child in self.because:
            yield from child.walk()


@dataclass(frozen=True)
class Change:
    """A smallest change that makes an expectation hold, and the case it gives."""

    edits: tuple[dict[str, Any], ...]
    steps: tuple[str, ...]
    status: str
    scenario: Optional[str]
    sentence: str


@dataclass(frozen=True)
class WhyNot:
    """Why an expected registration does (not) hold, and the smallest changes that make it.

    ``impossible`` is true when no chain within the vocabulary (``searched`` says how far)
    makes it hold, and ``None`` when the step asked about lies beyond the chains searched;
    ``witness`` is a chain that does, when only the exhaustive search found one.
    """

    holds: bool
    expect: str
    actual: Optional[str]
    because: Optional[WhyNode]
    changes: tuple[Change, ...]
    searched: Optional[dict[str, Any]]
    impossible: Optional[bool]
    witness: Optional[tuple[str, ...]]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data = to_jsonable(self)
        data["because"] = self.because.to_dict() if self.because is not None else None
        return data


@dataclass(frozen=True)
class FindMatch:
    """A case that satisfies every filter of a reverse question, and why."""

    scenario: Optional[str]
    steps: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ScenarioCount:
    """How many of a scenario's examined chains matched."""

    id: str
    matched: int
    of: int


@dataclass(frozen=True)
class FindResult:
    """The complete answer to a reverse question: every matching case of the examined space.

    ``examined`` counts every case looked at; ``undecided`` those the rules leave as gaps
    (they match no filter); ``matched`` all matches, of which ``matches`` lists the first
    ``limit`` (``truncated`` says whether any were left out)."""

    mode: dict[str, Any]
    examined: int
    undecided: int
    matched: int
    matches: tuple[FindMatch, ...]
    scenarios: tuple[ScenarioCount, ...]
    truncated: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON form ``{"examined", "matches": [{"scenario", "steps", "reason"}], ...}``."""
        return to_jsonable(self)


@dataclass(frozen=True)
class RegistrationSummary:
    """One registration alternative in a batch answer."""

    alternative: Alternative
    contact_type_id: str
    attribute: bool
    diagnosis: bool


@dataclass(frozen=True)
class AdviceSummary:
    """A compact answer from :meth:`Rulebook.advise_many`: per step the registrations, ``()``
    when nothing is registered in PMO, ``None`` when the step is undecided (a gap)."""

    status: Status
    scenario: Optional[str]
    closed_by_step: Optional[int]
    steps: tuple[Optional[tuple[RegistrationSummary, ...]], ...]


@dataclass(frozen=True)
class QueryResult:
    """Solutions of a sandboxed query: each a mapping from variable name to value text."""

    solutions: tuple[dict[str, str], ...]
    count: int
    more: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return to_jsonable(self)


@dataclass(frozen=True)
class PublicPredicate:
    """A predicate a query may call, with its PlDoc signature and first sentence."""

    module: str
    name: str
    arity: int
    signature: str
    summary: str


@dataclass(frozen=True)
class CheckReport:
    """The result of ``py1177 check``: ``ok`` when every check holds; ``data`` is the full
    report (the JSON of ``check --json``)."""

    ok: bool
    seconds: float
    max_steps: int
    choice_steps: int
    examined: int
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON values."""
        return self.data


@dataclass(frozen=True)
class Choice:
    """One allowed answer to an interview question: the KB's value and its label."""

    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """The next question of ``py1177 ask``, chosen by the KB (kb/interview.pl)."""

    id: str
    step: int
    field: str
    text: str
    choices: tuple[Choice, ...]
    default: str


@dataclass(frozen=True)
class InterviewStep:
    """Either the next ``question`` or, when ``done``, the ``case`` the answers describe."""

    done: bool
    question: Optional[Question] = None
    case: Optional[Case] = None


T = TypeVar("T")


def to_jsonable(value: Any) -> Any:
    """Dataclasses, enums and tuples to plain JSON values, keys in field order."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [to_jsonable(v) for v in value]
    return value


def from_jsonable(cls: type[T], data: Any) -> T:
    """Build dataclass ``cls`` from JSON values, following its type hints."""
    return _converter(cls)(data)


@functools.lru_cache(maxsize=None)
def _converter(tp: Any) -> Callable[[Any], Any]:
    """A function turning JSON values into ``tp``; built once per type (type hints are slow)."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = _converter(next(a for a in typing.get_args(tp) if a is not type(None)))
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        item = _converter(typing.get_args(tp)[0])
        return lambda data: tuple(item(d) for d in data)
    if dataclasses.is_dataclass(tp):
        fields: list[tuple[str, Callable[[Any], Any]]] = []

        def build(data: Any) -> Any:
            if not fields:  # resolved on first use, so that recursive types (WhyNode) work
                hints = typing.get_type_hints(tp)
                fields.extend((f.name, _converter(hints[f.name])) for f in dataclasses.fields(tp))
            return tp(**{name: convert(data[name]) for name, convert in fields if name in data})

        return build
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp
    if tp is bool:
        def boolean(data: Any) -> bool:
            if not isinstance(data, bool):
                raise TypeError(f"expected a boolean, got {data!r}")
            return data

        return boolean
    return lambda data: data
