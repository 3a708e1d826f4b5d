"""``py1177 audit`` and ``py1177 table`` (registered on the CLI's app; imported by cli.py).

DuckDB and Jinja2 are imported only inside these commands, so ``py1177 advise`` never loads them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli import KbOption, LangOption, _kb_header, _lang, _rulebook, _write_whole, app
from .errors import InputError

FORMATS = ("text", "json", "html", "csv")
TABLE_FORMATS = ("parquet", "csv")


def _bad_format(value: str, allowed: tuple[str, ...]) -> InputError:
    from .audit import _bad

    return _bad("bad_format", value=value, allowed=", ".join(allowed))


@app.command()
def audit(
    cases: Annotated[Path, typer.Option(
        "--cases", help="Ärendefil (CSV eller Parquet): case_id, step, role, channel, purpose, date, unit, "
                        "closed_case.")],
    contacts: Annotated[Path, typer.Option(
        "--contacts", help="Kontaktfil (CSV eller Parquet): contact_id, case_id, step, contact_type, "
                           "attribute_1177, journal, diagnosis.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="Format: text (standard), json, html eller csv.",
                                     autocompletion=lambda incomplete: [f for f in FORMATS
                                                                        if f.startswith(incomplete)])] = "text",
    out: Annotated[Optional[Path], typer.Option("--out", "-o",
                                                help="Skriv till denna fil i stället för standard ut.")] = None,
    kb: KbOption = None,
    lang: LangOption = "sv",
    mapping: Annotated[Optional[Path], typer.Option(
        "--mapping", help="YAML-fil som döper om kolumner: {cases: {case_id: ArendeID, …}, contacts: {…}}.")] = None,
    table: Annotated[Optional[Path], typer.Option(
        "--table", help="Beslutstabell (Parquet från py1177 table) som besvarar kedjorna den har; "
                        "regelboken resten.")] = None,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", help="Visa förloppet på standard fel (standard: när det är en terminal).")] = None,
) -> None:
    """Granska registrerade PMO-kontakter mot regelboken: avvikelser per ärende med regel och citat."""
    from .audit import Progress, audit as run_audit, load_mapping
    from .audit_report import render_html, render_text, write_csv, write_json

    language = _lang(lang)
    if fmt not in FORMATS:
        raise _bad_format(fmt, FORMATS)
    columns = load_mapping(mapping)
    rulebook = _rulebook(kb, language)
    result = run_audit(rulebook, cases, contacts, lang=language.value, mapping=columns,
                       progress=Progress(progress, language.value), table=table)
    header = _kb_header(kb, rulebook, language)
    if fmt in ("json", "csv"):
        writer = write_json if fmt == "json" else write_csv
        if out is None:
            writer(result, sys.stdout)
            sys.stdout.flush()
        else:  # streamed into a new file beside it, renamed over it when whole
            import os
            import tempfile

            tmp = None
            try:
                handle, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                    writer(result, stream)
                os.chmod(tmp, 0o644)
                os.replace(tmp, out)
                tmp = None
            except OSError as exc:
                from .audit import _bad

                raise _bad("out_unwritable", path=str(out), reason=exc.strerror or str(exc)) from None
            finally:
                if tmp is not None and os.path.exists(tmp):
                    os.unlink(tmp)
    else:
        text = render_text(result, header) if fmt == "text" else render_html(result, header)
        if out is None:
            typer.echo(text, nl=False)
        else:
            _write_whole(out, text)
    raise typer.Exit(result.exit_code)


@app.command()
def table(
    fmt: Annotated[str, typer.Option("--format", "-f", help="Format: parquet (standard) eller csv.")] = "parquet",
    out: Annotated[Optional[Path], typer.Option("--out", "-o",
                                                help="Fil att skriva (standard: beslutstabell.parquet / .csv).")] = None,
    max_steps: Annotated[int, typer.Option("--max-steps", help="Längsta kedja i tabellen (1–3, standard 3).")] = 3,
    kb: KbOption = None,
    lang: LangOption = "sv",
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", help="Visa förloppet på standard fel (standard: när det är en terminal).")] = None,
) -> None:
    """Exportera hela beslutstabellen (varje kedja × alternativ → förväntade registreringar och avslutare)."""
    from .audit import Progress, _bad, export_table
    from .audit_text import ui

    language = _lang(lang)
    if fmt not in TABLE_FORMATS:
        raise _bad_format(fmt, TABLE_FORMATS)
    if not 1 <= max_steps <= 3:
        raise _bad("bad_max_steps", value=max_steps)
    target = out if out is not None else Path(f"beslutstabell.{fmt}")
    rulebook = _rulebook(kb, language)
    rows = export_table(rulebook, target, fmt, max_steps, language.value, Progress(progress, language.value))
    typer.echo(_kb_header(kb, rulebook, language) + ui("table_written", language.value, rows=rows, path=target))
