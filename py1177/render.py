"""Plain-text rendering of answers and listings, Swedish by default.

Interface words come from :mod:`py1177.i18n`; labels, quotes and warnings from the KB.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from .i18n import DIFF, POLICY, pick, ui
from .model import (Advice, Erratum, Guideline, PolicyQuestion, Registration, Scenario,
                    StepAdvice)
from .results import CheckReport, FindResult, Pmo, Searched, Vocabulary, WhyNot

WIDTH = 100


class Labels:
    """Display labels of vocabulary values, read from the KB's vocabulary."""

    def __init__(self, vocabulary: Vocabulary, lang: str) -> None:
        self.lang = lang
        self._inputs: dict[str, dict[Union[str, bool], str]] = {
            key: {v.value: v.label(lang) for v in values} for key, values in vocabulary.inputs.items()}
        self._labels = {key: label.en if lang == "en" else label.sv for key, label in vocabulary.labels.items()}
        self._types = {t.id: t.label for t in vocabulary.contact_types}

    def contact_type(self, type_id: str) -> str:
        """The label (as in the anvisning) of contact type ``type_id``."""
        return self._types.get(type_id, type_id)

    def value(self, key: str, value: Any) -> str:
        """The label of input ``value`` of ``key`` (role, channel, purpose, day, unit)."""
        raw = getattr(value, "value", value)
        return self._inputs.get(key, {}).get(raw, str(raw))

    def label(self, kind: str, value: Any) -> str:
        """The label of an output value (status, alternative, obligation)."""
        raw = getattr(value, "value", value)
        return self._labels.get(f"{kind}:{raw}", str(raw))


def _wrap(text: str, indent: str, width: int = WIDTH) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]


def _sections(sources: Iterable[Any]) -> str:
    seen: list[str] = []
    for source in sources:
        if source.section not in seen:
            seen.append(source.section)
    return ", ".join("§" + s for s in seen)


def step_heading(step: StepAdvice, labels: Labels) -> str:
    """E.g. "Steg 2 – läkare via 1177 direkt, annan dag, samma enhet"."""
    parts = [f"{labels.value('role', step.role)} {labels.value('channel', step.channel)}"]
    if step.purpose is not None:
        parts.append(labels.value("purpose", step.purpose))
    if step.day is not None:
        parts.append(labels.value("day", step.day))
    if step.unit is not None:
        parts.append(labels.value("unit", step.unit))
    return ui("step", labels.lang, n=step.step) + " – " + ", ".join(parts)


def registration_lines(reg: Registration, labels: Labels, indent: str) -> list[str]:
    """The bullets of one registration alternative, as the anvisning words them."""
    lang = labels.lang
    lead = reg.lead if lang == "sv" else labels.label("alternative", reg.alternative)
    lines = [f"{indent}◦ {lead.rstrip(':')}:"]
    bullet = indent + "    – "
    lines.append(f"{bullet}{labels.label('bullet_prefix', 'contact_type')}{reg.contact_type}")
    if reg.attribute is not None:
        lines.append(f"{bullet}{labels.label('bullet_prefix', 'attribute')}{reg.attribute}")
    if reg.journal:
        lines.append(f"{bullet}{labels.label('obligation', 'journal')}")
    if reg.diagnosis:
        lines.append(f"{bullet}{labels.label('obligation', 'diagnosis_kva')}")
    return lines


_ID_LIST = re.compile(r"\s*[(\[](?:[rq]_[a-z0-9_]+(?:, )?)+[)\]]")
"""A parenthesised list of rule or question ids in an engine message: shown only with --detail."""


_BARE_IDS = re.compile(r"\b[rq]_[a-z0-9_]+(?:, [rq]_[a-z0-9_]+)*")


def _without_ids(text: str, lang: str = "sv") -> str:
    """An engine message without rule or question ids (they show with --detail): a parenthesised
    list goes; an id in the running text points to the readings listed below, in words."""
    return _BARE_IDS.sub(ui("see_below", lang), _ID_LIST.sub("", text))


def render_card(advice: Advice, lang: str) -> list[str]:
    """The answer card: one plain sentence per person (the engine's ``card``), first of all."""
    out = [f"{ui('card', lang)}:"]
    for line in advice.card:
        wrapped = _wrap(line.text, "     ")
        out.append(f"  {line.step}. " + wrapped[0].lstrip())
        out.extend(wrapped[1:])
    return out


