"""Parsing of cases from the command line (``--step`` specs), files (YAML/JSON) and dicts.

Every value is checked against the closed vocabulary before anything reaches Prolog;
errors are :class:`~py1177.errors.InputError` naming the bad value and the allowed ones.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Optional, TypeVar

from .errors import InputError
from .model import Case, Channel, Purpose, Relation, Role, Step
from .yamlfile import MAX_FILE_BYTES, YamlRefused, read_regular_file

STEP_KEYS = ("role", "channel", "purpose", "day", "unit", "replaces_visit")
OPTIONAL_STEP_KEYS = STEP_KEYS[2:]
CASE_KEYS = ("steps", "scenario", "date")

E = TypeVar("E", bound=enum.Enum)
Where = Optional[tuple[object, ...]]


def allowed(enum_type: type[enum.Enum]) -> str:
    """The values of ``enum_type`` as a comma-separated list."""
    return ", ".join(str(m.value) for m in enum_type)


def enum_value(enum_type: type[E], value: Any, what: str, where: Where = None) -> E:
    """``value`` as a member of ``enum_type``, or an InputError naming the allowed values."""
    if isinstance(value, enum_type):
        return value
    if not isinstance(value, str):
        raise InputError("not_one_of", where, what=what, value=value, allowed=allowed(enum_type))
    try:
        return enum_type(value)
    except ValueError:
        raise InputError("unknown_value", where, what=what, value=value,
                         allowed=allowed(enum_type)) from None


def bool_value(value: Any, what: str, where: Where = None) -> bool:
    """``value`` (a bool, or the text true/false) as a bool."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    raise InputError("not_bool", where, what=what, value=value)


def step_from_mapping(data: Any, where: Where) -> Step:
    """A :class:`Step` from a mapping with the keys of :data:`STEP_KEYS` (or a :class:`Step`,
    whose fields are checked the same way: ``Step("nurse", "digital")`` is accepted,
    ``Step("nurse", "fax")`` is not). Keys whose value is ``None`` count as absent."""
    if isinstance(data, Step):  # checked when it was made
        return data
    if not isinstance(data, Mapping):
        raise InputError("step_not_mapping", where, allowed=", ".join(STEP_KEYS))
    for key in data:
        if key not in STEP_KEYS:
            raise InputError("unknown_key", where, key=key, allowed=", ".join(STEP_KEYS))
    for key, enum_type in (("role", Role), ("channel", Channel)):
        if data.get(key) is None:
            raise InputError("missing_key", where, key=key, allowed=allowed(enum_type))

    def optional(key: str, enum_type: type[E]) -> Optional[E]:
        value = data.get(key)
        return None if value is None else enum_value(enum_type, value, key, where)

    replaces = data.get("replaces_visit")
    return Step(
        role=enum_value(Role, data["role"], "role", where),
        channel=enum_value(Channel, data["channel"], "channel", where),
        purpose=optional("purpose", Purpose),
        day=optional("day", Relation),
        unit=optional("unit", Relation),
        replaces_visit=None if replaces is None else bool_value(replaces, "replaces_visit", where),
    )


def case_from_steps(steps: Any, max_steps: Optional[int] = None) -> Case:
    """A :class:`Case` from a sequence of steps (mappings or :class:`Step`).

    ``max_steps`` (the KB's limit) is checked before any step is looked at.
    """
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence) or not steps:
        raise InputError("steps_empty", ("case",))
    if max_steps is not None and len(steps) > max_steps:
        raise InputError("too_many_steps", None, max=max_steps, n=len(steps))
    return Case(steps)


def checked_steps(steps: Any) -> tuple[Step, ...]:
    """The steps of a :class:`Case`: a non-empty sequence (or other iterable) of :class:`Step`
    or step mappings, each checked; an InputError names the bad step."""
    if isinstance(steps, (str, bytes, Mapping)):
        raise InputError("steps_empty", ("case",))
    try:
        items = tuple(steps)
    except TypeError:
        raise InputError("steps_empty", ("case",)) from None
    if not items:
        raise InputError("steps_empty", ("case",))
    return tuple(step_from_mapping(s, ("step", i)) for i, s in enumerate(items, 1))


