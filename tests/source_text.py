"""The anvisning's source text, normalised for quote checks.

Normalisation: Markdown emphasis (``*``/``**``) removed, then the KB's errata
applied (found → normalised). Quotes are compared with whitespace collapsed.
"""

from __future__ import annotations

import re
from pathlib import Path

SOURCE_NAME = "anvisning-1177-direkt-v1.0.txt"
HEADING = re.compile(r"^(\d+(?:\.\d+)*) (\S.*)$")


def raw_source(kb_dir: Path) -> str:
    return (kb_dir / "source" / SOURCE_NAME).read_text(encoding="utf-8")


def normalise(raw: str, errata) -> str:
    text = raw.replace("**", "").replace("*", "")
    for erratum in errata:
        if erratum.found:  # layout errata change no text
            text = text.replace(erratum.found, erratum.normalised)
    return text


def collapse(text: str) -> str:
    return " ".join(text.split())


def body(text: str) -> str:
    """The text after the table of contents (the body starts at the first body heading)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if HEADING.match(line) and line.startswith("1 "):
            return "\n".join(lines[i:])
    raise AssertionError("no body heading found")


def title_page(text: str) -> str:
    """The header block before the table of contents ("Innehåll")."""
    return text.split("\nInnehåll\n", 1)[0]


def sections(text: str) -> dict[str, str]:
    """Section number → its text, subsections included (heading to next same-or-higher heading);
    ``title_page`` → the header block before the table of contents."""
    lines = body(text).splitlines()
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := HEADING.match(line))]
    result: dict[str, str] = {}
    for k, (start, number) in enumerate(starts):
        depth = number.count(".")
        end = len(lines)
        for later, other in starts[k + 1:]:
            if other.count(".") <= depth:
                end = later
                break
        result[number] = "\n".join(lines[start:end])
    result["title_page"] = title_page(text)
    return result


def bullet_lines(block: str) -> list[tuple[int | None, str]]:
    """Non-empty lines of a block as (level, text): level 0 for "- x", 1 for " - x"
    (indented), None for a paragraph; list markers removed."""
    out: list[tuple[int | None, str]] = []
    for line in block.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("- "):
            level: int | None = 0 if line.startswith("- ") else 1
            stripped = stripped[2:].strip()
        else:
            level = None
        out.append((level, stripped))
    return out


def scenario_blocks(text: str, titles: list[str]) -> dict[str, list[str]]:
    """Title → the lines of its block: from the title line to the next title or heading."""
    lines = [line for line in body(text).splitlines()]
    stripped = [line.strip().removeprefix("- ").strip() for line in lines]
    positions = []
    cursor = 0
    for title in titles:
        index = stripped.index(title, cursor)
        positions.append(index)
        cursor = index + 1
    blocks = {}
    for k, (title, start) in enumerate(zip(titles, positions)):
        end = positions[k + 1] if k + 1 < len(positions) else len(lines)
        for j in range(start + 1, end):
            if HEADING.match(lines[j]):
                end = j
                break
        blocks[title] = bullet_lines("\n".join(lines[start + 1:end]))
    return blocks
