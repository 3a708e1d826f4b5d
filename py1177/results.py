"""Answer types of the rulebook's questions other than "what do I register?" — why trees,
why-not answers, reverse-question results, check reports, listings (scenarios, guideline,
errata, policy questions), query results and the ``ask`` interview.

Kept apart from :mod:`py1177.model` (the case and advice types) so that answering one case
does not pay for creating these classes; ``py1177.model`` re-exports them on first use.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Iterator, Optional, Union

from .model import (OMIT_NONE, Alternative, Case, Channel, Purpose, Relation, Role, Status, Step, kb_jsonable,
                    to_jsonable)


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
    example: tuple[Step, ...] = ()
    """An example chain of the scenario (``Case(scenario.example)`` answers as the scenario)."""
    closer_interpretations: tuple[str, ...] = ()
    """The policy questions who closes the case rests on (also in ``interpretations``)."""
    closed_by_step: Optional[int] = None
    closed_by_roles: tuple[Role, ...] = ()
    """Who closes the case: the set of roles the text names for that step."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{"id", "section", "title", "steps", ...}`` (an example step with the
        fields it gives, in the KB's order)."""
        data: dict[str, Any] = to_jsonable(self)
        data["example"] = [{key: value for key, value in sorted(step.items()) if value is not None}
                           for step in data["example"]]
        return data


@dataclass(frozen=True)
class Section:
    """A numbered section of the anvisning."""

    number: str
    title: str


@dataclass(frozen=True)
class GuidelineFact:
    """A fact of the title page, §1, §2 or §5, with its section and verbatim quote."""

    key: str
    section: str
    quote: str