def render_advice(advice: Advice, labels: Labels, detail: bool = False) -> str:
    """The answer as text a nurse can read at a glance: the card first, then the details.
    Rule and policy-question ids are shown only with ``detail``; readings stay in words."""
    lang = labels.lang
    out: list[str] = [ui("heading", lang), ""]
    out.extend(render_card(advice, lang))
    calm = [w for w in advice.warnings if w.code == "outside_validity"]
    for warning in calm:  # the guideline's validity: one calm line
        out.append(f"{ui('validity_note', lang)}: {warning.message}")
    out.append("")
    out.append(f"{ui('details', lang)}:")
    g = advice.guideline
    out.append(f"{ui('guideline', lang)}: {g.title}")
    out.append(" " * (len(ui('guideline', lang)) + 2)
               + ui("version", lang, version=g.version, valid_from=g.valid_from, valid_to=g.valid_to))
    out.append(f"{ui('date', lang)}: {advice.date}")
    if advice.scenario is not None:
        out.extend(_wrap(f"{ui('scenario', lang)}: {advice.scenario} (§{advice.section}) {advice.title}", ""))
    else:
        out.append(f"{ui('scenario', lang)}: {ui('no_scenario', lang)}")
    status = labels.label('status', advice.status)
    deciding = [i.id for i in advice.interpretations if i.decides]
    if deciding:
        status += ", " + ui("with_readings", lang, ids=", ".join(deciding) if detail else ui("see_below", lang))
    out.extend(_wrap(f"{ui('status', lang)}: {status}", ""))
    closer_roles = _roles_text(advice.closed_by_roles, labels) if advice.closed_by_roles else None
    for step in advice.steps:
        out.append("")
        out.append(step_heading(step, labels))
        indent = "  "
        if step.registrant is not None:
            out.append(f"{indent}{step.registrant}" + ("" if lang == "sv" else f"  {ui('quote_note', lang)}"))
        if step.note is not None:
            out.extend(_wrap(f"”{step.note}”", indent))
        if not step.decided:
            out.append(f"{indent}{ui('undecided', lang)}")
            for gap in step.gaps:
                question = f" [{gap.question}]" if gap.question and detail else ""
                out.extend(_wrap(f"! {gap.reason}{question}", indent + "  "))
        elif step.registrations == ():
            out.append(f"{indent}{ui('no_pmo', lang)}")
            if step.no_pmo is not None:
                out.extend(_wrap(f"”{step.no_pmo.quote}”", indent))
        else:
            for reg in step.registrations or ():
                out.extend(registration_lines(reg, labels, indent))
        if step.closes_case:
            out.append(f"{indent}✓ {ui('closes', lang)}")
        elif step.decided and advice.closed_by_step is not None and step.in_1177:
            out.append(f"{indent}→ " + ui("not_closes", lang, n=advice.closed_by_step, role=closer_roles))
        sources = _step_sources(step)
        if sources:
            line = f"{ui('source', lang)}: {_sections(sources)}"
            if step.rules and detail:
                line += f"  ({ui('rules', lang)}: {', '.join(step.rules)})"
            out.extend(_wrap(line, indent))
    out.append("")
    if advice.closed_by_step is not None and closer_roles:
        closer = ui("closed_by_value", lang, n=advice.closed_by_step, role=closer_roles)
    else:
        closer = ui("closed_by_none", lang)
    out.append(f"{ui('closed_by', lang)}: {closer}")
    warnings = [w for w in advice.warnings if w not in calm]
    if warnings:
        out.append("")
        out.append(f"{ui('warnings', lang)}:")
        for warning in warnings:
            out.extend(_wrap(f"! {warning.message if detail else _without_ids(warning.message, lang)}", "  "))
    if advice.interpretations:
        out.append("")
        out.append(f"{ui('interpretations', lang)}:")
        for item in advice.interpretations:
            out.extend(_wrap(f"? {item.id}: {item.reading}" if detail else f"? {item.reading}", "  "))
    return "\n".join(out) + "\n"


def _roles_text(roles: Iterable[Any], labels: Labels) -> str:
    """Roles as the text names them: "läkare eller annan hälso- och sjukvårdspersonal"."""
    return f" {ui('or', labels.lang)} ".join(labels.value("role", r) for r in roles)


def _step_sources(step: StepAdvice) -> list[Any]:
    sources: list[Any] = []
    if step.no_pmo is not None:
        sources.append(step.no_pmo)
    for reg in step.registrations or ():
        sources.extend(reg.sources)
    for gap in step.gaps:
        sources.extend(gap.sources)
    return sources


