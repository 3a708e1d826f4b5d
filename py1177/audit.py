"""``py1177 audit`` and ``py1177 table``: recorded PMO registrations checked against the rulebook.

DuckDB reads the two exports (CSV or Parquet), validates them row by row (bad rows become
``input_errors`` named by file and line; the run goes on), derives each case's chain of steps
(day and unit compared with the previous step) and its canonical chain spec. The rulebook
answers each *distinct* chain once (``audit:audit_chains_json/3``: expected registrations per
step and alternative, closer, status, readings, and for every obligation its rule, section and
quote); those answers form the *decision table* (:data:`TABLE_COLUMNS`), and the audit itself is
plain SQL over cases, contacts and that table (``py1177/audit.sql``), the same SQL that runs over
the table ``py1177 table`` exports. No policy here: every expectation comes from the KB.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from .errors import InputError, KBError

if TYPE_CHECKING:
    from .rulebook import Rulebook

KINDS = ("missing_registration", "unexpected_registration", "wrong_contact_type", "missing_attribute",
         "unexpected_attribute", "missing_journal", "missing_diagnosis", "wrong_closer")
"""The kinds of deviation, in report order."""

CASE_COLUMNS = ("case_id", "step", "role", "channel", "purpose", "date", "unit", "closed_case")
CONTACT_COLUMNS = ("contact_id", "case_id", "step", "contact_type", "attribute_1177", "journal", "diagnosis")
OPTIONAL_COLUMNS = {"purpose"}

CITES = ("registration", "closer", "attribute_types")
ALT_FIELDS = ("alternative", "contact_type", "attribute", "journal", "diagnosis")
OBLIGATIONS = ("contact_type", "attribute", "journal", "diagnosis")


def _table_columns() -> list[tuple[str, str]]:
    cols = [("chain", "VARCHAR"), ("steps", "INTEGER"), ("step", "INTEGER"), ("role", "VARCHAR"),
            ("channel", "VARCHAR"), ("purpose", "VARCHAR"), ("day", "VARCHAR"), ("unit", "VARCHAR"),
            ("kb_digest", "VARCHAR"), ("status", "VARCHAR"), ("scenario", "VARCHAR"), ("readings", "VARCHAR"),
            ("gaps", "VARCHAR"), ("closer_step", "INTEGER"), ("closes", "BOOLEAN"), ("decided", "BOOLEAN"),
            ("registers", "BOOLEAN")]
    for n in (1, 2):
        cols += [(f"alt{n}_alternative", "VARCHAR"), (f"alt{n}_contact_type", "VARCHAR"),
                 (f"alt{n}_attribute", "BOOLEAN"), (f"alt{n}_journal", "BOOLEAN"), (f"alt{n}_diagnosis", "BOOLEAN")]
        for ob in OBLIGATIONS:
            cols += [(f"alt{n}_{ob}_{part}", "VARCHAR") for part in ("rule", "section", "quote")]
    for cite in CITES:
        cols += [(f"{cite}_{part}", "VARCHAR") for part in ("rule", "section", "quote")]
    return cols


TABLE_COLUMNS = _table_columns()
"""The decision table's schema: one row per chain step (documented in README.md)."""

MAX_ALTERNATIVES = 2
CHUNK = 2000
"""Distinct chains per rulebook call."""


def audit_sql() -> str:
    """The audit as SQL (``py1177/audit.sql``), shipped with the package."""
    return resources.files("py1177").joinpath("audit.sql").read_text(encoding="utf-8")


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


# --- progress ------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on standard error, only at a terminal (or when forced)."""

    def __init__(self, enabled: Optional[bool] = None, lang: str = "sv") -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.lang = lang
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, phase: str, done: int = 0, total: int = 0, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.2 and done != total:
            return
        self._last = now
        if total:
            width = 24
            filled = int(width * done / total)
            bar = "[" + "#" * filled + "." * (width - filled) + f"] {done}/{total}"
        else:
            bar = ""
        from .audit_text import ui

        sys.stderr.write(f"\r\x1b[2Kpy1177 {now - self.start:6.1f}s  {ui(phase, self.lang)} {bar}")
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write(f"\r\x1b[2Kpy1177: {time.monotonic() - self.start:.1f}s\n")
            sys.stderr.flush()


# --- reading the exports -------------------------------------------------------------------


