"""py1177 audit / table / the synthetic exports (issue 15).

Real CSV and Parquet files made by the generator in tmp dirs; every kind of finding planted and
found with exact counts; input errors by file and line; exit codes; the JSON contract; HTML; CSV;
the mapping file; the exported table and the README's SQL over it."""

from __future__ import annotations

import csv
import html.parser
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from py1177.audit import KINDS, TABLE_COLUMNS, audit, audit_sql, _statements
from py1177.cli import main
from py1177.synth import generate

import source_text

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(scope="module")
def exports(rulebook, tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    manifest = generate(rulebook, out, 3000, seed=7, rate=0.02, bad_rows=4, outside=5)
    return out, manifest


def run_cli(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def audit_json(capsys, cases, contacts, *extra):
    code, out, err = run_cli(["audit", "--cases", str(cases), "--contacts", str(contacts), "--format", "json",
                              *extra], capsys)
    return code, json.loads(out), err


def test_every_planted_kind_is_found_with_exact_counts(rulebook, exports):
    out, manifest = exports
    result = audit(rulebook, out / "cases.csv", out / "contacts.csv")
    assert all(manifest["deviations"][k] > 0 for k in KINDS), manifest   # every kind planted
    assert result.counts == manifest["deviations"]
    assert result.undecided_count == manifest["undecided"] > 0
    assert result.error_count == manifest["input_errors"] == 4
    assert result.outside_validity == manifest["outside_validity"] == 5
    assert result.cases == 3000
    assert result.exit_code == 1


def test_parquet_gives_the_same_findings_as_csv(rulebook, exports, tmp_path, capsys):
    out, manifest = exports
    generate(rulebook, tmp_path, 3000, seed=7, rate=0.02, bad_rows=4, outside=5, fmt="parquet")
    assert not (tmp_path / "cases.csv").exists() and (tmp_path / "cases.parquet").is_file()
    code_csv, csv_data, _ = audit_json(capsys, out / "cases.csv", out / "contacts.csv")
    code_pq, pq_data, _ = audit_json(capsys, tmp_path / "cases.parquet", tmp_path / "contacts.parquet")
    assert code_csv == code_pq == 1
    assert pq_data["deviations"] == csv_data["deviations"]
    assert pq_data["by_unit"] == csv_data["by_unit"]
    # input errors name their own file; lines are rows in Parquet, lines (header = 1) in CSV
    assert [e["file"] for e in pq_data["input_errors"]] == [
        e["file"].replace(str(out), str(tmp_path)).replace(".csv", ".parquet") for e in csv_data["input_errors"]]
    assert [e["line"] + 1 for e in pq_data["input_errors"]] == [e["line"] for e in csv_data["input_errors"]]


def test_json_contract(exports, capsys, source):
    out, manifest = exports
    code, data, err = audit_json(capsys, out / "cases.csv", out / "contacts.csv")
    assert code == 1
    assert {"cases", "deviations", "undecided", "input_errors", "by_unit"} <= set(data)
    assert data["cases"] == 3000
    deviation_keys = {"case_id", "kind", "step", "contact_id", "unit", "status", "readings", "rule", "section",
                      "quote"}
    text = source_text.collapse(source)
    for d in data["deviations"]:
        assert deviation_keys <= set(d)
        assert d["kind"] in KINDS
        assert d["status"] in ("documented", "inferred")
        assert (d["contact_id"] is None) == (d["kind"] in ("missing_registration", "wrong_closer"))
        for quote in d["quote"].split(" / "):      # every quote is the guideline's own words
            assert source_text.collapse(quote) in text, quote
    inferred = [d for d in data["deviations"] if d["status"] == "inferred"]
    assert inferred and all(d["readings"] for d in inferred)   # an inferred chain names its readings
    assert all({"id", "reading"} <= set(r) for d in inferred for r in d["readings"])
    assert len(data["undecided"]) == manifest["undecided"]
    assert all({"case_id", "reason", "readings"} <= set(u) and u["reason"] for u in data["undecided"])
    assert all(set(e) == {"file", "line", "message"} for e in data["input_errors"])
    for unit in data["by_unit"]:
        assert set(unit) == {"unit", "cases", "contacts", "deviations", "compliance"}
        assert set(unit["deviations"]) <= set(KINDS)
        assert unit["compliance"] is None or 0 <= unit["compliance"] <= 1
    per_kind = {k: sum(u["deviations"].get(k, 0) for u in data["by_unit"]) for k in KINDS}
    assert per_kind == manifest["deviations"]
    notes = [d for d in data["deviations"] if d.get("note")]
    assert all("2023-04-11" in d["note"] for d in notes)


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


CASE_HEADER = "case_id,step,role,channel,purpose,date,unit,closed_case"
CONTACT_HEADER = "contact_id,case_id,step,contact_type,attribute_1177,journal,diagnosis"


def test_hand_made_cases_against_the_guideline_words(tmp_path, capsys):
    """3.1.2b: the nurse forwards the same day to a doctor on the same unit — "Ingen dokumentation
    i PMO"; the doctor registers and closes. 3.1.1a with a Mottagningsbesök registered: a type the
    step does not allow. 3.1.2a: the doctor's physical visit is a Mottagningsbesök, no attribute."""
    cases = write_csv(tmp_path / "c.csv", CASE_HEADER, [
        "A,1,nurse,digital,,2023-09-01,VE1,false",
        "A,2,doctor,digital,,2023-09-01,VE1,true",
        "B,1,nurse,digital,self_care_advice,2023-09-01,VE2,true",
        "D,1,nurse,digital,,2023-09-01,VE2,true",
        "D,2,doctor,physical,,2023-09-02,VE2,true",
    ])
    contacts = write_csv(tmp_path / "k.csv", CONTACT_HEADER, [
        "k1,A,1,Text som inte ersätter besök,true,true,false",
        "k2,A,2,Distanskontakt realtid bild/ljud/chatt,true,true,true",
        "k3,B,1,Mottagningsbesök,false,true,true",
        "k4,D,1,Text som inte ersätter besök,true,true,false",
        "k5,D,2,Mottagningsbesök,true,true,false",
    ])
    code, data, _ = audit_json(capsys, cases, contacts)
    assert code == 1
    found = sorted((d["case_id"], d["kind"], d["step"], d["contact_id"]) for d in data["deviations"])
    assert found == [("A", "unexpected_registration", 1, "k1"),
                     ("B", "wrong_contact_type", 1, "k3"),
                     ("D", "missing_diagnosis", 2, "k5"),
                     ("D", "unexpected_attribute", 2, "k5"),
                     ("D", "wrong_closer", 1, None)]
    by = {(d["case_id"], d["kind"]): d for d in data["deviations"]}
    assert "Ingen dokumentation i PMO" in by["A", "unexpected_registration"]["quote"]
    assert by["A", "unexpected_registration"]["section"] == "3.1.2"
    assert "Vårdkontakt: Text som inte ersätter besök" in by["B", "wrong_contact_type"]["quote"]
    assert by["D", "unexpected_attribute"]["section"] == "4.3"
    assert by["D", "missing_diagnosis"]["quote"] == "Registrera diagnos och eventuellt KVÅ-kod"
    assert by["D", "wrong_closer"]["quote"] == "Sjuksköterskan avslutar ärendet i 1177 direkt"
    assert data["input_errors"] == [] and data["undecided"] == []


def test_two_contacts_for_one_step_and_missing_closer(tmp_path, capsys):
    cases = write_csv(tmp_path / "c.csv", CASE_HEADER, ["A,1,doctor,digital,treatment,2023-09-01,VE1,false"])
    contacts = write_csv(tmp_path / "k.csv", CONTACT_HEADER, [
        "k2,A,1,Distanskontakt realtid bild/ljud/chatt,true,true,true",
        "k1,A,1,Telefonsamtal,true,true,false",       # the extra one, though its id sorts first
    ])
    code, data, _ = audit_json(capsys, cases, contacts)
    found = sorted((d["kind"], d["contact_id"]) for d in data["deviations"])
    assert found == [("unexpected_registration", "k1"), ("wrong_closer", None)]
    assert code == 1


def test_input_errors_are_named_by_file_and_line_and_the_run_goes_on(tmp_path, capsys):
    cases = write_csv(tmp_path / "c.csv", CASE_HEADER, [
        "A,1,nurse,digital,,2023-09-01,VE1,true",        # line 2: fine
        "B,1,surgeon,digital,,2023-09-01,VE1,true",      # line 3: unknown role
        "C,1,nurse,digital,,2023-13-01,VE1,true",        # line 4: bad date
        "E,1,nurse,digital,,2023-09-01,VE1,true",        # line 5
        "E,1,doctor,digital,,2023-09-01,VE1,false",      # line 6: step 1 again
        "F,1,nurse,physical,treatment,2023-09-01,VE1,true",  # line 7: the KB refuses a purpose here
    ])
    contacts = write_csv(tmp_path / "k.csv", CONTACT_HEADER, [
        "k1,A,1,Text som inte ersätter besök,true,true,false",   # line 2: fine
        "k2,A,2,Text som inte ersätter besök,true,true,false",   # line 3: case A has no step 2
        "k3,A,1,Text som inte ersätter besök,maybe,true,false",  # line 4: not a boolean
    ])
    code, data, err = audit_json(capsys, cases, contacts, "--lang", "en")
    assert code == 1
    errors = [(Path(e["file"]).name, e["line"]) for e in data["input_errors"]]
    assert errors == [("c.csv", 3), ("c.csv", 4), ("c.csv", 6), ("c.csv", 7), ("k.csv", 3), ("k.csv", 4)]
    messages = [e["message"] for e in data["input_errors"]]
    assert "unknown value for role: 'surgeon' (allowed: nurse, doctor, other_clinician)" in messages[0]
    assert "YYYY-MM-DD" in messages[1] and "'2023-13-01'" in messages[1]
    assert "cases file lacks" in messages[4]
    assert "true or false" in messages[5]
    assert data["deviations"] == []          # case A judged clean; the bad cases not judged
    assert data["cases"] == 5
    code, text, _ = run_cli(["audit", "--cases", str(cases), "--contacts", str(contacts)], capsys)
    assert code == 1 and f"{cases}:3: okänt värde för role" in text   # never hidden in the summary


def test_clean_input_exits_0_and_undecided_is_not_a_deviation(rulebook, tmp_path, capsys):
    manifest = generate(rulebook, tmp_path, 400, seed=3, rate=0.0, bad_rows=0, outside=0)
    assert manifest["undecided"] > 0
    code, out, _ = run_cli(["audit", "--cases", str(tmp_path / "cases.csv"),
                            "--contacts", str(tmp_path / "contacts.csv")], capsys)
    assert code == 0, out
    assert "Avvikelser: 0" in out and f"Oavgjorda (anvisningen avgör inte kedjan; inga avvikelser): " \
                                      f"{manifest['undecided']}" in out


@pytest.mark.parametrize("args, needle", [
    (["--cases", "/nonexistent/c.csv", "--contacts", "/nonexistent/k.csv"], "/nonexistent/c.csv: no such file"),
    (["--format", "pdf"], "unknown format 'pdf' (allowed: text, json, html, csv)"),
])
def test_unusable_input_exits_2_with_one_line(exports, capsys, args, needle):
    out, _ = exports
    base = ["audit", "--cases", str(out / "cases.csv"), "--contacts", str(out / "contacts.csv"), "--lang", "en"]
    code, stdout, err = run_cli(base + args, capsys)
    assert code == 2
    assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_column_and_bad_mapping_exit_2(tmp_path, capsys):
    cases = write_csv(tmp_path / "c.csv", "case_id,step,role", ["A,1,nurse"])
    contacts = write_csv(tmp_path / "k.csv", CONTACT_HEADER, [])
    code, _, err = run_cli(["audit", "--cases", str(cases), "--contacts", str(contacts), "--lang", "en"], capsys)
    assert code == 2 and "column channel is missing" in err
    mapping = tmp_path / "m.yaml"
    mapping.write_text("cases: {patient: Pnr}\n", encoding="utf-8")
    code, _, err = run_cli(["audit", "--cases", str(cases), "--contacts", str(contacts), "--mapping", str(mapping),
                            "--lang", "en"], capsys)
    assert code == 2 and "invalid mapping" in err and "cases.patient" in err


def test_mapping_file_adapts_other_column_names(exports, tmp_path, capsys):
    out, manifest = exports
    renamed = {"case_id": "ArendeID", "step": "Steg", "role": "Yrke", "date": "Datum", "unit": "Enhet",
               "contact_type": "Kontakttyp", "attribute_1177": "Attribut"}
    for name in ("cases", "contacts"):
        rows = list(csv.reader((out / f"{name}.csv").open(encoding="utf-8")))
        rows[0] = [renamed.get(c, c) for c in rows[0]]
        with (tmp_path / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("cases: {case_id: ArendeID, step: Steg, role: Yrke, date: Datum, unit: Enhet}\n"
                       "contacts: {case_id: ArendeID, step: Steg, contact_type: Kontakttyp, "
                       "attribute_1177: Attribut}\n", encoding="utf-8")
    code, data, _ = audit_json(capsys, tmp_path / "cases.csv", tmp_path / "contacts.csv", "--mapping", str(mapping))
    assert code == 1
    assert {k: sum(1 for d in data["deviations"] if d["kind"] == k) for k in KINDS} == manifest["deviations"]


def test_csv_output(exports, tmp_path, capsys):
    out, manifest = exports
    target = tmp_path / "dev.csv"
    code, _, _ = run_cli(["audit", "--cases", str(out / "cases.csv"), "--contacts", str(out / "contacts.csv"),
                          "--format", "csv", "--out", str(target)], capsys)
    assert code == 1
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == sum(manifest["deviations"].values())
    assert {r["kind"] for r in rows} == set(KINDS)
    assert all(r["quote"] and r["rule"] for r in rows)


class _Checker(html.parser.HTMLParser):
    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") or (value and re.match(r"(https?:)?//", value) and name != "xmlns"):
                self.problems.append(f"{tag} {name}={value}")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_html_report_is_well_formed_and_self_contained(exports, tmp_path, capsys):
    out, manifest = exports
    target = tmp_path / "audit.html"
    code, _, _ = run_cli(["audit", "--cases", str(out / "cases.csv"), "--contacts", str(out / "contacts.csv"),
                          "--format", "html", "--out", str(target), "--lang", "en"], capsys)
    assert code == 1
    page = target.read_text(encoding="utf-8")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.problems == [] and checker.stack == []
    assert "script" not in checker.tags and "svg" in checker.tags and "rect" in checker.tags
    assert page.count('<rect class="bar') >= len(KINDS)
    assert f'<b id="n-deviations">{sum(manifest["deviations"].values())}</b>' in page
    assert "Dokumentera i journalen" in page          # the most common deviations with their quotes
    assert "Compliance" in page


def test_table_and_the_readme_sql_give_the_audit_findings(rulebook, tmp_path, capsys):
    """`py1177 table --max-steps 2` + the README's SQL over it == `py1177 audit` on cases of ≤ 2 steps."""
    import duckdb

    generate(rulebook, tmp_path, 1500, seed=11, rate=0.03, bad_rows=0, outside=0, max_steps=2)
    table = tmp_path / "beslutstabell.parquet"
    code, out, _ = run_cli(["table", "--max-steps", "2", "--out", str(table)], capsys)
    assert code == 0 and "Beslutstabell:" in out
    con = duckdb.connect()
    assert [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{table}')").fetchall()] == \
        [c for c, _ in TABLE_COLUMNS]
    n_chains, max_steps, digests = con.execute(
        f"SELECT count(DISTINCT chain), max(steps), count(DISTINCT kb_digest) FROM read_parquet('{table}')").fetchone()
    assert max_steps == 2 and digests == 1 and n_chains > 6000   # every chain of 1-2 steps the KB allows
    readme = README.read_text(encoding="utf-8")
    block = re.search(r"```sql\n(.*?)```", readme.split("## Granskning / Audit", 1)[1], re.S).group(1)
    sql = (block.replace("'cases.csv'", f"'{tmp_path / 'cases.csv'}'")
           .replace("'contacts.csv'", f"'{tmp_path / 'contacts.csv'}'")
           .replace("'beslutstabell.parquet'", f"'{table}'"))
    statements = _statements(sql)
    assert all(s in statements for s in _statements(audit_sql()))   # the README shows the audit's own SQL
    for statement in statements[:-1]:
        con.execute(statement)
    sql_rows = {tuple(r) for r in con.execute(
        "SELECT case_id, kind, step, contact_id, unit, status, rule, section, quote FROM (" + statements[-1] + ")"
    ).fetchall()}
    code, data, _ = audit_json(capsys, tmp_path / "cases.csv", tmp_path / "contacts.csv")
    ours = {(d["case_id"], d["kind"], d["step"], d["contact_id"], d["unit"], d["status"], d["rule"], d["section"],
             d["quote"]) for d in data["deviations"]}
    assert ours and sql_rows == ours
    assert {k for _, k, *_ in ours} == set(KINDS)
    # the audit can take its answers from the table too
    code2, data2, _ = audit_json(capsys, tmp_path / "cases.csv", tmp_path / "contacts.csv", "--table", str(table))
    assert data2["deviations"] == data["deviations"]


def test_progress_bar_on_stderr(exports, capsys):
    out, _ = exports
    code, stdout, err = run_cli(["audit", "--cases", str(out / "cases.csv"), "--contacts", str(out / "contacts.csv"),
                                 "--progress", "--format", "json"], capsys)
    assert code == 1 and "regelboken svarar per kedja" in err and "granskar (SQL)" in err and "#" in err
    json.loads(stdout)                            # the progress bar never mixes into the answer


def test_advise_does_not_import_duckdb_or_jinja2():
    probe = ("import sys; from py1177.cli import main; code = main(['advise', '--scenario', '3.1.2b', '--json']); "
             "print(code, 'duckdb' in sys.modules, 'jinja2' in sys.modules, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert proc.stderr.strip().splitlines()[-1] == "0 False False", proc.stderr


def test_synth_module_runs_as_a_program(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "py1177.synth", "--cases", "50", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads(proc.stdout)
    assert manifest["cases"] == 50
    assert len({r["case_id"] for r in csv.DictReader((tmp_path / "cases.csv").open(encoding="utf-8"))}) == 50


@pytest.mark.slow   # drives Chromium
def test_chromium_renders_the_audit_page(exports, tmp_path, capsys):
    """The report in headless Chromium: the DOM has both charts and no console errors; a
    screenshot is kept in test-artifacts/audit.png."""
    import os
    import shutil

    browser = next((c for c in ("/usr/bin/chromium", shutil.which("chromium")) if c and os.access(c, os.X_OK)), None)
    if browser is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install chromium (dev.sh test does it with apt-get)")
        pytest.skip("chromium is not installed")
    out, _ = exports
    page = tmp_path / "audit.html"
    assert main(["audit", "--cases", str(out / "cases.csv"), "--contacts", str(out / "contacts.csv"),
                 "--format", "html", "--out", str(page)]) == 1
    capsys.readouterr()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--enable-logging=stderr", "--v=0"]

    def run(*extra: str, profile: str) -> subprocess.CompletedProcess:
        return subprocess.run([browser, *flags, f"--user-data-dir={tmp_path / profile}", *extra, page.as_uri()],
                              capture_output=True, text=True, timeout=120)

    dumped = run("--dump-dom", profile="dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    assert 'id="chart-kinds"' in dumped.stdout and 'id="chart-units"' in dumped.stdout
    console = [line for line in dumped.stderr.splitlines()
               if "CONSOLE" in line and ("error" in line.lower() or "Uncaught" in line)]
    assert console == []
    artifacts = README.parent / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    shot = artifacts / "audit.png"
    shot.unlink(missing_ok=True)
    taken = run(f"--screenshot={shot}", "--window-size=1280,3000", profile="shot")
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_chain_answers_carry_the_readings_to_both_workers(rulebook):
    """audit_chains_json/3 answers on two threads: the readings of the call reach both (a chain
    in each half), as advise gives them."""
    from py1177.audit import answer_dict, ask_chains

    chains = ["nurse:phone", "doctor:phone"]
    readings = {"q_phone": "not_1177"}
    for rb in (rulebook, rulebook.with_readings(readings)):
        for chain, row, values in ask_chains(rb, chains, "sv"):
            role, channel = chain.split(":")
            advised = rb.advise_dict([{"role": role, "channel": channel}], date="2023-09-01")
            got = answer_dict(row, values)
            assert got["status"] == advised["status"]
            assert [r["id"] for r in got["readings"]] == [i["id"] for i in advised["interpretations"]]
    plain = [answer_dict(r, v)["status"] for _, r, v in ask_chains(rulebook, chains, "sv")]
    read = [answer_dict(r, v)["status"] for _, r, v in ask_chains(rulebook.with_readings(readings), chains, "sv")]
    assert plain != read
