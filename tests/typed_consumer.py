"""An integrator's script, type-checked by tests/test_typing.py under ``mypy --strict``.

It uses the public API the way a system around PMO would, and pins the type of each result
with ``assert_type``: if a result were ``Any`` (or a raw dict), mypy would fail. The test also
runs it, so that what it claims is true at run time too.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, Optional, Union

from py1177 import Advice, AdviceSummary, Case, CaseError, Channel, InputError, Role, Rulebook, Status, Step

if sys.version_info >= (3, 11):
    from typing import assert_type
else:  # pragma: no cover - Python 3.10
    from typing_extensions import assert_type

from py1177.results import (Change, CheckData, CheckReport, Citation, Edit, FindMatch, FindMode, FindResult, Pmo,
                            QueryResult, Searched, Term, Vocabulary, WhyNode, WhyNot)


def registrations_per_step(advice: Advice) -> list[list[str]]:
    """What each step registers in PMO, as contact-type labels (empty: nothing in PMO)."""
    return [[r.contact_type for r in step.registrations or ()] for step in advice.steps]


def main() -> None:
    rb = Rulebook()
    assert_type(rb, Rulebook)

    # one case, built from typed steps
    case = Case([Step(Role.NURSE, Channel.DIGITAL), Step("doctor", "digital", day="other")])
    advice = rb.advise(case, date="2023-09-01", lang="en")
    assert_type(advice, Advice)
    assert_type(advice.status, Status)
    assert_type(advice.closed_by_step, Optional[int])
    assert advice.scenario == "3.1.2c" and registrations_per_step(advice)[0]
    data = advice.to_dict()  # the JSON contract: JSON values
    assert_type(data, dict[str, Any])
    assert isinstance(data["steps"], list)

    # many cases: a bad one gets a CaseError in its place
    answers = rb.advise_many([case, [{"role": "nurze", "channel": "digital"}], Case.parse(["nurse:digital"])])
    assert_type(answers, tuple[Union[AdviceSummary, CaseError], ...])
    errors = [a for a in answers if isinstance(a, CaseError)]
    summaries = [a for a in answers if isinstance(a, AdviceSummary)]
    assert [e.case for e in errors] == [2] and errors[0].code == "unknown_value"
    assert_type(errors[0].message("en"), str)
    assert len(summaries) == 2 and summaries[0].status is Status.DOCUMENTED

    try:
        Step("nurze", "digital")
    except InputError as exc:
        assert_type(exc.message("sv"), str)
    else:
        raise AssertionError("Step('nurze', ...) was accepted")

    # why, and why not
    tree = rb.why(scenario="3.1.2c", step_no=1, date="2023-09-01")
    assert_type(tree, WhyNode)
    assert all(node.section for node in tree.walk())
    answer = rb.why_not(scenario="3.1.2b", expect={"registers": True}, step_no=1, date="2023-09-01")
    assert_type(answer, WhyNot)
    assert_type(answer.searched, Optional[Searched])
    assert_type(answer.changes, tuple[Change, ...])
    assert answer.holds is False and answer.searched is not None and answer.searched.distance == 1
    edit = answer.changes[0].edits[0]
    assert_type(edit, Edit)
    assert (edit.step, edit.field, edit.from_, edit.to) == (2, "day", "same", "other")

    # reverse questions
    found = rb.find(never_registers=Role.NURSE)
    assert_type(found, FindResult)
    assert_type(found.mode, FindMode)
    assert_type(found.matches, tuple[FindMatch, ...])
    assert found.mode.kind == "documented" and found.matched > 0

    # listings
    citations = rb.citations()
    assert_type(citations, tuple[Citation, ...])
    assert all(c.quote and c.section for c in citations)
    pmo = rb.pmo()
    assert_type(pmo, Pmo)
    assert [t.label for t in pmo.attribute_contact_types][0] == "Text som inte ersätter besök"
    vocabulary = rb.vocabulary()
    assert_type(vocabulary, Vocabulary)
    assert_type(vocabulary.max_steps, int)
    roles = [v.value for v in vocabulary.inputs["role"]]
    assert roles == [r.value for r in Role]

    # the KB's own check (one-step chains: fast)
    report = rb.check(max_steps=1, choice_steps=1)
    assert_type(report, CheckReport)
    assert_type(report.data, CheckData)
    assert report.ok and report.data.examined.total == report.examined
    assert all(check.holds for check in report.data.static)

    # a sandboxed query: numbers come back as numbers
    result = rb.query("aggregate_all(count, scenario(_, _, _, _), N)")
    assert_type(result, QueryResult)
    solution = result.solutions[0]
    assert_type(solution, Mapping[str, Term])
    count = solution["N"]
    assert isinstance(count, int) and count == 12


if __name__ == "__main__":
    main()