def _connect(memory_limit: str = "512MB") -> Any:
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/py1177-duckdb'")
    return con


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def load_mapping(path: Optional[Path]) -> dict[str, dict[str, str]]:
    """A column mapping file: ``{cases: {our_name: their_name}, contacts: {...}}`` (YAML)."""
    if path is None:
        return {"cases": {}, "contacts": {}}
    from .casefile import yaml_load

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad("mapping_unreadable", path=str(path), reason=str(exc)) from None
    try:
        data = yaml_load(text)
    except InputError as exc:
        raise _bad("mapping_bad", path=str(path), reason=exc.message("en")) from None
    if data is None:
        data = {}
    if not isinstance(data, dict) or set(data) - {"cases", "contacts"}:
        raise _bad("mapping_bad", path=str(path), reason="top level: cases, contacts")
    out: dict[str, dict[str, str]] = {}
    for part, ours in (("cases", CASE_COLUMNS), ("contacts", CONTACT_COLUMNS)):
        given = data.get(part) or {}
        if not isinstance(given, dict):
            raise _bad("mapping_bad", path=str(path), reason=f"{part}: a mapping")
        for key, value in given.items():
            if key not in ours or not isinstance(value, str) or not value:
                raise _bad("mapping_bad", path=str(path),
                           reason=f"{part}.{key}: {', '.join(ours)} -> a column name")
        out[part] = dict(given)
    return out


def _read(con: Any, path: Path, table: str, columns: Sequence[str], mapping: dict[str, str]) -> int:
    """Load one export into ``table`` (every column as text, plus ``line``); the header's line is 1
    in a CSV file, so the first data row is line 2; in Parquet, row n is line n."""
    if not path.is_file():
        raise _bad("input_missing", path=str(path))
    parquet = path.suffix.lower() in (".parquet", ".pq")
    source = (f"read_parquet({_sql_text(str(path))})" if parquet else
              f"read_csv({_sql_text(str(path))}, header = true, all_varchar = true, auto_detect = true)")
    try:
        have = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    except Exception as exc:  # duckdb raises its own error classes
        raise _bad("input_unreadable", path=str(path), reason=str(exc).splitlines()[0]) from None
    select = []
    for col in columns:
        src = mapping.get(col, col)
        if src not in have:
            if col in OPTIONAL_COLUMNS:
                select.append(f"NULL::VARCHAR AS {col}")
                continue
            raise _bad("input_column", path=str(path), column=src, have=", ".join(have))
        select.append(f"CAST({_quote_ident(src)} AS VARCHAR) AS {col}")
    first = 1 if parquet else 2
    try:
        con.execute(f"CREATE OR REPLACE TABLE {table}_raw AS SELECT {', '.join(select)} FROM {source}")
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT rowid + {first} AS line, * FROM {table}_raw")
        con.execute(f"DROP TABLE {table}_raw")
    except Exception as exc:
        raise _bad("input_unreadable", path=str(path), reason=str(exc).splitlines()[0]) from None
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _bad(code: str, **params: Any) -> InputError:
    from .audit_text import message

    return InputError("kb", None, sv=message(code, "sv", **params), en=message(code, "en", **params))


_BOOL = "CASE lower(trim({c})) WHEN 'true' THEN true WHEN 'false' THEN false WHEN '1' THEN true " \
        "WHEN '0' THEN false WHEN 't' THEN true WHEN 'f' THEN false END"


