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
from typing import Any, Callable, Optional, TypeVar, Union


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


ADVICE_TYPES = ("Source", "Registration", "Gap", "StepAdvice", "GuidelineRef", "Warning", "Interpretation",
                "Advice")
"""The types of the answer to "what do I register?"; they live in :mod:`py1177.advice`."""

RESULT_TYPES = (
    "ScenarioStep", "Scenario", "Section", "Guideline", "Erratum", "PolicyQuestion", "WhyNode", "Change",
    "WhyNot", "FindMatch", "ScenarioCount", "FindResult", "RegistrationSummary", "AdviceSummary",
    "QueryResult", "PublicPredicate", "CheckReport", "Choice", "Question", "InterviewStep",
)
"""The answer types of the rulebook's other questions; they live in :mod:`py1177.results`."""


def __getattr__(name: str) -> Any:
    """``from py1177.model import Advice`` or ``WhyNode`` still works: the answer types are
    defined in :mod:`py1177.advice` and :mod:`py1177.results`, imported on first use, so that
    a start that needs none of them (``advise --json``) does not create them (frozen
    dataclasses cost ~0.4 ms each)."""
    if name in ADVICE_TYPES:
        from . import advice

        return getattr(advice, name)
    if name in RESULT_TYPES:
        from . import results

        return getattr(results, name)
    raise AttributeError(f"module 'py1177.model' has no attribute {name!r}")
