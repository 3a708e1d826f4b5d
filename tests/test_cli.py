"""The command line: Swedish text by default, English with --lang en, JSON, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from py1177.cli import app, main

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_advise_text_in_swedish_quotes_the_guideline():
    result = run("advise", "--scenario", "3.1.2c", "--date", "2023-09-01")
    assert result.exit_code == 0
    out = result.output
    assert "Scenario: 3.1.2c (§3.1.2)" in out
    assert "Status: beskrivet i anvisningen" in out
    assert "Steg 1 – sjuksköterska via 1177 direkt" in out
    assert "”Sjuksköterskan behöver registrera med tanke på att ärendet hanteras av läkare" in out
    assert "– Vårdkontakt: Text som inte ersätter besök" in out
    assert "– Registrera diagnos och eventuellt KVÅ-kod" in out
    # asked about the scenario, the closer is the text's set of roles, not the example's role
    assert "Avslutar inte ärendet – det gör steg 2 (läkare eller annan hälso- och sjukvårdspersonal)." in out
    assert "✓ Avslutar ärendet i 1177 direkt." in out
    assert "Ärendet i 1177 direkt avslutas av: steg 2 (läkare eller annan hälso- och sjukvårdspersonal)" in out
    assert "Varningar" not in out
    assert "? Ja: de läses som punkter under alternativet ovanför" in out
    assert "q_layout_bullets" not in out  # question ids only with --detail


def test_advise_text_in_english():
    out = run("advise", "--scenario", "3.1.2b", "--date", "2023-09-01", "--lang", "en").output
    assert "Step 1 – nurse via 1177 direkt" in out
    assert "No documentation in PMO (nothing is registered)." in out
    assert "Contact type: Text som inte ersätter besök" in out  # labels stay as the guideline writes them
    assert "The case in 1177 direkt is closed by: step 2 (doctor or other health-care staff)" in out


def test_advise_steps_equals_scenario_json():
    by_id = json.loads(run("advise", "--scenario", "3.1.3a", "--date", "2023-09-01", "--json").output)
    by_steps = json.loads(run("advise", "--step", "nurse:digital", "--step", "doctor:digital:day=same:unit=other",
                              "--date", "2023-09-01", "--json").output)
    # the scenario names the text's closers; the concrete chain its own step's role
    assert (by_id.pop("closed_by_role"), by_id.pop("closed_by_roles")) == (None, ["doctor", "other_clinician"])
    assert (by_steps.pop("closed_by_role"), by_steps.pop("closed_by_roles")) == ("doctor", ["doctor"])
    # the scenario's text names another clinician (who that covers is a reading); the chain does not
    assert [i["id"] for i in by_id.pop("interpretations")] == ["q_licensed"]
    assert by_steps.pop("interpretations") == []
    assert by_id == by_steps


def test_advise_case_file_yaml_and_json(tmp_path):
    yaml_file = tmp_path / "case.yaml"
    yaml_file.write_text("steps:\n  - {role: nurse, channel: digital}\n"
                         "  - {role: other_clinician, channel: digital, day: other}\ndate: 2023-09-01\n",
                         encoding="utf-8")
    json_file = tmp_path / "case.json"
    json_file.write_text(json.dumps({"scenario": "3.1.2c", "date": "2023-09-01"}), encoding="utf-8")
    a = json.loads(run("advise", "--case", str(yaml_file), "--json").output)
    b = json.loads(run("advise", "--case", str(json_file), "--json").output)
    assert a["scenario"] == b["scenario"] == "3.1.2c"
    assert a["date"] == "2023-09-01"


def test_undocumented_chain_is_flagged_in_text():
    out = run("advise", "--step", "doctor:digital", "--step", "other_clinician:digital").output
    assert "Status: härlett – beskrivs inte i anvisningen" in out
    assert "Anvisningen beskriver inte den här kedjan" in out


def test_gap_in_text():
    out = run("advise", "--step", "nurse:physical").output
    assert "Status: lucka – anvisningen avgör inte fallet" in out
    assert "Oavgjort" in out and "avgörs inte (lucka)" in out


def test_outside_validity_warns_but_answers():
    result = run("advise", "--scenario", "3.1.1a", "--date", "2025-06-01")
    assert result.exit_code == 0
    assert "Datumet 2025-06-01 ligger utanför giltighetstiden" in result.output
    assert "Vårdkontakt: Text som inte ersätter besök" in result.output


def test_listings():
    scenarios = json.loads(run("scenarios", "--json").output)
    assert [s["id"] for s in scenarios][:2] == ["3.1.1a", "3.1.1b"] and len(scenarios) == 12
    assert all({"id", "section", "title", "steps"} <= set(s) for s in scenarios)
    assert "py1177 advise --step nurse:digital --step doctor:digital:day=other" in run("scenarios").output
    errata = json.loads(run("errata", "--json").output)
    assert any(e["found"] == "KVVÅ-kod" for e in errata)
    assert "q_closer_3_1_3b" in run("questions").output
    assert "Who closes the case" in run("questions", "--lang", "en").output
    assert json.loads(run("guideline", "--json").output)["valid_to"] == "2024-04-11"
    assert "Tidbokstyp 1177 direkt" in run("pmo").output


BAD = [
    (["advise", "--step", "nurze:digital"], "okänt värde för role: 'nurze' (tillåtet: nurse, doctor, other_clinician)"),
    (["advise", "--step", "nurse"], "förväntade ROLL:KANAL"),
    (["advise", "--step", "nurse:digital:colour=red"], "okänd nyckel 'colour'"),
    (["advise", "--scenario", "9.9.9"], "okänt scenario '9.9.9'"),
    (["advise", "--scenario", "3.1.1a", "--date", "2023-13-01"], "ogiltigt datum '2023-13-01'"),
    (["advise", "--case", "/nonexistent/case.yaml"], "filen finns inte"),
    (["advise"], "ange antingen ett ärende"),
    (["advise", "--scenario", "3.1.1a", "--step", "nurse:digital"], "ange antingen ett ärende"),
    (["advise", "--scenario", "3.1.1a", "--lang", "de"], "okänt värde för lang: 'de' (tillåtet: sv, en)"),
    (["advise", "--bogus"], "okänd flagga --bogus"),
    (["advise", "--step"], "--step saknar värde"),
    (["advise", "--case", "/dev/null/x"], "ärendefilen"),
    (["advise", "--case", "/tmp"], "är ingen vanlig fil"),
    (["scenarios", "--lang", "fi"], "okänt värde för lang"),
    (["advise", "--step", "nurse:digital:day=other"], "steg 1 kan inte ha day"),
    (["advise", "--step", "nurse:digital'),halt,('"], "okänt värde för channel"),
    (["advise", "--lang", "en", "--step", "nurze:digital"], "unknown role 'nurze'"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_one_line_exit_2(capsys, args, message):
    code = main(args)
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("py1177: ")
    assert message in lines[0]
    assert "Traceback" not in captured.err


def test_bad_case_files(tmp_path, capsys):
    cases = {
        "broken.yaml": ("steps: [ {role: nurse", "ogiltig YAML"),
        "list.yaml": ("- nurse\n", "förväntade en mappning"),
        "both.yaml": ("scenario: 3.1.1a\nsteps: []\n", "antingen 'steps' eller 'scenario'"),
        "bad.json": ("{not json", "ogiltig JSON"),
        "latin1.yaml": (b"steps: [{role: sjuksk\xf6terska}]", "inte UTF-8"),
        "null.yaml": ("scenario: null\n", "antingen 'steps' eller 'scenario'"),
        "nested.yaml": ("steps: [[nurse, digital]]\n", "ett steg ska vara en mappning"),
        "number.yaml": ("scenario: 3.12\n", "scenario ska vara ett scenario-id som text"),
        "unknown.yaml": ("steps:\n  - {role: nurse, channel: digital, purpose: '); halt. %'}\n",
                         "okänt värde för purpose"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        assert main(["advise", "--case", str(path)]) == 2, name
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0], (name, err)


def test_case_file_size_limit(tmp_path, capsys):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 1_000_001)
    assert main(["advise", "--case", str(big)]) == 2
    assert "större än 1000000 byte" in capsys.readouterr().err


def test_fifo_case_file_does_not_hang(tmp_path, capsys):
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    assert main(["advise", "--case", str(fifo)]) == 2
    assert "är ingen vanlig fil" in capsys.readouterr().err


def test_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("py1177 ")
    assert main(["advise", "--help"]) == 0
    assert "--scenario" in capsys.readouterr().out


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PY1177_KB_DIR", None)
    env.update(extra)
    return env


def test_real_subprocess_json_and_exit_codes():
    done = subprocess.run([sys.executable, "-m", "py1177", "advise", "--scenario", "3.1.2b", "--json",
                           "--date", "2023-09-01"], capture_output=True, text=True, timeout=60, env=cli_env(),
                          cwd=Path(__file__).parent)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["steps"][0]["registrations"] == [] and data["closed_by_step"] == 2
    bad = subprocess.run([sys.executable, "-m", "py1177", "advise", "--step", "nurse:telepathy"],
                         capture_output=True, text=True, timeout=60, env=cli_env(), cwd=Path(__file__).parent)
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.strip() == ("py1177: fel: --step 1 ('nurse:telepathy'): okänt värde för channel: "
                                  "'telepathy' (tillåtet: digital, physical, phone)")


def test_console_script_installed():
    script = Path(sys.executable).parent / "py1177"
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    done = subprocess.run([str(script), "scenarios", "--json"], capture_output=True, text=True, timeout=60,
                          env=cli_env())
    assert done.returncode == 0 and len(json.loads(done.stdout)) == 12


def test_swedish_errors_for_numbers_dates_and_missing_kb(tmp_path, capsys):
    bad_date = tmp_path / "case.yaml"
    bad_date.write_text("date: 2023-02-30\nscenario: 3.1.1a\n", encoding="utf-8")
    for args, message in ((["advise", "--case", str(bad_date)], "ogiltigt datum '2023-02-30'"),
                          (["why", "--scenario", "3.1.1a", "--step-no", "abc"], "--step-no: ska vara ett heltal"),
                          (["scenarios", "--kb", str(tmp_path / "nowhere")], "rules.pl saknas"),
                          (["pmo", "--lang", "xx"], "okänt värde för lang")):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1, err
    assert main(["pmo", "--lang", "en"]) == 0


# --- help, version and completion (issue 5) ---------------------------------------


def _help_texts(command) -> list[str]:
    texts = [command.help] if command.help else []
    texts += [p.help for p in command.params if getattr(p, "help", None)]
    for sub in getattr(command, "commands", {}).values():
        texts += _help_texts(sub)
    return texts


def test_every_help_text_has_an_english_version():
    import typer

    from py1177.i18n import HELP_EN, HELP_SV

    texts = _help_texts(typer.main.get_command(app))
    ours = [t for t in texts if t not in HELP_SV]   # typer's own texts are translated the other way
    missing = [t for t in ours if t not in HELP_EN]
    assert missing == [], missing
    assert len(ours) > 50


def test_help_in_swedish_and_english(capsys):
    assert main(["advise", "--help"]) == 0
    sv = capsys.readouterr().out
    assert "Vad ska registreras i PMO för ett ärende" in sv and "Datum ÅÅÅÅ-MM-DD" in sv
    assert main(["advise", "--help", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "What to register in PMO for a case, and who closes it in 1177 direkt?" in en
    assert "Date YYYY-MM-DD" in en and "ÅÅÅÅ" not in en
    assert main(["--lang", "en", "--help"]) == 0
    root = " ".join(capsys.readouterr().out.split())
    assert "as a rulebook: what to register in PMO, and why." in root and "Interview: answer a few" in root
    assert main(["--help"]) == 0
    root_sv = " ".join(capsys.readouterr().out.split())
    assert "Installera tab-komplettering" in root_sv and "Intervju: svara på några frågor" in root_sv
    assert main(["--lang", "xx", "--help"]) == 2   # checked before click answers --help
    assert capsys.readouterr().err.strip() == "py1177: fel: okänt värde för lang: 'xx' (tillåtet: sv, en)"


def test_version(capsys):
    from py1177 import __version__

    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_shell_completion_of_commands_and_scenario_ids():
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}

    def complete(words: str, cword: int) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "py1177"], capture_output=True, text=True, timeout=60,
                              env={**env, "_PY1177_COMPLETE": "complete_bash", "COMP_WORDS": words,
                                   "COMP_CWORD": str(cword)})
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("py1177 adv", 1) == ["advise"]
    assert complete("py1177 advise --scenario 3.1.2", 3) == ["3.1.2a", "3.1.2b", "3.1.2c", "3.1.2d"]
    assert complete("py1177 render --format h", 3) == ["html"]
    script = subprocess.run([sys.executable, "-m", "py1177", "--show-completion", "bash"], capture_output=True,
                            text=True, timeout=60, env=env)
    assert script.returncode == 0 and "_PY1177_COMPLETE" in script.stdout


def test_render_out_replaces_a_file_whole_and_leaves_devices_alone(tmp_path, capsys):
    import stat

    target = tmp_path / "anvisning.md"
    target.write_text("old", encoding="utf-8")
    assert main(["render", "--format", "md", "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Primärvården Skånes tillämpningsanvisningar")
    assert [p.name for p in tmp_path.iterdir()] == ["anvisning.md"]   # no temporary file left
    if Path("/dev/full").exists():
        assert main(["render", "--format", "md", "--out", "/dev/full"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("py1177: fel: kan inte skriva /dev/full") and len(err.strip().splitlines()) == 1
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)   # written to, not replaced
    assert main(["render", "--format", "md", "--out", str(tmp_path)]) == 2