def _validate(con: Any, vocab: dict[str, list[str]], max_steps: int) -> None:
    """Split the raw rows into clean ``cases``/``contacts`` and ``errors`` (file, line, code, args)."""
    con.execute("CREATE OR REPLACE TABLE errors (file VARCHAR, line BIGINT, code VARCHAR, field VARCHAR, "
                "value VARCHAR, case_id VARCHAR)")
    allowed = {key: "(" + ", ".join(_sql_text(v) for v in vocab[key]) + ")" for key in ("role", "channel", "purpose")}
    con.execute(f"""
        CREATE OR REPLACE TABLE c0 AS
        SELECT line, nullif(trim(case_id), '') AS case_id, TRY_CAST(trim(step) AS INTEGER) AS step,
               trim(step) AS step_raw, trim(role) AS role, trim(channel) AS channel,
               nullif(trim(purpose), '') AS purpose, TRY_CAST(trim(date) AS DATE) AS date, trim(date) AS date_raw,
               nullif(trim(unit), '') AS unit, closed_case AS closed_raw,
               coalesce({_BOOL.format(c='closed_case')}, CASE WHEN nullif(trim(closed_case), '') IS NULL
                                                             THEN false END) AS closed_case
        FROM raw_cases""")
    row_errors = [
        ("case_id IS NULL", "missing", "'case_id'", "NULL"),
        ("step IS NULL OR step < 1", "bad_step", "'step'", "step_raw"),
        (f"role IS NULL OR role NOT IN {allowed['role']}", "bad_value", "'role'", "role"),
        (f"channel IS NULL OR channel NOT IN {allowed['channel']}", "bad_value", "'channel'", "channel"),
        (f"purpose IS NOT NULL AND purpose NOT IN {allowed['purpose']}", "bad_value", "'purpose'", "purpose"),
        ("date IS NULL", "bad_date", "'date'", "date_raw"),
        ("unit IS NULL", "missing", "'unit'", "NULL"),
        ("closed_case IS NULL", "bad_bool", "'closed_case'", "closed_raw"),
    ]
    _first_error(con, "cases", "c0", row_errors)
    # a second row for the same step
    con.execute("""INSERT INTO errors SELECT 'cases', line, 'duplicate_step', 'step', CAST(step AS VARCHAR), case_id
                   FROM (SELECT *, row_number() OVER (PARTITION BY case_id, step ORDER BY line) AS n FROM c0
                         WHERE line NOT IN (SELECT line FROM errors WHERE file = 'cases')) WHERE n > 1""")
    # steps must run 1..n without holes, and n within the rulebook's limit
    con.execute(f"""INSERT INTO errors
                   SELECT 'cases', min(line), CASE WHEN max(step) > {max_steps} THEN 'too_many_steps'
                                                   ELSE 'step_holes' END,
                          'step', CAST(max(step) AS VARCHAR), case_id
                   FROM c0 WHERE case_id IS NOT NULL AND step IS NOT NULL
                   GROUP BY case_id
                   HAVING max(step) <> count(DISTINCT step) OR max(step) > {max_steps}""")
    con.execute("""CREATE OR REPLACE TABLE bad_cases AS
                   SELECT DISTINCT case_id FROM errors WHERE file = 'cases' AND case_id IS NOT NULL""")
    con.execute("""CREATE OR REPLACE TABLE cases AS
                   SELECT line, case_id, step, role, channel, purpose, date, unit, closed_case FROM c0
                   WHERE case_id IS NOT NULL AND case_id NOT IN (SELECT case_id FROM bad_cases)""")
    con.execute("DROP TABLE c0")
    con.execute(f"""
        CREATE OR REPLACE TABLE k0 AS
        SELECT line, nullif(trim(contact_id), '') AS contact_id, nullif(trim(case_id), '') AS case_id,
               TRY_CAST(trim(step) AS INTEGER) AS step, trim(step) AS step_raw,
               nullif(trim(contact_type), '') AS contact_type,
               {_BOOL.format(c='attribute_1177')} AS attribute_1177, attribute_1177 AS attribute_raw,
               {_BOOL.format(c='journal')} AS journal, journal AS journal_raw,
               {_BOOL.format(c='diagnosis')} AS diagnosis, diagnosis AS diagnosis_raw
        FROM raw_contacts""")
    contact_errors = [
        ("contact_id IS NULL", "missing", "'contact_id'", "NULL"),
        ("case_id IS NULL", "missing", "'case_id'", "NULL"),
        ("step IS NULL OR step < 1", "bad_step", "'step'", "step_raw"),
        ("contact_type IS NULL", "missing", "'contact_type'", "NULL"),
        ("attribute_1177 IS NULL", "bad_bool", "'attribute_1177'", "attribute_raw"),
        ("journal IS NULL", "bad_bool", "'journal'", "journal_raw"),
        ("diagnosis IS NULL", "bad_bool", "'diagnosis'", "diagnosis_raw"),
    ]
    _first_error(con, "contacts", "k0", contact_errors)
    con.execute("""INSERT INTO errors SELECT 'contacts', line, 'duplicate_contact', 'contact_id', contact_id, case_id
                   FROM (SELECT *, row_number() OVER (PARTITION BY contact_id ORDER BY line) AS n FROM k0
                         WHERE line NOT IN (SELECT line FROM errors WHERE file = 'contacts')) WHERE n > 1""")
    # a contact for a step the cases file lacks (a case with bad rows is not judged: no error twice)
    con.execute("""INSERT INTO errors SELECT 'contacts', k.line, 'unknown_step', 'step',
                          k.case_id || ':' || CAST(k.step AS VARCHAR), k.case_id
                   FROM k0 k
                   WHERE k.line NOT IN (SELECT line FROM errors WHERE file = 'contacts')
                     AND k.case_id NOT IN (SELECT case_id FROM bad_cases)
                     AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = k.case_id AND c.step = k.step)""")
    con.execute("""CREATE OR REPLACE TABLE contacts AS
                   SELECT line, contact_id, case_id, step, contact_type, attribute_1177, journal, diagnosis FROM k0
                   WHERE line NOT IN (SELECT line FROM errors WHERE file = 'contacts')
                     AND case_id NOT IN (SELECT case_id FROM bad_cases)""")
    con.execute("DROP TABLE k0")


def _first_error(con: Any, file: str, table: str, checks: list[tuple[str, str, str, str]]) -> None:
    """One pass over ``table``: each row's first failing check becomes an error row."""
    code = "CASE " + " ".join(f"WHEN {cond} THEN '{c}'" for cond, c, _, _ in checks) + " END"
    fld = "CASE " + " ".join(f"WHEN {cond} THEN {f}" for cond, _, f, _ in checks) + " END"
    value = "CASE " + " ".join(f"WHEN {cond} THEN {v}" for cond, _, _, v in checks) + " END"
    con.execute(f"INSERT INTO errors SELECT '{file}', line, code, field, value, case_id FROM "
                f"(SELECT line, case_id, {code} AS code, {fld} AS field, {value} AS value FROM {table}) "
                f"WHERE code IS NOT NULL")


