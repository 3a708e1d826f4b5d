"""Properties of every answer, for random cases over the whole vocabulary (hypothesis)."""

from __future__ import annotations

import json

from hypothesis import example, given

import source_text
from py1177 import Advice, Case, Channel, Relation, Role, Status, Step
from strategies import cases


@given(cases())
def test_each_case_is_exactly_one_of_documented_inferred_gap(rulebook, case):
    answer = rulebook.advise(case, date="2023-09-01")
    assert answer.status in (Status.DOCUMENTED, Status.INFERRED, Status.GAP)
    assert (answer.scenario is not None) == (answer.status is Status.DOCUMENTED)
    undecided = [s for s in answer.steps if not s.decided]
    assert bool(undecided) == (answer.status is Status.GAP)
    assert (answer.closed_by_step is None) == (answer.status is Status.GAP)
    codes = {w.code for w in answer.warnings}
    if answer.status is not Status.DOCUMENTED:
        assert answer.status.value in codes  # never looks documented
    else:
        assert not codes & {"inferred", "gap"}


@given(cases())
def test_decided_cases_have_one_closer_in_1177_direkt(rulebook, case):
    answer = rulebook.advise(case, date="2023-09-01")
    closers = [s for s in answer.steps if s.closes_case]
    if answer.status is Status.GAP:
        assert closers == []
        return
    assert len(closers) == 1
    assert closers[0].step == answer.closed_by_step
    assert closers[0].role == answer.closed_by_role
    assert closers[0].channel in (Channel.DIGITAL, Channel.PHONE)


@given(cases())
def test_registration_invariants(rulebook, case):
    answer = rulebook.advise(case, date="2023-09-01")
    attribute_types = {t.label for t in rulebook.pmo().attribute_contact_types}
    for step in answer.steps:
        if step.registrations is None:
            assert step.gaps and not step.decided
            continue
        if step.registrations == ():
            assert step.no_pmo is not None and step.no_pmo.quote
        for reg in step.registrations:
            assert reg.journal is True
            visit_like = reg.replaces_visit is True or reg.alternative.value == "ordinary_visit"
            assert reg.diagnosis == visit_like
            assert (reg.kva == "optional") == reg.diagnosis
            assert (reg.attribute == "1177 direkt") == (reg.contact_type in attribute_types)
            assert reg.contact_type != "Mottagningsbesök" or reg.attribute is None
            assert (step.channel is Channel.PHYSICAL) == (reg.contact_type == "Mottagningsbesök")
            assert reg.sources
        if step.purpose is not None and step.purpose.value in ("treatment", "referral"):
            assert all(r.replaces_visit is True for r in step.registrations)


FORWARD = Case((Step(Role.NURSE, Channel.DIGITAL), Step(Role.DOCTOR, Channel.DIGITAL)))
FORWARD_AFTER_VIDEO = Case((Step(Role.NURSE, Channel.DIGITAL, replaces_visit=True),
                            Step(Role.OTHER_CLINICIAN, Channel.DIGITAL, day=Relation.SAME)))


@example(case=FORWARD)
@example(case=FORWARD_AFTER_VIDEO)
@given(cases())
def test_forwarding_same_day_same_unit_to_a_clinician_registers_nothing(rulebook, case):
    """3.1.2b: plain forwarding via 1177 direkt to a doctor/other clinician on the same unit the
    same day registers nothing; with content of its own (a visit-replacing contact) it is a gap."""
    answer = rulebook.advise(case, date="2023-09-01")
    steps = list(case.steps)
    for i, (step, nxt) in enumerate(zip(steps, steps[1:])):
        if (step.channel is Channel.DIGITAL and step.purpose is None and step.replaces_visit is not True
                and steps[0].channel is not Channel.PHYSICAL
                and nxt.channel is Channel.DIGITAL and nxt.role.value in ("doctor", "other_clinician")
                and (nxt.day is None or nxt.day.value == "same") and (nxt.unit is None or nxt.unit.value == "same")
                and all(s.channel is not Channel.PHYSICAL for s in steps[:i])
                and all(s.purpose is None or s.purpose.value not in ("redirect", "referral") for s in steps[:i])):
            assert answer.steps[i].registrations == (), (case, i)
        if step.replaces_visit is True and answer.steps[i].registrations == ():
            raise AssertionError(f"step {i + 1} replaced a visit yet registers nothing: {case}")


@given(cases())
def test_every_source_quote_is_in_its_section(rulebook, source, case):
    sections = {k: source_text.collapse(v) for k, v in source_text.sections(source).items()}
    answer = rulebook.advise(case, date="2023-09-01")
    for step in answer.steps:
        quoted = list(step.registrations or ()) and [s for r in step.registrations for s in r.sources]
        quoted += [step.no_pmo] if step.no_pmo else []
        quoted += [s for g in step.gaps for s in g.sources]
        for src in quoted:
            assert source_text.collapse(src.quote) in sections[src.section], src


@given(cases())
def test_deterministic_and_json_round_trip(rulebook, case):
    first = rulebook.advise(case, date="2023-09-01")
    assert rulebook.advise(case, date="2023-09-01") == first
    assert Advice.from_dict(json.loads(json.dumps(first.to_dict(), ensure_ascii=False))) == first


@given(cases(max_steps=3))
def test_english_answer_has_the_same_content(rulebook, case):
    sv = rulebook.advise(case, date="2023-09-01")
    en = rulebook.advise(case, date="2023-09-01", lang="en")
    assert [(s.registrations, s.closes_case, s.decided, s.no_pmo) for s in sv.steps] == \
        [(s.registrations, s.closes_case, s.decided, s.no_pmo) for s in en.steps]
    assert (sv.status, sv.closed_by_step, sv.scenario) == (en.status, en.closed_by_step, en.scenario)
    assert [w.code for w in sv.warnings] == [w.code for w in en.warnings]
    for mine, theirs in zip(sv.warnings, en.warnings):
        assert mine.message != theirs.message  # each warning is translated
