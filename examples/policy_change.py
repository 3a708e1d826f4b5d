"""Try a policy change on a scratch copy of the rulebook before proposing it.

The draft: §4.3 lists four vårdkontakt types on which the attribute "1177 direkt" is ticked,
among them "Telefonsamtal (kan komma att användas vid bekymmer med tjänsten 1177 direkt)".
Suppose a policy author proposes that an ordinary telephone call (one that does not replace
a visit) should no longer carry the attribute. We copy the bundled KB to a temporary
directory, drop that one fact from kb/section_4.pl, and ask the tools what it changes:

- `py1177 check --kb DRAFT`: does the draft still hold together, and still say what the
  anvisning's text says? It reads the text's own words (here: the §4.3 list no longer matches
  the contact types with the attribute, `attribute_list_4_3`) and runs the policy's own tests,
  kb/tests/*.yaml, which the copy carries. (exit 0 = all checks hold, 1 = something fails,
  2 = unreadable)
- `py1177 diff --base BUNDLED --head DRAFT`: which cases get another answer, before → after?

SWI-Prolog loads one KB per process, so the draft is only ever read in subprocesses.

Run: python examples/policy_change.py
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from py1177.bridge import bundled_kb_dir

MAX_STEPS = "2"  # chains of up to 2 steps: 49 395 cases, a few seconds
DROPPED = "attribute_contact_type(phone_call,"  # the §4.3 fact the draft removes


def py1177(*args: str, cwd: str) -> subprocess.CompletedProcess[str]:
    """Run the py1177 CLI in a subprocess (English output) and return the finished process."""
    return subprocess.run([sys.executable, "-m", "py1177", *args, "--lang", "en"],
                          capture_output=True, text=True, cwd=cwd)


bundled = bundled_kb_dir()
with tempfile.TemporaryDirectory(prefix="py1177-draft-") as scratch:
    draft = Path(scratch) / "kb"
    shutil.copytree(bundled, draft)

    # The edit: remove the one line that puts "Telefonsamtal" on the §4.3 attribute list.
    section_4 = draft / "section_4.pl"
    lines = section_4.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(DROPPED)]
    assert len(kept) == len(lines) - 1, "expected exactly one §4.3 fact for phone_call"
    section_4.write_text("".join(kept), encoding="utf-8")
    removed = next(line for line in lines if line.startswith(DROPPED)).strip()
    print(f"Draft: removed from §4.3 (kb/section_4.pl):\n  {removed}\n")

    # 1. check, read as JSON: the exit code, then every check that fails with its problems,
    #    and the lines of the anvisning that no KB fact encodes any more.
    checked = py1177("check", "--kb", str(draft), "--max-steps", MAX_STEPS, "--json", cwd=scratch)
    print(f"$ py1177 check --kb DRAFT --max-steps {MAX_STEPS}   → exit {checked.returncode}")
    if checked.returncode == 2:  # the draft could not be loaded: stderr names file:line
        sys.exit(checked.stderr)
    found = json.loads(checked.stdout)
    failing = []      # the names of the checks that fail
    for static in found["static"]:
        if not static["holds"]:
            failing.append(static["id"])
            print(f"  ✗ {static['id']}")
            for problem in static["problems"]:
                print(f"      - {problem}")
    for invariant in found["invariants"]:
        if not invariant["holds"]:
            failing.append(invariant["id"])
            print(f"  ✗ {invariant['id']}: {invariant['description']}")
    untraced = [row for row in found["coverage"]["rows"] if not row["encoded_by"]]
    if untraced:
        failing.append("coverage of the source")
        print(f"  ✗ coverage: {len(untraced)} line(s) of §3.1/§4 no longer traced to the KB")
        for row in untraced:
            print(f"      §{row['section']} line {row['line']}: {row['text']}")

    # 2. diff: every chain of up to MAX_STEPS steps whose answer changed. --json is easier
    #    to consume than the text and lists every changed chain (--limit N would cut it).
    diffed = py1177("diff", "--base", str(bundled), "--head", str(draft), "--max-steps", MAX_STEPS,
                    "--json", cwd=scratch)
    print(f"\n$ py1177 diff --base BUNDLED --head DRAFT --max-steps {MAX_STEPS}   → exit {diffed.returncode}")
    if diffed.returncode == 2:
        sys.exit(diffed.stderr)
    report = json.loads(diffed.stdout)
    print(f"  {report['answers_changed']} of {report['examined']} chains get another answer "
          f"({report['explanations_changed']} only another explanation); status moves: {report['moved'] or 'none'}")
    for change in report["changes"][:3]:
        print("  --step " + " --step ".join(change["chain"]))
        for step in change.get("steps", []):
            for alt in step.get("alternatives", []):
                print(f"      step {step['step']} {alt['alternative']}: {alt['before']} → {alt['after']}")

    # diff groups the answer changes by effect (step, role, alternative, before → after).
    kinds: dict[tuple[str, str, str], int] = {}
    for group in report["groups"]:
        effect = group["effect"]
        if "alternative" in effect:
            kind = (effect["alternative"], effect["before"], effect["after"])
            kinds[kind] = kinds.get(kind, 0) + group["count"]

print()
print(f"Summary: the change affects the answers of {report['answers_changed']} of {report['examined']} cases "
      f"(chains of up to {MAX_STEPS} steps):")
for (alternative, before, after), count in sorted(kinds.items(), key=lambda item: -item[1]):
    print(f"  {count} step answers: {alternative} '{before}' → '{after}'")
if checked.returncode == 0:
    print("  and check passes.")
else:
    print(f"  and check fails on: {', '.join(failing)}.")
for row in untraced:
    print(f"  The draft no longer encodes this line of the anvisning (§{row['section']}): {row['text']}")
