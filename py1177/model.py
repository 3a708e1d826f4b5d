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
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar, Union

from .errors import InputError


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


@dataclass(frozen=True, init=False)
class Step:
    """One step of a case. ``day``/``unit`` compare with the previous step (from step 2 on;
    ``None`` there means ``same``); ``replaces_visit`` picks one alternative.

    Every field accepts its enum member or the member's value (``Step("nurse", "digital")``)
    and is checked at construction against the vocabulary (the enums, whose values equal
    the KB's atoms): ``Step("nurze", "digital")`` raises :class:`~py1177.errors.InputError`.
    Rules that relate fields (a physical step has no purpose …) are the KB's, checked when
    the case is answered."""

    role: Role
    channel: Channel
    purpose: Optional[Purpose] = None
    day: Optional[Relation] = None
    unit: Optional[Relation] = None
    replaces_visit: Optional[bool] = None

    def __init__(self, role: Union[Role, str], channel: Union[Channel, str],
                 purpose: Union[Purpose, str, None] = None, day: Union[Relation, str, None] = None,
                 unit: Union[Relation, str, None] = None, replaces_visit: Union[bool, str, None] = None) -> None:
        from .casefile import bool_value, enum_value

        setter = object.__setattr__
        setter(self, "role", enum_value(Role, role, "role"))
        setter(self, "channel", enum_value(Channel, channel, "channel"))
        setter(self, "purpose", None if purpose is None else enum_value(Purpose, purpose, "purpose"))
        setter(self, "day", None if day is None else enum_value(Relation, day, "day"))
        setter(self, "unit", None if unit is None else enum_value(Relation, unit, "unit"))
        setter(self, "replaces_visit",
               None if replaces_visit is None else bool_value(replaces_visit, "replaces_visit"))

    @classmethod
    def parse(cls, spec: str) -> "Step":
        """A step from a ``--step`` spec ``ROLE:CHANNEL[:key=value...]``, e.g.
        ``"doctor:digital:day=other"`` (the form ``find`` lists its matches in)."""
        from .casefile import parse_step_spec

        return parse_step_spec(spec, 1)

    def to_spec(self) -> str:
        """This step as a ``--step`` spec; :meth:`parse` reads it back to an equal step."""
        parts = [self.role.value, self.channel.value]
        for key in ("purpose", "day", "unit"):
            value = getattr(self, key)
            if value is not None:
                parts.append(f"{key}={value.value}")
        if self.replaces_visit is not None:
            parts.append(f"replaces_visit={'true' if self.replaces_visit else 'false'}")
        return ":".join(parts)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Step":
        """A step from a mapping with the keys role, channel, purpose, day, unit, replaces_visit
        (the shape of a case file's steps); unknown keys are refused."""
        from .casefile import step_from_mapping

        return step_from_mapping(data, None)


@dataclass(frozen=True, init=False)
class Case:
    """A case as the chain of steps it travelled through.

    ``Case(steps)`` takes a non-empty sequence of :class:`Step` or step mappings and checks
    each (:class:`~py1177.errors.InputError` names the bad step). The KB's limit on the
    number of steps is checked when the case is answered."""

    steps: tuple[Step, ...]

    def __init__(self, steps: Iterable[Union[Step, Mapping[str, Any]]]) -> None:
        from .casefile import checked_steps

        object.__setattr__(self, "steps", checked_steps(steps))

    @classmethod
    def parse(cls, specs: Iterable[str]) -> "Case":
        """A case from ``--step`` specs, one per step: ``Case.parse(["nurse:digital",
        "doctor:digital:day=other"])``. :meth:`to_specs` gives them back."""
        from .casefile import parse_step_spec

        if isinstance(specs, (str, bytes)):
            raise InputError("steps_empty", ("case",))
        return cls(tuple(parse_step_spec(spec, i) for i, spec in enumerate(specs, 1)))

    def to_specs(self) -> tuple[str, ...]:
        """The steps as ``--step`` specs."""
        return tuple(step.to_spec() for step in self.steps)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Case":
        """A case from the case-file shape ``{"steps": [{role, channel, ...}, ...]}`` (as JSON
        or YAML gives it). A ``{"scenario": ...}`` mapping names a documented scenario, not a
        chain of steps: pass it to :meth:`Rulebook.advise` instead (refused here, as is a
        ``date``, which belongs to the question, not to the case)."""
        from .casefile import check_case_mapping

        checked = check_case_mapping(data)
        for key in ("scenario", "date"):
            if key in checked:
                raise InputError("case_steps_only", ("case",), key=key)
        return cls(checked["steps"])


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


def json_key(field: dataclasses.Field[Any]) -> str:
    """The JSON key of a dataclass field: its name, or ``metadata["json"]`` (e.g. ``from``)."""
    return str(field.metadata.get("json", field.name))


