"""The words of ``py1177 audit`` and ``py1177 table`` (Swedish and English). Interface text
only: labels, quotes and rules come from the KB."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    "input_missing": ("{path}: filen finns inte", "{path}: no such file"),
    "input_unreadable": ("{path}: kan inte läsas som CSV eller Parquet: {reason}",
                         "{path}: cannot be read as CSV or Parquet: {reason}"),
    "input_column": ("{path}: kolumnen {column} saknas (kolumner: {have}; en --mapping-fil kan byta namn)",
                     "{path}: column {column} is missing (columns: {have}; a --mapping file can rename)"),
    "mapping_unreadable": ("{path}: mappningsfilen kan inte läsas: {reason}",
                           "{path}: the mapping file cannot be read: {reason}"),
    "mapping_bad": ("{path}: ogiltig mappning ({reason})", "{path}: invalid mapping ({reason})"),
    "out_unwritable": ("{path}: kan inte skrivas: {reason}", "{path}: cannot be written: {reason}"),
    "bad_format": ("okänt format {value!r} (tillåtet: {allowed})", "unknown format {value!r} (allowed: {allowed})"),
    "outside_validity": ("ärendet är daterat utanför anvisningens giltighetstid (version {version}, "
                         "{valid_from} – {valid_to}); granskat ändå",
                         "the case is dated outside the guideline's validity (version {version}, "
                         "{valid_from} – {valid_to}); audited anyway"),
    "bad_max_steps": ("--max-steps måste vara 1–3 (fick {value})", "--max-steps must be 1–3 (got {value})"),
}

ERRORS: dict[str, tuple[str, str]] = {
    "missing": ("{field} saknas", "{field} is missing"),
    "bad_step": ("step måste vara ett heltal ≥ 1 (fick {value!r})", "step must be an integer ≥ 1 (got {value!r})"),
    "bad_value": ("okänt värde för {field}: {value!r} (tillåtet: {allowed})",
                  "unknown value for {field}: {value!r} (allowed: {allowed})"),
    "bad_date": ("date måste vara ÅÅÅÅ-MM-DD (fick {value!r})", "date must be YYYY-MM-DD (got {value!r})"),
    "bad_bool": ("{field} måste vara true eller false (fick {value!r})",
                 "{field} must be true or false (got {value!r})"),
    "duplicate_step": ("steg {value} finns redan för ärendet", "step {value} is already given for the case"),
    "step_holes": ("ärendets steg går inte 1, 2, … utan luckor (högsta {value})",
                   "the case's steps do not run 1, 2, … without holes (highest {value})"),
    "too_many_steps": ("ärendet har {value} steg; regelboken tar högst så många som dess max",
                       "the case has {value} steps, more than the rulebook's maximum"),
    "duplicate_contact": ("contact_id {value!r} finns redan", "contact_id {value!r} is already given"),
    "unknown_step": ("kontakt för ett steg som ärendefilen saknar ({value})",
                     "a contact for a step the cases file lacks ({value})"),
    "chain_refused": ("regelboken avvisar ärendet: {value}", "the rulebook refuses the case: {value}"),
}

UI: dict[str, tuple[str, str]] = {
    "title": ("Granskning av PMO-registreringar mot anvisningen", "Audit of PMO registrations against the guideline"),
    "cases": ("Ärenden", "Cases"),
    "deviations": ("Avvikelser", "Deviations"),
    "undecided": ("Oavgjorda (anvisningen avgör inte kedjan; inga avvikelser)",
                  "Undecided (the guideline does not decide the chain; not deviations)"),
    "input_errors": ("Indatafel", "Input errors"),
    "outside": ("Ärenden daterade utanför giltighetstiden (granskade ändå)",
                "Cases dated outside the validity period (audited anyway)"),
    "by_kind": ("Avvikelser per slag", "Deviations by kind"),
    "by_unit": ("Per enhet", "By unit"),
    "unit": ("Enhet", "Unit"),
    "contacts": ("Kontakter", "Contacts"),
    "compliance": ("Följsamhet", "Compliance"),
    "common": ("Vanligaste avvikelserna, med regel och citat", "Most common deviations, with rule and quote"),
    "examples": ("Första avvikelserna", "First deviations"),
    "more": ("… och {n} till (se --format json eller csv)", "… and {n} more (see --format json or csv)"),
    "seconds": ("Tid", "Time"),
    "none": ("inga", "none"),
    "kind": ("Slag", "Kind"),
    "count": ("Antal", "Count"),
    "step": ("steg", "step"),
    "contact": ("kontakt", "contact"),
    "readings": ("tolkningar", "readings"),
    "compliance_note": ("Följsamhet = andel av enhetens bedömda kontakter, saknade registreringar och avslut "
                        "utan avvikelse; ett steg räknas för enheten där det skedde.",
                        "Compliance = share of the unit's judged contacts, missing registrations and closings "
                        "without a deviation; a step counts for the unit where it happened."),
    "table_written": ("Beslutstabell: {rows} rader ({path})", "Decision table: {rows} rows ({path})"),
    "reading_cases": ("läser ärenden", "reading cases"),
    "reading_contacts": ("läser kontakter", "reading contacts"),
    "checking_rows": ("kontrollerar rader", "checking rows"),
    "rulebook": ("regelboken svarar per kedja", "the rulebook answers each chain"),
    "sql": ("granskar (SQL)", "auditing (SQL)"),
}

KIND_LABELS: dict[str, tuple[str, str]] = {
    "missing_registration": ("saknad registrering", "missing registration"),
    "unexpected_registration": ("oväntad registrering", "unexpected registration"),
    "wrong_contact_type": ("fel vårdkontakttyp", "wrong contact type"),
    "missing_attribute": ("attribut saknas", "missing attribute"),
    "unexpected_attribute": ("oväntat attribut", "unexpected attribute"),
    "missing_journal": ("journal saknas", "missing journal"),
    "missing_diagnosis": ("diagnos saknas", "missing diagnosis"),
    "wrong_closer": ("fel avslutare", "wrong closer"),
}


def _pick(table: dict[str, tuple[str, str]], code: str, lang: str, **params: Any) -> str:
    from .i18n import pick

    return pick(table, code, lang, **params)


def message(code: str, lang: str, **params: Any) -> str:
    """A one-line message of the audit (bad input, notes)."""
    return _pick(MESSAGES, code, lang, **params)


def ui(code: str, lang: str, **params: Any) -> str:
    """A word or heading of the audit's reports."""
    return _pick(UI, code, lang, **params)


