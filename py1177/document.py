"""The anvisning's §3–§4 regenerated from the rulebook: Markdown or one self-contained HTML file.

``py1177 render`` prints the guideline's sections 3 and 4 as the KB holds them: the same
section numbers and titles, the twelve scenarios of §3.1 with every "Registreras av …"
heading, note, alternative lead and bullet, and the PMO set-up of §4; around them a
decision table per scenario, an overview of all scenarios, a flow diagram of the
hand-overs, and the KB's errata and open policy questions.

Where the text comes from:

* headings, notes, "Ingen dokumentation i PMO …" sentences and alternative leads are the
  KB's verbatim quotes (from :meth:`Rulebook.advise`);
* every bullet is *built* from structured data: the contact type's label and the
  attribute from the advise answer, the journal/diagnosis flags with the obligation
  wording of ``vocabulary:obligation/2``, and the closing bullet from the subject that
  ``scenarios:bullet_meaning/2`` reads out of the text, worded by
  ``vocabulary:closer_subject/3``. Changing a label in ``kb/vocabulary.pl`` changes the
  rendered text; nothing here copies a stored bullet.

Python holds no policy: every label, flag and hand-over comes from the KB. The interface
words (table headings, captions) are Swedish by default and English with ``lang="en"``;
quotes and labels from the guideline stay Swedish as written. Bullets the source prints
without their indent after a page break (erratum e7) are nested under their lead.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from .casefile import enum_value
from .errors import InputError, KBError, Py1177Error
from .model import Advice, Channel, Lang, Relation, Role, Scenario, ScenarioStep
from .render import Labels
from .results import UnreadableBullet
from .rulebook import SOURCE_FILE, Rulebook

FORMATS = ("md", "html")

# Interface words of the document: (Swedish, English).
TEXT: dict[str, tuple[str, str]] = {
    "subtitle": ("Avsnitt 3–4 återskapade ur regelboken py1177",
                 "Sections 3–4 regenerated from the py1177 rulebook"),
    "meta_issuer": ("Utfärdare", "Issued by"),
    "meta_process": ("Process", "Process"),
    "meta_version": ("Version", "Version"),
    "meta_approved": ("Godkänt datum", "Approved"),
    "meta_approved_by": ("Godkänd av", "Approved by"),
    "meta_valid": ("Gäller", "Valid"),
    "meta_valid_value": ("fr.o.m. {start} t.o.m. {end}", "from {start} to {end}"),
    "meta_scope": ("Gäller för", "Applies to"),
    "meta_source": ("Källtext", "Source text"),
    "meta_source_value": ("{file} i regelboken (Markdown-markering borttagen, errata tillämpade)",
                          "{file} in the rulebook (Markdown emphasis removed, errata applied)"),
    "about": ("Rubriker, anteckningar och inledningar citeras ordagrant ur regelboken; varje punkt "
              "byggs ur regelbokens strukturerade svar (vårdkontakt, attribut, journal, diagnos, vem "
              "som avslutar ärendet). Källans fel rättas enligt errata sist i dokumentet.",
              "Headings, notes and leads are quoted verbatim from the rulebook; every bullet is built "
              "from the rulebook's structured answer (contact type, attribute, record, diagnosis, who "
              "closes the case). Quotes and the guideline's labels stay Swedish; headings of tables, "
              "columns and the rulebook's own labels are in English. The source's mistakes are "
              "corrected as listed under errata at the end."),
    "contents": ("Innehåll", "Contents"),
    "overview": ("Översikt över scenarierna", "Overview of the scenarios"),
    "col_id": ("Scenario", "Scenario"),
    "col_section": ("Avsnitt", "Section"),
    "col_heading": ("Rubrik", "Heading"),
    "col_steps": ("Steg", "Steps"),
    "col_closer": ("Avslutar ärendet", "Closes the case"),
    "col_nurse": ("Sjuksköterskan registrerar", "Nurse registers"),
    "closer_value": ("steg {n}: {who}", "step {n}: {who}"),
    "closer_reading": ("(tolkning: {ids})", "(reading: {ids})"),
    "nurse_yes": ("ja (steg {steps})", "yes (step {steps})"),
    "nurse_yes_many": ("ja (steg {steps})", "yes (steps {steps})"),
    "nurse_no_pmo": ("nej – ingen dokumentation i PMO", "no – nothing registered in PMO"),
    "nurse_absent": ("–", "–"),
    "flow": ("Flöde: överlämningar i 1177 direkt", "Flow: hand-overs in 1177 direkt"),
    "flow_about": ("Varje ruta är ett steg i ett scenario (vem, kanal, enhet); pilarna är överlämningarna "
                   "med scenariernas id och villkor. ”Avslutar” anger i vilka scenarier steget avslutar "
                   "ärendet i 1177 direkt.",
                   "Each box is a step of a scenario (who, channel, unit); the arrows are the hand-overs, "
                   "labelled with the scenarios' ids and conditions. “Closes” names the scenarios in "
                   "which that step closes the case in 1177 direkt."),
    "flow_start": ("Ärende i 1177 direkt", "Case in 1177 direkt"),
    "flow_content": ("ärendet gäller: {purpose}", "the case is about: {purpose}"),
    "flow_closes": ("avslutar: {ids}", "closes: {ids}"),
    "flow_legend_visit": ("fysiskt besök (tjock ram)", "physical visit (thick border)"),
    "flow_legend_unit": ("annan enhet (streckad ram)", "another unit (dashed border)"),
    "flow_title": ("Flödesbild: överlämningar mellan sjuksköterska, läkare eller annan hälso- och "
                   "sjukvårdspersonal, fysiskt besök och annan enhet",
                   "Flow diagram: hand-overs between nurse, doctor or other clinician, physical visit "
                   "and another unit"),
    "decision": ("Beslutstabell {id}", "Decision table {id}"),
    "col_step": ("Steg", "Step"),
    "col_who": ("Vem", "Who"),
    "col_where": ("Kanal / dag / enhet", "Channel / day / unit"),
    "col_alternative": ("Alternativ", "Alternative"),
    "col_contact": ("Vårdkontakt", "Contact type"),
    "col_attribute": ("Attribut", "Attribute"),
    "col_journal": ("Journal", "Record"),
    "col_diagnosis": ("Diagnos/KVÅ", "Diagnosis/KVÅ"),
    "col_closes": ("Avslutar ärendet", "Closes the case"),
    "yes": ("ja", "yes"),
    "no": ("nej", "no"),
    "none": ("–", "–"),
    "closes_other": ("nej – steg {n} avslutar", "no – step {n} closes"),
    "no_pmo_row": ("ingen dokumentation i PMO", "nothing registered in PMO"),
    "undecided_row": ("oavgjort – anvisningen avgör inte steget", "undecided – the guideline does not decide the step"),
    "nurse_undecided": ("oavgjort (lucka)", "undecided (a gap)"),
    "interpretations": ("Bygger på tolkningen {ids} (se Öppna policyfrågor).",
                        "Rests on the reading {ids} (see Open policy questions)."),
    "errata": ("Errata", "Errata"),
    "errata_about": ("Fel i källtexten och hur regelboken läser dem.",
                     "Mistakes in the source text and how the rulebook reads them."),
    "col_erratum": ("Id", "Id"),
    "col_kind": ("Typ", "Kind"),
    "col_found": ("I källan", "In the source"),
    "col_normalised": ("Normaliserat", "Normalised"),
    "col_note": ("Anmärkning", "Note"),
    "layout_only": ("(bara layout – texten ändras inte)", "(layout only – the text is unchanged)"),
    "questions": ("Öppna policyfrågor", "Open policy questions"),
    "questions_about": ("Där anvisningen är tvetydig eller tyst, och den läsning regelboken kodar.",
                        "Where the guideline is ambiguous or silent, and the reading the rulebook encodes."),
    "col_question_id": ("Id", "Id"),
    "col_question_kind": ("Typ", "Kind"),
    "col_question_sections": ("Avsnitt", "Sections"),
    "col_question": ("Fråga", "Question"),
    "col_reading": ("Regelbokens tolkning", "The rulebook's reading"),
    "bad_bullet": ("regelboken kan inte tolka punkten {bullet!r} i scenario {id} steg {n}: stämmer "
                   "etiketterna i vocabulary.pl med scenariernas punkter?",
                   "the rulebook cannot read the bullet {bullet!r} of scenario {id} step {n}: do the "
                   "labels in vocabulary.pl match the scenarios' bullets?"),
}

_SCENARIO_HEADING_LEVEL = 5


def t(name: str, lang: str, /, **params: Any) -> str:
    """The document's interface text ``name`` in ``lang``."""
    from .i18n import pick

    return pick(TEXT, name, lang, **params)