OMIT_NONE: Mapping[str, Any] = types.MappingProxyType({"omit_none": True})
"""Field metadata: the KB leaves the key out (rather than giving ``null``) when it does not apply."""


def kb_jsonable(value: Any) -> Any:
    """Like :func:`to_jsonable`, but in the KB's own JSON form: the keys of every object in
    standard order (the order in which the KB's JSON writer prints a dict: integers first,
    then names by character code), fields marked :data:`OMIT_NONE` left out when ``None``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        pairs = [(json_key(f), kb_jsonable(getattr(value, f.name))) for f in dataclasses.fields(value)
                 if not (f.metadata.get("omit_none") and getattr(value, f.name) is None)]
        return dict(sorted(pairs, key=lambda pair: pair[0]))
    if isinstance(value, Mapping):
        keys = sorted(value, key=lambda k: (0, k, "") if isinstance(k, int) else (1, 0, str(k)))
        return {str(k): kb_jsonable(value[k]) for k in keys}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [kb_jsonable(v) for v in value]
    return value


def from_jsonable(cls: type[T], data: Any) -> T:
    """Build dataclass ``cls`` from JSON values, following its type hints."""
    target: Any = cls  # a type is hashable (lru_cache's key); mypy cannot tell for type[T]
    built: T = _converter(target)(data)
    return built


_PLAIN = (str, int, float, bool, type(None))


@functools.lru_cache(maxsize=None)
def _converter(tp: Any) -> Callable[[Any], Any]:
    """A function turning JSON values into ``tp``; built once per type (type hints are slow)."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) > 1:  # e.g. ``int | str``: JSON values as they are
            if not all(a in _PLAIN for a in options):
                raise TypeError(f"no JSON converter for {tp!r}")
            return lambda data: data
        inner = _converter(options[0])
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        item = _converter(typing.get_args(tp)[0])
        return lambda data: tuple(item(d) for d in data)
    if origin in (dict, Mapping):
        key_type, value_type = typing.get_args(tp)
        key = int if key_type is int else str
        value = _converter(value_type)
        if origin is dict:
            return lambda data: {key(k): value(v) for k, v in data.items()}
        return lambda data: types.MappingProxyType({key(k): value(v) for k, v in data.items()})
    factory: Callable[..., Any] = tp
    if dataclasses.is_dataclass(tp):
        fields: list[tuple[str, str, Callable[[Any], Any]]] = []

        def build(data: Any) -> Any:
            if not fields:  # resolved on first use, so that recursive types (WhyNode) work
                hints = typing.get_type_hints(tp)
                fields.extend((f.name, json_key(f), _converter(hints[f.name])) for f in dataclasses.fields(tp))
            return factory(**{name: convert(data[key]) for name, key, convert in fields if key in data})

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


ADVICE_TYPES = ("Source", "Registration", "Gap", "StepAdvice", "GuidelineRef", "Warning", "Interpretation", "CardLine",
                "Advice")
"""The types of the answer to "what do I register?"; they live in :mod:`py1177.advice`."""

RESULT_TYPES = (
    "ScenarioStep", "Scenario", "Section", "Guideline", "Erratum", "PolicyQuestion", "WhyNode", "Change",
    "WhyNot", "FindMatch", "ScenarioCount", "FindResult", "RegistrationSummary", "AdviceSummary", "CaseError",
    "QueryResult", "PublicPredicate", "CheckReport", "Choice", "Question", "InterviewStep", "Answered",
)
"""The answer types of the rulebook's other questions; they live in :mod:`py1177.results`."""

if TYPE_CHECKING:  # the types ``__getattr__`` gives, for type checkers (never imported at run time)
    from .advice import (Advice as Advice, CardLine as CardLine, Gap as Gap, GuidelineRef as GuidelineRef,
                         Interpretation as Interpretation, Registration as Registration, Source as Source,
                         StepAdvice as StepAdvice, Warning as Warning)
    from .results import (AdviceSummary as AdviceSummary, Answered as Answered, CaseError as CaseError,
                          Change as Change, CheckReport as CheckReport, Choice as Choice, Erratum as Erratum,
                          FindMatch as FindMatch, FindResult as FindResult, Guideline as Guideline,
                          InterviewStep as InterviewStep, PolicyQuestion as PolicyQuestion,
                          PublicPredicate as PublicPredicate, QueryResult as QueryResult, Question as Question,
                          RegistrationSummary as RegistrationSummary, Scenario as Scenario,
                          ScenarioCount as ScenarioCount, ScenarioStep as ScenarioStep, Section as Section,
                          WhyNode as WhyNode, WhyNot as WhyNot)


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
