"""Consume the CLI's JSON from another program (here: Python through a subprocess).

Run: python examples/json_from_cli.py
"""

import json
import subprocess
import sys

done = subprocess.run(
    [sys.executable, "-m", "py1177", "advise", "--json", "--date", "2023-09-01",
     "--step", "nurse:digital", "--step", "doctor:digital:unit=other"],
    capture_output=True, text=True, check=True)
answer = json.loads(done.stdout)
print(answer["scenario"], answer["status"], "closed by step", answer["closed_by_step"])
for step in answer["steps"]:
    types = [r["contact_type"] for r in step["registrations"]]
    print(f"  step {step['step']} {step['role']}: {types}")
