"""``py1177 what-if`` and ``questions --impact``: what deciding an open question otherwise changes.

The loaded KB writes every chain ``check`` enumerates (``kb_check:dump_json/3``) twice, once
under its own readings and once under the readings asked for — in this process, since the KB
is the same — and the two dumps are compared as ``py1177 diff`` compares two KB versions
(:mod:`py1177.semdiff`: answers apart from explanations, grouped by effect). The changed
cases are then answered by :meth:`Rulebook.advise_many` on both sides, for their compact
answers. ``impact`` does this for every alternative reading of every open question, once per
KB content digest, readings and chain length, and keeps the counts in the user's cache.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from .bridge import Compound, Quoted

if TYPE_CHECKING:
    from .rulebook import Rulebook

DEFAULT_WHAT_IF_STEPS = 3
DEFAULT_IMPACT_STEPS = 2
MAX_WHAT_IF_STEPS = 3


@dataclass
class WhatIfReport:
    """The cases whose answer changes when ``readings`` are in force instead of the KB's."""

    readings: dict[str, str]
    max_steps: int
    examined: int
    answers_changed: int
    explanations_changed: int
    groups: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"readings": self.readings, "max_steps": self.max_steps, "examined": self.examined,
                "answers_changed": self.answers_changed, "explanations_changed": self.explanations_changed,
                "groups": self.groups, "cases": self.cases, "truncated": self.truncated}


def _dump(rulebook: Rulebook, out: Path, max_steps: int) -> None:
    rulebook._bridge.json("dump_json", [Compound("max_steps", max_steps)], Quoted(str(out)), module="kb_check")


def compact(summary: Any) -> dict[str, Any]:
    """An :class:`AdviceSummary` (or :class:`CaseError`) as JSON: per step the registrations,
    ``"none"`` (nothing in PMO) or ``"undecided"`` (a gap); the closer; the status."""
    from .results import CaseError

    if isinstance(summary, CaseError):
        return {"error": {"code": summary.code, "sv": summary.sv, "en": summary.en}}
    steps: list[Any] = []
    for regs in summary.steps:
        if regs is None:
            steps.append("undecided")
        elif not regs:
            steps.append("none")
        else:
            steps.append([{"alternative": r.alternative.value, "contact_type_id": r.contact_type_id,
                           "attribute": r.attribute, "diagnosis": r.diagnosis} for r in regs])
    return {"status": summary.status.value, "scenario": summary.scenario,
            "closed_by_step": summary.closed_by_step, "steps": steps}


def _tally(rulebook: Rulebook, other: Any, max_steps: int, limit: Optional[int]) -> Any:
    from .semdiff import compare

    with tempfile.TemporaryDirectory(prefix="py1177-whatif-") as work:
        before, after = Path(work) / "before", Path(work) / "after"
        before.mkdir()
        after.mkdir()
        _dump(rulebook, before, max_steps)
        _dump(other, after, max_steps)
        return compare(before, after, limit)


def what_if(rulebook: Rulebook, readings: Any, max_steps: int = DEFAULT_WHAT_IF_STEPS,
            limit: Optional[int] = None) -> WhatIfReport:
    """Every chain of up to ``max_steps`` steps whose answer changes under ``readings``
    (``{"q_phone": "not_1177"}`` or ``["q_phone=not_1177"]``) compared with ``rulebook``'s
    own readings; ``cases`` holds the first ``limit`` of them (all when None)."""
    from .model import Case
    from .rulebook import _bounded_int

    steps = _bounded_int(max_steps, "--max-steps", 1, MAX_WHAT_IF_STEPS)
    shown = None if limit is None else _bounded_int(limit, "--limit", 0, 10_000_000)
    other = rulebook.with_readings(readings)
    tally = _tally(rulebook, other, steps, shown)
    changed = [c for c in tally.answer_changes if c.get("answer_changed", True)]
    cases: list[dict[str, Any]] = []
    if changed:
        chains = [Case.parse(c["chain"]) for c in changed]
        for chain, b, a in zip(changed, rulebook.advise_many(chains), other.advise_many(chains)):
            cases.append({"steps": chain["chain"], "before": compact(b), "after": compact(a)})
    return WhatIfReport(readings=other.readings, max_steps=steps, examined=tally.examined,
                        answers_changed=tally.answers, explanations_changed=tally.explanations,
                        groups=tally.sorted_groups(), cases=cases,
                        truncated=tally.answers > len(cases))


def _cache_file(digest: str, readings: tuple[tuple[str, str], ...], max_steps: int) -> Path:
    import hashlib

    from .bridge import cache_dir

    key = hashlib.sha256(json.dumps([digest, list(readings), max_steps]).encode()).hexdigest()[:32]
    return cache_dir() / "impact" / f"{key}.json"


IMPACT_CACHE_MAX_BYTES = 65536


def impact(rulebook: Rulebook, max_steps: int = DEFAULT_IMPACT_STEPS, use_cache: bool = True) -> dict[str, dict[str, int]]:
    """Per open question and per reading other than the one in force, how many chains of up to
    ``max_steps`` steps would get another answer under it. Computed once per KB content
    digest, readings in force and ``max_steps``; kept in the user's cache dir (read back only
    when trusted: a regular file of this user's in a private directory)."""
    from .bridge import _cache_disabled, _trusted_file, _write_cache_file
    from .kbinfo import kb_digest
    from .readings import declared
    from .rulebook import _bounded_int

    steps = _bounded_int(max_steps, "--max-steps", 1, MAX_WHAT_IF_STEPS)
    known = declared(rulebook._base)
    in_force = {q: dict(rulebook._readings).get(q, chosen) for q, (_, chosen) in known.items()}
    path = _cache_file(kb_digest(rulebook.kb_dir), rulebook._readings, steps)
    if use_cache and not _cache_disabled():
        data = _trusted_file(path, limit=IMPACT_CACHE_MAX_BYTES)
        if data is not None:
            try:
                cached = json.loads(data)
                if isinstance(cached, dict) and set(cached) == set(known):
                    return cached
            except ValueError:
                pass
    out: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="py1177-impact-") as work:
        base = Path(work) / "base"
        base.mkdir()
        _dump(rulebook, base, steps)
        from .semdiff import compare

        for question, (ids, _) in sorted(known.items()):
            out[question] = {}
            for reading in ids:
                if reading == in_force[question]:
                    continue
                other_dir = Path(work) / f"{question}-{reading}"
                other_dir.mkdir()
                _dump(rulebook.with_readings({question: reading}), other_dir, steps)
                out[question][reading] = compare(base, other_dir, 0).answers
    _write_cache_file(path, json.dumps(out))
    return out


def ranking(impacts: dict[str, dict[str, int]]) -> list[tuple[str, str, int]]:
    """The alternatives by how many answers they change, most first: (question, reading, n)."""
    rows = [(q, r, n) for q, by in impacts.items() for r, n in by.items()]
    return sorted(rows, key=lambda row: (-row[2], row[0], row[1]))