# --- the decision table ----------------------------------------------------------------------


def parse_chain(chain: str) -> list[Any]:
    """The steps of a canonical chain spec (``--step`` specs joined by single spaces)."""
    from .casefile import parse_step_spec

    return [parse_step_spec(spec, i) for i, spec in enumerate(chain.split(" "), 1)]


def chain_spec(steps: Sequence[Any]) -> str:
    """The canonical spec of a chain: every step's ``--step`` spec, day and unit explicit from
    step 2 on, purpose only when given, joined by single spaces."""
    parts = []
    for i, step in enumerate(steps, 1):
        text = f"{step.role.value}:{step.channel.value}"
        if step.purpose is not None:
            text += f":purpose={step.purpose.value}"
        if i > 1:
            day = step.day.value if step.day is not None else "same"
            unit = step.unit.value if step.unit is not None else "same"
            text += f":day={day}:unit={unit}"
        parts.append(text)
    return " ".join(parts)


def ask_chains(rulebook: Rulebook, chains: Sequence[str], lang: str,
               progress: Optional[Progress] = None) -> Iterator[tuple[str, Any, list[Any]]]:
    """The rulebook's compact audit answer for each chain spec (``audit_chains_json/3``) with the
    table of values it indexes (one per part of a call), or an :class:`InputError` for a chain the KB
    refuses; asked ``CHUNK`` chains per call."""
    from .bridge import Prebuilt, prebuilt
    from .rulebook import _step_term

    bridge = rulebook._bridge
    total = len(chains)
    step_terms: dict[tuple[str, int], str] = {}     # a chain's steps repeat in many chains

    def step_term(spec: str, number: int) -> str:
        key = (spec, number)
        term = step_terms.get(key)
        if term is None:
            from .casefile import parse_step_spec

            term = step_terms[key] = prebuilt(_step_term(parse_step_spec(spec, number)))
        return term

    for start in range(0, total, CHUNK):
        part = chains[start:start + CHUNK]
        terms = []
        for chain in part:
            specs = chain.split(" ")
            terms.append("[" + ",".join([step_term(spec, i) for i, spec in enumerate(specs, 1)]) + "]")
        data = bridge.json("audit_chains_json", Prebuilt("[" + ",".join(terms) + "]"), lang, module="audit")
        rows = ((row, answered["values"]) for answered in data["parts"] for row in answered["chains"])
        for chain, (row, values) in zip(part, rows, strict=True):
            if isinstance(row, dict):
                messages = row["error"]["messages"]
                yield chain, InputError("kb", None, sv=messages["sv"], en=messages["en"]), values
            else:
                yield chain, row, values
        if progress is not None:
            progress.update("rulebook", min(start + CHUNK, total), total)


def answer_dict(row: list[Any], values: list[Any]) -> dict[str, Any]:
    """A compact row of ``audit_chains_json/3`` as a dict (for readers of one chain's answer)."""
    status, scenario, closer, readings, gaps, attribute_types, steps = row
    return {"status": status, "scenario": scenario, "closer": closer, "readings": values[readings],
            "gaps": values[gaps], "attribute_types": values[attribute_types],
            "steps": [{"step": no, "decided": decided, "registers": registers, "closes": closes,
                       "registration": values[reg], "closer": None if cl is None else values[cl],
                       "alternatives": [{"alternative": alt, "contact_type": ct, "attribute": at, "journal": jo,
                                         "diagnosis": di,
                                         "cites": {"contact_type": values[c1], "attribute": values[c2],
                                                   "journal": values[c3], "diagnosis": values[c4]}}
                                        for alt, ct, at, jo, di, c1, c2, c3, c4 in alts]}
                      for no, decided, registers, closes, reg, cl, alts in steps]}


CITE_GROUPS = tuple(f"alt{n}_{ob}" for n in (1, 2) for ob in OBLIGATIONS) + CITES
"""The citations of a decision row: each is three columns (rule, section, quote) of the table."""


def _compact_columns() -> list[tuple[str, str]]:
    cols = []
    for name, kind in TABLE_COLUMNS:
        if name in ("readings", "gaps"):
            cols.append((f"{name}_id", "INTEGER"))
        elif name.endswith("_rule") and name[:-5] in CITE_GROUPS:
            cols.append((f"{name[:-5]}_cite", "INTEGER"))
        elif (name.endswith("_section") or name.endswith("_quote")) and name.rsplit("_", 1)[0] in CITE_GROUPS:
            continue
        else:
            cols.append((name, kind))
    return cols


COMPACT_COLUMNS = _compact_columns()