# --- the document, independent of the output format ---------------------------------

@dataclass(frozen=True)
class Bullet:
    """A bullet: ``prefix`` (e.g. "Vårdkontakt: ") and ``value``, emphasised after a prefix
    as the guideline prints it."""

    prefix: str
    value: str


@dataclass(frozen=True)
class AlternativeBlock:
    lead: str
    bullets: tuple[Bullet, ...]


@dataclass(frozen=True)
class StepBlock:
    number: int
    heading: str
    paragraphs: tuple[str, ...]
    alternatives: tuple[AlternativeBlock, ...]


@dataclass(frozen=True)
class ScenarioDoc:
    id: str
    section: str
    title: str
    steps: tuple[StepBlock, ...]
    table: tuple[tuple[str, ...], ...]
    closer: str
    nurse: str
    interpretations: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[tuple[str, str], ...] = ()  # (label, remark) under §4.3
    scenarios: tuple[ScenarioDoc, ...] = ()
    level: int = 2


@dataclass(frozen=True)
class FlowNode:
    id: str
    label: str
    kind: str  # entry | nurse | clinician | mixed
    physical: bool
    other_unit: bool
    closes: str


@dataclass(frozen=True)
class FlowEdge:
    source: str
    target: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """Everything the rendered document shows, in the interface language ``lang``."""

    lang: str
    title: str
    meta: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    overview_header: tuple[str, ...]
    overview: tuple[tuple[str, ...], ...]
    decision_header: tuple[str, ...]
    nodes: tuple[FlowNode, ...]
    edges: tuple[FlowEdge, ...]
    errata_header: tuple[str, ...]
    errata: tuple[tuple[str, ...], ...]
    questions_header: tuple[str, ...]
    questions: tuple[tuple[str, ...], ...]
    legend_roles: tuple[str, str, str] = ("", "", "")  # nurse, doctor or other, nurse or doctor


