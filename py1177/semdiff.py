"""Semantic diff of two KB versions: every chain whose answer changed.

Each version is loaded in a process of its own (SWI-Prolog holds one KB per process),
which writes one line per chain (``kb_check:dump_json/3``); the two dumps are compared
line by line, or by chain when the vocabularies differ.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from .bridge import POLICY_MARKER
from .errors import InputError, KBError
from .i18n import Bilingual, os_reason

FIELDS = ("status", "scenario", "closed_by_step", "steps", "citations")


@dataclass
class DiffReport:
    """The chains whose answers (or only explanations) differ between ``base`` and ``head``.

    ``answers_changed`` counts chains whose *answer* differs (what each step registers, none
    or undecided; who closes; status; scenario); ``explanations_changed`` those whose answer
    is the same but whose explanation differs (gap reasons, rules and their citations).
    ``groups`` counts the answer changes by effect, largest first (a chain with two effects —
    e.g. two steps changed — counts under both, with its first chain as example); ``changes`` holds
    every changed chain (answers first), or the first ``limit`` when a limit was given.
    """

    base: str
    head: str
    max_steps: int
    examined: int
    changed: int
    moved: dict[str, int]
    changes: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False
    answers_changed: int = 0
    explanations_changed: int = 0
    groups: list[dict[str, Any]] = field(default_factory=list)
    explanation_kinds: dict[str, int] = field(default_factory=dict)
    base_digest: Optional[str] = None
    head_digest: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {"base": self.base, "head": self.head, "base_digest": self.base_digest,
                "head_digest": self.head_digest, "max_steps": self.max_steps,
                "examined": self.examined, "answers_changed": self.answers_changed,
                "explanations_changed": self.explanations_changed,
                "explanation_kinds": self.explanation_kinds, "changed": self.changed,
                "moved": self.moved, "groups": self.groups, "changes": self.changes,
                "truncated": self.truncated}


def resolve_kb(spec: str, cwd: Path) -> tuple[Path, Optional[tempfile.TemporaryDirectory[str]], Optional[Path]]:
    """A KB directory for ``spec``: a directory (holding rules.pl, or kb/rules.pl) or a git
    revision of the repository around ``cwd``, extracted to a temporary directory.
    Returns (kb_dir, temporary directory to clean up, repository root if git was used)."""
    path = Path(spec)
    if path.is_dir():
        for candidate in (path, path / "kb"):
            if (candidate / POLICY_MARKER).is_file():
                return candidate.resolve(), None, None
        raise InputError("no_git", None, value=spec, detail=Bilingual(f"katalogen har ingen {POLICY_MARKER} eller kb/{POLICY_MARKER}",
                                                              f"the directory holds no {POLICY_MARKER} or kb/{POLICY_MARKER}"))
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError("no_git", None, value=spec,
                         detail=os_reason(exc) if isinstance(exc, OSError) else Bilingual(str(exc), str(exc))) from None
    if top.returncode != 0:
        raise InputError("no_git", None, value=spec, detail=Bilingual("inte i ett git-förråd", "not inside a git repository"))
    root = Path(top.stdout.strip())
    rev = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], cwd=root,
                         capture_output=True, text=True, timeout=30)
    if rev.returncode != 0:
        raise InputError("no_git", None, value=spec, detail=Bilingual("okänd revision", "unknown revision"))
    archive = subprocess.run(["git", "archive", "--format=tar", rev.stdout.strip(), "kb"], cwd=root,
                             capture_output=True, timeout=60)
    if archive.returncode != 0:
        raise InputError("no_kb_at_rev", None, value=spec)
    tmp = tempfile.TemporaryDirectory(prefix="py1177-base-")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp.name, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(tmp.name)
    kb = Path(tmp.name) / "kb"
    if not (kb / POLICY_MARKER).is_file():
        tmp.cleanup()
        raise InputError("no_kb_at_rev", None, value=spec)
    return kb, tmp, root


def dump(kb_dir: Path, out_dir: Path, max_steps: int, readings: tuple[str, ...] = ()) -> subprocess.Popen[str]:
    """Start a process that loads ``kb_dir`` and dumps every chain to ``out_dir`` (under the
    ``--reading`` specs ``readings``).

    It runs in ``out_dir`` so that ``python -m py1177`` imports this installed tool, never
    a ``py1177/`` folder in the caller's working directory.
    """
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    return subprocess.Popen([sys.executable, "-m", "py1177", "_dump", "--kb", str(kb_dir),
                             "--max-steps", str(max_steps), "--out", str(out_dir),
                             *[arg for spec in readings for arg in ("--reading", spec)]],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=out_dir)


def _finish(proc: subprocess.Popen[str], side: str) -> dict[str, Any]:
    out, err = proc.communicate()
    if proc.returncode != 0:
        detail = " ".join(err.split()) or f"exit {proc.returncode}"
        if detail.startswith("py1177: "):
            detail = detail.split(": ", 2)[-1]
        if "existence_error" in detail or "No permission to import" in detail or "not defined" in detail:
            detail += (" (a KB older than this tool's policy interface — e.g. one without"
                       " rules:step_outcomes/3 — cannot be read by it)")
        raise KBError(f"the {side} rulebook could not be read: {detail}",
                      sv=f"regelboken {'före' if side == 'base' else 'efter'} ({side}) kunde inte läsas: {detail}")
    try:
        answer: dict[str, Any] = json.loads(out)
        return answer
    except ValueError:  # e.g. a KB that ended the process while it was read
        raise KBError(f"the {side} rulebook could not be read: its process ended without an answer",
                      sv=f"regelboken {'före' if side == 'base' else 'efter'} ({side}) kunde inte läsas: "
                         "processen slutade utan svar") from None


def _lines(directory: Path) -> Iterator[tuple[str, str]]:
    for part in sorted(directory.glob("part-*.tsv")):
        with part.open(encoding="utf-8") as handle:
            for line in handle:
                spec, _, summary = line.rstrip("\n").partition("\t")
                yield spec, summary


def parse(summary: str) -> dict[str, Any]:
    """A dumped summary ``status|scenario|closer|steps|citations`` as fields."""
    status, scenario, closer, steps, citations = summary.split("|")
    return {"status": status, "scenario": None if scenario == "-" else scenario,
            "closed_by_step": None if closer == "-" else int(closer),
            "steps": steps.split(";"), "citations": citations}


def _alternatives(step: str) -> Optional[dict[str, str]]:
    """A dumped step's registrations by alternative, or None for gap/no_pmo."""
    if step.startswith("gap(") or step == "no_pmo" or "=" not in step:
        return None
    out = {}
    for item in step.split(","):
        key, _, value = item.partition("=")
        label, _, flags = value.partition("[")
        out[key] = f"{label} [{flags.rstrip(']').replace('+', ', ')}]"
    return out