def render_scenarios(scenarios: Iterable[Scenario], labels: Labels) -> str:
    """The documented scenarios with their step chains and an example ``--step`` call."""
    lang = labels.lang
    out = [ui("scenarios_heading", lang), ""]
    for scenario in scenarios:
        out.extend(_wrap(f"{scenario.id}  (§{scenario.section})  {scenario.title}", ""))
        for number, step in enumerate(scenario.steps, 1):
            roles = _roles_text(step.roles, labels)
            parts = [f"{roles} {labels.value('channel', step.channel)}"]
            if step.purpose is not None:
                parts.append(labels.value("purpose", step.purpose))
            alternatively = f" {ui('alternatively', lang)} "
            if step.day is not None:
                parts.append(alternatively.join(labels.value("day", d) for d in step.day))
            if step.unit is not None:
                parts.append(alternatively.join(labels.value("unit", u) for u in step.unit))
            out.append(f"    {number}. " + ", ".join(parts))
        if scenario.closed_by_step is not None:
            closer = ui("closed_by_value", lang, n=scenario.closed_by_step,
                        role=_roles_text(scenario.closed_by_roles, labels))
            if scenario.closer_interpretations:
                closer += f" ({', '.join(scenario.closer_interpretations)})"
            out.append(f"    {ui('closed_by', lang)}: {closer}")
        out.append(f"    {ui('example', lang)}: py1177 advise " + example_steps(scenario))
        out.append("")
    return "\n".join(out)


def example_steps(scenario: Scenario) -> str:
    """The ``--step`` arguments of the scenario's example chain (given by the KB)."""
    specs = []
    for step in scenario.example:
        specs.append(f"--step {step.to_spec()}")
    return " ".join(specs)


def render_guideline(g: Guideline, lang: str) -> str:
    """The guideline's metadata and section list."""
    rows = [("document_type", g.document_type), ("title", g.title), ("issuer", g.issuer)]
    rows += [("organisation", line) for line in g.organisation]
    rows += [("process", g.process), ("created_by", g.created_by), ("approved_by", g.approved_by),
             ("case_number", g.case_number or ui("case_number_missing", lang)),
             ("version", g.version), ("approved", g.approved), ("valid_from", g.valid_from),
             ("valid_to", g.valid_to), ("scope", g.scope), ("scope_note", g.scope_note),
             ("procured_by", g.procured_by), ("decided", g.decided),
             ("steering_group_chair", g.steering_group_chair)]
    rows = [(ui(f"g_{k}", lang), v) for k, v in rows]
    width = max(len(k) for k, _ in rows)
    out = [f"{k.ljust(width)}  {v}" for k, v in rows]
    out.append("")
    out.extend(f"  {s.number.ljust(6)} {s.title}" for s in g.sections)
    if g.links:
        out.append("")
        out.append(f"{ui('guideline_links', lang)}:")
        for link in g.links:
            target = link.target or ui("link_no_target", lang)
            out.extend(_wrap(f"– {link.title} ({target})", "  "))
    if g.facts:
        out.append("")
        out.append(f"{ui('guideline_facts', lang)}:")
        for fact in g.facts:
            where = ui("title_page", lang) if fact.section == "title_page" else "§" + fact.section
            out.extend(_wrap(f"{fact.key} ({where}): ”{fact.quote}”", "  "))
    return "\n".join(out) + "\n"


def render_pmo(data: Pmo) -> str:
    """§4 as the source heads it: each subsection's number and title, its quote, and under
    §4.3 "Vårdkontakt" the contact types with the attribute, as §4.3 lists them (with their
    remarks, e.g. "(kan komma att användas vid bekymmer med tjänsten 1177 direkt)")."""
    titles = {s.number: s.title for s in data.sections}
    out: list[str] = []
    for item in data.items:
        out.append(f"§{item.section}  {titles.get(item.section, item.name)}")
        out.extend(_wrap(f"”{item.quote}”", "    "))
        if item.id == "attribute_1177_direkt":
            out.extend(f"    – {t.quote}" for t in data.attribute_contact_types)  # one line each
        out.append("")
    return "\n".join(out)


def render_errata(errata: Iterable[Erratum], lang: str) -> str:
    """The source's typos and their normalisation."""
    out = [ui("errata_heading", lang), ""]
    for e in errata:
        where = ui("title_page", lang) if e.section == "title_page" else "§" + e.section
        out.append(f"{e.id}  {where}  [{ui('erratum_kind_' + e.kind, lang)}]")
        if e.found:
            out.append(f"    {ui('found', lang)}:        {e.found!r}")
        if e.normalised and e.normalised != e.found:
            out.append(f"    {ui('normalised', lang)}: {e.normalised!r}")
        out.extend(_wrap(e.note, "    "))
        out.append("")
    return "\n".join(out)


