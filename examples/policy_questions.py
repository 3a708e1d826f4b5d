"""List where the anvisning is ambiguous or silent, the reading the KB encodes, and the
source's own typos (errata).

Run: python examples/policy_questions.py
"""

from py1177 import Rulebook

rulebook = Rulebook()
for question in rulebook.policy_questions(lang="en"):
    affects = ", ".join(question.rules + question.scenarios) or "-"
    print(f"{question.id} [{question.kind}] §{', §'.join(question.sections)} (affects: {affects})")
    print(f"  {question.question}")
    print(f"  reading: {question.reading}")
for erratum in rulebook.errata():
    print(f"erratum {erratum.id} §{erratum.section}: {erratum.found!r} -> {erratum.normalised!r}")
