"""Answer types of the rulebook's questions other than "what do I register?" — why trees,
why-not answers, reverse-question results, check reports, listings (scenarios, guideline,
errata, policy questions), query results and the ``ask`` interview.

Kept apart from :mod:`py1177.model` (the case and advice types) so that answering one case
does not pay for creating these classes; ``py1177.model`` re-exports them on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Optional

from .model import Alternative, Case, Channel, Purpose, Relation, Role, Status, to_jsonable


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
    closer_interpretations: tuple[str, ...] = ()
    """The policy questions who closes the case rests on (also in ``interpretations``)."""
    closed_by_step: Optional[int] = None
    closed_by_roles: tuple[Role, ...] = ()
    """Who closes the case: the set of roles the text names for that step."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{"id", "section", "title", "steps", ...}``."""
        return to_jsonable(self)


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
    searched: Optional[dict[str, Any]]
    impossible: Optional[bool]
    witness: Optional[tuple[str, ...]]
    complete: bool = True

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
    level: str = "chain"
    """``scenario``: a match is a documented scenario all of whose chains match; ``chain``: a
    match is one chain."""
    scenarios_examined: int = 0
    gap_matched: int = 0
    """Of ``matched``, the gap chains listed because a step of them matches."""

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
