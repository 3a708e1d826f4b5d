"""Reverse questions with Rulebook.find: not "what does this case register?" but "which
cases register (or do not register) something?", answered completely, each hit with its reason.

1. Among the documented scenarios (§3.1): where does the nurse never register anything in PMO?
2. Among every chain of up to 2 steps the vocabulary allows: where does some step register
   nothing in PMO, and which of those does the anvisning document?

Run: python examples/reverse_question.py
"""

from py1177 import Role, Rulebook

rulebook = Rulebook()


def chain(steps):
    """A match's steps as the CLI options that reproduce it (`py1177 advise --step ...`)."""
    return " ".join(f"--step {step}" for step in steps)


# 1. Without `cases`, find examines the chains of the twelve documented scenarios
#    (every role the scenario heading names, so a scenario can have several chains).
result = rulebook.find(never_registers=Role.NURSE, lang="en")
print("Q1: In which documented scenarios does the nurse never register anything in PMO?")
print(f"    {result.examined} chains examined, {result.matched} match")
for match in result.matches:
    print(f"  {match.scenario}  {chain(match.steps)}")
    print(f"          – {match.reason}")

# "Never registers" also holds when no nurse takes part at all: split the two kinds.
with_nurse = sorted({m.scenario for m in result.matches
                     if any(step.startswith("nurse:") for step in m.steps)})
without_nurse = sorted({m.scenario for m in result.matches} - set(with_nurse))
print("  Scenarios (matching chains/all chains):",
      ", ".join(f"{s.id} ({s.matched}/{s.of})" for s in result.scenarios))
print("  A nurse takes part but registers nothing:", ", ".join(with_nurse))
print("  No nurse takes part:", ", ".join(without_nurse))

# 2. With `cases=N`, find examines every chain of up to N steps (49 395 at N=2), including
#    the replaces_visit choices. Gaps (where the anvisning is silent) match no filter; the
#    result counts them as `undecided`.
result = rulebook.find(no_pmo_step=True, cases=2, lang="en")
print()
print("Q2: In which chains of up to 2 steps does some step register nothing in PMO?")
print(f"    {result.examined} chains examined, {result.matched} match, "
      f"{result.undecided} are gaps (undecided, so they match no filter)")
documented = [m for m in result.matches if m.scenario is not None]
inferred = [m for m in result.matches if m.scenario is None]
print(f"  documented in the anvisning: {len(documented)} "
      f"(scenarios: {', '.join(s.id for s in result.scenarios)}); first three:")
for match in documented[:3]:
    print(f"    {match.scenario}  {chain(match.steps)}  – {match.reason}")
print(f"  inferred from the general rules only: {len(inferred)}; first three:")
for match in inferred[:3]:
    print(f"    {chain(match.steps)}  – {match.reason}")
if result.truncated:
    print(f"  (only the first {len(result.matches)} matches were returned: raise `limit`)")