def render_questions(questions: Iterable[PolicyQuestion], lang: str,
                     impacts: Optional[dict[str, dict[str, int]]] = None, max_steps: int = 2) -> str:
    """Open policy questions with their readings (the one in force marked, the chosen one
    named) and what rests on them; with ``impacts``, how many answers each other reading
    changes, the questions ordered by it (the council's agenda)."""
    items = list(questions)
    if impacts is not None:
        items.sort(key=lambda q: (-max(impacts.get(q.id, {}).values(), default=0), q.id))
    out = [ui("questions_heading", lang), ""]
    if impacts is not None:
        out.extend(_wrap(ui("impact_intro", lang, n=max_steps), ""))
        out.append("")
    for q in items:
        out.append(f"{q.id}  [{q.kind_label}]  §{', §'.join(q.sections)}")
        out.extend(_wrap(q.question, "    "))
        if q.readings:
            out.append(f"    {ui('readings', lang)}:")
            for r in q.readings:
                mark = "●" if r.in_force else "○"
                notes = []
                if r.chosen:
                    notes.append(ui("reading_chosen", lang))
                if impacts is not None and not r.in_force and r.id in impacts.get(q.id, {}):
                    notes.append(ui("reading_impact", lang, n=_number(impacts[q.id][r.id])))
                note = f" ({'; '.join(notes)})" if notes else ""
                out.extend(_wrap(f"{mark} {q.id}={r.id}{note}: {r.text}", "      "))
        else:
            out.extend(_wrap(f"{ui('reading', lang)}: {q.reading}", "    "))
        affects = list(q.rules) + list(q.scenarios)
        if affects:
            out.append(f"    {ui('affects', lang)}: {', '.join(affects)}")
        out.append("")
    return "\n".join(out)


def render_ranking(rows: list[tuple[str, str, int]], questions: Iterable[PolicyQuestion], lang: str,
                   max_steps: int) -> str:
    """The other readings by how many answers they change, most first."""
    kinds = {q.id: q.kind_label for q in questions}
    out = [ui("ranking_heading", lang, n=max_steps), ""]
    for place, (question, reading, n) in enumerate(rows, 1):
        out.append(f"{place:>3}. {_number(n):>9}  --reading {question}={reading}  [{kinds.get(question, '')}]")
    return "\n".join(out) + "\n"


def render_what_if(report: Any, labels: Labels, questions: Iterable[PolicyQuestion], groups_shown: int = 30) -> str:
    """``py1177 what-if``: the readings asked for, the counts, the answer changes grouped by
    effect (as ``py1177 diff`` groups them) and the first changed cases in detail."""
    lang = labels.lang
    texts = {q.id: {r.id: r.text for r in q.readings} for q in questions}
    out = [ui("what_if_heading", lang)]
    for question, reading in sorted(report.readings.items()):
        out.extend(_wrap(f"--reading {question}={reading}: {texts.get(question, {}).get(reading, '')}", ""))
    out.append(ui("what_if_counts", lang, n=report.max_steps, examined=_number(report.examined),
                  answers=_number(report.answers_changed), explanations=_number(report.explanations_changed)))
    if report.groups:
        out.append("")
        out.append(ui("what_if_groups", lang) + ":")
        hang = "    "
        for group in report.groups[:groups_shown]:
            out.extend(textwrap.wrap(f"{diff_effect(group['effect'], labels)}: "
                                     f"{ui('what_if_cases', lang, n=_number(group['count']))}",
                                     width=WIDTH, initial_indent="  ", subsequent_indent=hang))
            out.extend(textwrap.wrap(f"{pick(DIFF, 'example', lang)} {_spec_args(group['example'])}",
                                     width=WIDTH, initial_indent=hang, subsequent_indent=hang + "  "))
        if len(report.groups) > groups_shown:
            out.append("  " + pick(DIFF, "more_groups", lang, n=_number(len(report.groups) - groups_shown)))
    if report.cases:
        out.append("")
        out.append(ui("what_if_detail", lang) + ":")
        for case in report.cases:
            out.append("  " + _spec_args(case["steps"]))
            out.extend(_wrap(f"{ui('what_if_before', lang)}: {_compact_text(case['before'], labels)}", "      "))
            out.extend(_wrap(f"{ui('what_if_after', lang)}: {_compact_text(case['after'], labels)}", "      "))
        if report.answers_changed > len(report.cases):
            out.append("")
            out.append(pick(DIFF, "detail_more", lang, n=_number(report.answers_changed - len(report.cases))))
    if not report.answers_changed:
        out.append("")
        out.append(pick(DIFF, "none_changed", lang))
    return "\n".join(out) + "\n"


def _compact_text(answer: dict[str, Any], labels: Labels) -> str:
    """A compact answer (:func:`py1177.whatif.compact`) in one line."""
    lang = labels.lang
    if "error" in answer:
        return str(answer["error"]["sv" if lang == "sv" else "en"])
    parts = [labels.label("status", answer["status"])]
    if answer["scenario"]:
        parts.append(answer["scenario"])
    for n, step in enumerate(answer["steps"], 1):
        if step == "undecided":
            text = pick(DIFF, "undecided", lang)
        elif step == "none":
            text = pick(DIFF, "no_pmo", lang)
        else:
            text = " / ".join(f"{labels.label('alternative', r['alternative'])}: "
                              f"{labels.contact_type(r['contact_type_id'])}" for r in step)
        parts.append(f"{pick(DIFF, 'closer_step', lang, n=n)}: {text}")
    closer = answer["closed_by_step"]
    parts.append(f"{pick(DIFF, 'closer', lang)}: "
                 + (pick(DIFF, "closer_step", lang, n=closer) if closer else pick(DIFF, "closer_none", lang)))
    return "; ".join(parts)


