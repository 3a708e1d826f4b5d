"""Describe a case as a chain of steps; the rulebook says whether the anvisning documents
it, infers it from its general rules, or cannot decide it (a gap).

Run: python examples/advise_steps.py
"""

from py1177 import Case, Channel, Relation, Role, Rulebook, Step

rulebook = Rulebook()
cases = {
    "nurse → doctor via 1177 direkt, another day (3.1.2c)": Case((
        Step(Role.NURSE, Channel.DIGITAL),
        Step(Role.DOCTOR, Channel.DIGITAL, day=Relation.OTHER),
    )),
    "doctor → other clinician the same day (not in the anvisning)": Case((
        Step(Role.DOCTOR, Channel.DIGITAL),
        Step(Role.OTHER_CLINICIAN, Channel.DIGITAL),
    )),
    "nurse → nurse the same day on the same unit (a gap)": Case((
        Step(Role.NURSE, Channel.DIGITAL),
        Step(Role.NURSE, Channel.DIGITAL),
    )),
}
for name, case in cases.items():
    advice = rulebook.advise(case, date="2023-09-01", lang="en")
    print(f"{name}: {advice.status.value}, closed by step {advice.closed_by_step}")
    for step in advice.steps:
        what = ("undecided" if step.registrations is None
                else "nothing in PMO" if step.registrations == ()
                else " / ".join(r.contact_type for r in step.registrations))
        print(f"  step {step.step} ({step.role.value}): {what}")
    for warning in advice.warnings:
        if warning.code in ("inferred", "gap"):
            print(f"  ! {warning.message}")
