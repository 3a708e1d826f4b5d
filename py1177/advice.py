"""The answer to "what do I register?": :class:`Advice`, one :class:`StepAdvice` per step,
its :class:`Registration` alternatives, :class:`Gap` reasons and :class:`Source` citations.

Field names are the JSON keys of ``py1177 advise --json``: :meth:`Advice.to_dict` gives the
contract back and :meth:`Advice.from_dict` reads it (a round-trip test checks both).
``py1177.model`` re-exports these names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from .model import Alternative, Channel, Purpose, Relation, Role, Status, from_jsonable, to_jsonable


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
    decides: bool = True
    """False for a reading that only explains the text's layout (q_layout_bullets) or whom a role
    covers (q_licensed); true for one that decides part of the answer (shown in the status line)."""


@dataclass(frozen=True)
class CardLine:
    """One line of the answer card: what the person of one step does, in plain words."""

    step: int
    role: Role
    text: str


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
    closed_by_roles: tuple[Role, ...] = ()
    """Who closes, as roles: for a scenario asked by id the set the text names for that step
    (``closed_by_role`` is then ``None``); for a concrete chain that step's own role."""
    card: tuple[CardLine, ...] = ()
    """The answer card, one plain sentence per step (built by the engine, py1177/engine/card.pl)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``py1177 advise --json``."""
        data: dict[str, Any] = to_jsonable(self)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Advice":
        """Read an answer from its JSON contract form."""
        return from_jsonable(cls, data)
