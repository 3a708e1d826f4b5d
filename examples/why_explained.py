"""Why is the answer what it is, and why not something else?

1. Rulebook.why: the justification tree of step 1 of scenario 3.1.2c (the nurse forwards to a
   doctor who handles the case another day), printed as an indented tree; every node names its
   rule or scenario, the section, and the verbatim quote from the anvisning it rests on.
2. Rulebook.why_not: in 3.1.2b (the doctor takes over the same day) we expect the nurse to
   register "Text som inte ersätter besök" in step 1. Why does that not hold, and what is the
   smallest change to the case that makes it hold?

Run: python examples/why_explained.py
"""

from py1177 import Rulebook
from py1177.results import WhyNode

rulebook = Rulebook()


def print_tree(node: WhyNode, depth: int = 0) -> None:
    """One line per node (conclusion, section, rule), its quote below, its reasons indented."""
    indent = "    " * depth
    print(f"{indent}• {node.conclusion}  [§{node.section}, {node.rule}]")
    if node.quote:
        print(f"{indent}    ”{node.quote}”")
    for child in node.because:
        print_tree(child, depth + 1)


# 1. Why: step 1 of scenario 3.1.2c.
tree = rulebook.why(scenario="3.1.2c", step_no=1, date="2023-09-01", lang="en")
print("Why does the nurse register step 1 of 3.1.2c this way?")
print_tree(tree)

# 2. Why not: an expectation is a mapping of conditions that must all hold (here at step 1).
#    Keys: contact_type, registers, closes, attribute, diagnosis, status, scenario.
expect = {"contact_type": "Text som inte ersätter besök"}
answer = rulebook.why_not(scenario="3.1.2b", step_no=1, expect=expect, date="2023-09-01", lang="en")
print()
print(f"Why not {answer.expect} at step 1 of 3.1.2b?")
print(f"  holds: {answer.holds}; actually: {answer.actual}")
if answer.because is not None:
    # `because` is the why-tree of the case as it is: it quotes the text that decides it.
    print_tree(answer.because, depth=1)
if answer.changes and answer.searched is not None:
    size = len(answer.changes[0].edits)
    print(f"  Smallest changes ({size} edit each, {answer.searched.candidates} cases tried):")
    for change in answer.changes:
        print(f"    - {change.sentence}")
        print(f"        py1177 advise {' '.join('--step ' + s for s in change.steps)}")
elif answer.impossible:
    print("  No case within the vocabulary makes it hold.")
