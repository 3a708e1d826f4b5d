"""advise_many (compact answers for many cases) and many threads on one rulebook."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from py1177 import InputError, Status
from strategies import cases


@settings(max_examples=30)
@given(st.lists(cases(max_steps=3), min_size=1, max_size=40))
def test_advise_many_equals_advise(rulebook, batch):
    summaries = rulebook.advise_many(batch, chunk=7)
    assert len(summaries) == len(batch)
    for case, summary in zip(batch, summaries):
        full = rulebook.advise(case, date="2023-09-01")
        assert (summary.status, summary.scenario, summary.closed_by_step) == \
            (full.status, full.scenario, full.closed_by_step)
        for step, regs in zip(full.steps, summary.steps):
            if step.registrations is None:
                assert regs is None
            else:
                assert [(r.alternative, r.contact_type_id, r.attribute, r.diagnosis) for r in regs] == \
                    [(r.alternative, r.contact_type_id, r.attribute is not None, r.diagnosis)
                     for r in step.registrations]


def test_advise_many_answers_every_case_and_names_the_bad_ones(rulebook):
    """A bad case gives a CaseError in its place; the cases around it are still answered."""
    from py1177 import AdviceSummary, CaseError

    good = [{"role": "nurse", "channel": "digital"}]
    results = rulebook.advise_many([
        good,
        [{"role": "nurze", "channel": "digital"}],                               # Python: vocabulary
        [{"role": "nurse", "channel": "physical", "purpose": "treatment"}],      # the KB refuses it
        {"scenario": "3.1.2c"},                                                 # not a chain of steps
        [{"role": "nurse", "channel": "digital"}] * 99,                         # too many steps
        good,
    ])
    assert len(results) == 6
    assert [type(r) for r in results] == [AdviceSummary, CaseError, CaseError, CaseError, CaseError, AdviceSummary]
    assert results[0] == results[5] == rulebook.advise_many([good])[0]
    errors = results[1:5]
    assert [e.case for e in errors] == [2, 3, 4, 5]
    assert errors[0].code == "unknown_value"
    assert errors[0].message("en") == "step 1: unknown role 'nurze' (allowed: nurse, doctor, other_clinician)"
    assert "okänt värde för role: 'nurze'" in errors[0].message("sv")
    assert errors[1].message("en") == ("step 1: purpose applies to steps in 1177 direkt (digital or phone), "
                                      "not to physical visits")
    assert errors[3].code == "too_many_steps"
    assert rulebook.advise_many([]) == ()


def test_advise_many_errors_between_chunks_keep_their_places(rulebook):
    from py1177 import CaseError

    batch = [[{"role": "doctor", "channel": "digital"}] if i % 3 else [{"role": "x", "channel": "digital"}]
             for i in range(10)]
    results = rulebook.advise_many(batch, chunk=2)
    assert [isinstance(r, CaseError) for r in results] == [i % 3 == 0 for i in range(10)]
    assert [r.case for r in results if isinstance(r, CaseError)] == [1, 4, 7, 10]


def test_advise_many_gives_the_garbage_collector_back(rulebook):
    """The batch pauses the cyclic garbage collector while it builds its answers and restores
    the caller's setting (on or off); a refused argument leaves it as it was."""
    import gc

    from py1177 import InputError

    assert gc.isenabled()
    rulebook.advise_many([[{"role": "doctor", "channel": "digital"}]] * 3, chunk=2)
    assert gc.isenabled()
    gc.disable()
    try:
        rulebook.advise_many([[{"role": "doctor", "channel": "digital"}]])
        assert not gc.isenabled()   # a caller's own pause is kept
    finally:
        gc.enable()
    with pytest.raises(InputError):
        rulebook.advise_many([[{"role": "doctor", "channel": "digital"}]], chunk=0)
    assert gc.isenabled()


def test_eight_threads_give_the_answers_of_one(rulebook):
    """Issue 6's concurrency test: 8 threads × 250 calls, same answers as one thread, no error
    (the bench's ``threads`` part runs 8 × 2 000)."""
    chains = [
        [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital", "day": "other"}],
        [{"role": "doctor", "channel": "digital"}, {"role": "other_clinician", "channel": "digital"}],
        [{"role": "nurse", "channel": "physical"}],
        [{"role": "nurse", "channel": "phone", "replaces_visit": True}],
    ]
    expected = [rulebook.advise(c, date="2023-09-01") for c in chains]
    errors: list[BaseException] = []
    mismatches = []

    def worker(seed: int) -> None:
        try:
            for i in range(250):
                k = (seed + i) % len(chains)
                if rulebook.advise(chains[k], date="2023-09-01") != expected[k]:
                    mismatches.append((seed, i))
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors and not mismatches
    assert expected[2].status is Status.GAP


def test_memory_does_not_grow_over_many_calls(rulebook):
    """RSS after warm-up stays flat over 2 000 calls (the benchmark runs 100 000)."""
    import resource

    def rss_kb() -> int:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    case = [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital", "day": "other"}]
    for _ in range(1000):
        rulebook.advise(case, date="2023-09-01")
    before = rss_kb()
    for _ in range(2000):
        rulebook.advise(case, date="2023-09-01")
    after = rss_kb()
    assert after - before < 4 * 1024, (before, after)


def test_tool_modules_loaded_in_any_order_give_the_same_check(rulebook):
    """batch.pl loads check.pl and find.pl itself; check must still pass afterwards (a yall
    lambda once compiled differently on a second load)."""
    rulebook.advise_many([[{"role": "nurse", "channel": "digital"}]])
    rulebook.why_not(scenario="3.1.2b", expect={"registers": True}, step_no=1)
    assert rulebook.check(max_steps=1).ok is True
