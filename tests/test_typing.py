"""The public API is typed: ``mypy --strict`` passes on the package, the examples, an
integrator's script that pins the type of each result (tests/typed_consumer.py) and the
README's Python blocks; untyped third-party code (pyswip) is used only by py1177/bridge.py."""

from __future__ import annotations

import ast
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "py1177"
CONSUMER = ROOT / "tests" / "typed_consumer.py"
README = ROOT / "README.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


@pytest.fixture(scope="module")
def mypy(tmp_path_factory):
    """A function running ``mypy --strict`` (from this interpreter's environment) on paths:
    its exit code and output. Missing mypy fails under CI (``CI=true``), else skips."""
    program = Path(sys.executable).parent / "mypy"
    if not program.is_file():
        message = f"mypy is not installed next to {sys.executable} (pip install '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run mypy: " + message)
        pytest.skip(message)
    cache = tmp_path_factory.mktemp("mypy-cache")

    def run(*paths: Path) -> tuple[int, str]:
        done = subprocess.run([str(program), "--strict", "--cache-dir", str(cache), *map(str, paths)],
                              capture_output=True, text=True, cwd=ROOT, timeout=600)
        return done.returncode, done.stdout + done.stderr

    return run


def test_package_examples_and_a_typed_consumer_pass_mypy_strict(mypy):
    code, output = mypy(PACKAGE, ROOT / "examples", CONSUMER)
    assert code == 0 and "Success: no issues found" in output, output


def test_the_typed_consumer_runs(rulebook):
    """What the consumer asserts about the results (beyond their types) holds at run time."""
    runpy.run_path(str(CONSUMER), run_name="__main__")


def readme_blocks() -> list[str]:
    return PYTHON_BLOCK.findall(README.read_text(encoding="utf-8"))


def test_readme_python_blocks_are_complete_programs_that_pass_mypy_strict(mypy, tmp_path):
    blocks = readme_blocks()
    assert len(blocks) >= 2
    paths = []
    for number, block in enumerate(blocks, 1):
        assert re.search(r"^from py1177 import ", block, re.M), f"README block {number} does not import what it uses"
        path = tmp_path / f"readme_block_{number}.py"
        path.write_text(block, encoding="utf-8")
        paths.append(path)
    code, output = mypy(*paths)
    assert code == 0 and "Success: no issues found" in output, output


def test_readme_python_blocks_run(rulebook):
    for block in readme_blocks():
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})


def imports_of(path: Path) -> set[str]:
    """Top-level module names ``path`` imports anywhere (also inside functions), including
    ``importlib.import_module("...")`` / ``__import__("...")`` with a literal name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")):
            names.add(node.args[0].value.split(".")[0])
    return names


def test_only_the_bridge_imports_pyswip():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "bridge.py" in modules and len(modules) > 20
    assert "pyswip" in imports_of(PACKAGE / "bridge.py")  # the check sees the imports it looks for
    users = [str(m.relative_to(ROOT)) for m in modules if m.name != "bridge.py" and "pyswip" in imports_of(m)]
    assert users == [], f"pyswip (untyped values) must stay behind py1177/bridge.py: {users}"


@pytest.mark.parametrize("method,predicate", [
    ("citations", "citations_json"), ("pmo", "pmo_json"), ("vocabulary", "vocabulary_json"),
    ("scenario_blocks", "scenario_blocks_json"), ("wording", "wording_json"),
])
def test_typed_listings_give_back_the_kbs_json_exactly(rulebook, method, predicate):
    """The typed listings lose nothing: their ``to_dict()`` is the KB's JSON, key order included
    (the HTTP API and ``--json`` print it)."""
    import json

    value = getattr(rulebook, method)()
    assert not isinstance(value, dict) and not (isinstance(value, tuple) and isinstance(value[0], dict))
    typed = [item.to_dict() for item in value] if isinstance(value, tuple) else value.to_dict()
    kb = rulebook._bridge.json(predicate)
    assert json.dumps(typed, ensure_ascii=False) == json.dumps(kb, ensure_ascii=False)