def render_document(rulebook: Rulebook, fmt: str, lang: str, served: bool = False) -> str:
    """The anvisning's §3–§4 regenerated from ``rulebook``, as Markdown (``fmt="md"``) or one
    self-contained HTML file (``fmt="html"``); interface words in ``lang`` ("sv" or "en")."""
    if fmt not in FORMATS:
        raise InputError("bad_format", None, value=fmt)
    document = build_document(rulebook, enum_value(Lang, lang, "lang").value)
    return markdown(document) if fmt == "md" else html_document(document, served)


def build_document(rulebook: Rulebook, lang: str) -> Document:
    """Collect everything the document shows from the rulebook's public API."""
    guideline = rulebook.guideline()
    labels = Labels(rulebook.vocabulary(), lang)
    wording = _Wording(rulebook)
    when = guideline.valid_from  # inside the validity period: answers carry no date warning
    scenarios = rulebook.scenarios()
    advices: dict[str, Advice] = {}
    for scenario in scenarios:
        try:
            advices[scenario.id] = rulebook.advise(scenario=scenario.id, date=when)
        except Py1177Error:
            wording.explain_unreadable()
            raise
    titles = {s.number: s.title for s in guideline.sections}
    scenario_docs = [_scenario_doc(s, advices[s.id], wording, labels, lang) for s in scenarios]

    sections: list[Section] = [Section("3", titles["3"], level=2)]
    intro = tuple(dict.fromkeys(c.quote for c in rulebook.citations() if c.section == "3.1"))
    sections.append(Section("3.1", titles["3.1"], paragraphs=intro, level=3))
    for number in dict.fromkeys(s.section for s in scenarios):
        sections.append(Section(number, titles[number], level=4,
                                scenarios=tuple(d for d in scenario_docs if d.section == number)))
    sections.extend(_section_4(rulebook, titles))

    nodes, edges = _flow(scenarios, advices, labels, lang)
    return Document(
        lang=lang,
        title=guideline.title,
        meta=((t("meta_issuer", lang), f"{guideline.issuer} – {guideline.department}"),
              (t("meta_process", lang), guideline.process),
              (t("meta_version", lang), guideline.version),
              (t("meta_approved", lang), guideline.approved),
              (t("meta_approved_by", lang), guideline.approved_by),
              (t("meta_valid", lang), t("meta_valid_value", lang, start=guideline.valid_from,
                                        end=guideline.valid_to)),
              (t("meta_scope", lang), guideline.scope),
              (t("meta_source", lang), t("meta_source_value", lang, file=SOURCE_FILE))),
        sections=tuple(sections),
        overview_header=_columns(lang, "col_id", "col_section", "col_heading", "col_steps", "col_closer",
                                 "col_nurse"),
        overview=tuple((d.id, d.section, d.title, str(len(d.steps)), d.closer, d.nurse) for d in scenario_docs),
        decision_header=_columns(lang, "col_step", "col_who", "col_where", "col_alternative", "col_contact",
                                 "col_attribute", "col_journal", "col_diagnosis", "col_closes"),
        nodes=tuple(nodes),
        edges=tuple(edges),
        errata_header=_columns(lang, "col_erratum", "col_section", "col_kind", "col_found", "col_normalised",
                               "col_note"),
        errata=tuple((e.id, e.section, e.kind, e.found, e.normalised, e.note) for e in rulebook.errata()),
        questions_header=_columns(lang, "col_question_id", "col_question_kind", "col_question_sections",
                                  "col_question", "col_reading"),
        questions=tuple((q.id, q.kind_label, ", ".join(q.sections), q.question, q.reading)
                        for q in rulebook.policy_questions(lang)),
        legend_roles=(_roles([Role.NURSE], labels), _roles([Role.DOCTOR, Role.OTHER_CLINICIAN], labels),
                      _roles([Role.NURSE, Role.DOCTOR], labels)),
    )


def _columns(lang: str, *names: str) -> tuple[str, ...]:
    return tuple(t(name, lang) for name in names)


class _Wording:
    """The KB's wording of the obligations and of the closing bullets' subjects, and which
    alternatives carry a closing bullet (:meth:`Rulebook.wording`)."""

    def __init__(self, rulebook: Rulebook) -> None:
        data = rulebook.wording()
        self.obligation: Mapping[str, str] = data.obligations
        self.prefix: Mapping[str, str] = data.prefixes
        self.subject: Mapping[str, str] = data.closer_subjects
        self.closing: dict[tuple[str, int, str], list[str]] = {}
        for row in data.closing:
            key = (row.scenario, row.step, row.alternative.value)
            self.closing.setdefault(key, []).append(row.subject)
        self.unreadable: tuple[UnreadableBullet, ...] = data.unreadable

    def closing_bullets(self, scenario: str, step: int, alternative: str) -> list[str]:
        """The closing bullets of one alternative, e.g. "Sjuksköterskan avslutar ärendet i 1177 direkt"."""
        return [f"{self.subject[s]} {self.obligation['close_case']}"
                for s in self.closing.get((scenario, step, alternative), [])]

    def explain_unreadable(self) -> None:
        """Raise a one-line error naming a bullet the KB cannot read (a label in vocabulary.pl
        that no longer matches the scenarios' text); return when there is none."""
        if self.unreadable:
            row = self.unreadable[0]
            params: dict[str, Any] = dict(bullet=row.bullet, id=row.scenario, n=row.step)
            raise KBError(t("bad_bullet", "en", **params), sv=t("bad_bullet", "sv", **params))