def _spec_args(specs: list[str]) -> str:
    return " ".join(f"--step {s}" for s in specs)


def render_check(report: CheckReport, lang: str, kb_dir: str, full_coverage: bool = False) -> str:
    """The check report: summary, problems, and the coverage matrix (only its untraced rows
    unless ``full_coverage``)."""
    d = report.data
    out = [ui("check_heading", lang), f"{ui('check_kb', lang)}: {kb_dir}", ""]
    by_length = d.examined.by_length
    parts = ", ".join(ui("check_steps", lang, n=n, count=_number(c)) for n, c in sorted(by_length.items()))
    out.append(ui("check_examined", lang, total=_number(d.examined.total), parts=parts,
                  choice=d.choice_steps))
    st = d.status
    out.append(ui("check_status", lang, documented=_number(st.documented), inferred=_number(st.inferred),
                  gap=_number(st.gap)))
    out.append(ui("check_time", lang, seconds=d.seconds))
    out.append("")
    problems = 0
    if d.conflicts:
        problems += len(d.conflicts)
        out.append(f"✗ {ui('check_conflicts', lang)}:")
        for c in d.conflicts:
            ex = c.example
            out.append(f"    {c.kind}: {_number(c.count)} – {_spec_args(list(ex.chain))} "
                       f"({pick(POLICY, 'step', lang, n=ex.step)}: {', '.join(ex.outcomes)})")
    else:
        out.append(f"✓ {ui('check_conflicts', lang)}: {ui('none', lang)}")
    out.append(f"  {ui('check_gaps', lang)}:")
    for g in sorted(d.gaps, key=lambda g: -g.count):
        out.append(f"    {g.rule:<32} {_number(g.count):>9}  {_spec_args(list(g.example))}")
    repro = d.reproduction
    bad = repro.mismatches or repro.overlaps or repro.without_instances
    if not bad:
        out.append(f"✓ {ui('check_repro', lang)}: "
                   + ui("check_repro_ok", lang, scenarios=repro.scenarios, instances=repro.instances))
    else:
        problems += len(repro.mismatches) + len(repro.overlaps) + len(repro.without_instances)
        out.append(f"✗ {ui('check_repro', lang)}:")
        for m in repro.mismatches:
            out.extend(_wrap(f"{m.scenario} {_spec_args(list(m.chain))}: {'; '.join(m.differences)}", "    "))
        for o in repro.overlaps:
            out.append(f"    {ui('check_overlaps', lang)}: {_spec_args(list(o.chain))} → {', '.join(o.scenarios)}")
        if repro.without_instances:
            out.append(f"    {ui('check_without', lang)}: {', '.join(repro.without_instances)}")
    out.append(f"  {ui('check_invariants', lang)}:")
    for inv in d.invariants:
        mark = "✓" if inv.holds else "✗"
        line = f"{mark} {inv.id}: {inv.description}"
        if not inv.holds:
            problems += 1
            example = _spec_args(list(inv.example.chain)) if inv.example is not None else ""
            line += " – " + ui("violations", lang, n=_number(inv.violations), example=example)
        out.extend(_wrap(line, "    "))
    out.append(f"  {ui('check_static', lang)}:")
    for chk in d.static:
        mark = "✓" if chk.holds else "✗"
        out.append(f"    {mark} {chk.id}")
        if not chk.holds:
            problems += 1
            for p in chk.problems[:20]:
                out.extend(_wrap(f"- {p}", "        "))
    if d.dead_rules:
        problems += len(d.dead_rules)
        out.append(f"✗ {ui('check_dead', lang)}: " + ", ".join(
            r.rule + (f" ({r.file}:{r.line})" if r.file else "") for r in d.dead_rules))
    else:
        out.append(f"✓ {ui('check_dead', lang)}: {ui('none', lang)}")
    cov = d.coverage
    rows = cov.rows
    untraced = len(cov.untraced_source)
    out.append("")
    out.append(("✓ " if not untraced and not cov.unsourced_kb else "✗ ")
               + ui("check_coverage", lang, rows=len(rows), traced=len(rows) - untraced, untraced=untraced))
    for row in rows:
        if not full_coverage and row.encoded_by:
            continue
        refs = "; ".join(row.encoded_by) or "✗ " + ui("none", lang)
        text = row.text if len(row.text) <= 58 else row.text[:55] + "…"
        out.append(f"    §{row.section:<6} {row.line:>4}  {text:<58}  → {refs}")
    if not full_coverage:
        out.append("    " + ui("check_coverage_hint", lang))
    if cov.unsourced_kb:
        problems += len(cov.unsourced_kb)
        out.append(f"✗ {ui('check_unsourced', lang)}:")
        for u in cov.unsourced_kb:
            out.extend(_wrap(f"- {u}", "    "))
    problems += untraced
    out.append("")
    out.append(ui("check_ok", lang) if report.ok else ui("check_failed", lang, n=max(problems, 1)))
    return "\n".join(out) + "\n"