def parse_step_spec(spec: str, number: int) -> Step:
    """Parse ``ROLE:CHANNEL[:key=value...]``, e.g. ``doctor:digital:day=other``."""
    where = ("spec", number, spec)
    parts = spec.split(":")
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise InputError("spec_format", where)
    data: dict[str, Any] = {"role": parts[0], "channel": parts[1]}
    for part in parts[2:]:
        key, sep, value = part.partition("=")
        if not sep or not value:
            raise InputError("spec_key_value", where, part=part, allowed=", ".join(OPTIONAL_STEP_KEYS))
        if key not in OPTIONAL_STEP_KEYS:
            raise InputError("unknown_key", where, key=key, allowed=", ".join(OPTIONAL_STEP_KEYS))
        if key in data:
            raise InputError("spec_duplicate", where, key=key)
        data[key] = value
    return step_from_mapping(data, where)


def parse_date(value: Any) -> dt.date:
    """A date from ``YYYY-MM-DD`` (or a date object)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("bad_date", None, value=value) from None


def load_case_file(path: Path) -> dict[str, Any]:
    """Read a case file (YAML or JSON): ``{steps: [...]}`` or ``{scenario: ID}``, optional ``date``.

    Only regular files are read (a FIFO or device would block or never end), at most
    :data:`MAX_FILE_BYTES` of them, and YAML within the bounds of :mod:`py1177.yamlfile`
    (no anchor bombs, no deep nesting); duplicate keys are refused in YAML and JSON.
    """
    where = ("file", str(path))
    raw = read_regular_file(path, where, MAX_FILE_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("file_not_utf8", where) from None
    is_json = path.suffix.lower() == ".json"
    try:
        data = json.loads(text, object_pairs_hook=_json_object) if is_json else yaml_load(text)
    except YamlRefused as exc:
        raise InputError(exc.code, where, **exc.params) from None
    except Exception as exc:  # yaml.YAMLError, YamlRefused, json.JSONDecodeError, RecursionError …
        lines = str(exc).strip().splitlines()
        detail = " ".join(line.strip() for line in lines[:3]) if lines else type(exc).__name__
        if isinstance(exc, RecursionError):
            detail = "nested too deeply"
        raise InputError("file_invalid", where, fmt="JSON" if is_json else "YAML", detail=detail) from None
    return check_case_mapping(data, where)


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given twice is refused (JSON would silently keep the last)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"duplicate key {key[:60]!r}")
        data[key] = value
    return data


def yaml_load(text: str) -> Any:
    """Parse YAML within the bounds of :mod:`py1177.yamlfile` (size of the expansion, depth,
    no duplicate keys), leaving dates as text, so that a bad date such as 2023-02-30 is
    reported like a bad ``--date`` (one clear message), not as broken YAML."""
    from .yamlfile import load_yaml

    return load_yaml(text)


def check_case_mapping(data: Any, where: Where = ("case",)) -> dict[str, Any]:
    """Check the top level of a case mapping: known keys, steps or scenario (not both).

    Keys whose value is ``None`` (``scenario: null`` in YAML) count as absent.
    """
    if not isinstance(data, Mapping):
        raise InputError("case_not_mapping", where)
    for key in data:
        if key not in CASE_KEYS:
            raise InputError("unknown_key", where, key=key, allowed=", ".join(CASE_KEYS))
    present = {key: value for key, value in data.items() if value is not None}
    if ("steps" in present) == ("scenario" in present):
        raise InputError("case_steps_or_scenario", where)
    if "scenario" in present and not isinstance(present["scenario"], str):
        raise InputError("case_scenario_type", where, value=present["scenario"])
    if "date" in present and not isinstance(present["date"], (str, dt.date)):
        raise InputError("case_date", where)
    return present