def _scenario_doc(scenario: Scenario, advice: Advice, wording: _Wording, labels: Labels,
                  lang: str) -> ScenarioDoc:
    if len(advice.steps) != len(scenario.steps):
        raise KBError(f"internal: scenario {scenario.id} answered with {len(advice.steps)} steps")
    contact = wording.prefix["contact_type"]
    attribute = wording.prefix["attribute"]
    blocks: list[StepBlock] = []
    rows: list[tuple[str, ...]] = []
    for step, pattern in zip(advice.steps, scenario.steps):
        paragraphs = tuple(p for p in (step.note, step.no_pmo.quote if step.no_pmo else None) if p)
        alternatives = []
        who = _roles(pattern.roles, labels)
        where = _where(pattern, labels)
        closes = (t("yes", lang) if step.closes_case
                  else t("closes_other", lang, n=advice.closed_by_step) if advice.closed_by_step
                  else t("no", lang))
        for reg in step.registrations or ():
            bullets = [Bullet(contact, reg.contact_type)]
            if reg.attribute is not None:
                bullets.append(Bullet(attribute, reg.attribute))
            if reg.journal:
                bullets.append(Bullet("", wording.obligation["journal"]))
            if reg.diagnosis:
                bullets.append(Bullet("", wording.obligation["diagnosis_kva"]))
            bullets.extend(Bullet("", text) for text in
                           wording.closing_bullets(scenario.id, step.step, reg.alternative.value))
            alternatives.append(AlternativeBlock(reg.lead, tuple(bullets)))
            rows.append((str(step.step), who, where, labels.label("alternative", reg.alternative),
                         reg.contact_type, reg.attribute or t("none", lang), _yes_no(reg.journal, lang),
                         _yes_no(reg.diagnosis, lang), closes))
        if not step.registrations:  # () registers nothing in PMO; None is undecided (a gap)
            none = t("none", lang)
            what = t("no_pmo_row" if step.registrations is not None else "undecided_row", lang)
            rows.append((str(step.step), who, where, what, none, none, none, none, closes))
        blocks.append(StepBlock(step.step, step.registrant or "", paragraphs, tuple(alternatives)))

    closer = t("none", lang)
    if advice.closed_by_step is not None:
        closer = t("closer_value", lang, n=advice.closed_by_step,
                   who=_roles(scenario.steps[advice.closed_by_step - 1].roles, labels))
        if scenario.closer_interpretations:  # e.g. 3.1.3b: the text's bullet names someone else
            closer += " " + t("closer_reading", lang, ids=", ".join(scenario.closer_interpretations))
    nurse_steps = [(s, p) for s, p in zip(advice.steps, scenario.steps) if Role.NURSE in p.roles]
    registering = [str(s.step) for s, _ in nurse_steps if s.registrations]
    if any(s.registrations is None for s, _ in nurse_steps):
        nurse = t("nurse_undecided", lang)
    elif registering:
        nurse = t("nurse_yes" if len(registering) == 1 else "nurse_yes_many", lang, steps=", ".join(registering))
    elif nurse_steps:
        nurse = t("nurse_no_pmo", lang)
    else:
        nurse = t("nurse_absent", lang)
    return ScenarioDoc(scenario.id, scenario.section, scenario.title, tuple(blocks), tuple(rows), closer,
                       nurse, tuple(i.id for i in advice.interpretations))


def _section_4(rulebook: Rulebook, titles: dict[str, str]) -> list[Section]:
    pmo = rulebook.pmo()
    out = [Section("4", titles["4"], level=2)]
    for number in ("4.1", "4.2", "4.3"):
        quotes = tuple(item.quote for item in pmo.items if item.section == number)
        bullets: tuple[tuple[str, str], ...] = ()
        if number == "4.3":
            bullets = tuple(_label_and_remark(c.label, c.quote) for c in pmo.attribute_contact_types)
        out.append(Section(number, titles[number], paragraphs=quotes, bullets=bullets, level=3))
    return out


def _label_and_remark(label: str, quote: str) -> tuple[str, str]:
    """A §4.3 contact type: its label, and the remark the guideline adds in parentheses."""
    rest = quote[len(label):].strip() if quote.startswith(label) else ""
    if rest.startswith("(") and rest.endswith(")"):
        return label, rest[1:-1]
    return label, rest


def _yes_no(flag: bool, lang: str) -> str:
    return t("yes", lang) if flag else t("no", lang)


def _roles(roles: Iterable[Role], labels: Labels) -> str:
    return _or([labels.value("role", r) for r in roles], labels.lang)


def _or(words: list[str], lang: str) -> str:
    return (" eller " if lang == "sv" else " or ").join(words)