def _diff_step_answer(answer: str, labels: Labels) -> str:
    """A step's answer in a diff (``undecided``, ``none`` or the registrations) in words."""
    lang = labels.lang
    if answer == "undecided":
        return pick(DIFF, "undecided", lang)
    if answer == "none":
        return pick(DIFF, "no_pmo", lang)
    parts = []
    for item in answer.split(","):
        alternative, _, value = item.partition("=")
        parts.append(f"{labels.label('alternative', alternative)}: {_diff_registration(value, lang)}")
    return "; ".join(parts)


def _diff_registration(value: str, lang: str) -> str:
    """``Label[flag+flag]`` (or ``Label [flag, flag]``) as ``Label (flag, flag)`` in words."""
    label, _, flags = value.partition("[")
    names = [f.strip() for f in flags.rstrip("]").replace("+", ",").split(",") if f.strip()]
    words = ", ".join(pick(DIFF, f"flag_{f}", lang) if f"flag_{f}" in DIFF else f for f in names)
    return f"{label.strip()} ({words})" if words else label.strip()


def _diff_value(what: str, value: Any, labels: Labels) -> str:
    lang = labels.lang
    if value == "absent":
        return pick(DIFF, "absent", lang)
    if what in ("status", "chain"):
        return labels.label("status", value)
    if what == "scenario":
        return value if value is not None else pick(DIFF, "no_scenario", lang)
    if what == "closed_by_step":
        return pick(DIFF, "closer_step", lang, n=value) if value is not None else pick(DIFF, "closer_none", lang)
    return _diff_step_answer(value, labels)


def diff_effect(effect: dict[str, Any], labels: Labels) -> str:
    """One effect of a diff group in words: ``steg 1 sjuksköterska: … → …``."""
    lang = labels.lang
    what = effect["what"]
    if what != "step":
        name = pick(DIFF, {"closed_by_step": "closer"}.get(what, what), lang)
        return f"{name}: {_diff_value(what, effect['before'], labels)} → {_diff_value(what, effect['after'], labels)}"
    name = pick(DIFF, "step", lang, n=effect["step"], role=labels.value("role", effect["role"]))
    if "alternative" in effect:
        return (f"{name}, {labels.label('alternative', effect['alternative'])}: "
                f"{_diff_registration(effect['before'], lang)} → {_diff_registration(effect['after'], lang)}")
    return f"{name}: {_diff_step_answer(effect['before'], labels)} → {_diff_step_answer(effect['after'], labels)}"