class DecisionWriter:
    """Decision rows with their citations and texts as ids, written to a temporary CSV file and
    expanded into the decision table (:data:`TABLE_COLUMNS`) by DuckDB: Python never builds the
    wide rows, and each quote is held once."""

    def __init__(self, digest: str) -> None:
        self.digest = digest
        self.ids: dict[Any, int] = {}
        handle, self.path = tempfile.mkstemp(suffix=".csv", prefix="py1177-decision-")
        self.file = os.fdopen(handle, "w", encoding="utf-8", newline="")
        import csv

        self.writer = csv.writer(self.file, lineterminator="\n")
        self.rows = 0
        self.step_columns: dict[str, list[Any]] = {}   # a step spec's role .. unit columns
        self.values: Optional[list[Any]] = None       # the values of the call being added
        self.value_ids: dict[tuple[str, int], Any] = {}

    def _id(self, key: Any) -> int:
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.ids)
        return found

    def _value_id(self, kind: str, index: int) -> Any:
        """The id of value ``index`` of the current call's values as a citation ("cite"), the
        readings' JSON text ("readings") or the gaps' text ("gaps"; "" for none)."""
        key = (kind, index)
        found = self.value_ids.get(key)
        if found is None:
            value = self.values[index]  # type: ignore[index]
            if kind == "cite":
                found = self._id(("cite", *value))
            elif kind == "readings":
                found = self._id(("text", json.dumps(value, ensure_ascii=False)))
            else:
                found = self._id(("text", " | ".join(value))) if value else ""
            self.value_ids[key] = found
        return found

    def _step_columns(self, spec: str) -> list[Any]:
        found = self.step_columns.get(spec)
        if found is None:
            parts = spec.split(":")
            keys = dict(p.split("=", 1) for p in parts[2:])
            found = self.step_columns[spec] = [parts[0], parts[1], keys.get("purpose", ""), keys.get("day", ""),
                                               keys.get("unit", "")]
        return found

    def add(self, chain: str, row: list[Any], values: list[Any]) -> None:
        """The rows (one per step) of one chain's compact answer."""
        if values is not self.values:           # ids of values are per call of the rulebook
            self.values, self.value_ids = values, {}
        status, scenario, closer, readings, gaps, attribute_types, steps = row
        specs = chain.split(" ")
        vid = self._value_id
        readings_id = vid("readings", readings)
        gaps_id = vid("gaps", gaps)
        attr_id = vid("cite", attribute_types)
        out = self.writer
        b = _csv_bool
        for no, decided, registers, closes, reg, cl, alts in steps:
            if len(alts) > MAX_ALTERNATIVES:
                raise KBError(f"internal: chain {chain} step {no} has {len(alts)} alternatives")
            line: list[Any] = [chain, len(specs), no, *self._step_columns(specs[no - 1]), self.digest, status,
                               scenario or "", readings_id, gaps_id, "" if closer is None else closer,
                               b(closes), b(decided), b(registers and decided)]
            cites: list[Any] = []
            for n in (0, 1):
                if n < len(alts):
                    alt, ct, at, jo, di, c1, c2, c3, c4 = alts[n]
                    line += [alt, ct, b(at), b(jo), b(di)]
                    cites += [vid("cite", c1), vid("cite", c2), vid("cite", c3), vid("cite", c4)]
                else:
                    line += ["", "", "", "", ""]
                    cites += ["", "", "", ""]
            cites += [vid("cite", reg), "" if cl is None else vid("cite", cl), attr_id]
            # columns in COMPACT_COLUMNS order: the step, then per alternative its values and citations
            out.writerow(line[:17] + line[17:22] + cites[0:4] + line[22:27] + cites[4:8] + cites[8:])
            self.rows += 1

    def load(self, con: Any, name: str = "decision") -> None:
        """Expand the rows into table ``name`` (appended); removes the temporary file."""
        self._run(con, lambda select: f"INSERT INTO {name} {select}")

    def export(self, con: Any, out: Path, options: str) -> None:
        """Write the expanded rows to ``out`` as they are read (nothing materialised, no sort);
        removes the temporary file."""
        self._run(con, lambda select: f"COPY ({select}) TO {_sql_text(str(out))} ({options})")

    def _run(self, con: Any, statement: Any) -> None:
        self.file.close()
        try:
            if not self.rows:
                return
            con.execute("CREATE OR REPLACE TABLE decision_values (id INTEGER, kind VARCHAR, rule VARCHAR, "
                        "section VARCHAR, quote VARCHAR, text VARCHAR)")
            con.executemany("INSERT INTO decision_values VALUES (?, ?, ?, ?, ?, ?)",
                            [(i, k[0], *(k[1:] if k[0] == "cite" else (None, None, None)),
                              k[1] if k[0] == "text" else None) for k, i in self.ids.items()])
            types = "{" + ", ".join(f"{_sql_text(c)}: {_sql_text(t)}" for c, t in COMPACT_COLUMNS) + "}"
            select, joins = [], []
            for col, _ in TABLE_COLUMNS:
                if col in ("readings", "gaps"):
                    joins.append(f"LEFT JOIN decision_values v_{col} ON v_{col}.id = d.{col}_id")
                    select.append(f"v_{col}.text AS {col}")
                elif col.rsplit("_", 1)[0] in CITE_GROUPS and col.rsplit("_", 1)[1] in ("rule", "section", "quote"):
                    group, part = col.rsplit("_", 1)
                    if part == "rule":
                        joins.append(f"LEFT JOIN decision_values v_{group} ON v_{group}.id = d.{group}_cite")
                    select.append(f"v_{group}.{part} AS {col}")
                else:
                    select.append(f"d.{col}")
            con.execute(statement(f"SELECT {', '.join(select)} FROM read_csv({_sql_text(self.path)}, "
                                  f"header = false, columns = {types}, nullstr = '', quote = '\"', "
                                  f"escape = '\"') d {' '.join(joins)}"))
        finally:
            os.unlink(self.path)