def _where(pattern: ScenarioStep, labels: Labels) -> str:
    parts = [labels.value("channel", pattern.channel)]
    if pattern.purpose is not None:
        parts[0] += f" ({labels.value('purpose', pattern.purpose)})"
    # the source's own word for a choice of day: "samma besvär/enhet/dag alternativt annan dag"
    alternatively = " alternativt " if labels.lang == "sv" else " or "
    if pattern.day is not None:
        parts.append(alternatively.join(labels.value("day", d) for d in pattern.day))
    if pattern.unit is not None:
        parts.append(alternatively.join(labels.value("unit", u) for u in pattern.unit))
    return "; ".join(parts)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the flow of hand-overs ------------------------------------------------------------

def _flow(scenarios: Iterable[Scenario], advices: dict[str, Advice], labels: Labels,
          lang: str) -> tuple[list[FlowNode], list[FlowEdge]]:
    """Nodes: the distinct steps (who, channel, same/other unit) of the scenarios; edges: the
    start of each scenario and each hand-over, labelled with scenario ids and conditions."""
    keys: dict[tuple[Any, ...], str] = {}
    closes: dict[str, list[str]] = {}
    edge_lines: dict[tuple[str, str], dict[str, list[str]]] = {}
    start = "n0"  # ("end" and friends are Mermaid keywords; plain ids are safest)

    def node_of(step: ScenarioStep) -> str:
        other_unit = step.unit is not None and Relation.OTHER in step.unit and Relation.SAME not in step.unit
        key = (tuple(step.roles), step.channel, other_unit)
        if key not in keys:
            keys[key] = f"n{len(keys) + 1}"
        return keys[key]

    for scenario in scenarios:
        previous = start
        advice = advices[scenario.id]
        for number, step in enumerate(scenario.steps, 1):
            node = node_of(step)
            if number == 1:  # the arrow from the start carries what the case is about, not a hand-over
                condition = (t("flow_content", lang, purpose=labels.value("purpose", step.purpose))
                             if step.purpose is not None else "")
            else:
                condition = ", ".join(
                    _or([labels.value(kind, v) for v in values], lang)
                    for kind, values in (("day", step.day), ("unit", step.unit)) if values)
            edge_lines.setdefault((previous, node), {}).setdefault(condition, []).append(scenario.id)
            if advice.closed_by_step == number:
                closes.setdefault(node, []).append(scenario.id)
            previous = node

    nodes = [FlowNode(start, t("flow_start", lang), "entry", False, False, "")]
    for (roles, channel, other_unit), node_id in keys.items():
        label = f"{_capital(_roles(roles, labels))} {labels.value('channel', channel)}"
        if other_unit:
            label += f", {labels.value('unit', Relation.OTHER)}"
        kind = ("nurse" if set(roles) == {Role.NURSE}
                else "mixed" if Role.NURSE in roles else "clinician")
        closing = t("flow_closes", lang, ids=compress_ids(closes[node_id])) if node_id in closes else ""
        nodes.append(FlowNode(node_id, label, kind, channel == Channel.PHYSICAL, other_unit, closing))
    edges = []
    for (source, target), conditions in edge_lines.items():
        lines = []
        for condition, ids in conditions.items():
            lines.append(compress_ids(ids) + (f": {condition}" if condition else ""))
        edges.append(FlowEdge(source, target, tuple(lines)))
    return nodes, edges


def compress_ids(ids: Iterable[str]) -> str:
    """"3.1.2a, 3.1.2b, 3.1.2c, 3.1.3a" → "3.1.2a–c, 3.1.3a" (runs of consecutive letters)."""
    runs: list[tuple[str, str, str]] = []
    for scenario_id in ids:
        match = re.fullmatch(r"(.*?)([a-z])", scenario_id)
        if match is None:
            runs.append((scenario_id, "", ""))
            continue
        stem, letter = match.groups()
        if runs and runs[-1][0] == stem and runs[-1][2] and ord(letter) == ord(runs[-1][2]) + 1:
            runs[-1] = (stem, runs[-1][1], letter)
        else:
            runs.append((stem, letter, letter))
    parts = []
    for stem, first, last in runs:
        if first == last:
            parts.append(stem + first)
        elif ord(last) == ord(first) + 1:
            parts.extend([stem + first, stem + last])
        else:
            parts.append(f"{stem}{first}–{last}")
    return ", ".join(parts)


# --- Markdown ---------------------------------------------------------------------------

def _md(text: str) -> str:
    """Escape Markdown's inline syntax in a text from the KB (an underscore only where it could
    start or end emphasis, so that ids such as q_layout_bullets stay readable)."""
    text = re.sub(r"([\\`*\[\]<>|])", r"\\\1", text)
    text = re.sub(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])", r"\\_", text)
    return re.sub(r"^([#+-])", r"\\\1", text)


def _md_cell(text: str) -> str:
    return _md(text).replace("\n", " ")


def _md_code(text: str) -> str:
    """A code span in a table cell (newlines shown as ↵)."""
    shown = text.replace("\n", "↵").replace("|", "\\|")
    fence = "``" if "`" in shown else "`"
    return f"{fence}{shown}{fence}" if shown else ""


def _md_table(header: Iterable[str], rows: Iterable[Iterable[str]], cell: Any = _md_cell) -> list[str]:
    header = list(header)
    out = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        out.append("| " + " | ".join(cell(c) for c in row) + " |")
    return out


