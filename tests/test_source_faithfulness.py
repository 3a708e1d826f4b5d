"""The KB says what the source says: every quote occurs in its cited section, and the
§3.1 scenario blocks hold exactly the KB's lines, bullet by bullet."""

from __future__ import annotations

import pytest

import source_text


def test_every_citation_occurs_in_its_section(rulebook, source):
    sections = source_text.sections(source)
    citations = rulebook.citations()
    assert len(citations) > 150  # every bullet of §3.1, the rules' sources and §4
    missing = []
    for c in citations:
        if c.section not in sections:
            missing.append(f"{c.origin}: no section {c.section}")
        elif source_text.collapse(c.quote) not in source_text.collapse(sections[c.section]):
            missing.append(f"{c.origin}: §{c.section} does not contain {c.quote!r}")
    assert not missing, "\n".join(missing)


def test_quote_check_can_fail(rulebook, source):
    """A quote from another section, or a paraphrase, is not found."""
    sections = source_text.sections(source)
    in_312 = "Ingen dokumentation i PMO eftersom det är läkare"
    assert in_312 in source_text.collapse(sections["3.1.2"])
    assert in_312 not in source_text.collapse(sections["3.1.1"])
    assert "Dokumentera i journalen noga" not in source_text.collapse(source)


@pytest.fixture(scope="module")
def blocks(rulebook, source):
    kb_blocks = [block.to_dict() for block in rulebook.scenario_blocks()]  # the JSON form
    titles = [b["lines"][0]["text"] for b in kb_blocks]
    return kb_blocks, source_text.scenario_blocks(source, titles)


def test_twelve_scenarios_in_document_order(rulebook, blocks):
    kb_blocks, _ = blocks
    assert [b["id"] for b in kb_blocks] == [
        "3.1.1a", "3.1.1b", "3.1.1c", "3.1.2a", "3.1.2b", "3.1.2c", "3.1.2d",
        "3.1.3a", "3.1.3b", "3.1.4a", "3.1.4b", "3.1.4c"]


def expected_layout(line):
    """How the source should print a KB line: paragraph (None), list level 0 or 1."""
    if line["kind"] in ("heading", "note", "no_pmo"):
        return None
    if line["kind"] == "lead":
        return 0
    return 0 if line["unindented"] else 1


@pytest.mark.parametrize("index", range(12))
def test_scenario_block_matches_source_line_by_line(blocks, index):
    """Same lines, same order, same nesting — bullets printed without their indent only where
    the KB records it (erratum e7, policy question q_layout_bullets)."""
    kb_blocks, source_blocks = blocks
    kb = kb_blocks[index]
    title = kb["lines"][0]["text"]
    expected = [(expected_layout(line), line["text"]) for line in kb["lines"][1:]]
    assert source_blocks[title] == expected, f"scenario {kb['id']} differs from the source"


def test_layout_check_sees_nesting(blocks):
    """The nesting comparison can fail: 3.1.1a's bullets are indented in the source."""
    kb_blocks, source_blocks = blocks
    title = kb_blocks[0]["lines"][0]["text"]
    flattened = [(0 if level == 1 else level, text) for level, text in source_blocks[title]]
    expected = [(expected_layout(line), line["text"]) for line in kb_blocks[0]["lines"][1:]]
    assert flattened != expected


def test_errata_found_in_raw_source_and_normalised(rulebook, raw_source, source):
    errata = rulebook.errata()
    assert {e.found for e in errata} >= {"KVVÅ-kod", "Telefonsamtals som ersätter besök"}
    stripped = raw_source.replace("**", "").replace("*", "")
    assert [e.id for e in errata if e.kind == "layout"] == ["e7"]
    for e in errata:
        if e.kind == "layout":
            assert e.found == e.normalised == ""
            continue
        if e.kind == "observation":  # the text is kept; the note says what is missing
            assert e.found == e.normalised and e.found in stripped and e.found in source, e.id
            continue
        assert e.found in stripped, e.id
        assert e.found not in source, f"{e.id} still in the normalised text"
        assert e.normalised in source, e.id
    assert "KVVÅ" not in source and "Telefonsamtals " not in source


def test_source_copy_is_the_shared_original(rulebook, raw_source):
    """The KB's copy of the source is the anvisning v1.0 text (title, version, dates)."""
    assert "Primärvården Skånes tillämpningsanvisningar av distanskontakter för projektet 1177 direkt" in raw_source
    for needle in ("Version\t1.0", "Godkänt datum\t2023-04-05", "Gäller fr.o.m.\t2023-04-11",
                   "Gäller t.o.m.\t2024-04-11"):
        assert needle in raw_source


def test_guideline_metadata_matches_title_page(rulebook):
    g = rulebook.guideline()
    assert (g.version, g.approved, g.valid_from, g.valid_to) == ("1.0", "2023-04-05", "2023-04-11", "2024-04-11")
    assert g.issuer == "Region Skåne"
    assert g.created_by == g.approved_by == "Patientadministrativa rådet"
    assert g.scope == "Primärvården Skåne och Medicinsk service"
    assert "1177 på telefon" in g.scope_note
    assert [s.number for s in g.sections][:3] == ["1", "1.1", "2"]


def test_section_headings_match_source(rulebook, source):
    sections = source_text.sections(source)
    for s in rulebook.guideline().sections:
        assert s.number in sections
        first_line = sections[s.number].splitlines()[0]
        assert first_line == f"{s.number} {s.title}"


def test_section_4_items(rulebook):
    pmo = rulebook.pmo()
    items = {i.id: i for i in pmo.items}
    booking = items["booking_type_1177_direkt"]
    assert booking.section == "4.1" and booking.properties["visible_in_1177_eservices"] is False
    assert booking.properties["used_for"] == "schedule_block"
    note = items["note_template_1177_direkt"]
    assert note.section == "4.2" and note.properties["keywords"] == "none"
    assert [t.label for t in pmo.attribute_contact_types] == [
        "Text som inte ersätter besök", "Distanskontakt realtid bild/ljud/chatt",
        "Telefonsamtal", "Telefonsamtal som ersätter besök"]