def step_answer(step: str) -> str:
    """The answer part of a dumped step: ``undecided`` for a gap (whatever its reasons),
    ``none`` for nothing in PMO, else the registrations by alternative."""
    if step.startswith("gap("):
        return "undecided"
    if step == "no_pmo":
        return "none"
    return step


def answer_of(summary: Optional[dict[str, Any]]) -> Optional[tuple[Any, ...]]:
    """What a chain's answer is, without its explanation (gap reasons, citations)."""
    if summary is None:
        return None
    return (summary["status"], summary["scenario"], summary["closed_by_step"],
            tuple(step_answer(s) for s in summary["steps"]))


def _role(spec: str, number: int) -> str:
    """The role of step ``number`` of a chain spec (``role:channel:…`` separated by spaces)."""
    parts = spec.split(" ")
    return parts[number - 1].split(":", 1)[0] if 0 < number <= len(parts) else "?"


def effects(spec: str, before: Optional[dict[str, Any]], after: Optional[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answer changes of one chain, as effects a reader groups by: a chain absent on one
    side; the status, scenario or closer before → after; per step its answer before → after
    (per alternative when the step registers on both sides)."""
    if before is None or after is None:
        return [{"what": "chain", "before": "absent" if before is None else before["status"],
                 "after": "absent" if after is None else after["status"]}]
    out: list[dict[str, Any]] = []
    for key in ("status", "scenario", "closed_by_step"):
        if before[key] != after[key]:
            out.append({"what": key, "before": before[key], "after": after[key]})
    for number, (b, a) in enumerate(zip(before["steps"], after["steps"]), 1):
        b, a = step_answer(b), step_answer(a)
        if b == a:
            continue
        role = _role(spec, number)
        alts_b, alts_a = _alternatives(b), _alternatives(a)
        if alts_b is None or alts_a is None:
            out.append({"what": "step", "step": number, "role": role, "before": b, "after": a})
            continue
        for key in sorted(set(alts_b) | set(alts_a)):
            if alts_b.get(key) != alts_a.get(key):
                out.append({"what": "step", "step": number, "role": role, "alternative": key,
                            "before": alts_b.get(key, "–"), "after": alts_a.get(key, "–")})
    return out


def describe(spec: str, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The differences of one chain, field by field and step by step; ``answer_changed`` says
    whether the answer differs or only its explanation (``explanation``: what differs)."""
    change: dict[str, Any] = {"chain": spec.split(" "),
                              "answer_changed": answer_of(before) != answer_of(after)}
    for key in ("status", "scenario", "closed_by_step"):
        if before[key] != after[key]:
            change[key] = {"before": before[key], "after": after[key]}
    steps = []
    explanation = []
    for number, (b, a) in enumerate(zip(before["steps"], after["steps"]), 1):
        if b != a:
            entry: dict[str, Any] = {"step": number, "before": b, "after": a,
                                     "answer_changed": step_answer(b) != step_answer(a)}
            alts_b, alts_a = _alternatives(b), _alternatives(a)
            if alts_b is not None and alts_a is not None:
                entry["alternatives"] = [
                    {"alternative": key, "before": alts_b.get(key, "–"), "after": alts_a.get(key, "–")}
                    for key in sorted(set(alts_b) | set(alts_a)) if alts_b.get(key) != alts_a.get(key)]
            if b.startswith("gap(") and a.startswith("gap("):
                entry["gaps"] = {"before": b[4:-1].split(","), "after": a[4:-1].split(",")}
                explanation.append("gaps")
            steps.append(entry)
    if steps:
        change["steps"] = steps
    if before["citations"] != after["citations"]:
        change["citations_changed"] = True
        explanation.append("citations")
    if not change["answer_changed"]:
        change["explanation"] = sorted(set(explanation))
    return change


class _Tally:
    """Changed chains: counts (answers, explanations only), moves between statuses, the answer
    changes grouped by effect, and the changes themselves (the first ``limit``, or all)."""

    def __init__(self, limit: Optional[int]) -> None:
        self.limit = limit
        self.examined = 0
        self.changed = 0
        self.answers = 0
        self.explanations = 0
        self.moved: dict[str, int] = {}
        self.groups: dict[str, dict[str, Any]] = {}
        self.answer_changes: list[dict[str, Any]] = []
        self.explanation_changes: list[dict[str, Any]] = []
        self.explanation_kinds: dict[str, int] = {}

    def _room(self, kept: list[dict[str, Any]]) -> bool:
        return self.limit is None or len(kept) < self.limit

    def record(self, spec: str, before_text: Optional[str], after_text: Optional[str]) -> None:
        self.changed += 1
        before = parse(before_text) if before_text is not None else None
        after = parse(after_text) if after_text is not None else None
        status_before = before["status"] if before else "absent"
        status_after = after["status"] if after else "absent"
        if status_before != status_after:
            key = f"{status_before}->{status_after}"
            self.moved[key] = self.moved.get(key, 0) + 1
        if answer_of(before) == answer_of(after):
            assert before is not None and after is not None
            self.explanations += 1
            change = describe(spec, before, after)
            for kind in change["explanation"]:
                self.explanation_kinds[kind] = self.explanation_kinds.get(kind, 0) + 1
            if self._room(self.explanation_changes):
                self.explanation_changes.append(change)
            return
        self.answers += 1
        for effect in effects(spec, before, after):  # a chain counts under each of its effects
            key = json.dumps(effect, sort_keys=True, ensure_ascii=False)
            group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = {"effect": effect, "count": 0, "example": spec.split(" ")}
            group["count"] += 1
        if self._room(self.answer_changes):
            if before is None or after is None:
                self.answer_changes.append({"chain": spec.split(" "), "answer_changed": True,
                                            "status": {"before": status_before, "after": status_after}})
            else:
                self.answer_changes.append(describe(spec, before, after))

    def sorted_groups(self) -> list[dict[str, Any]]:
        return sorted(self.groups.values(), key=lambda g: (-g["count"], g["example"]))

    def changes(self) -> list[dict[str, Any]]:
        """The changes kept: answer changes first, then explanation-only ones (within the limit)."""
        kept = self.answer_changes + self.explanation_changes
        return kept if self.limit is None else kept[:self.limit]


def compare(base_dir: Path, head_dir: Path, limit: Optional[int]) -> _Tally:
    """Compare two dumps line by line; where the chains differ (the vocabularies differ),
    compare chain by chain instead."""
    tally = _Tally(limit)
    for base, head in itertools.zip_longest(_lines(base_dir), _lines(head_dir)):
        if base is None or head is None or base[0] != head[0]:
            return _compare_by_chain(base_dir, head_dir, limit)
        tally.examined += 1
        if base[1] != head[1]:
            tally.record(base[0], base[1], head[1])
    return tally


def _compare_by_chain(base_dir: Path, head_dir: Path, limit: Optional[int]) -> _Tally:
    tally = _Tally(limit)
    base_map, head_map = dict(_lines(base_dir)), dict(_lines(head_dir))
    specs = sorted(set(base_map) | set(head_map))
    tally.examined = len(specs)
    for spec in specs:
        if base_map.get(spec) != head_map.get(spec):
            tally.record(spec, base_map.get(spec), head_map.get(spec))
    return tally


MAX_DIFF_STEPS = 3
"""Longest chains ``diff`` compares: at 3 steps each dump is about 360 MB and a minute."""


def _terminate_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so that temporary dumps are removed (main thread only)."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def semantic_diff(base: str, head: Optional[str], max_steps: int, cwd: Path, limit: Optional[int] = None,
                  default_head: Optional[Path] = None, head_readings: tuple[str, ...] = ()) -> DiffReport:
    """Compare the answers of two KB versions for every chain of up to ``max_steps`` steps.

    Without ``head`` the new version is ``default_head`` (the KB every other command reads:
    ``--kb``, else ``PY1177_KB_DIR``, else the bundled KB). ``limit`` bounds the changes
    kept in detail (None: all of them); the counts and groups always cover every chain.
    ``head_readings`` (``--reading Q=R`` specs) are put in force for the new version only, so
    ``diff --base kb --kb kb --reading Q=R`` shows what ``what-if`` shows."""
    _terminate_on_sigterm()
    base_dir, base_tmp, _ = resolve_kb(base, cwd)
    head_tmp = None
    try:
        if head is not None:
            head_dir, head_tmp, _ = resolve_kb(head, cwd)
        elif default_head is not None:
            head_dir = default_head
        else:
            raise InputError("no_git", None, value="--head", detail=Bilingual("ange --head KATALOG", "give --head DIR"))
        with tempfile.TemporaryDirectory(prefix="py1177-diff-") as work:
            out_base, out_head = Path(work) / "base", Path(work) / "head"
            out_base.mkdir()
            out_head.mkdir()
            procs = (dump(base_dir, out_base, max_steps), dump(head_dir, out_head, max_steps, head_readings))
            try:
                _finish(procs[0], "base")
                _finish(procs[1], "head")
            finally:  # never leave a dumping process writing into a directory being removed
                for proc in procs:
                    if proc.poll() is None:
                        proc.kill()
                    proc.communicate()
            tally = compare(out_base, out_head, limit)
        from .kbinfo import kb_digest

        changes = tally.changes()
        return DiffReport(base=base if base_tmp else str(base_dir), head=str(head_dir), max_steps=max_steps,
                          examined=tally.examined, changed=tally.changed, moved=tally.moved,
                          changes=changes, truncated=tally.changed > len(changes),
                          answers_changed=tally.answers, explanations_changed=tally.explanations,
                          groups=tally.sorted_groups(), explanation_kinds=tally.explanation_kinds,
                          base_digest=kb_digest(base_dir),
                          head_digest=kb_digest(head_dir))
    finally:
        for tmp in (base_tmp, head_tmp):
            if tmp is not None:
                tmp.cleanup()