def markdown(doc: Document) -> str:
    lang = doc.lang
    out: list[str] = [f"# {_md(doc.title)}", "", f"*{_md(t('subtitle', lang))}*", ""]
    for key, value in doc.meta:
        out.append(f"- **{_md(key)}:** {_md(value)}")
    out += ["", _md(t("about", lang)), ""]
    out += [f"## {_md(t('contents', lang))}", ""]
    out += [f"- {_md(t(name, lang))}" for name in ("overview", "flow")]
    for section in doc.sections:
        out.append("  " * (section.level - 2) + f"- {section.number} {_md(section.title)}")
    out += [f"- {_md(t(name, lang))}" for name in ("errata", "questions")]
    out.append("")

    out += [f"## {_md(t('overview', lang))}", ""]
    out += _md_table(doc.overview_header, doc.overview)
    out += ["", f"## {_md(t('flow', lang))}", "", _md(t("flow_about", lang)), "", "```mermaid"]
    out += mermaid(doc)
    out += ["```", ""]

    for section in doc.sections:
        out += [f"{'#' * section.level} {section.number} {_md(section.title)}", ""]
        for paragraph in section.paragraphs:
            out += [_md(paragraph), ""]
        for label, remark in section.bullets:
            out.append(f"- {_md(label)}" + (f" (*{_md(remark)}*)" if remark else ""))
        if section.bullets:
            out.append("")
        for scenario in section.scenarios:
            out += _md_scenario(scenario, doc)

    out += [f"## {_md(t('errata', lang))}", "", _md(t("errata_about", lang)), ""]
    out += _md_table(doc.errata_header, [_errata_cells(row, lang) for row in doc.errata], cell=lambda c: c)
    out += ["", f"## {_md(t('questions', lang))}", "", _md(t("questions_about", lang)), ""]
    out += _md_table(doc.questions_header, doc.questions)
    return "\n".join(out) + "\n"


def _errata_cells(row: tuple[str, ...], lang: str) -> tuple[str, ...]:
    eid, section, kind, found, normalised, note = row
    if not found and not normalised:
        return (eid, section, kind, _md_cell(t("layout_only", lang)), "", _md_cell(note))
    return (eid, section, kind, _md_code(found), _md_code(normalised), _md_cell(note))


def _md_scenario(scenario: ScenarioDoc, doc: Document) -> list[str]:
    lang = doc.lang
    out = [f"{'#' * _SCENARIO_HEADING_LEVEL} {scenario.id} {_md(scenario.title)}", ""]
    for step in scenario.steps:
        out += [f"**{_md(step.heading)}**", ""]
        for paragraph in step.paragraphs:
            out += [_md(paragraph), ""]
        for alternative in step.alternatives:
            out.append(f"- {_md(alternative.lead)}")
            for bullet in alternative.bullets:
                value = f"*{_md(bullet.value)}*" if bullet.prefix else _md(bullet.value)
                out.append(f"  - {_md(bullet.prefix)}{value}")
        if step.alternatives:
            out.append("")
    out += [f"{'#' * (_SCENARIO_HEADING_LEVEL + 1)} {_md(t('decision', lang, id=scenario.id))}", ""]
    out += _md_table(doc.decision_header, scenario.table)
    out.append("")
    if scenario.interpretations:
        ids = ", ".join(f"`{i}`" for i in scenario.interpretations)
        out += [_md(t("interpretations", lang, ids="\0")).replace("\0", ids), ""]
    return out


def mermaid(doc: Document) -> list[str]:
    """The flow as a Mermaid flowchart (top down)."""
    def text(value: str) -> str:
        return (value.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
                .replace(">", "#gt;"))

    out = ["flowchart TD"]
    for node in doc.nodes:
        label = text(node.label) + (f"<br/><i>{text(node.closes)}</i>" if node.closes else "")
        shape = ('(["', '"])') if node.kind == "entry" else ('("', '")') if node.physical else ('["', '"]')
        out.append(f"    {node.id}{shape[0]}{label}{shape[1]}")
    for edge in doc.edges:
        label = "<br/>".join(text(line) for line in edge.lines)
        arrow = f' -->|"{label}"| ' if label else " --> "
        out.append(f"    {edge.source}{arrow}{edge.target}")
    out += ["    classDef entry fill:#f1f5f9,stroke:#475569",
            "    classDef nurse fill:#dbeafe,stroke:#1d4ed8",
            "    classDef clinician fill:#dcfce7,stroke:#15803d",
            "    classDef mixed fill:#fef9c3,stroke:#a16207",
            "    classDef visit stroke-width:3px",
            "    classDef otherunit stroke-dasharray:6 3"]
    members: dict[str, list[str]] = {}
    for node in doc.nodes:
        for name in [node.kind] + (["visit"] if node.physical else []) + (["otherunit"] if node.other_unit else []):
            members.setdefault(name, []).append(node.id)
    # one statement per class ("class a,b name": the commas separate nodes, not classes)
    out += [f"    class {','.join(ids)} {name}" for name, ids in members.items()]
    return out


# --- HTML -------------------------------------------------------------------------------




def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _anchor(text: str) -> str:
    return "s-" + re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-")