def render_diff(report: Any, labels: Labels, detail: Optional[int] = 20, head_how: Optional[str] = None,
                groups_shown: int = 30) -> str:
    """The semantic diff: the two KBs, the counts, the answer changes grouped by effect, the
    explanation-only changes counted, and the first ``detail`` changed chains."""
    from .kbinfo import where

    lang = labels.lang

    def side(name: str, place: str, digest: Optional[str], how: Optional[str]) -> str:
        shown = where(Path(place), how, lang) if how else (
            place if Path(place).is_absolute() else pick(DIFF, "git", lang, rev=place))
        return f"{pick(DIFF, name, lang)}: " + (pick(DIFF, "place", lang, where=shown, digest=digest)
                                               if digest else shown)

    out = [pick(DIFF, "heading", lang),
           side("before", report.base, report.base_digest, None),
           side("after", report.head, report.head_digest, head_how),
           pick(DIFF, "counts", lang, n=report.max_steps, examined=_number(report.examined),
                answers=_number(report.answers_changed), explanations=_number(report.explanations_changed))]
    if report.moved:
        moved = ", ".join(f"{_diff_value('status', a, labels)} → {_diff_value('status', b, labels)}: {_number(v)}"
                          for (a, b), v in sorted((tuple(k.split("->")), v) for k, v in report.moved.items()))
        out.append(f"{pick(DIFF, 'moved', lang)}: {moved}")
    if report.groups:
        out.append("")
        out.append(pick(DIFF, "groups", lang) + ":")
        hang = " " * 13
        for group in report.groups[:groups_shown]:
            out.extend(textwrap.wrap(f"{_number(group['count']):>11}  {diff_effect(group['effect'], labels)}",
                                     width=WIDTH, subsequent_indent=hang))
            out.extend(textwrap.wrap(f"{pick(DIFF, 'example', lang)} {_spec_args(group['example'])}",
                                     width=WIDTH, initial_indent=hang, subsequent_indent=hang + "  "))
        if len(report.groups) > groups_shown:
            out.append("  " + pick(DIFF, "more_groups", lang, n=_number(len(report.groups) - groups_shown)))
    if report.explanations_changed:
        kinds = report.explanation_kinds
        out.append("")
        out.extend(_wrap(pick(DIFF, "explained", lang, n=_number(report.explanations_changed),
                              gaps=_number(kinds.get("gaps", 0)), citations=_number(kinds.get("citations", 0))), ""))
    answers = [c for c in report.changes if c.get("answer_changed", True)]
    if answers and detail != 0:
        out.append("")
        out.append(pick(DIFF, "detail", lang) + ":")
        shown = answers if detail is None else answers[:detail]
        for change in shown:
            out.append("  " + _spec_args(change["chain"]))
            for key in ("status", "scenario", "closed_by_step"):
                if key in change:
                    effect = {"what": key, **change[key]}
                    out.extend(_wrap(diff_effect(effect, labels), "      "))
            for step in change.get("steps", []):
                if not step.get("answer_changed", True):
                    continue
                role = labels.value("role", change["chain"][step["step"] - 1].split(":", 1)[0])
                name = pick(DIFF, "step", lang, n=step["step"], role=role)
                if step.get("alternatives"):
                    for alt in step["alternatives"]:
                        out.extend(_wrap(f"{name}, {labels.label('alternative', alt['alternative'])}: "
                                         f"{_diff_registration(alt['before'], lang)} → "
                                         f"{_diff_registration(alt['after'], lang)}", "      "))
                else:
                    from .semdiff import step_answer

                    out.extend(_wrap(f"{name}: {_diff_step_answer(step_answer(step['before']), labels)} → "
                                     f"{_diff_step_answer(step_answer(step['after']), labels)}", "      "))
            if change.get("citations_changed"):
                out.append("      " + pick(DIFF, "citations", lang))
        if report.answers_changed > len(shown):
            out.append("")
            out.append(pick(DIFF, "detail_more", lang, n=_number(report.answers_changed - len(shown))))
    if not report.answers_changed:
        out.append("")
        out.append(pick(DIFF, "none_changed", lang))
    return "\n".join(out) + "\n"


def render_why(tree: Any, lang: str) -> str:
    """A justification tree, indented; each node with its quote and section."""
    out = [ui("why_heading", lang), ""]

    def visit(node: Any, depth: int) -> None:
        indent = "  " * depth
        rule = "" if node.rule.startswith("scenario ") or node.kind == "case" else f"  [{node.rule}]"
        out.extend(_wrap(f"• {node.conclusion}{rule}", indent))
        if node.quote and node.errata:
            out.extend(_wrap(f"”{node.quote}” (§{node.section}; "
                             + ui("why_normalised", lang, errata=", ".join(node.errata), source=node.source_quote)
                             + ")", indent + "    "))
        elif node.quote:
            out.extend(_wrap(f"”{node.quote}” (§{node.section})", indent + "    "))
        else:
            out.append(f"{indent}    (§{node.section})")
        if node.explanation:
            out.extend(_wrap(f"{ui('rule_says', lang)}: {node.explanation}", indent + "    "))
        for child in node.because:
            visit(child, depth + 1)

    visit(tree, 0)
    return "\n".join(out) + "\n"


