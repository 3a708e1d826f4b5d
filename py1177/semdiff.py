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

FIELDS = ("status", "scenario", "closed_by_step", "steps", "citations")


@dataclass
class DiffReport:
    """The chains whose answers differ between ``base`` and ``head``."""

    base: str
    head: str
    max_steps: int
    examined: int
    changed: int
    moved: dict[str, int]
    changes: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"base": self.base, "head": self.head, "max_steps": self.max_steps,
                "examined": self.examined, "changed": self.changed, "moved": self.moved,
                "changes": self.changes, "truncated": self.truncated}


def resolve_kb(spec: str, cwd: Path) -> tuple[Path, Optional[tempfile.TemporaryDirectory], Optional[Path]]:
    """A KB directory for ``spec``: a directory (holding rules.pl, or kb/rules.pl) or a git
    revision of the repository around ``cwd``, extracted to a temporary directory.
    Returns (kb_dir, temporary directory to clean up, repository root if git was used)."""
    path = Path(spec)
    if path.is_dir():
        for candidate in (path, path / "kb"):
            if (candidate / POLICY_MARKER).is_file():
                return candidate.resolve(), None, None
        raise InputError("no_git", None, value=spec, detail=f"the directory holds no {POLICY_MARKER} or kb/{POLICY_MARKER}")
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError("no_git", None, value=spec, detail=str(exc)) from None
    if top.returncode != 0:
        raise InputError("no_git", None, value=spec, detail="not inside a git repository")
    root = Path(top.stdout.strip())
    rev = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], cwd=root,
                         capture_output=True, text=True, timeout=30)
    if rev.returncode != 0:
        raise InputError("no_git", None, value=spec, detail="unknown revision")
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


def dump(kb_dir: Path, out_dir: Path, max_steps: int) -> subprocess.Popen:
    """Start a process that loads ``kb_dir`` and dumps every chain to ``out_dir``.

    It runs in ``out_dir`` so that ``python -m py1177`` imports this installed tool, never
    a ``py1177/`` folder in the caller's working directory.
    """
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    return subprocess.Popen([sys.executable, "-m", "py1177", "_dump", "--kb", str(kb_dir),
                             "--max-steps", str(max_steps), "--out", str(out_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=out_dir)


def _finish(proc: subprocess.Popen, side: str) -> dict[str, Any]:
    out, err = proc.communicate()
    if proc.returncode != 0:
        detail = " ".join(err.split()) or f"exit {proc.returncode}"
        if detail.startswith("py1177: "):
            detail = detail.split(": ", 2)[-1]
        if "existence_error" in detail or "No permission to import" in detail or "not defined" in detail:
            detail += (" (a KB older than this tool's policy interface — e.g. one without"
                       " rules:step_outcomes/3 — cannot be read by it)")
        raise KBError(f"the {side} rulebook could not be read: {detail}")
    try:
        return json.loads(out)
    except ValueError:  # e.g. a KB that ended the process while it was read
        raise KBError(f"the {side} rulebook could not be read: its process ended without an answer") from None


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


def describe(spec: str, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The differences of one chain, field by field and step by step."""
    change: dict[str, Any] = {"chain": spec.split(" ")}
    for key in ("status", "scenario", "closed_by_step"):
        if before[key] != after[key]:
            change[key] = {"before": before[key], "after": after[key]}
    steps = []
    for number, (b, a) in enumerate(zip(before["steps"], after["steps"]), 1):
        if b != a:
            entry: dict[str, Any] = {"step": number, "before": b, "after": a}
            alts_b, alts_a = _alternatives(b), _alternatives(a)
            if alts_b is not None and alts_a is not None:
                entry["alternatives"] = [
                    {"alternative": key, "before": alts_b.get(key, "–"), "after": alts_a.get(key, "–")}
                    for key in sorted(set(alts_b) | set(alts_a)) if alts_b.get(key) != alts_a.get(key)]
            steps.append(entry)
    if steps:
        change["steps"] = steps
    if before["citations"] != after["citations"]:
        change["citations_changed"] = True
    return change


class _Tally:
    """Changed chains: counts, moves between statuses, and the first ``limit`` changes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.examined = 0
        self.changed = 0
        self.moved: dict[str, int] = {}
        self.changes: list[dict[str, Any]] = []

    def record(self, spec: str, before_text: Optional[str], after_text: Optional[str]) -> None:
        self.changed += 1
        before = parse(before_text) if before_text is not None else None
        after = parse(after_text) if after_text is not None else None
        status_before = before["status"] if before else "absent"
        status_after = after["status"] if after else "absent"
        if status_before != status_after:
            key = f"{status_before}->{status_after}"
            self.moved[key] = self.moved.get(key, 0) + 1
        if len(self.changes) < self.limit:
            if before is None or after is None:
                self.changes.append({"chain": spec.split(" "),
                                     "status": {"before": status_before, "after": status_after}})
            else:
                self.changes.append(describe(spec, before, after))


def compare(base_dir: Path, head_dir: Path, limit: int) -> _Tally:
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


def _compare_by_chain(base_dir: Path, head_dir: Path, limit: int) -> _Tally:
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


def semantic_diff(base: str, head: Optional[str], max_steps: int, cwd: Path, limit: int = 200,
                  default_head: Optional[Path] = None) -> DiffReport:
    """Compare the answers of two KB versions for every chain of up to ``max_steps`` steps."""
    _terminate_on_sigterm()
    base_dir, base_tmp, repo = resolve_kb(base, cwd)
    head_tmp = None
    try:
        if head is not None:
            head_dir, head_tmp, _ = resolve_kb(head, cwd)
        elif repo is not None and (repo / "kb" / POLICY_MARKER).is_file():
            head_dir = (repo / "kb").resolve()
        elif default_head is not None:
            head_dir = default_head
        else:
            raise InputError("no_git", None, value="--head", detail="give --head DIR")
        with tempfile.TemporaryDirectory(prefix="py1177-diff-") as work:
            out_base, out_head = Path(work) / "base", Path(work) / "head"
            out_base.mkdir()
            out_head.mkdir()
            procs = (dump(base_dir, out_base, max_steps), dump(head_dir, out_head, max_steps))
            try:
                _finish(procs[0], "base")
                _finish(procs[1], "head")
            finally:  # never leave a dumping process writing into a directory being removed
                for proc in procs:
                    if proc.poll() is None:
                        proc.kill()
                    proc.communicate()
            tally = compare(out_base, out_head, limit)
        return DiffReport(base=base if base_tmp else str(base_dir), head=str(head_dir), max_steps=max_steps,
                          examined=tally.examined, changed=tally.changed, moved=tally.moved,
                          changes=tally.changes, truncated=tally.changed > len(tally.changes))
    finally:
        for tmp in (base_tmp, head_tmp):
            if tmp is not None:
                tmp.cleanup()