def html_document(doc: Document, served: bool = False) -> str:
    """The document as HTML from the Jinja2 template ``document.html`` (shared with ``py1177 serve``):
    one self-contained file with its CSS inline, or (``served``) a page that links the served CSS
    file, as the server's Content-Security-Policy allows no inline style."""
    from markupsafe import Markup

    from .web import render_template, static_text

    lang = doc.lang
    errata = []
    for eid, section_no, kind, found, normalised, note in doc.errata:
        errata.append((eid, section_no, kind, found, normalised, note, not found and not normalised))
    return render_template(
        "document.html", doc=doc, lang=lang, t=lambda name, **params: t(name, lang, **params),
        anchor=_anchor, errata=errata, scenario_level=_SCENARIO_HEADING_LEVEL,
        svg=Markup("\n".join(svg_flow(doc))), served=served,
        css=None if served else Markup(static_text("document.css")))


# --- the flow as SVG: a small layered (Sugiyama-style) layout ----------------------------

_NODE_WIDTH = 250
_LINE_HEIGHT = 17
_CHARS_PER_LINE = 32
_LABEL_CHARS = 30
_LAYER_GAP = 150
_NODE_GAP = 48
_DUMMY_WIDTH = 30
_MARGIN = 24


@dataclass
class _Box:
    id: str
    width: float
    height: float
    lines: list[str]
    closes: list[str]
    x: float = 0.0
    y: float = 0.0
    dummy: bool = False


def _wrap_text(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def _layout(doc: Document) -> tuple[dict[str, _Box], list[tuple[FlowEdge, list[str]]], float, float]:
    """Layers by longest path from the start; edges spanning layers get dummy boxes; the order
    within a layer follows the barycentre of the neighbours above and below."""
    boxes: dict[str, _Box] = {}
    for node in doc.nodes:
        lines = _wrap_text(node.label, _CHARS_PER_LINE)
        closes = _wrap_text(node.closes, _CHARS_PER_LINE + 4) if node.closes else []
        height: float = (len(lines) + len(closes)) * _LINE_HEIGHT + 20
        boxes[node.id] = _Box(node.id, _NODE_WIDTH, height, lines, closes)
    order = [n.id for n in doc.nodes]
    layer = {n: 0 for n in order}
    for _ in range(len(order)):  # longest path (the graph is acyclic and small)
        changed = False
        for edge in doc.edges:
            if layer[edge.target] < layer[edge.source] + 1:
                layer[edge.target] = layer[edge.source] + 1
                changed = True
        if not changed:
            break
    routes: list[tuple[FlowEdge, list[str]]] = []
    for index, edge in enumerate(doc.edges):
        path = [edge.source]
        for k in range(layer[edge.source] + 1, layer[edge.target]):
            dummy = f"d{index}_{k}"
            boxes[dummy] = _Box(dummy, _DUMMY_WIDTH, 1, [], [], dummy=True)
            layer[dummy] = k
            order.append(dummy)
            path.append(dummy)
        path.append(edge.target)
        routes.append((edge, path))
    layers: list[list[str]] = [[] for _ in range(max(layer.values()) + 1)]
    for box_id in order:
        layers[layer[box_id]].append(box_id)
    up: dict[str, list[str]] = {b: [] for b in boxes}
    down: dict[str, list[str]] = {b: [] for b in boxes}
    for _, path in routes:
        for a, b in zip(path, path[1:]):
            down[a].append(b)
            up[b].append(a)
    for sweep in range(4):
        rng = range(1, len(layers)) if sweep % 2 == 0 else range(len(layers) - 2, -1, -1)
        for k in rng:
            ref = layers[k - 1] if sweep % 2 == 0 else layers[k + 1]
            pos = {b: i for i, b in enumerate(ref)}
            neighbours = up if sweep % 2 == 0 else down

            def centre(b: str) -> float:
                near = [pos[n] for n in neighbours[b] if n in pos]
                return sum(near) / len(near) if near else layers[k].index(b)

            layers[k] = sorted(layers[k], key=centre)
    widths = [sum(boxes[b].width for b in row) + _NODE_GAP * (len(row) - 1) for row in layers]
    total_width = max(widths) + 2 * _MARGIN
    y: float = _MARGIN
    for row, width in zip(layers, widths):
        x = (total_width - width) / 2
        height = max(boxes[b].height for b in row)
        for b in row:
            box = boxes[b]
            box.x, box.y = x, y + (height - box.height) / 2
            x += box.width + _NODE_GAP
        y += height + _LAYER_GAP
    total_height = y - _LAYER_GAP + _MARGIN
    return boxes, routes, total_width, total_height


def _cubic(p0: tuple[float, float], p1: tuple[float, float], p2: tuple[float, float],
           p3: tuple[float, float], s: float) -> tuple[float, float]:
    a, b, c, d = (1 - s) ** 3, 3 * (1 - s) ** 2 * s, 3 * (1 - s) * s ** 2, s ** 3
    return (a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1])


