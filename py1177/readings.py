"""Readings of the open policy questions: parsing ``--reading Q=R`` and answering under them.

The KB declares, per open question, its readings and the chosen one (kb/questions.pl).
A caller may put other readings in force for a call: they are validated here against the
KB's declarations (never spliced into query text: only declared atoms pass) and handed to
Prolog as an argument (py1177/engine/readings.pl), which holds them for that call and that
thread only. Readings equal to the chosen ones are dropped, so asking for the chosen reading
is the same call (and the same cache entry) as asking for none.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Union

from .bridge import Compound, Quoted
from .errors import InputError

Readings = tuple[tuple[str, str], ...]
"""Normalised readings: sorted (question, reading) pairs that differ from the chosen ones."""

ReadingsLike = Union[None, Mapping[str, str], Sequence[str], Sequence[tuple[str, str]]]


@functools.lru_cache(maxsize=None)
def declared(bridge: Any) -> dict[str, tuple[tuple[str, ...], str]]:
    """Per question id: its declared reading ids (in KB order) and the chosen one."""
    data = bridge.json("readings_json", "sv", module="readings")
    out: dict[str, tuple[tuple[str, ...], str]] = {}
    for question in data:
        ids = tuple(str(r["id"]) for r in question["readings"])
        chosen = [str(r["id"]) for r in question["readings"] if r["chosen"]]
        if ids and chosen:
            out[str(question["id"])] = (ids, chosen[0])
    return out


def _pairs(value: ReadingsLike) -> list[tuple[Any, Any]]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InputError("reading_spec", None, value=value)
    pairs = []
    for item in value:
        if isinstance(item, str):
            question, sep, reading = item.partition("=")
            if not sep:
                raise InputError("reading_spec", None, value=item)
            pairs.append((question.strip(), reading.strip()))
        elif isinstance(item, Sequence) and not isinstance(item, bytes) and len(item) == 2:
            pairs.append((item[0], item[1]))
        else:
            raise InputError("reading_spec", None, value=item)
    return pairs


def normalise(bridge: Any, value: ReadingsLike, drop_chosen: bool = True) -> Readings:
    """``value`` (``{"q_phone": "not_1177"}``, ``["q_phone=not_1177"]`` or pairs) checked
    against the KB's declared readings; the pairs that differ from the chosen ones, sorted.
    An unknown question or reading raises :class:`InputError` naming the allowed ones."""
    if value is None or (isinstance(value, (Mapping, list, tuple)) and not value):
        return ()
    known = declared(bridge)
    seen: dict[str, str] = {}
    for question, reading in _pairs(value):
        if not isinstance(question, str) or question not in known:
            raise InputError("unknown_question", None, value=question, allowed=", ".join(sorted(known)))
        ids, _ = known[question]
        if not isinstance(reading, str) or reading not in ids:
            raise InputError("unknown_reading", None, question=question, value=reading, allowed=", ".join(ids))
        if seen.get(question, reading) != reading:
            raise InputError("reading_twice", None, question=question)
        seen[question] = reading
    return tuple(sorted((q, r) for q, r in seen.items() if not (drop_chosen and r == known[q][1])))


def merged(base: Readings, extra: Readings) -> Readings:
    """``base`` with the questions of ``extra`` replaced by ``extra``'s readings."""
    out = dict(base)
    out.update(extra)
    return tuple(sorted(out.items()))


def as_term(readings: Readings) -> list[Compound]:
    """The Prolog list of Q-R pairs (declared atoms, quoted)."""
    return [Compound("-", Quoted(q), Quoted(r)) for q, r in readings]


def specs(readings: Readings) -> list[str]:
    """The ``--reading`` specs of ``readings``."""
    return [f"{q}={r}" for q, r in readings]


class ReadingsBridge:
    """The process's bridge, with every answer asked for under ``readings`` (passed to
    py1177/engine/readings.pl's ``with_readings_json/4`` as an argument). Equal (and hashed
    alike) for equal readings over the same bridge, so per-bridge caches are keyed by them."""

    def __init__(self, bridge: Any, readings: Readings) -> None:
        self._inner = bridge
        self.readings = readings

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, ReadingsBridge) and other._inner is self._inner
                and other.readings == self.readings)

    def __hash__(self) -> int:
        return hash((id(self._inner), self.readings))

    @property
    def kb_dir(self) -> Path:
        return Path(self._inner.kb_dir)

    def json(self, name: str, *args: Any, module: str = "api") -> Any:
        if module == "kb_check":
            self._inner.require("check")
        elif module != "api":
            self._inner.require(module)
        return self._inner.json("with_readings_json", as_term(self.readings), module,
                                Compound(name, *args), module="readings")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