def kind_label(kind: str, lang: str) -> str:
    return _pick(KIND_LABELS, kind, lang)


def error_message(code: str, lang: str, *, field: Any, value: Any, vocab: dict[str, list[str]]) -> str:
    """An input error's message; ``vocab`` gives the allowed values of role, channel, purpose."""
    allowed = ", ".join(vocab.get(field or "", []))
    return _pick(ERRORS, code, lang, field=field, value=value, allowed=allowed)


HELP_EN = {
    "Granska registrerade PMO-kontakter mot regelboken: avvikelser per ärende med regel och citat.":
        "Audit registered PMO contacts against the rulebook: deviations per case with rule and quote.",
    "Ärendefil (CSV eller Parquet): case_id, step, role, channel, purpose, date, unit, closed_case.":
        "Cases export (CSV or Parquet): case_id, step, role, channel, purpose, date, unit, closed_case.",
    "Kontaktfil (CSV eller Parquet): contact_id, case_id, step, contact_type, attribute_1177, journal, diagnosis.":
        "Contacts export (CSV or Parquet): contact_id, case_id, step, contact_type, attribute_1177, journal, "
        "diagnosis.",
    "Format: text (standard), json, html eller csv.": "Format: text (default), json, html or csv.",
    "Skriv till denna fil i stället för standard ut.": "Write to this file instead of standard output.",
    "YAML-fil som döper om kolumner: {cases: {case_id: ArendeID, …}, contacts: {…}}.":
        "YAML file renaming columns: {cases: {case_id: ArendeID, …}, contacts: {…}}.",
    "Beslutstabell (Parquet från py1177 table) som besvarar kedjorna den har; regelboken resten.":
        "Decision table (Parquet from py1177 table) answering the chains it holds; the rulebook the rest.",
    "Visa förloppet på standard fel (standard: när det är en terminal).":
        "Show progress on standard error (default: when it is a terminal).",
    "Exportera hela beslutstabellen (varje kedja × alternativ → förväntade registreringar och avslutare).":
        "Export the complete decision table (every chain × alternative → expected registrations and closer).",
    "Format: parquet (standard) eller csv.": "Format: parquet (default) or csv.",
    "Fil att skriva (standard: beslutstabell.parquet / .csv).":
        "File to write (default: beslutstabell.parquet / .csv).",
    "Längsta kedja i tabellen (1–3, standard 3).": "Longest chain in the table (1–3, default 3).",
}