def _label_position(segments: list[tuple[tuple[float, float], tuple[float, float], tuple[float, float],
                                         tuple[float, float]]], width: float, height: float,
                    taken: list[tuple[float, float, float, float]]) -> tuple[float, float]:
    """A point on the edge for its label: the first candidate (last segment first, its middle
    first) whose box overlaps nothing in ``taken``; else the least overlapping one."""
    def overlap(x: float, y: float) -> float:
        left, top = x - width / 2, y - height / 2
        return sum(max(0.0, min(left + width, a + w) - max(left, a)) * max(0.0, min(top + height, b + h) - max(top, b))
                   for a, b, w, h in taken)

    candidates = [_cubic(*segment, s) for segment in reversed(segments)
                  for s in (0.5, 0.65, 0.35, 0.8, 0.2, 0.9, 0.1)]
    best = min(candidates, key=lambda point: overlap(*point))
    for point in candidates:
        if overlap(*point) == 0:
            return point
    return best


def svg_flow(doc: Document) -> list[str]:
    """The flow as inline SVG (no scripts, no external resources)."""
    lang = doc.lang
    boxes, routes, width, height = _layout(doc)
    legend, legend_bottom = _svg_legend(doc, width, height)
    full_height = legend_bottom + _MARGIN
    title = t("flow_title", lang)
    out = [f'<svg viewBox="0 0 {width:.0f} {full_height:.0f}" width="{width:.0f}" height="{full_height:.0f}" '
           f'role="img" aria-labelledby="flow-title">',
           f'<title id="flow-title">{_e(title)}</title>',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#52606d"/></marker></defs>']
    labels: list[str] = []
    # Label boxes are placed greedily where they overlap no node and no earlier label.
    taken = [(b.x - 4, b.y - 4, b.width + 8, b.height + 8) for b in boxes.values() if not b.dummy]
    for edge, path in routes:
        points = []
        for k, box_id in enumerate(path):
            box = boxes[box_id]
            cx = box.x + box.width / 2
            if box.dummy:
                points.append((cx, box.y))
            elif k == 0:
                points.append((cx, box.y + box.height))
            else:
                points.append((cx, box.y))
        d = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
        segments = []
        for p, q in zip(points, points[1:]):
            mid = (p[1] + q[1]) / 2
            c1, c2 = (p[0], mid), (q[0], mid)
            segments.append((p, c1, c2, q))
            d += f" C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {q[0]:.1f},{q[1]:.1f}"
        out.append(f'<g class="edge"><path d="{d}" marker-end="url(#arrow)"/></g>')
        if edge.lines:
            wrapped = [w for line in edge.lines for w in _wrap_text(line, _LABEL_CHARS)]
            w = max(len(line) for line in wrapped) * 6.3 + 10
            h = len(wrapped) * 14 + 6
            lx, ly = _label_position(segments, w, h, taken)
            top = ly - h / 2
            taken.append((lx - w / 2, top, w, h))
            group = [f'<g class="edge"><rect x="{lx - w / 2:.1f}" y="{top:.1f}" width="{w:.1f}" '
                     f'height="{h:.1f}" rx="3"/>']
            for i, line in enumerate(wrapped):
                group.append(f'<text x="{lx:.1f}" y="{top + 14 * (i + 1):.1f}" text-anchor="middle">{_e(line)}</text>')
            group.append("</g>")
            labels.append("".join(group))
    for node in doc.nodes:
        box = boxes[node.id]
        classes = ["node", node.kind] + (["visit"] if node.physical else []) + (
            ["otherunit"] if node.other_unit else [])
        radius = box.height / 2 if node.kind == "entry" else 14 if node.physical else 5
        group = [f'<g class="{" ".join(classes)}"><rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
                 f'height="{box.height:.1f}" rx="{min(radius, box.height / 2):.1f}"/>']
        cx = box.x + box.width / 2
        y = box.y + 10 + _LINE_HEIGHT - 4
        for line in box.lines:
            group.append(f'<text x="{cx:.1f}" y="{y:.1f}" text-anchor="middle">{_e(line)}</text>')
            y += _LINE_HEIGHT
        for line in box.closes:
            group.append(f'<text class="closes" x="{cx:.1f}" y="{y:.1f}" text-anchor="middle">{_e(line)}</text>')
            y += _LINE_HEIGHT
        group.append("</g>")
        out.append("".join(group))
    out.extend(labels)  # on top of nodes and edges
    out += legend
    out.append("</svg>")
    return out


def _svg_legend(doc: Document, width: float, top: float) -> tuple[list[str], float]:
    """The legend's elements below the flow, and where it ends (role names from the KB)."""
    nurse, clinician, mixed = doc.legend_roles
    items = [("nurse", nurse), ("clinician", clinician), ("mixed", mixed),
             ("entry visit", t("flow_legend_visit", doc.lang)), ("entry otherunit", t("flow_legend_unit", doc.lang))]
    out = ['<g class="legend">']
    x: float = _MARGIN
    y = top
    for classes, label in items:
        item_width = 30 + len(label) * 6.6 + 24
        if x + item_width > width - _MARGIN and x > _MARGIN:
            x, y = _MARGIN, y + 26
        out.append(f'<g class="{classes}"><rect x="{x:.1f}" y="{y:.1f}" width="22" height="14" rx="3"/></g>')
        out.append(f'<text x="{x + 30:.1f}" y="{y + 12:.1f}">{_e(label)}</text>')
        x += item_width
    out.append("</g>")
    return out, y + 16


__all__ = ["render_document", "build_document", "markdown", "html_document", "compress_ids", "FORMATS"]
