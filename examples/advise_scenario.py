"""Ask the rulebook about a documented scenario and print what each step registers.

Run: python examples/advise_scenario.py [SCENARIO-ID]
"""

import sys

from py1177 import Rulebook

rulebook = Rulebook()
scenario = sys.argv[1] if len(sys.argv) > 1 else "3.1.2c"
advice = rulebook.advise(scenario=scenario, date="2023-09-01")

print(f"{advice.scenario} (§{advice.section}): {advice.title}")
for step in advice.steps:
    print(f"step {step.step}: {step.role.value} {step.channel.value}")
    if step.registrations == () and step.no_pmo is not None:
        print(f"  nothing in PMO: {step.no_pmo.quote}")
    for reg in step.registrations or ():
        extra = " + diagnosis (KVÅ optional)" if reg.diagnosis else ""
        print(f"  {reg.lead} {reg.contact_type}, attribute {reg.attribute}{extra}")
# asked by scenario id, the closer is the set of roles the text names for that step
roles = " or ".join(role.value for role in advice.closed_by_roles)
print(f"closed in 1177 direkt by step {advice.closed_by_step} ({roles})")
