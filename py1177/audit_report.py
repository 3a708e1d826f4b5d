"""Reports of ``py1177 audit``: text summary, JSON (the contract, streamed), CSV, HTML (Jinja2,
inline SVG charts, self-contained)."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from .audit import KINDS, AuditResult
from .audit_text import kind_label, ui

EXAMPLES = 20
"""Deviations, undecided cases and input errors listed in the text and HTML reports."""


def write_json(result: AuditResult, out: TextIO) -> None:
    """The JSON contract, written as it is read from DuckDB (one deviation per line)."""
    def items(name: str, rows: Any, last: bool = False) -> None:
        out.write(f' "{name}": [')
        first = True
        for row in rows:
            out.write("\n  " if first else ",\n  ")
            out.write(row if isinstance(row, str) else json.dumps(row, ensure_ascii=False))
            first = False
        out.write("\n ]" if not first else "]")
        out.write("\n" if last else ",\n")

    out.write("{\n" + f' "cases": {result.cases},\n')
    items("deviations", result.deviation_texts())
    items("undecided", result.undecided_texts())
    items("input_errors", result.input_errors())
    items("by_unit", result.by_unit())
    out.write(f' "kb_digest": {json.dumps(result.kb_digest)},\n')
    out.write(f' "outside_validity": {result.outside_validity}\n')
    out.write("}\n")


CSV_FIELDS = ("case_id", "kind", "step", "contact_id", "unit", "status", "readings", "rule", "section", "quote",
              "note")


def write_csv(result: AuditResult, out: TextIO) -> None:
    """One row per deviation; ``readings`` as the question ids joined by spaces."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for d in result.deviations():
        row = dict(d, readings=" ".join(r["id"] for r in d["readings"]))
        writer.writerow(["" if row[k] is None else row[k] for k in CSV_FIELDS])


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def render_text(result: AuditResult, header: str) -> str:
    lang = result.lang
    lines = [header.rstrip("\n"), ui("title", lang), ""]
    lines.append(f"{ui('cases', lang)}: {result.cases}")
    lines.append(f"{ui('deviations', lang)}: {result.deviation_count}")
    for kind in KINDS:
        if result.counts.get(kind):
            lines.append(f"  {kind_label(kind, lang):28} {kind:26} {result.counts[kind]}")
    lines.append(f"{ui('undecided', lang)}: {result.undecided_count}")
    lines.append(f"{ui('input_errors', lang)}: {result.error_count}")
    if result.outside_validity:
        lines.append(f"{ui('outside', lang)}: {result.outside_validity}")
    if result.error_count:
        lines.append("")
        lines.append(ui("input_errors", lang) + ":")
        for e in result.input_errors(EXAMPLES):
            lines.append(f"  {e['file']}:{e['line']}: {e['message']}")
        if result.error_count > EXAMPLES:
            lines.append("  " + ui("more", lang, n=result.error_count - EXAMPLES))
    top = result.top_quotes(5)
    if top:
        lines.append("")
        lines.append(ui("common", lang) + ":")
        for t in top:
            lines.append(f"  {t['count']:>8}  {kind_label(t['kind'], lang)} — {t['rule']} (§{t['section']})")
            lines.append(f"            ”{t['quote']}”")
    units = result.by_unit()
    if units:
        lines.append("")
        lines.append(f"{ui('by_unit', lang)} ({ui('compliance_note', lang)})")
        lines.append(f"  {ui('unit', lang):20} {ui('cases', lang):>9} {ui('contacts', lang):>10} "
                     f"{ui('deviations', lang):>10} {ui('compliance', lang):>11}")
        for u in sorted(units, key=lambda u: (u["compliance"] is None, u["compliance"] or 0))[:EXAMPLES]:
            lines.append(f"  {str(u['unit']):20} {u['cases']:>9} {u['contacts']:>10} "
                         f"{sum(u['deviations'].values()):>10} {_pct(u['compliance']):>11}")
        if len(units) > EXAMPLES:
            lines.append("  " + ui("more", lang, n=len(units) - EXAMPLES))
    if result.deviation_count:
        lines.append("")
        lines.append(ui("examples", lang) + ":")
        for d in result.deviations(EXAMPLES // 2):
            where = f"{ui('step', lang)} {d['step']}" + (
                f", {ui('contact', lang)} {d['contact_id']}" if d["contact_id"] else "")
            lines.append(f"  {d['case_id']} ({where}, {d['unit']}): {kind_label(d['kind'], lang)} "
                         f"[{d['status']}] — {d['rule']} (§{d['section']}) ”{d['quote']}”")
            if d["readings"]:
                lines.append(f"      {ui('readings', lang)}: " + ", ".join(r["id"] for r in d["readings"]))
            if d["note"]:
                lines.append(f"      ! {d['note']}")
    lines.append("")
    return "\n".join(lines)


def _bars(items: list[tuple[str, float, str]], width: int = 560, bar_h: int = 18, label_w: int = 200,
          scale_max: float = 0.0) -> dict[str, Any]:
    """Geometry of a horizontal bar chart: (label, value, shown text) per bar."""
    top = max([v for _, v, _ in items] + [scale_max, 1e-9])
    span = width - label_w - 80
    bars = [{"y": i * (bar_h + 6), "label": label, "w": max(1.0, span * v / top), "text": text,
             "tx": label_w + max(1.0, span * v / top) + 6}
            for i, (label, v, text) in enumerate(items)]
    return {"width": width, "height": max(1, len(items)) * (bar_h + 6), "bar_h": bar_h, "label_w": label_w,
            "bars": bars}


def render_html(result: AuditResult, header: str) -> str:
    import jinja2

    lang = result.lang
    env = jinja2.Environment(loader=jinja2.PackageLoader("py1177", "templates"),
                             autoescape=jinja2.select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    kinds = [(kind_label(k, lang), float(result.counts.get(k, 0)), str(result.counts.get(k, 0))) for k in KINDS]
    units = result.by_unit()
    judged = [u for u in units if u["compliance"] is not None]
    worst = sorted(judged, key=lambda u: u["compliance"])[:30]
    unit_bars = [(str(u["unit"]), u["compliance"], _pct(u["compliance"])) for u in worst]
    template = env.get_template("audit.html")
    return template.render(
        lang=lang, t=lambda code, **kw: ui(code, lang, **kw), kind_label=lambda k: kind_label(k, lang),
        header=header.strip(), result=result, kinds=KINDS, kind_chart=_bars(kinds),
        unit_chart=_bars(unit_bars, scale_max=1.0), units=sorted(units, key=lambda u: str(u["unit"])),
        top=result.top_quotes(10), examples=list(result.deviations(EXAMPLES)),
        undecided=list(result.undecided(EXAMPLES)), errors=list(result.input_errors(EXAMPLES)), pct=_pct,
        examples_max=EXAMPLES)
