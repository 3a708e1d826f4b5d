"""The README's pasted outputs are what the CLI prints (so the README stays true)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from py1177.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"`(py1177 [^`]+)`\)?:\n\n```text\n(.*?)```", re.S)


def blocks():
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def test_readme_has_pasted_outputs():
    assert len(blocks()) >= 2


KB_LINE = re.compile(r"^(Regelbok|Rulebook): (inbyggd|bundled), .*/kb, (innehåll|content) [0-9a-f]{12}$", re.M)
"""The first line of every text report names the KB in use: its path and digest vary by
install and by KB edit, so the README shows them as '…'."""


def normalised(text: str) -> str:
    return KB_LINE.sub(lambda m: f"{m.group(1)}: {m.group(2)}, …/kb, {m.group(3)} …", text)


@pytest.mark.parametrize("command,expected", blocks(), ids=[c for c, _ in blocks()])
def test_readme_output_is_real(command, expected):
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0
    assert result.output.startswith(("Regelbok: ", "Rulebook: "))
    assert normalised(result.output) == expected


def test_readme_render_excerpt_is_real():
    """The README's excerpt of `py1177 render --format md` occurs verbatim in the output."""
    text = README.read_text(encoding="utf-8")
    excerpt = text.split("Excerpt of the Markdown (3.1.2c):\n\n```text\n", 1)[1].split("```", 1)[0]
    assert "###### Beslutstabell 3.1.2c" in excerpt
    result = CliRunner().invoke(app, ["render", "--format", "md"])
    assert result.exit_code == 0
    assert excerpt in result.output
