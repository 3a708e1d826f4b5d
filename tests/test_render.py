"""`py1177 render`: the anvisning's §3–§4 regenerated from the rulebook says what the
guideline says, line by line; its bullets come from the rulebook's structured answers (a
changed label shows up, and the comparison names it); the HTML is one clean,
self-contained file that a real browser renders without console errors."""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import source_text
from py1177.cli import main
from py1177.document import render_document

TESTS = Path(__file__).parent
ROOT = TESTS.parent

MD_HEADING = re.compile(r"^(#{1,6}) (.*)$")
MD_SCENARIO = re.compile(r"^#{5} (\d+(?:\.\d+)+[a-z]) (.*)$")
MD_SECTION = re.compile(r"^#{2,4} (\d+(?:\.\d+)*) (.*)$")


@pytest.fixture(scope="module")
def md(rulebook):
    return render_document(rulebook, "md", "sv")


@pytest.fixture(scope="module")
def page(rulebook):
    return render_document(rulebook, "html", "sv")


@pytest.fixture(scope="module")
def kb_blocks(rulebook):
    return [block.to_dict() for block in rulebook.scenario_blocks()]  # the JSON form: plain values


# --- reading the rendered Markdown the way a reader sees it -----------------------------

def plain(text: str) -> str:
    """Markdown emphasis and backslash escapes removed, whitespace collapsed."""
    text = re.sub(r"(?<!\\)\*+", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return source_text.collapse(text)


def md_items(lines: list[str]) -> list[tuple[int | None, str]]:
    """Non-empty lines as (level, text): None for a heading or paragraph, 0 for "- x",
    1 for a nested "  - x"."""
    out: list[tuple[int | None, str]] = []
    for line in lines:
        if not line.strip():
            continue
        heading = MD_HEADING.match(line)
        if heading:
            out.append((None, plain(heading.group(2))))
        elif line.startswith("- "):
            out.append((0, plain(line[2:])))
        elif re.match(r"^ {2,4}- ", line):
            out.append((1, plain(line.strip()[2:])))
        else:
            out.append((None, plain(line)))
    return out


def rendered_scenarios(md: str) -> dict[str, tuple[str, list[tuple[int | None, str]]]]:
    """Scenario id → (its heading's title, the items under it up to the next heading)."""
    lines = md.splitlines()
    out = {}
    for i, line in enumerate(lines):
        match = MD_SCENARIO.match(line)
        if not match:
            continue
        end = next((j for j in range(i + 1, len(lines)) if MD_HEADING.match(lines[j])), len(lines))
        out[match.group(1)] = (plain(match.group(2)), md_items(lines[i + 1:end]))
    return out


def rendered_section(md: str, number: str, whole: bool) -> list[tuple[int | None, str]]:
    """The items of section ``number``: its heading and text up to the next heading
    (``whole``: up to the next heading of the same or a higher level)."""
    lines = md.splitlines()
    for i, line in enumerate(lines):
        match = MD_SECTION.match(line)
        if match and match.group(1) == number:
            level = len(MD_HEADING.match(line).group(1))
            end = len(lines)
            for j in range(i + 1, len(lines)):
                other = MD_HEADING.match(lines[j])
                if other and (not whole or len(other.group(1)) <= level):
                    end = j
                    break
            return md_items(lines[i:end])
    return []


# --- what the guideline says ------------------------------------------------------------

def expected_scenario(source_lines, kb_lines) -> list[tuple[int | None, str]]:
    """The source block as the guideline intends it: a bullet the source prints without
    its indent after a page break (erratum e7, recorded per bullet in the KB) is nested."""
    out = []
    for k, (level, text) in enumerate(source_lines):
        kb = kb_lines[k] if k < len(kb_lines) else None
        if level == 0 and kb is not None and kb["unindented"] and kb["text"] == text:
            level = 1
        out.append((level, source_text.collapse(text)))
    return out


def show(items) -> list[str]:
    return [("¶ " if level is None else "  " * level + "- ") + text for level, text in items]


def differences(what: str, expected, got) -> str:
    diff = difflib.unified_diff(show(expected), show(got), "guideline", "rendered", lineterm="", n=1)
    return f"{what}:\n" + "\n".join(diff)


def compare_scenarios(md: str, source: str, kb_blocks) -> list[str]:
    """Problems found comparing the rendered scenarios with the source's blocks, each naming
    the scenario and showing the differing lines."""
    titles = [b["lines"][0]["text"] for b in kb_blocks]
    source_blocks = source_text.scenario_blocks(source, titles)
    rendered = rendered_scenarios(md)
    problems = []
    ids = [b["id"] for b in kb_blocks]
    if list(rendered) != ids:
        problems.append(f"scenarios: rendered {list(rendered)}, the guideline has {ids}")
    for block, title in zip(kb_blocks, titles):
        got_title, got = rendered.get(block["id"], (None, []))
        if got_title != source_text.collapse(title):
            problems.append(f"scenario {block['id']}: heading {got_title!r}, the guideline has {title!r}")
        expected = expected_scenario(source_blocks[title], block["lines"][1:])
        if got != expected:
            problems.append(differences(f"scenario {block['id']}", expected, got))
    return problems


def compare_sections(md: str, source: str) -> list[str]:
    """§3 and §3.1 (heading and own text), every section heading of §3–§4 in order, and
    the whole of §4 (4.1–4.3 and the contact types under 4.3)."""
    sections = source_text.sections(source)
    problems = []
    for number in ("3", "3.1"):
        lines = sections[number].splitlines()
        own = next((i for i, line in enumerate(lines[1:], 1) if source_text.HEADING.match(line)), len(lines))
        expected = [(lv, source_text.collapse(tx)) for lv, tx in source_text.bullet_lines("\n".join(lines[:own]))]
        got = rendered_section(md, number, whole=False)
        if got != expected:
            problems.append(differences(f"section {number}", expected, got))
    expected_headings = [source_text.collapse(line) for number in ("3", "4")
                         for line in sections[number].splitlines() if source_text.HEADING.match(line)]
    got_headings = [plain(f"{m.group(1)} {m.group(2)}") for line in md.splitlines()
                    if (m := MD_SECTION.match(line))]
    if got_headings != expected_headings:
        problems.append(differences("section headings", [(None, h) for h in expected_headings],
                                    [(None, h) for h in got_headings]))
    expected_4 = [(lv, source_text.collapse(tx)) for lv, tx in source_text.bullet_lines(sections["4"])]
    got_4 = rendered_section(md, "4", whole=True)
    if got_4 != expected_4:
        problems.append(differences("section 4", expected_4, got_4))
    return problems


# --- the comparison ---------------------------------------------------------------------

@pytest.mark.parametrize("index", range(12))
def test_each_scenario_says_what_the_guideline_says(md, source, kb_blocks, index):
    """Headings, notes, leads and every bullet of the scenario, in order and nested as the
    guideline intends (the source's lost indents, erratum e7, corrected)."""
    problems = [p for p in compare_scenarios(md, source, kb_blocks)
                if p.startswith((f"scenario {kb_blocks[index]['id']}:", "scenarios:"))]
    assert not problems, "\n".join(problems)


def test_sections_3_and_4_say_what_the_guideline_says(md, source):
    problems = compare_sections(md, source)
    assert not problems, "\n".join(problems)


def test_the_comparison_sees_nesting_and_wording(md, source, kb_blocks):
    """The comparison can fail: a flattened bullet, a reworded bullet and a dropped §4.3
    contact type are each reported with the differing line."""
    flattened = md.replace("  - Sjuksköterskan avslutar ärendet i 1177 direkt",
                           "- Sjuksköterskan avslutar ärendet i 1177 direkt", 1)
    report = "\n".join(compare_scenarios(flattened, source, kb_blocks))
    assert report.startswith("scenario 3.1.1a:") and "+- Sjuksköterskan avslutar" in report
    reworded = md.replace("  - Dokumentera i journalen", "  - Dokumentera i patientjournalen")
    report = "\n".join(compare_scenarios(reworded, source, kb_blocks))
    assert "+  - Dokumentera i patientjournalen" in report and "-  - Dokumentera i journalen" in report
    dropped = md.replace("- Telefonsamtal (", "", 1)
    assert "section 4:" in "\n".join(compare_sections(dropped, source))


def test_bullets_are_built_from_the_structured_answer(rulebook, source, kb_blocks):
    """The renderer words each bullet from the advise answer (contact type label, attribute)
    — not from the stored text: a label changed in the answer alone changes the rendered
    bullets, while the KB's stored lines still hold the old one. Text is escaped."""
    old, new = "Text som inte ersätter besök", "<b>Text</b> & ”co” *som inte* ersätter besök"

    class Relabelled:
        def __init__(self, inner):
            self._inner = inner

        def __getattr__(self, name):
            return getattr(self._inner, name)

        def advise(self, *args, **kwargs):
            advice = self._inner.advise(*args, **kwargs)
            steps = tuple(dataclasses.replace(step, registrations=tuple(
                dataclasses.replace(reg, contact_type=new if reg.contact_type == old else reg.contact_type)
                for reg in step.registrations)) if step.registrations else step for step in advice.steps)
            return dataclasses.replace(advice, steps=steps)

    assert any(line["text"] == f"Vårdkontakt: {old}" for b in kb_blocks for line in b["lines"])
    md = render_document(Relabelled(rulebook), "md", "sv")
    problems = compare_scenarios(md, source, kb_blocks)
    users = {b["id"] for b in kb_blocks if any(line["text"] == f"Vårdkontakt: {old}" for line in b["lines"])}
    assert {p.split(":")[0].removeprefix("scenario ") for p in problems} == users
    assert f"+  - Vårdkontakt: {new}" in "\n".join(problems)
    page = render_document(Relabelled(rulebook), "html", "sv")
    assert "<b>" not in page and "&lt;b&gt;Text&lt;/b&gt; &amp; ”co”" in page
    assert strict_parse(page).errors == []


def draft_kb(tmp_path: Path, rulebook, edits: dict[str, tuple[str, str]]) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(rulebook.kb_dir, target, ignore=shutil.ignore_patterns("__pycache__", "*.qlf"))
    for name, (old, new) in edits.items():
        path = target / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return target


def run_render(*args: str, kb: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    return subprocess.run([sys.executable, "-m", "py1177", "render", *args, "--kb", str(kb)],
                          capture_output=True, text=True, timeout=120, env=env, cwd=TESTS)


def test_a_label_changed_in_the_kb_is_rendered_and_named_by_the_comparison(tmp_path, rulebook, source, kb_blocks):
    """A draft KB renames the contact type "Text som inte ersätter besök" in vocabulary.pl
    and, so that it can still read its scenarios, in every bullet and quote that names it
    (not in the errata, which describe the source). The render succeeds and prints the new
    label; comparing it with the guideline names every changed bullet and §4.3."""
    old, new = "Text som inte ersätter besök", "Textmeddelande som inte ersätter besök"
    files = {p.name for p in rulebook.kb_dir.glob("*.pl")
             if p.name != "guideline.pl" and old in p.read_text(encoding="utf-8")}
    assert "vocabulary.pl" in files and len(files) > 2
    draft = draft_kb(tmp_path, rulebook, {name: (old, new) for name in files})
    done = run_render("--format", "md", kb=draft)
    assert done.returncode == 0, done.stderr
    assert f"Vårdkontakt: *{new}*" in done.stdout
    problems = compare_scenarios(done.stdout, source, kb_blocks)
    report = "\n".join(problems)
    users = {b["id"] for b in kb_blocks if any(line["text"] == f"Vårdkontakt: {old}" for line in b["lines"])}
    assert {p.split(":")[0].removeprefix("scenario ") for p in problems} == users, report
    assert f"-  - Vårdkontakt: {old}" in report and f"+  - Vårdkontakt: {new}" in report
    section_report = "\n".join(compare_sections(done.stdout, source))
    assert f"-- {old}" in section_report and f"+- {new}" in section_report


def test_a_label_changed_only_in_vocabulary_is_refused_in_one_line(tmp_path, rulebook):
    """When vocabulary.pl no longer matches the scenarios' bullets the KB cannot read them:
    the render prints no stale text but exits 2 with one line naming the bullet."""
    draft = draft_kb(tmp_path, rulebook, {"vocabulary.pl": (
        'contact_type(text_not_replacing_visit, "Text som inte ersätter besök"',
        'contact_type(text_not_replacing_visit, "Textmeddelande som inte ersätter besök"')})
    done = run_render("--format", "md", kb=draft)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "Vårdkontakt: Text som inte ersätter besök" in lines[0] and "vocabulary.pl" in lines[0]


# --- tables, flow, errata, questions ------------------------------------------------------

def md_table_after(md: str, heading: str) -> list[list[str]]:
    lines = md.splitlines()
    start = lines.index(heading)
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("|"):
            rows.append([plain(c) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif rows:
            break
    return [rows[0]] + rows[2:]


def test_decision_tables_have_a_row_per_step_and_alternative(md, rulebook):
    """Each row says what the guideline's bullets say for that step and alternative (the
    KB's lines, which test_source_faithfulness holds equal to the source), and only the
    step that closes the case says so."""
    for block in (b.to_dict() for b in rulebook.scenario_blocks()):
        closer = rulebook.advise(scenario=block["id"], date="2023-09-01").closed_by_step
        table = md_table_after(md, f"###### Beslutstabell {block['id']}")
        header, rows = table[0], table[1:]
        assert len(header) == 9
        expected = []
        for line in block["lines"]:
            if line["kind"] == "lead":
                expected.append((str(line["step"]), line["alternative"], []))
            elif line["kind"] == "bullet":
                expected[-1][2].append(line["text"])
            elif line["kind"] == "no_pmo":
                expected.append((str(line["step"]), None, []))
        assert len(rows) == len(expected), block["id"]
        pattern = next(sc for sc in rulebook.scenarios() if sc.id == block["id"]).steps
        for row, (step, alternative, bullets) in zip(rows, expected):
            assert row[0] == step
            assert row[8].startswith("ja") == (step == str(closer)), (block["id"], row)
            # who and where come from the scenario's heading (its step pattern), word for word
            roles = {"nurse": "sjuksköterska", "doctor": "läkare",
                     "other_clinician": "annan hälso- och sjukvårdspersonal"}
            channels = {"digital": "via 1177 direkt", "physical": "fysiskt", "phone": "per telefon"}
            step_pattern = pattern[int(step) - 1]
            assert row[1] == " eller ".join(roles[r.value] for r in step_pattern.roles), (block["id"], row)
            assert row[2].startswith(channels[step_pattern.channel.value]), (block["id"], row)
            for kind, values in (("dag", step_pattern.day), ("enhet", step_pattern.unit)):
                for v in values or ():
                    assert f"{'samma' if v.value == 'same' else 'annan'} {kind}" in row[2], (block["id"], row)
            if alternative is None:
                assert row[3] == "ingen dokumentation i PMO", (block["id"], row)
                continue
            assert row[3] == {"not_replaces_visit": "Ersätter inte ett besök", "replaces_visit": "Ersätter ett besök",
                              "ordinary_visit": "Registreras som ett ordinarie mottagningsbesök"}[alternative], row
            contact = next(b.removeprefix("Vårdkontakt: ") for b in bullets if b.startswith("Vårdkontakt: "))
            assert row[4] == contact, (block["id"], row)
            assert (row[5] == "1177 direkt") == ("Attribut: 1177 direkt" in bullets)
            assert row[6] == ("ja" if "Dokumentera i journalen" in bullets else "nej")
            assert row[7] == ("ja" if "Registrera diagnos och eventuellt KVÅ-kod" in bullets else "nej")


def test_overview_lists_every_scenario_with_closer_and_nurse(md, rulebook):
    table = md_table_after(md, "## Översikt över scenarierna")
    rows = table[1:]
    assert [r[0] for r in rows] == list(rulebook.scenario_ids())
    titles = {s.id: s.title for s in rulebook.scenarios()}
    for row in rows:
        advice = rulebook.advise(scenario=row[0], date="2023-09-01")
        assert row[2] == titles[row[0]] and row[3] == str(len(advice.steps))
        assert row[4].startswith(f"steg {advice.closed_by_step}:")
        closer_roles = {"sjuksköterska": {"nurse"}, "läkare": {"doctor"},
                        "annan hälso- och sjukvårdspersonal": {"other_clinician"}}
        named = row[4].split(":", 1)[1].split(" (tolkning")[0].strip()
        pattern = next(sc for sc in rulebook.scenarios() if sc.id == row[0]).steps[advice.closed_by_step - 1]
        assert set().union(*(closer_roles[w] for w in named.split(" eller "))) == {r.value for r in pattern.roles}
    # 3.1.3b's closer rests on a reading: the bullet names "Läkaren eller annan …", the heading
    # "Sjuksköterska eller läkare" (policy question q_closer_3_1_3b)
    assert "(tolkning: q_closer_3_1_3b)" in {r[0]: r[4] for r in rows}["3.1.3b"]
    nurse = {r[0]: r[5] for r in rows}
    # 3.1.2b: "Ingen dokumentation i PMO" for the nurse; 3.1.4a: no nurse takes part
    assert nurse["3.1.2b"].startswith("nej") and nurse["3.1.2c"].startswith("ja") and nurse["3.1.4a"] == "–"


def expand_ids(text: str) -> set[str]:
    """"3.1.1c, 3.1.2a–d" → {"3.1.1c", "3.1.2a", …, "3.1.2d"}."""
    out = set()
    for stem, first, last in re.findall(r"(\d+(?:\.\d+)+)([a-z])(?:–([a-z]))?", text):
        out |= {stem + chr(c) for c in range(ord(first), ord(last or first) + 1)}
    return out


def test_flow_diagram_in_mermaid_follows_every_scenario(md, rulebook):
    """Every scenario is a path of labelled arrows from the start, one arrow per step, and
    the node where the scenario is closed says so."""
    block = md.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert block.startswith("flowchart TD")
    edges = re.findall(r'^    (\w+) -->\|"(.*?)"\| (\w+)$', block, re.M)
    nodes = dict(re.findall(r'^    (\w+)[\[\(]+"(.*?)"[\]\)]+$', block, re.M))
    starts = {a for a, _, _ in edges} - {b for _, _, b in edges}
    assert len(starts) == 1
    start = starts.pop()
    for scenario in rulebook.scenarios():
        path = [(a, b) for a, label, b in edges
                if any(scenario.id in expand_ids(line.split(":")[0]) for line in label.split("<br/>"))]
        assert len(path) == len(scenario.steps), scenario.id
        node = start
        for step in scenario.steps:   # each box names the step's roles and channel, as the heading does
            node = next(b for a, b in path if a == node)
            label = nodes[node].split("<br/>")[0].lower()
            words = {"nurse": "sjuksköterska", "doctor": "läkare", "other_clinician": "annan hälso- och sjukvårdspersonal"}
            assert " eller ".join(words[r.value] for r in step.roles) in label, (scenario.id, label)
            assert {"digital": "via 1177 direkt", "physical": "fysiskt", "phone": "telefon"}[step.channel.value] in label
        closer = rulebook.advise(scenario=scenario.id, date="2023-09-01").closed_by_step
        node = start
        for _ in range(closer):
            node = next(b for a, b in path if a == node)
        assert scenario.id in expand_ids(nodes[node].split("avslutar:")[1]), scenario.id


def test_errata_and_policy_questions_close_the_document(md, rulebook):
    errata_at = md.index("## Errata")
    questions_at = md.index("## Öppna policyfrågor")
    assert md.index("## 4 Registrering i PMO") < errata_at < questions_at
    errata = md_table_after(md, "## Errata")
    assert [r[0] for r in errata[1:]] == [e.id for e in rulebook.errata()]
    assert any("KVVÅ-kod" in r[3] and "KVÅ-kod" in r[4] for r in errata[1:])
    questions = md_table_after(md, "## Öppna policyfrågor")
    assert [r[0] for r in questions[1:]] == [q.id for q in rulebook.policy_questions()]
    for row, q in zip(questions[1:], rulebook.policy_questions()):
        assert row[1] == q.kind_label and row[4] == source_text.collapse(q.reading)


def test_header_names_source_version_and_validity(md, rulebook):
    g = rulebook.guideline()
    head = md.split("## ", 1)[0]
    assert head.startswith(f"# {g.title}\n")
    for value in (g.version, g.approved, g.valid_from, g.valid_to, g.issuer, g.scope, "anvisning-1177-direkt-v1.0.txt"):
        assert value in head


# --- HTML -------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class StrictParser(HTMLParser):
    """Records every start tag and every nesting error (an end tag that does not close the
    innermost open element, or an element left open)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.doctype = None
        self.text: dict[str, list[str]] = {}

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack:
            self.text.setdefault(self.stack[-1], []).append(data)

    def close(self):
        super().close()
        if self.stack:
            self.errors.append(f"left open: {self.stack}")


def strict_parse(page: str) -> StrictParser:
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    return parser


def test_html_parses_cleanly_and_is_self_contained(page, rulebook):
    parsed = strict_parse(page)
    assert parsed.errors == []
    assert parsed.doctype == "DOCTYPE html"
    assert ("html", {"lang": "sv"}) in parsed.tags
    assert parsed.text["title"][0] == rulebook.guideline().title  # the first <title>: the page's
    scenarios = [a["data-scenario"] for tag, a in parsed.tags if tag == "section" and a.get("class") == "scenario"]
    assert scenarios == list(rulebook.scenario_ids())
    tables = [a.get("class") for tag, a in parsed.tags if tag == "table"]
    assert tables.count("decision") == 12 and tables.count("overview") == 1
    assert tables.count("errata") == 1 and tables.count("questions") == 1
    assert [tag for tag, _ in parsed.tags].count("svg") == 1
    assert not {tag for tag, _ in parsed.tags} & {"script", "link", "img", "iframe", "object", "embed"}
    assert "http://" not in page and "https://" not in page
    assert "url(" not in page.replace("url(#arrow)", "") and "@import" not in page
    for tag, attrs in parsed.tags:
        for name in ("src", "href"):
            assert attrs.get(name) is None or attrs[name].startswith("#"), (tag, attrs)


def _list_items(fragment: str) -> list[tuple[int, str]]:
    """(nesting depth, text) of every <li> in ``fragment``, in document order."""
    from html.parser import HTMLParser

    class Items(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth, self.stack, self.items = 0, [], []

        def handle_starttag(self, tag, attrs):
            if tag == "ul":
                self.depth += 1
            elif tag == "li":
                self.items.append([self.depth, ""])
                self.stack.append(len(self.items) - 1)

        def handle_endtag(self, tag):
            if tag == "ul":
                self.depth -= 1
            elif tag == "li":
                self.stack.pop()

        def handle_data(self, data):
            if self.stack:
                self.items[self.stack[-1]][1] += data

    parser = Items()
    parser.feed(fragment)
    return [(depth, " ".join(text.split())) for depth, text in parser.items]


def test_html_scenarios_hold_the_guideline_bullets_nested(page, kb_blocks):
    """In HTML too, each alternative's lead is a list item and its bullets are the items of the
    list inside it, in the guideline's order (the source's lost indents, erratum e7, mended)."""
    for block in kb_blocks:
        section = page.split(f'data-scenario="{block["id"]}"', 1)[1].split("</section>", 1)[0]
        section = section.split('<table', 1)[0]   # the scenario's text, before its decision table
        expected = [(1 if line["kind"] == "lead" else 2, " ".join(line["text"].split()))
                    for line in block["lines"] if line["kind"] in ("lead", "bullet")]
        assert _list_items(section) == expected, block["id"]


# --- headless Chromium ---------------------------------------------------------------------

def chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    if os.environ.get("CI") == "true":
        pytest.fail("CI must install chromium (dev.sh test does it with apt-get)")
    pytest.skip("chromium is not installed")


@pytest.mark.slow   # drives Chromium
def test_chromium_renders_the_html_without_console_errors(page, rulebook, tmp_path):
    browser = chromium()
    path = tmp_path / "render.html"
    path.write_text(page, encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--enable-logging=stderr", "--v=0"]

    def run(*extra: str, profile: str) -> subprocess.CompletedProcess:
        return subprocess.run([browser, *flags, f"--user-data-dir={tmp_path / profile}", *extra, path.as_uri()],
                              capture_output=True, text=True, timeout=120)

    dumped = run("--dump-dom", profile="dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = strict_parse(dumped.stdout)
    scenarios = [a.get("data-scenario") for tag, a in dom.tags if tag == "section" and a.get("class") == "scenario"]
    assert scenarios == list(rulebook.scenario_ids())
    assert [tag for tag, _ in dom.tags].count("svg") == 1
    console = [line for line in dumped.stderr.splitlines()
               if "CONSOLE" in line and ("error" in line.lower() or "Uncaught" in line)]
    assert console == []

    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    shot = artifacts / "render.png"
    shot.unlink(missing_ok=True)
    taken = run(f"--screenshot={shot}", "--window-size=1280,4000", profile="shot")
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


# --- the command line ------------------------------------------------------------------------

def test_cli_render_html_to_file(tmp_path, capsys, rulebook):
    path = tmp_path / "anvisning.html"
    assert main(["render", "--format", "html", "--out", str(path)]) == 0
    assert capsys.readouterr().out == ""
    parsed = strict_parse(path.read_text(encoding="utf-8"))
    assert parsed.errors == []
    assert sum(1 for tag, a in parsed.tags if tag == "section" and a.get("class") == "scenario") == 12


def test_cli_render_unknown_format_is_one_line_exit_2(capsys):
    assert main(["render", "--format", "pdf"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "pdf" in lines[0]


def test_cli_render_in_english_keeps_the_guideline_swedish(capsys, source, kb_blocks):
    assert main(["render", "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "###### Decision table 3.1.1a" in english and "Beslutstabell" not in english
    header = md_table_after(english, "###### Decision table 3.1.1a")[0]
    assert header[:2] == ["Step", "Who"] and "Contact type" in header and "Closes the case" in header
    assert "## Open policy questions" in english and "## Overview of the scenarios" in english
    # the guideline's own words are unchanged: the comparison holds in English too
    assert compare_scenarios(english, source, kb_blocks) == []
    assert compare_sections(english, source) == []


def test_cli_render_html_in_english_sets_lang(tmp_path):
    path = tmp_path / "en.html"
    assert main(["render", "--format", "html", "--lang", "en", "--out", str(path)]) == 0
    assert ("html", {"lang": "en"}) in strict_parse(path.read_text(encoding="utf-8")).tags
