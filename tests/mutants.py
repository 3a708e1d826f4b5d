"""Seeded faults in the policy files (kb/*.pl): a mutant generator and a runner.

Each mutant changes ONE place of one policy file with one operator:

- ``delete``: a clause is deleted (directives are kept: they are not policy);
- ``bool``: ``true`` ↔ ``false``;
- ``relation``: ``same`` ↔ ``other``;
- ``role``: ``nurse`` → ``doctor`` / ``other_clinician``, ``doctor`` / ``other_clinician`` → ``nurse``;
- ``channel``: ``digital`` ↔ ``physical``;
- ``alternative``: ``replaces_visit`` ↔ ``not_replaces_visit``;
- ``contact_type``: one contact type for another, as an id or as the label inside a string
  ("Text som inte ersätter besök" ↔ "Distanskontakt realtid bild/ljud/chatt",
  "Telefonsamtal" ↔ "Telefonsamtal som ersätter besök", "Mottagningsbesök" →
  "Text som inte ersätter besök");
- ``kva``: ``optional`` ↔ ``none``.

Atoms are replaced only in code (not in comments, strings or quoted atoms); labels only
inside strings. A mutant "is killed" when ``py1177 check --kb MUTANT --max-steps 2`` does not
exit 0. The test suite runs a small sample that rotates by date; the bench runs all of them.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

ATOM_SWAPS: dict[str, list[tuple[str, str]]] = {
    "bool": [("true", "false"), ("false", "true")],
    "relation": [("same", "other"), ("other", "same")],
    "role": [("nurse", "doctor"), ("nurse", "other_clinician"), ("doctor", "nurse"),
             ("other_clinician", "nurse")],
    "channel": [("digital", "physical"), ("physical", "digital")],
    "alternative": [("replaces_visit", "not_replaces_visit"), ("not_replaces_visit", "replaces_visit")],
    "contact_type": [("text_not_replacing_visit", "distance_realtime"),
                     ("distance_realtime", "text_not_replacing_visit"),
                     ("phone_call", "phone_call_replacing_visit"),
                     ("phone_call_replacing_visit", "phone_call"),
                     ("clinic_visit", "text_not_replacing_visit")],
    "kva": [("optional", "none"), ("none", "optional")],
}
TEXT = "Text som inte ersätter besök"
DIST = "Distanskontakt realtid bild/ljud/chatt"
LABEL_SWAPS: list[tuple[str, str]] = [
    (TEXT, DIST), (DIST, TEXT),
    ("Telefonsamtal som ersätter besök", "Telefonsamtal"),
    ("Mottagningsbesök", TEXT),
]


@dataclass(frozen=True)
class Mutant:
    """One seeded fault: in ``file`` the text at ``start:end`` becomes ``new``."""

    file: str
    operator: str
    start: int
    end: int
    old: str
    new: str
    line: int
    column: int = 0

    @property
    def name(self) -> str:
        old = self.old if len(self.old) <= 40 else self.old[:37] + "..."
        old = " ".join(old.split())
        return f"{self.file}:{self.line}:{self.column} {self.operator} {old!r}→{self.new!r}"

    def apply(self, text: str) -> str:
        assert text[self.start:self.end] == self.old, self.name
        return text[:self.start] + self.new + text[self.end:]


# --- a small Prolog scanner: code, comments, strings, quoted atoms, clause ends -------------

def _regions(text: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) over text: kind is code, comment, string ("…") or quoted ('…')."""
    i, n, start = 0, len(text), 0
    while i < n:
        c = text[i]
        if c == "%":
            if start < i:
                yield "code", start, i
            j = text.find("\n", i)
            j = n if j < 0 else j
            yield "comment", i, j
            i = start = j
        elif c == "/" and text.startswith("/*", i):
            if start < i:
                yield "code", start, i
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            yield "comment", i, j
            i = start = j
        elif c == "0" and text.startswith("0'", i) and (i == 0 or not text[i - 1].isalnum()):
            i += 3 if i + 2 < n and text[i + 2] != "\\" else 4
        elif c in "\"'`":
            if start < i:
                yield "code", start, i
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            yield ("string" if c == '"' else "quoted"), i, j
            i = start = j
        else:
            i += 1
    if start < n:
        yield "code", start, n


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of every clause and directive: from after the previous end to its '.'."""
    out, begin = [], 0
    for kind, s, e in _regions(text):
        if kind != "code":
            continue
        for m in re.finditer(r"\.(?=\s|$)", text[s:e]):
            pos = s + m.start()
            if pos > 0 and text[pos - 1] in "=.":  # '=..' and the like
                continue
            out.append((begin, pos + 1))
            begin = pos + 1
    return out


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _column(text: str, pos: int) -> int:
    return pos - (text.rfind("\n", 0, pos) + 1) + 1


def generate(kb_dir: Path) -> list[Mutant]:
    """Every mutant of every policy file of kb_dir (kb/*.pl), in a fixed order."""
    mutants: list[Mutant] = []
    for path in sorted(kb_dir.glob("*.pl")):
        text = path.read_text(encoding="utf-8")
        name = path.name
        regions = list(_regions(text))
        for start, end in clauses(text):
            body = text[start:end]
            stripped = _strip_comments(body)
            if not stripped.strip() or stripped.lstrip().startswith(":-"):
                continue
            s = start + _code_offset(body)  # a comment before the clause stays
            mutants.append(Mutant(name, "delete", s, end, text[s:end], "", _line(text, s), _column(text, s)))
        for kind, s, e in regions:
            segment = text[s:e]
            if kind == "code":
                for operator, swaps in ATOM_SWAPS.items():
                    for old, new in swaps:
                        for m in re.finditer(rf"(?<![A-Za-z0-9_]){re.escape(old)}(?![A-Za-z0-9_])", segment):
                            p = s + m.start()
                            mutants.append(Mutant(name, operator, p, p + len(old), old, new, _line(text, p),
                                                  _column(text, p)))
            elif kind == "string":
                for old, new in LABEL_SWAPS:
                    for m in re.finditer(re.escape(old), segment):
                        p = s + m.start()
                        mutants.append(Mutant(name, "contact_type_label", p, p + len(old), old, new,
                                              _line(text, p), _column(text, p)))
    return mutants


def _strip_comments(body: str) -> str:
    return "".join(body[s:e] for kind, s, e in _regions(body) if kind != "comment")


def _code_offset(body: str) -> int:
    """Offset of the first code character of a clause's text (after blanks and comments)."""
    for kind, s, e in _regions(body):
        if kind == "comment":
            continue
        chunk = body[s:e]
        stripped = chunk.lstrip()
        if stripped:
            return s + len(chunk) - len(stripped)
    return len(body)


def sample(mutants: list[Mutant], n: int, seed: object) -> list[Mutant]:
    """n mutants drawn with seed (a fixed number, or e.g. today's date to rotate the sample)."""
    rng = random.Random(str(seed))
    return rng.sample(mutants, min(n, len(mutants)))


# --- survivors -----------------------------------------------------------------------------

KB_DIR = Path(__file__).resolve().parent.parent / "kb"

SURVIVOR_EXAMPLES: dict[str, str] = {
    "another source of the rule": (
        "one of the two source quotes of r_closer_last_in_1177 deleted (an answer names the closer, "
        "not its quotes; `why` shows them), or a quote that another rule of the same step cites too "
        "(§3.1.2 \"Sjuksköterskan skickar ärendet vidare via 1177 direkt.\", cited by "
        "gap_forward_by_phone and gap_forward_with_content): what a step cites is unchanged, so the "
        "policy tests' `sources` (kb/tests/general/sources.yaml) cannot see it"),
    "a reading's effect": (
        "explaining_reading_/2 deleted: the question's effect is then listed as `decides` instead of "
        "`layout`/`scope`; no registration, closer or status changes and no policy test states it"),
    "a note-only erratum": (
        "an erratum that changes no text (found = normalised: e7 the lost indents, e8 the case-number "
        "placeholder, e9 the links without a target) deleted: it is an observation for readers; what "
        "it explains is carried by other facts (q_layout_bullets and unindented_bullet/4, "
        "guideline(case_number, null), link/3 with target none)"),
    "metadata no answer uses": (
        "a title-page or §1/§2 value of guideline/2 deleted that no answer, warning or check reads "
        "(document type, organisation, case number, procured by, decided, steering-group chair): "
        "only `py1177 guideline` lists it; its quote (guideline_fact/3) stays and is checked; or a "
        "quoted §1/§2 fact that is no guideline/2 value (aim, transfers, steering group) deleted"),
    "a normalised-quote note": (
        "normalised_quote/3 deleted: the note that a step's quote was normalised by an erratum (e3, "
        "e4); what the step registers, its quotes and the erratum itself are unchanged"),
    "a redundant guard": (
        "`none`→`optional` in a guard the next goal already implies (rules.pl: `Replaces \\== none` "
        "before wanted_alternative/2, which has no `none`; `Purpose \\== none` before "
        "heading_names_role_/2, which every role meets for no purpose): an equivalent mutant"),
    "a closer reading the general rule gives anyway": (
        "closer_reading(q_closer_3_1_3b, handler, step(1)) deleted: under the reading in force (handler) "
        "the general closer rule (r_closer_last_in_1177: the last step in 1177 direkt) names the same "
        "step 1 of the one-step 3.1.3b, so no answer changes: an equivalent mutant"),
}
"""The classes of mutants that pass check, each with its reason (also in the README)."""

EXAMPLES: dict[str, tuple[str, str, str, str]] = {
    "another source of the rule": ("rules.pl", "delete", "rule_source(r_closer_last_in_1177, '3.1.1',", ""),
    "metadata no answer uses": ("guideline.pl", "delete", "guideline(document_type,", ""),
    "a normalised-quote note": ("section_3_1_1.pl", "delete", "scenarios:normalised_quote('3.1.1c',", ""),
    "a note-only erratum": ("guideline.pl", "delete", "erratum(e7,", ""),
    "a reading's effect": ("questions.pl", "delete", "explaining_reading_(q_licensed,", ""),
    "a redundant guard": ("rules.pl", "kva", "none", "optional"),
    "a closer reading the general rule gives anyway": ("section_3_1_3.pl", "delete",
                                                       "scenarios:closer_reading(q_closer_3_1_3b, handler,", ""),
}
"""For each surviving class, a mutant measured to survive: (file, operator, old starts with, new)."""


def example(population: list[Mutant], name: str) -> Mutant:
    """The first mutant of class ``name`` that matches its EXAMPLES entry."""
    file, operator, old, new = EXAMPLES[name]
    return next(m for m in population if m.file == file and m.operator == operator and m.old.startswith(old)
                and m.new == new and survivor_class(m) == name)


REDUNDANT_GUARDS = ("    Replaces \\== none,\n    purpose_alternatives_(", "    Purpose \\== none,\n    \\+ heading_names_role_(")
"""The guards of rules.pl that the next goal implies (the text from the guard on)."""

_TEXTS: dict[str, str] = {}


def _kb_text(name: str) -> str:
    if name not in _TEXTS:
        _TEXTS[name] = (KB_DIR / name).read_text(encoding="utf-8")
    return _TEXTS[name]


def survivor_class(mutant: Mutant) -> Optional[str]:
    """The named class of a mutant expected to survive check, or None."""
    if mutant.operator == "kva" and mutant.file == "rules.pl" and mutant.old == "none":
        text = _kb_text(mutant.file)
        start = text.rfind("\n", 0, mutant.start) + 1
        if any(text.startswith(guard, start) for guard in REDUNDANT_GUARDS):
            return "a redundant guard"
    if mutant.operator == "delete" and mutant.old.startswith("scenarios:closer_reading(q_closer_3_1_3b, handler,"):
        return "a closer reading the general rule gives anyway"
    if mutant.operator == "delete" and mutant.old.startswith("scenarios:normalised_quote("):
        return "a normalised-quote note"
    if mutant.operator == "delete":
        m = re.match(r"rule_source\((\w+), '([^']+)',", mutant.old)
        if m and (m.group(1) == "r_closer_last_in_1177" or m.group(1, 2) == ("gap_forward_by_phone", "3.1.2")):
            return "another source of the rule"
        if mutant.old.startswith("explaining_reading_("):
            return "a reading's effect"
        m = re.match(r'erratum\(\w+, [^,]+, ("(?:[^"\\]|\\.)*"), ("(?:[^"\\]|\\.)*"),', mutant.old)
        if m and m.group(1) == m.group(2):
            return "a note-only erratum"
        m = re.match(r"guideline\((\w+),", mutant.old)
        if m and mutant.file == "guideline.pl" and not any(
                re.search(rf"guideline\({m.group(1)}\b", p.read_text(encoding="utf-8"))
                for p in (KB_DIR.parent / "py1177" / "engine").glob("*.pl")) \
                and m.group(1) not in ("title", "issuer", "department", "process", "created_by", "approved_by",
                                       "approved", "scope", "scope_note", "version", "valid_from", "valid_to"):
            return "metadata no answer uses"
        m = re.match(r"guideline_fact\((\w+),", mutant.old)
        if m and not re.search(rf'^guideline\({m.group(1)}, "', _kb_text(mutant.file), re.M):
            return "metadata no answer uses"
    return None


# --- running ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    mutant: Mutant
    exit_code: Optional[int]  # None: timed out
    seconds: float
    output: str

    @property
    def killed(self) -> bool:
        return self.exit_code != 0


def check_command(kb: Path, max_steps: int = 2) -> list[str]:
    return [sys.executable, "-m", "py1177", "check", "--kb", str(kb), "--max-steps", str(max_steps),
            "--no-progress", "--lang", "en"]


def run_one(mutant: Mutant, kb_dir: Path, work: Path, max_steps: int = 2, timeout: float = 120) -> Result:
    """Check one mutant: a copy of kb_dir with the mutant applied, checked in a subprocess
    with ``check --max-steps 1`` first and, only if that passes, ``--max-steps max_steps``.
    The chains of depth 1 are among those of depth 2 (with the same replaces_visit choices)
    and every other check does not depend on the depth, so a mutant that fails at depth 1
    fails at depth 2: the first run only saves time."""
    target = work / f"kb-{os.getpid()}-{abs(hash(mutant)) % 10**9}"
    shutil.copytree(kb_dir, target, ignore=shutil.ignore_patterns("__pycache__"))
    try:
        path = target / mutant.file
        path.write_text(mutant.apply(path.read_text(encoding="utf-8")), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
        if os.environ.get("PY1177_MUTANT_PYTHONPATH"):  # a snapshot of the package (the bench's --source)
            env["PYTHONPATH"] = os.environ["PY1177_MUTANT_PYTHONPATH"]
        started = time.perf_counter()
        code, out = 0, ""
        for depth in sorted({1, max_steps}):
            try:
                done = subprocess.run(check_command(target, depth), capture_output=True, text=True,
                                      timeout=timeout, env=env, cwd=work)
                code, out = done.returncode, done.stdout + done.stderr
            except subprocess.TimeoutExpired:
                code, out = None, "timed out"
            if code != 0:
                break
        return Result(mutant, code, time.perf_counter() - started, out)
    finally:
        shutil.rmtree(target, ignore_errors=True)


def run_all(mutants: list[Mutant], kb_dir: Path, jobs: int = 2, max_steps: int = 2,
            timeout: float = 120, log: Optional[object] = None) -> list[Result]:
    """Check every mutant, ``jobs`` at a time; with ``log`` (a text file) one line per mutant
    as it is done ("killed"/"SURVIVED", exit code, name)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(m: Mutant) -> Result:
        result = run_one(m, kb_dir, Path(tmp), max_steps, timeout)
        if log is not None:
            print(f"{'killed' if result.killed else 'SURVIVED'} {result.exit_code} {m.name}", file=log, flush=True)
        return result

    with tempfile.TemporaryDirectory(prefix="py1177-mutants-") as tmp:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(one, mutants))
