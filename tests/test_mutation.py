"""Mutation test of the checker (issue 12, point 7): seeded faults in the policy files must make
`py1177 check --max-steps 2` fail. A small sample that rotates by date runs here (seed in
PY1177_MUTATION_SEED to repeat a run); every mutant runs in the bench
(`bench/bench.py --only mutation`), with the kill rate. A survivor must belong to a class the
README names with its reason (mutants.survivor_class); any other survivor fails this test."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

import pytest

import mutants

KB = Path(__file__).resolve().parent.parent / "kb"
SAMPLE = 12


@pytest.fixture(scope="module")
def population():
    return mutants.generate(KB)


def test_the_generator_is_deterministic_and_uses_every_operator(population):
    again = mutants.generate(KB)
    assert again == population and len(population) > 500
    operators = Counter(m.operator for m in population)
    assert set(operators) == {"delete", "bool", "relation", "role", "channel", "alternative", "contact_type",
                              "contact_type_label", "kva"}, operators
    files = {m.file for m in population}
    assert files == {p.name for p in KB.glob("*.pl")}
    for m in population[:: max(1, len(population) // 50)]:  # every mutant changes its file
        text = (KB / m.file).read_text(encoding="utf-8")
        assert m.apply(text) != text
    # deletions take whole clauses and never a directive
    deleted = [m for m in population if m.operator == "delete"]
    assert all(m.old.rstrip().endswith(".") and not m.old.lstrip().startswith(":-") for m in deleted)
    assert any(m.old.startswith("contact_type(distance_realtime,") for m in deleted)
    # atoms are replaced in code only, never inside a comment or a string
    assert not any(m.operator == "role" and m.file == "vocabulary.pl" and m.line < 30 for m in population)
    # the same seed draws the same sample
    assert mutants.sample(population, 5, "x") == mutants.sample(population, 5, "x")


def test_a_rotating_sample_of_mutants_is_killed(population):
    seed = os.environ.get("PY1177_MUTATION_SEED") or dt.date.today().isoformat()
    chosen = mutants.sample(population, SAMPLE, seed)
    results = mutants.run_all(chosen, KB, jobs=2, max_steps=2)
    unexplained = [r for r in results if not r.killed and mutants.survivor_class(r.mutant) is None]
    assert not unexplained, (f"seed {seed!r} (PY1177_MUTATION_SEED={seed} to repeat): mutants that pass "
                             "check and belong to no class named in the README:\n"
                             + "\n".join(r.mutant.name for r in unexplained))
    assert all(r.exit_code is not None for r in results), "a mutant's check timed out"


def test_the_known_surviving_classes_are_real_survivors(population):
    """A class the README names is shown by a mutant that really passes check (else the class is
    stale and must go): three classes a run, rotating by date; a killed mutant is not explained
    away."""
    assert set(mutants.EXAMPLES) == set(mutants.SURVIVOR_EXAMPLES)
    seed = os.environ.get("PY1177_MUTATION_SEED") or dt.date.today().isoformat()
    classes = sorted(mutants.SURVIVOR_EXAMPLES)
    shown = [mutants.example(population, name) for name in mutants.sample(classes, 3, seed)]
    results = mutants.run_all(shown, KB, jobs=2, max_steps=2)
    assert [r.mutant.name for r in results if r.killed] == [], f"seed {seed!r}"
    killed = next(m for m in population if m.operator == "role" and m.file == "section_3_1_2.pl")
    assert mutants.survivor_class(killed) is None
