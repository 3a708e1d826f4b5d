"""check, find, why-not and diff answer millions of chains through a lean path
(find:case_summary/3 with check's registration table) instead of advise/4. For any case the
lean answer must be the advise answer: same status, scenario, closer and registrations."""

from __future__ import annotations

from hypothesis import given, settings

from py1177.bridge import goal
from py1177.rulebook import _step_term
from strategies import cases


@settings(max_examples=120)
@given(cases(max_steps=3))
def test_lean_summary_equals_advise(rulebook, case):
    advice = rulebook.advise(case, date="2023-09-01")
    rulebook._bridge.require("find")
    steps = [_step_term(s) for s in case.steps]
    rows = rulebook._bridge.ask(
        "api:normalise_case(steps(" + goal(steps) + "), Steps), "
        "kb_check:registration_table(T), find:case_summary(T, Steps, S), "
        "get_dict(status, S, Status), get_dict(closer, S, Closer), get_dict(steps, S, Infos), "
        "findall(Regs, (member(I, Infos), get_dict(regs, I, Regs)), AllRegs)")
    assert len(rows) == 1
    row = rows[0]
    assert row["Status"] == advice.status.value
    assert (None if row["Closer"] == "null" else row["Closer"]) == advice.closed_by_step
    for step, regs in zip(advice.steps, row["AllRegs"]):
        if step.registrations is None:
            assert regs == "gap"
        else:
            got = sorted(str(r).replace(" ", "") for r in regs) if isinstance(regs, list) else regs
            want = sorted(f"r({r.alternative.value},{r.contact_type_id},{'true' if r.attribute else 'false'},"
                          f"{'true' if r.diagnosis else 'false'})" for r in step.registrations)
            assert got == want, (case, step.step, regs, want)
