"""Reverse questions with Rulebook.find: not "what does this case register?" but "which
cases register (or do not register) something?", answered completely, each hit with its reason.

1. Among the documented scenarios (§3.1): where does the nurse never register anything in PMO?
   (Per scenario: a scenario matches only when all its chains match.)
2. Among every chain of up to 2 steps the vocabulary allows: where does some step register
   nothing in PMO, and which of those does the anvisning document (and which are gaps)?

Run: python examples/reverse_question.py
"""

from collections.abc import Iterable

from py1177 import Role, Rulebook, Status

rulebook = Rulebook()


def chain(steps: Iterable[str]) -> str:
    """A match's steps as the CLI options that reproduce it (`py1177 advise --step ...`)."""
    return " ".join(f"--step {step}" for step in steps)


# 1. Without `cases`, find answers per documented scenario: a scenario matches only when
#    every chain of it (every role its heading names) matches. A match where no nurse takes
#    part at all is "vacuous", and says so.
result = rulebook.find(never_registers=Role.NURSE, lang="en")
print("Q1: In which documented scenarios does the nurse never register anything in PMO?")
print(f"    {result.scenarios_examined} scenarios ({result.examined} chains) examined, {result.matched} match")
for match in result.matches:
    print(f"  {match.scenario}  e.g. {chain(match.steps)}")
    print(f"          – {match.reason}")
print("  A nurse takes part but registers nothing:",
      ", ".join(m.scenario or "" for m in result.matches if not m.vacuous))
print("  No nurse takes part (vacuous):", ", ".join(m.scenario or "" for m in result.matches if m.vacuous))
print("  Only some chains match (not a match):",
      ", ".join(f"{s.id} ({s.matched}/{s.of})" for s in result.scenarios if s.matched < s.of))

# The same question chain by chain (chains=True): 3.1.3b's doctor-first chain has no nurse.
by_chain = rulebook.find(never_registers=Role.NURSE, chains=True, lang="en")
print("  Chain by chain (matching chains/all chains):",
      ", ".join(f"{s.id} ({s.matched}/{s.of})" for s in by_chain.scenarios))

# 2. With `cases=N`, find examines every chain of up to N steps (49 395 at N=2), including
#    the replaces_visit choices, chain by chain. A gap (where the anvisning is silent) in
#    which a step matches is listed with status gap; the others are counted as `undecided`.
result = rulebook.find(no_pmo_step=True, cases=2, lang="en", limit=100_000)
print()
print("Q2: In which chains of up to 2 steps does some step register nothing in PMO?")
gaps = [m for m in result.matches if m.status is Status.GAP]
print(f"    {result.examined} chains examined, {result.matched} match, "
      f"{result.undecided} are gaps ({len(gaps)} of them with a matching step)")
documented = [m for m in result.matches if m.scenario is not None]
inferred = [m for m in result.matches if m.status is Status.INFERRED]
print(f"  documented in the anvisning: {len(documented)} "
      f"(scenarios: {', '.join(s.id for s in result.scenarios)}); first three:")
for match in documented[:3]:
    print(f"    {match.scenario}  {chain(match.steps)}  – {match.reason}")
print(f"  inferred from the general rules only: {len(inferred)}; first three:")
for match in inferred[:3]:
    print(f"    {chain(match.steps)}  – {match.reason}")
print("  a step matches, but the chain is a gap; first one:")
for match in gaps[:1]:
    print(f"    {chain(match.steps)}  – {match.reason}")