def render_find(result: FindResult, lang: str) -> str:
    """The matches of a reverse question, with the examined count that makes it complete."""
    sv = lang == "sv"
    scenario_level = result.level == "scenario"
    if scenario_level:
        out = [(f"Undersökta scenarier: {_number(result.scenarios_examined)} ({_number(result.examined)} kedjor; "
                f"ett scenario matchar bara när alla dess kedjor matchar); träffar: {_number(result.matched)}"
                if sv else
                f"Scenarios examined: {_number(result.scenarios_examined)} ({_number(result.examined)} chains; "
                f"a scenario matches only when all its chains match); matches: {_number(result.matched)}")]
    else:
        if result.mode.kind == "documented":
            space = ("de beskrivna scenariernas kedjor" if sv else "the chains of the documented scenarios")
        else:
            space = (f"varje stegkedja upp till {result.mode.max_steps} steg; replaces_visit-val på kedjor "
                     f"upp till {result.mode.choice_steps} steg" if sv
                     else f"every chain of up to {result.mode.max_steps} steps; replaces_visit choices on chains "
                          f"of up to {result.mode.choice_steps} steps")
        out = [(f"Undersökta fall: {_number(result.examined)} ({space}); träffar: {_number(result.matched)}"
                if sv else f"Cases examined: {_number(result.examined)} ({space}); matches: {_number(result.matched)}")]
    if result.undecided:
        out.append((f"Luckor: {_number(result.undecided)} (listas bara när ett steg matchar eller med --status "
                    f"gap; bland träffarna: {_number(result.gap_matched)})" if sv
                    else f"Gaps: {_number(result.undecided)} (listed only when a step matches or with --status gap; "
                         f"among the matches: {_number(result.gap_matched)})"))
    out.append("")
    for match in result.matches:
        label = match.scenario or "–"
        if scenario_level:
            if match.chains == 1:
                chains = "1 kedja" if sv else "1 chain"
            else:
                chains = f"alla {match.chains} kedjor" if sv else f"all {match.chains} chains"
            out.extend(_wrap(f"{label:<7} ({chains}) {ui('example', lang).lower()}: {_spec_args(list(match.steps))}",
                             "  "))
        else:
            out.extend(_wrap(f"{label:<7} {_spec_args(list(match.steps))}", "  "))
        out.extend(_wrap(f"– {match.reason or ('inga villkor' if sv else 'no filters')}", "          "))
    if result.truncated:
        more = result.matched - len(result.matches)
        out.append(f"  … {'och' if sv else 'and'} {_number(more)} {'till (--limit)' if sv else 'more (--limit)'}")
    partial = [s for s in result.scenarios if s.matched < s.of] if scenario_level else list(result.scenarios)
    if partial:
        out.append("")
        counts = ", ".join(f"{s.id} ({s.matched}/{s.of})" for s in partial)
        if scenario_level:
            out.extend(_wrap(("Ingen träff – bara vissa kedjor matchar (kedjor som matchar/alla; --chains visar dem): "
                              if sv else "No match – only some chains match (matching chains/all; --chains lists "
                                         "them): ") + counts, ""))
        else:
            out.extend(_wrap(("Scenarier med träffar (kedjor som matchar/alla): " if sv
                              else "Scenarios with matches (matching chains/all): ") + counts, ""))
    if not result.matched:
        out.append("Inga fall uppfyller villkoren." if sv else "No case satisfies the filters.")
    return "\n".join(out) + "\n"


def render_why_not(result: WhyNot, lang: str) -> str:
    """Whether an expectation holds, why not, and the smallest changes that make it hold."""
    out = [f"{ui('whynot_expect', lang)}: {result.expect}"]
    if result.holds:
        out.append(ui("whynot_holds", lang))
        return "\n".join(out) + "\n"
    out.extend(_wrap(ui("whynot_not", lang, actual=result.actual), ""))
    out.append("")
    searched = result.searched  # the KB gives it whenever the expectation does not hold
    if result.changes and searched is not None:
        out.append(ui("whynot_changes", lang, n=searched.distance, candidates=searched.candidates) + ":")
        for change in result.changes:
            out.extend(_wrap(f"• {change.sentence}", "  "))
            out.extend(_wrap(_spec_args(list(change.steps)), "      "))
    elif not result.complete and searched is not None:
        out.extend(_wrap(ui("whynot_cut_short", lang, seconds=_number(searched.seconds),
                            searched=_searched(searched, lang)), ""))
    elif result.impossible and searched is not None:
        out.extend(_wrap(ui("whynot_impossible", lang, n=searched.max_steps), ""))
    elif result.impossible is None and searched is not None:
        out.extend(_wrap(ui("whynot_unsearched", lang, n=searched.max_steps), ""))
    elif result.witness:
        out.append(ui("whynot_witness", lang) + ":")
        out.extend(_wrap(_spec_args(list(result.witness)), "  "))
    if result.because is not None:
        out.append("")
        out.append(ui("whynot_why", lang) + ":")
        out.extend(render_why(result.because, lang).splitlines()[2:])
    return "\n".join(out) + "\n"


def _number(value: Any) -> str:
    """A count or a number of seconds as people write it (1 234 567; 0.5)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return f"{int(value):,}".replace(",", " ")


def _searched(searched: Searched, lang: str) -> str:
    """How far a why-not search that was cut short got."""
    distance = searched.distance
    if distance == "exhaustive":
        return ui("whynot_searched_exhaustive", lang, examined=_number(searched.examined),
                  total=_number(searched.total), n=searched.max_steps)
    return ui(f"whynot_searched_{distance}", lang)


def render_query_help(predicates: Iterable[Any]) -> str:
    """The public predicates a query may call, with their PlDoc one-liners."""
    out = ["", "Publika predikat / public predicates:"]
    for p in predicates:
        out.append(f"  {p.module}:{p.signature}")
        out.extend(_wrap(p.summary, "      "))
    out.append("")
    out.append("Dessutom / also: , ; -> \\+ = \\= == \\== @< is =:= < > findall aggregate_all forall "
               "between member memberchk length nth1 sort msort sub_atom sub_string …")
    return "\n".join(out) + "\n"