@dataclass(frozen=True)
class Link:
    """A link the anvisning lists (§5): its title, and its target (``None``: none given)."""

    section: str
    title: str
    target: Optional[str]


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
    document_type: str = ""
    organisation: tuple[str, ...] = ()
    case_number: Optional[str] = None
    """``None``: the title page shows only the placeholder "Ange ärendenummer" (erratum e8)."""
    procured_by: str = ""
    decided: str = ""
    steering_group_chair: str = ""
    facts: tuple[GuidelineFact, ...] = ()
    links: tuple[Link, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data: dict[str, Any] = to_jsonable(self)
        return data


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
class Reading:
    """One reading of an open policy question: its ``id`` (for ``--reading Q=ID``), its text,
    whether the KB chose it, and whether it is in force for this answer."""

    id: str
    text: str
    chosen: bool
    in_force: bool


@dataclass(frozen=True)
class PolicyQuestion:
    """An open policy question: where the text is ambiguous or silent, the reading in force
    (``reading``, its text) and every reading the text allows (``readings``)."""

    id: str
    sections: tuple[str, ...]
    kind: str
    kind_label: str
    question: str
    reading: str
    rules: tuple[str, ...]
    scenarios: tuple[str, ...]
    readings: tuple[Reading, ...] = ()


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
    errata: tuple[str, ...] = ()
    """The errata by which ``quote`` normalises the source's words (e.g. ``e4``)."""
    source_quote: Optional[str] = None
    """With ``errata``: the quote as the source prints it."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form ``{"conclusion", "rule", "section", "quote", "because": [...]}`` (plus
        ``kind`` and, where they apply, ``alternative``, ``explanation``, ``question``,
        ``errata`` and ``source_quote``)."""
        data: dict[str, Any] = {"kind": self.kind, "conclusion": self.conclusion, "rule": self.rule,
                                "section": self.section, "quote": self.quote,
                                "because": [b.to_dict() for b in self.because]}
        for key in ("alternative", "explanation", "question", "status", "scenario", "date", "source_quote"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.errata:
            data["errata"] = list(self.errata)
        return data

    def walk(self) -> "Iterator[WhyNode]":
        """This node and every node below it."""
        yield self
        for child in self.because:
            yield from child.walk()


@dataclass(frozen=True)
class Edit:
    """One edit of a :class:`Change`: at step ``step`` (from 1), ``field`` (a step field such
    as ``day``, or ``remove``/``insert`` for a whole step) changes from ``from_`` to ``to``
    (``None`` where it does not apply; an inserted step is given as its ``--step`` spec)."""

    step: int
    field: str
    from_: Union[str, bool, None] = dc_field(metadata={"json": "from"})
    to: Union[str, bool, None]

    def to_dict(self) -> dict[str, Any]:
        """JSON form ``{"field", "from", "step", "to"}``."""
        data: dict[str, Any] = kb_jsonable(self)
        return data


@dataclass(frozen=True)
class Searched:
    """How far :meth:`Rulebook.why_not`'s search for changes went: ``distance`` 1 or 2 (changes
    in that many places; ``candidates`` tried) or ``"exhaustive"`` (``examined`` of ``total``
    chains of up to ``max_steps`` steps); ``complete`` is false when the time limit
    (``seconds``) cut it short."""

    distance: Union[int, str]
    complete: bool
    seconds: float
    candidates: Optional[int] = dc_field(default=None, metadata=OMIT_NONE)
    examined: Optional[int] = dc_field(default=None, metadata=OMIT_NONE)
    total: Optional[int] = dc_field(default=None, metadata=OMIT_NONE)
    max_steps: Optional[int] = dc_field(default=None, metadata=OMIT_NONE)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the keys that apply, in the KB's order)."""
        data: dict[str, Any] = kb_jsonable(self)
        return data


@dataclass(frozen=True)
class Change:
    """A smallest change that makes an expectation hold, and the case it gives."""

    edits: tuple[Edit, ...]
    steps: tuple[str, ...]
    status: str
    scenario: Optional[str]
    sentence: str


@dataclass(frozen=True)
class WhyNot:
    """Why an expected registration does (not) hold, and the smallest changes that make it.

    ``impossible`` is true when no chain within the vocabulary (``searched`` says how far)
    makes it hold, and ``None`` when the step asked about lies beyond the chains searched or
    the search was cut short; ``witness`` is a chain that does, when only the exhaustive
    search found one. ``complete`` is false when the search ran out of time (``searched``
    then holds ``examined`` of ``total`` chains and the ``seconds`` allowed).
    """

    holds: bool
    expect: str
    actual: Optional[str]
    because: Optional[WhyNode]
    changes: tuple[Change, ...]
    searched: Optional[Searched]
    impossible: Optional[bool]
    witness: Optional[tuple[str, ...]]
    complete: bool = True

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data: dict[str, Any] = to_jsonable(self)
        data["because"] = self.because.to_dict() if self.because is not None else None
        data["changes"] = [dict(change, edits=[e.to_dict() for e in edits])
                           for change, edits in zip(data["changes"], (c.edits for c in self.changes))]
        data["searched"] = self.searched.to_dict() if self.searched is not None else None
        return data


@dataclass(frozen=True)
class FindMatch:
    """A case that satisfies every filter of a reverse question, and why."""

    scenario: Optional[str]
    steps: tuple[str, ...]
    reason: str
    status: Optional[Status] = None
    """The answer's status; a ``gap`` match is a chain in which a step matches."""
    vacuous: bool = False
    """True when the match holds only because the role asked about takes no part."""
    chains: int = 1
    """Chains behind the match: at scenario level, all of the scenario's chains."""


@dataclass(frozen=True)
class ScenarioCount:
    """How many of a scenario's examined chains matched."""

    id: str
    matched: int
    of: int


@dataclass(frozen=True)
class FindMode:
    """The space a reverse question examined: ``kind`` ``documented`` (the documented
    scenarios) or ``cases`` (every chain of up to ``max_steps`` steps, ``replaces_visit``
    choices on chains of up to ``choice_steps`` steps)."""

    kind: str
    max_steps: Optional[int] = dc_field(default=None, metadata=OMIT_NONE)
    choice_steps: Optional[int] = dc_field(default=None, metadata=OMIT_NONE)


@dataclass(frozen=True)
class FindResult:
    """The complete answer to a reverse question: every matching case of the examined space.

    ``examined`` counts every case looked at; ``undecided`` those the rules leave as gaps
    (they match no filter); ``matched`` all matches, of which ``matches`` lists the first
    ``limit`` (``truncated`` says whether any were left out)."""

    mode: FindMode
    examined: int
    undecided: int
    matched: int
    matches: tuple[FindMatch, ...]
    scenarios: tuple[ScenarioCount, ...]
    truncated: bool
    level: str = "chain"
    """``scenario``: a match is a documented scenario all of whose chains match; ``chain``: a
    match is one chain."""
    scenarios_examined: int = 0
    gap_matched: int = 0
    """Of ``matched``, the gap chains listed because a step of them matches."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form ``{"examined", "matches": [{"scenario", "steps", "reason"}], ...}``."""
        data: dict[str, Any] = to_jsonable(self)
        data["mode"] = kb_jsonable(self.mode)
        return data


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
class CaseError:
    """A case of :meth:`Rulebook.advise_many` that could not be answered: its position in the
    batch (from 1), the problem's ``code`` and the one-line message in Swedish and English."""

    case: int
    code: str
    sv: str
    en: str

    def message(self, lang: str = "sv") -> str:
        """The message in ``lang`` ("sv" or "en")."""
        return self.en if lang == "en" else self.sv


Term = Union[int, float, str]
"""A query binding's value: a number as a Python ``int``/``float``, any other term as the
text Prolog writes for it (``writeq``: ``foo(a)``, ``'b c'``, ``"a string"``, ``[1,2]``)."""

_INTEGER = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+(?:e[+-]?[0-9]+)?")
_SPECIAL_FLOATS = {"1.0Inf": math.inf, "-1.0Inf": -math.inf, "1.5NaN": math.nan, "-1.5NaN": math.nan}


def term_value(text: str) -> Term:
    """The value of a binding from the text Prolog wrote for it: an integer or float as a
    number, anything else as its text. The text is unambiguous: ``writeq`` quotes an atom that
    looks like a number (``'1'``) and writes a string in double quotes."""
    if _INTEGER.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return _SPECIAL_FLOATS.get(text, text)


@dataclass(frozen=True)
class QueryResult:
    """Solutions of a sandboxed query: each a mapping from variable name to its value
    (:data:`Term`: numbers as numbers, other terms as text); ``texts`` holds the same
    bindings as the text Prolog wrote (what ``py1177 query`` prints)."""

    solutions: tuple[Mapping[str, Term], ...]
    count: int
    more: bool
    texts: tuple[Mapping[str, str], ...] = dc_field(repr=False)

    @classmethod
    def from_texts(cls, texts: tuple[Mapping[str, str], ...], count: int, more: bool) -> "QueryResult":
        """A result from the bindings as Prolog wrote them."""
        return cls(tuple({name: term_value(text) for name, text in solution.items()} for solution in texts),
                   count, more, texts)

    def to_dict(self) -> dict[str, Any]:
        """JSON form ``{"solutions": [{var: text}], "count", "more"}`` (values as Prolog wrote them)."""
        return {"solutions": [dict(s) for s in self.texts], "count": self.count, "more": self.more}


@dataclass(frozen=True)
class PublicPredicate:
    """A predicate a query may call, with its PlDoc signature and first sentence."""

    module: str
    name: str
    arity: int
    signature: str
    summary: str


@dataclass(frozen=True)
class Examined:
    """How many chains ``check`` examined, in all and per chain length."""

    total: int
    by_length: Mapping[int, int]


@dataclass(frozen=True)
class StatusCounts:
    """How many examined chains got each status."""

    documented: int
    inferred: int
    gap: int


@dataclass(frozen=True)
class ConflictExample:
    """A chain (as ``--step`` specs) whose step ``step`` gets conflicting ``outcomes``."""

    chain: tuple[str, ...]
    step: int
    outcomes: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """A kind of conflict between rules, how many chains show it, and one example."""

    kind: str
    count: int
    example: ConflictExample


@dataclass(frozen=True)
class GapCount:
    """How many chains the gap rule ``rule`` leaves undecided, and one example chain."""

    rule: str
    count: int
    example: tuple[str, ...]


@dataclass(frozen=True)
class Violation:
    """A chain that violates an invariant (at ``step``, when the invariant is about one)."""

    chain: tuple[str, ...]
    step: Optional[int]


@dataclass(frozen=True)
class Invariant:
    """An invariant of every answer, whether it holds, and a violating chain if not."""

    id: str
    description: str
    holds: bool
    violations: int
    example: Optional[Violation]


@dataclass(frozen=True)
class Mismatch:
    """A chain of a documented scenario whose answer by the general rules differs."""

    scenario: str
    chain: tuple[str, ...]
    differences: tuple[str, ...]


@dataclass(frozen=True)
class Overlap:
    """A chain that more than one documented scenario describes."""

    chain: tuple[str, ...]
    scenarios: tuple[str, ...]


@dataclass(frozen=True)
class Reproduction:
    """Whether the general rules reproduce the documented scenarios."""

    scenarios: int
    instances: int
    mismatches: tuple[Mismatch, ...]
    overlaps: tuple[Overlap, ...]
    without_instances: tuple[str, ...]


@dataclass(frozen=True)
class StaticCheck:
    """A check of the KB's text and structure: ``problems`` (one line each) when it fails;
    ``passed`` counts the policy tests that passed (``policy_tests_pass`` only)."""

    id: str
    holds: bool
    problems: tuple[str, ...]
    passed: Optional[int] = None


@dataclass(frozen=True)
class DeadRule:
    """A general rule (or one clause of it, with ``file`` and ``line``) no chain uses."""

    rule: str
    kind: str
    file: Optional[str]
    line: Optional[int]


@dataclass(frozen=True)
class CoverageRow:
    """A line of the source text, and the rules/scenarios that encode and cite it."""

    section: str
    line: int
    text: str
    encoded_by: tuple[str, ...]
    cited_by: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """The coverage matrix of the source text: ``untraced_source`` and ``unsourced_kb``
    describe, one line each, the source lines no rule encodes and the KB lines not in the source."""

    rows: tuple[CoverageRow, ...]
    untraced_source: tuple[str, ...]
    unsourced_kb: tuple[str, ...]


@dataclass(frozen=True)
class CheckData:
    """The full report of ``check`` (the JSON of ``check --json``), typed."""

    ok: bool
    seconds: float
    max_steps: int
    choice_steps: int
    examined: Examined
    status: StatusCounts
    conflicts: tuple[Conflict, ...]
    gaps: tuple[GapCount, ...]
    invariants: tuple[Invariant, ...]
    reproduction: Reproduction
    static: tuple[StaticCheck, ...]
    dead_rules: tuple[DeadRule, ...]
    coverage: Coverage


@dataclass(frozen=True)
class CheckReport:
    """The result of ``py1177 check``: ``ok`` when every check holds; ``data`` is the full
    report, typed (:meth:`to_dict` gives the JSON of ``check --json``)."""

    ok: bool
    seconds: float
    max_steps: int
    choice_steps: int
    examined: int
    data: CheckData
    json: Mapping[str, Any] = dc_field(default_factory=dict, repr=False, compare=False)
    """The report as the KB (and the checks made in Python) gave it: :meth:`to_dict`'s source."""

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON values (a copy)."""
        import copy

        return copy.deepcopy(dict(self.json))


@dataclass(frozen=True)
class Choice:
    """One allowed answer to an interview question: the KB's value and its label."""

    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """The next question of ``py1177 ask``, chosen by the KB (py1177/engine/interview.pl)."""

    id: str
    step: int
    field: str
    text: str
    choices: tuple[Choice, ...]
    default: str


@dataclass(frozen=True)
class Answered:
    """One line of the interview's summary: a question and its answer (its label), or a question
    that applied but was not asked because no answer could change the result (``skipped``)."""

    step: int
    field: str
    text: str
    value: Optional[str]
    label: str
    skipped: bool


@dataclass(frozen=True)
class InterviewStep:
    """Either the next ``question`` or, when ``done``, the ``case`` the answers describe;
    ``summary`` lists the answers so far in the interview's order (and, when done, the
    questions skipped as not mattering)."""

    done: bool
    question: Optional[Question] = None
    case: Optional[Case] = None
    summary: tuple[Answered, ...] = ()


@dataclass(frozen=True)
class Citation:
    """A quote the KB cites: its section, the verbatim text and where in the KB it is cited."""

    section: str
    quote: str
    origin: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form ``{"origin", "quote", "section"}``."""
        data: dict[str, Any] = kb_jsonable(self)
        return data


@dataclass(frozen=True)
class PmoItem:
    """An item of PMO that §4 describes (Tidbokstyp, Anteckningsmall, Attribut), with the
    properties the text gives it (e.g. ``{"visible_in_1177_eservices": False}``)."""

    id: str
    name: str
    section: str
    quote: str
    properties: Mapping[str, Union[str, bool]]


@dataclass(frozen=True)
class PmoContactType:
    """A contact type on which §4.3's attribute 1177 direkt is ticked."""

    id: str
    label: str
    quote: str


@dataclass(frozen=True)
class Pmo:
    """§4 Registrering i PMO: its items, the contact types with the attribute, its sections."""

    items: tuple[PmoItem, ...]
    attribute_contact_types: tuple[PmoContactType, ...]
    sections: tuple[Section, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form (what ``py1177 pmo --json`` prints)."""
        data: dict[str, Any] = kb_jsonable(self)
        return data


@dataclass(frozen=True)
class InputValue:
    """An allowed value of an input key and its Swedish and English labels (the KB gives
    ``replaces_visit``'s values and labels as the booleans themselves)."""

    value: Union[str, bool]
    sv: Union[str, bool]
    en: Union[str, bool]

    def label(self, lang: str) -> str:
        """The label in ``lang`` ("sv" or "en") as text."""
        return str(self.en if lang == "en" else self.sv)


@dataclass(frozen=True)
class ContactType:
    """A Vårdkontakt: its id, its label in the anvisning, its channel and alternative."""

    id: str
    label: str
    channel: Channel
    alternative: Alternative


@dataclass(frozen=True)
class Label:
    """An output value's label in Swedish and English."""

    sv: str
    en: str


@dataclass(frozen=True)
class Vocabulary:
    """The closed vocabulary: allowed ``inputs`` per key (role, channel, purpose, day, unit,
    replaces_visit, lang), the ``contact_types``, the ``labels`` of output values (keyed
    ``kind:value``, e.g. ``status:gap``) and the most steps a case may have."""

    inputs: Mapping[str, tuple[InputValue, ...]]
    contact_types: tuple[ContactType, ...]
    labels: Mapping[str, Label]
    max_steps: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data: dict[str, Any] = kb_jsonable(self)
        return data


@dataclass(frozen=True)
class ScenarioLine:
    """A line of a scenario's §3.1 text: ``kind`` title, heading, lead or bullet, the step and
    alternative it belongs to, and whether the source prints it unindented."""

    kind: str
    text: str
    step: Optional[int]
    alternative: Optional[Alternative]
    unindented: bool


@dataclass(frozen=True)
class ScenarioBlock:
    """The lines of §3.1 text the KB holds for one documented scenario."""

    id: str
    section: str
    lines: tuple[ScenarioLine, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data: dict[str, Any] = kb_jsonable(self)
        return data


@dataclass(frozen=True)
class ClosingBullet:
    """A documented alternative whose bullets say who closes the case (``subject``)."""

    scenario: str
    step: int
    alternative: Alternative
    subject: str


@dataclass(frozen=True)
class UnreadableBullet:
    """A stored bullet that no vocabulary label reads."""

    scenario: str
    step: int
    bullet: str


@dataclass(frozen=True)
class Wording:
    """The words the §3.1 bullets are made of: ``obligations`` ({id: label}), ``prefixes``
    ({"contact_type": "Vårdkontakt: ", "attribute": "Attribut: "}), ``closer_subjects``
    ({subject: label}), ``closing`` (which scenario/step/alternative has a closing bullet, for
    which subject) and ``unreadable`` (stored bullets that no vocabulary label reads)."""

    obligations: Mapping[str, str]
    prefixes: Mapping[str, str]
    closer_subjects: Mapping[str, str]
    closing: tuple[ClosingBullet, ...]
    unreadable: tuple[UnreadableBullet, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data: dict[str, Any] = kb_jsonable(self)
        return data