def _csv_bool(value: Any) -> str:
    return "true" if value else "false"


def _create_decision(con: Any, name: str = "decision") -> None:
    cols = ", ".join(f"{c} {t}" for c, t in TABLE_COLUMNS)
    con.execute(f"CREATE OR REPLACE TABLE {name} ({cols})")


# --- the audit ----------------------------------------------------------------------------------


@dataclass
class AuditResult:
    """What ``py1177 audit`` found; ``con`` holds the findings for streaming output."""

    cases: int
    con: Any
    lang: str
    kb_digest: str
    valid_from: str
    valid_to: str
    version: str
    counts: dict[str, int] = field(default_factory=dict)
    undecided_count: int = 0
    error_count: int = 0
    outside_validity: int = 0
    seconds: float = 0.0

    @property
    def deviation_count(self) -> int:
        return sum(self.counts.values())

    @property
    def exit_code(self) -> int:
        return 1 if self.deviation_count or self.error_count else 0

    def _json_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[str]:
        cur = self.con.cursor()
        cur.execute(sql, list(params))
        while True:
            batch = cur.fetchmany(20_000)
            if not batch:
                break
            for (text,) in batch:
                yield text

    def deviation_texts(self, limit: Optional[int] = None) -> Iterator[str]:
        """Every deviation as the JSON text of the contract's object, streamed from DuckDB in
        case, step, kind order."""
        from .audit_text import message

        note = message("outside_validity", self.lang, version=self.version, valid_from=self.valid_from,
                       valid_to=self.valid_to)
        order = "CASE f.kind " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS)) + " END"
        sql = ("SELECT CAST(to_json({'case_id': f.case_id, 'kind': f.kind, 'step': f.step, "
               "'contact_id': f.contact_id, 'unit': f.unit, 'status': f.status, 'readings': json(r.readings), "
               "'rule': f.rule, 'section': f.section, 'quote': f.quote, "
               "'note': CASE WHEN o.case_id IS NOT NULL THEN CAST(? AS VARCHAR) END}) AS VARCHAR) "
               "FROM findings f JOIN (SELECT DISTINCT chain, readings FROM plan) r USING (chain) "
               "LEFT JOIN outside o USING (case_id) "
               f"ORDER BY f.case_id, f.step, {order}, f.contact_id" + (f" LIMIT {int(limit)}" if limit else ""))
        return self._json_rows(sql, [note])

    def deviations(self, limit: Optional[int] = None) -> Iterator[dict[str, Any]]:
        """Every deviation in the JSON contract's shape, streamed."""
        return (json.loads(text) for text in self.deviation_texts(limit))

    def undecided_texts(self, limit: Optional[int] = None) -> Iterator[str]:
        sql = ("SELECT CAST(to_json({'case_id': u.case_id, 'reason': u.gaps, 'readings': json(r.readings), "
               "'chain': u.chain}) AS VARCHAR) "
               "FROM undecided u JOIN (SELECT DISTINCT chain, readings FROM plan) r USING (chain) "
               "ORDER BY u.case_id" + (f" LIMIT {int(limit)}" if limit else ""))
        return self._json_rows(sql)

    def undecided(self, limit: Optional[int] = None) -> Iterator[dict[str, Any]]:
        return (json.loads(text) for text in self.undecided_texts(limit))

    def input_errors(self, limit: Optional[int] = None) -> Iterator[dict[str, Any]]:
        from .audit_text import error_message

        cur = self.con.cursor()
        cur.execute("SELECT file, line, code, field, value FROM errors ORDER BY file, line" +
                    (f" LIMIT {int(limit)}" if limit else ""))
        while True:
            batch = cur.fetchmany(10_000)
            if not batch:
                break
            for file, line, code, fld, value in batch:
                yield {"file": self.files[file], "line": line,
                       "message": error_message(code, self.lang, field=fld, value=value, vocab=self.vocab)}

    files: dict[str, str] = field(default_factory=dict)
    vocab: dict[str, list[str]] = field(default_factory=dict)

    def by_unit(self) -> list[dict[str, Any]]:
        """Per unit: cases with a step there, contacts registered there, deviations by kind, and
        compliance: the share of its judged items (contacts, missing registrations, closings)
        without a deviation (``None`` when it has none)."""
        con = self.con
        rows = con.execute("""
            WITH judged AS (SELECT * FROM expected WHERE status <> 'gap'),
            items AS (
                SELECT c.step_unit AS unit, c.contact_id AS item,
                       EXISTS (SELECT 1 FROM findings f WHERE f.contact_id = c.contact_id) AS bad
                FROM checked c
                UNION ALL
                SELECT unit, 'missing:' || case_id || ':' || step, true FROM findings WHERE kind = 'missing_registration'
                UNION ALL
                SELECT j.step_unit, 'closing:' || j.case_id,
                       EXISTS (SELECT 1 FROM findings f WHERE f.case_id = j.case_id AND f.kind = 'wrong_closer')
                FROM judged j WHERE j.step = j.closer_step)
            SELECT u.unit,
                   (SELECT count(DISTINCT case_id) FROM cases c WHERE c.unit = u.unit),
                   (SELECT count(*) FROM contacts k JOIN cases c ON c.case_id = k.case_id AND c.step = k.step
                    WHERE c.unit = u.unit),
                   (SELECT count(*) FROM items i WHERE i.unit = u.unit),
                   (SELECT count(*) FROM items i WHERE i.unit = u.unit AND i.bad)
            FROM (SELECT DISTINCT unit FROM cases) u ORDER BY u.unit""").fetchall()
        kinds = con.execute("SELECT unit, kind, count(*) FROM findings GROUP BY unit, kind").fetchall()
        per: dict[str, dict[str, int]] = {}
        for unit, kind, n in kinds:
            per.setdefault(unit, {})[kind] = n
        out = []
        for unit, cases, contacts, items, bad in rows:
            devs = {k: per.get(unit, {}).get(k, 0) for k in KINDS if per.get(unit, {}).get(k)}
            out.append({"unit": unit, "cases": cases, "contacts": contacts, "deviations": devs,
                        "compliance": round(1 - bad / items, 4) if items else None})
        return out

    def top_quotes(self, limit: int = 10) -> list[dict[str, Any]]:
        """The most common deviations by kind and quote."""
        rows = self.con.execute("""SELECT kind, rule, section, quote, count(*) AS n FROM findings
                                   GROUP BY kind, rule, section, quote ORDER BY n DESC, kind, rule LIMIT ?""",
                                [limit]).fetchall()
        return [{"kind": k, "rule": r, "section": s, "quote": q, "count": n} for k, r, s, q, n in rows]

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (everything in memory: for tests and small runs)."""
        return {"cases": self.cases, "deviations": list(self.deviations()), "undecided": list(self.undecided()),
                "input_errors": list(self.input_errors()), "by_unit": self.by_unit()}


def audit(rulebook: Rulebook, cases_path: Path, contacts_path: Path, *, lang: str = "sv",
          mapping: Optional[dict[str, dict[str, str]]] = None, progress: Optional[Progress] = None,
          table: Optional[Path] = None, memory_limit: str = "512MB") -> AuditResult:
    """Audit the exports; see the module's docstring. ``table`` (a decision table from
    ``py1177 table``) answers the chains it holds; the rulebook answers the rest."""
    from .kbinfo import kb_digest

    started = time.monotonic()
    progress = progress or Progress(False)
    mapping = mapping or {"cases": {}, "contacts": {}}
    con = _connect(memory_limit)
    progress.update("reading_cases", force=True)
    _read(con, cases_path, "raw_cases", CASE_COLUMNS, mapping.get("cases", {}))
    progress.update("reading_contacts", force=True)
    _read(con, contacts_path, "raw_contacts", CONTACT_COLUMNS, mapping.get("contacts", {}))
    inputs = rulebook.vocabulary().inputs
    vocab = {k: [str(v.value) for v in inputs[k]] for k in ("role", "channel", "purpose")}
    from .rulebook import _max_steps

    progress.update("checking_rows", force=True)
    _validate(con, vocab, _max_steps(rulebook._bridge))
    con.execute("DROP TABLE raw_cases")
    con.execute("DROP TABLE raw_contacts")
    n_cases = int(con.execute("SELECT count(DISTINCT case_id) FROM (SELECT case_id FROM cases UNION ALL "
                              "SELECT case_id FROM bad_cases)").fetchone()[0])
    # the distinct chains, by the same SQL the audit uses
    statements = _statements(audit_sql())
    con.execute(statements[0])
    con.execute(statements[1])
    digest = kb_digest(rulebook.kb_dir)
    _create_decision(con)
    if table is not None:
        con.execute(f"INSERT INTO decision SELECT {', '.join(c for c, _ in TABLE_COLUMNS)} FROM "
                    f"read_parquet({_sql_text(str(table))}) WHERE chain IN (SELECT chain FROM case_chains)")
    chains = [r[0] for r in con.execute("SELECT DISTINCT chain FROM case_chains WHERE chain NOT IN "
                                        "(SELECT chain FROM decision) ORDER BY chain").fetchall()]
    writer = DecisionWriter(digest)
    refused: list[tuple[str, str]] = []
    for chain, answer, values in ask_chains(rulebook, chains, lang, progress):
        if isinstance(answer, InputError):
            refused.append((chain, answer.message(lang)))
        else:
            writer.add(chain, answer, values)
    writer.load(con)
    if refused:  # a chain the KB does not allow (e.g. a purpose on a physical visit): bad rows
        con.execute("CREATE OR REPLACE TABLE refused (chain VARCHAR, message VARCHAR)")
        con.executemany("INSERT INTO refused VALUES (?, ?)", refused)
        con.execute("""INSERT INTO errors SELECT 'cases', min(c.line), 'chain_refused', NULL, r.message, c.case_id
                       FROM cases c JOIN case_chains k USING (case_id) JOIN refused r USING (chain)
                       GROUP BY c.case_id, r.message""")
        for t in ("cases", "case_chains"):
            con.execute(f"DELETE FROM {t} WHERE case_id IN (SELECT case_id FROM errors WHERE code = 'chain_refused')")
        con.execute("DELETE FROM contacts WHERE case_id IN (SELECT case_id FROM errors WHERE code = 'chain_refused')")
    for number, statement in enumerate(statements[2:], 3):
        progress.update("sql", number, len(statements), force=True)
        con.execute(statement)
    counts = dict(con.execute("SELECT kind, count(*) FROM findings GROUP BY kind").fetchall())
    guideline = rulebook.guideline()
    con.execute("CREATE OR REPLACE TABLE outside AS SELECT case_id FROM cases WHERE step = 1 "
                "AND (date < CAST(? AS DATE) OR date > CAST(? AS DATE))", [guideline.valid_from, guideline.valid_to])
    result = AuditResult(
        cases=n_cases, con=con, lang=lang, kb_digest=digest, valid_from=guideline.valid_from,
        valid_to=guideline.valid_to, version=guideline.version,
        counts={k: counts.get(k, 0) for k in KINDS},
        undecided_count=int(con.execute("SELECT count(*) FROM undecided").fetchone()[0]),
        error_count=int(con.execute("SELECT count(*) FROM errors").fetchone()[0]),
        outside_validity=int(con.execute("SELECT count(*) FROM outside").fetchone()[0]),
        files={"cases": str(cases_path), "contacts": str(contacts_path)}, vocab=vocab)
    result.seconds = time.monotonic() - started
    progress.done()
    return result


# --- the exported table ---------------------------------------------------------------------------


def all_chains(rulebook: Rulebook, max_steps: int) -> Iterator[str]:
    """Every chain of up to ``max_steps`` steps the vocabulary allows, as canonical specs. The
    values come from the KB's vocabulary; a step the KB refuses (asked once, as a first step and
    as a second step) is left out of every chain."""
    import itertools

    inputs = rulebook.vocabulary().inputs
    roles = [str(v.value) for v in inputs["role"]]
    channels = [str(v.value) for v in inputs["channel"]]
    purposes = [None] + [str(v.value) for v in inputs["purpose"]]
    relations = [str(v.value) for v in inputs["day"]]
    firsts = [f"{role}:{channel}" + (f":purpose={purpose}" if purpose else "")
              for role, channel, purpose in itertools.product(roles, channels, purposes)]
    firsts = [c for c, answer, _ in ask_chains(rulebook, firsts, "sv") if not isinstance(answer, InputError)]
    laters = [f"{f}:day={d}:unit={u}" for f in firsts for d in relations for u in relations]
    pairs = [f"{firsts[0]} {later}" for later in laters]
    laters = [c.split(" ")[1] for c, answer, _ in ask_chains(rulebook, pairs, "sv")
              if not isinstance(answer, InputError)]
    for n in range(1, max_steps + 1):
        for first in firsts:
            for rest in itertools.product(laters, repeat=n - 1):
                yield " ".join((first, *rest))


def export_table(rulebook: Rulebook, out: Path, fmt: str, max_steps: int, lang: str = "sv",
                 progress: Optional[Progress] = None) -> int:
    """Write the complete decision table (chains of up to ``max_steps`` steps) to ``out`` as
    Parquet or CSV; returns the number of rows. Chains the KB refuses are not in the table."""
    from .kbinfo import kb_digest

    digest = kb_digest(rulebook.kb_dir)
    con = _connect()
    chains = list(all_chains(rulebook, max_steps))
    writer = DecisionWriter(digest)
    for chain, answer, values in ask_chains(rulebook, chains, lang, progress):
        if not isinstance(answer, InputError):
            writer.add(chain, answer, values)
    options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
    try:
        writer.export(con, out, options)
    except Exception as exc:
        raise _bad("out_unwritable", path=str(out), reason=str(exc).splitlines()[0]) from None
    n = writer.rows
    if progress is not None:
        progress.done()
    return n
