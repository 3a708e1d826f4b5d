"""Issue 11 item 9: the per-user cache is trusted only where no one else can have written it.

A ``swipl-paths.json`` is read only from a directory owned by the user and writable by no one else,
only as a regular file of bounded size (a FIFO never hangs), and its paths are used only inside
the SWI-Prolog installation that ``swipl`` on PATH belongs to — found without running ``swipl``.
Verification markers (which let a start skip the undefined-procedure scan) count only in such a
directory."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from py1177.bridge import bundled_kb_dir

PATHS_PROBE = """
import json, os
from py1177.bridge import _swipl_paths
_swipl_paths()
print(json.dumps({"libswipl": os.environ.get("LIBSWIPL_PATH"), "home": os.environ.get("SWI_HOME_DIR")}))
"""


@pytest.fixture()
def installation(tmp_path: Path) -> dict:
    """A stand-in SWI-Prolog installation whose `swipl` (on PATH, through a symlink like
    /usr/bin/swipl) logs every run and answers --dump-runtime-variables with its own paths."""
    home = tmp_path / "inst" / "lib" / "swipl"
    (home / "bin" / "x86_64-linux").mkdir(parents=True)
    (home / "boot.prc").write_bytes(b"")
    lib = home / "lib" / "x86_64-linux" / "libswipl.so.9"
    lib.parent.mkdir(parents=True)
    lib.write_bytes(b"")
    log = tmp_path / "swipl-runs.log"
    exe = home / "bin" / "x86_64-linux" / "swipl"
    exe.write_text(f"#!/bin/sh\necho run >> '{log}'\necho 'PLBASE=\"{home}\";'\necho 'PLLIBSWIPL=\"{lib}\";'\n",
                   encoding="utf-8")
    exe.chmod(0o755)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "swipl").symlink_to(exe)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    return {"home": str(home), "lib": str(lib), "log": log, "cache": cache,
            "env": {**{k: v for k, v in os.environ.items()
                       if k not in ("LIBSWIPL_PATH", "SWI_HOME_DIR", "PY1177_NO_CACHE")},
                    "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PY1177_CACHE_DIR": str(cache)}}


def paths(inst: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", PATHS_PROBE], capture_output=True, text=True, timeout=20,
                          env=inst["env"], cwd=inst["cache"].parent)  # not the source tree: the installed package
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def runs(inst: dict) -> int:
    return len(inst["log"].read_text().splitlines()) if inst["log"].exists() else 0


def test_a_trusted_cache_spares_the_swipl_run(installation):
    inst = installation
    assert paths(inst) == {"libswipl": inst["lib"], "home": inst["home"]} and runs(inst) == 1
    assert paths(inst) == {"libswipl": inst["lib"], "home": inst["home"]} and runs(inst) == 1  # from the cache


def test_a_planted_libswipl_path_is_not_loaded(installation, tmp_path):
    inst = installation
    paths(inst)
    evil = tmp_path / "evil" / "libswipl.so.9"
    evil.parent.mkdir()
    evil.write_bytes(b"")
    cache = inst["cache"] / "swipl-paths.json"
    for planted in ({"libswipl": str(evil), "home": inst["home"]},            # library outside the installation
                    {"libswipl": inst["lib"], "home": str(evil.parent)},      # another home
                    {"libswipl": "/etc/hostname", "home": inst["home"]},      # not a libswipl
                    {"libswipl": ["x"], "home": inst["home"]}):
        before = runs(inst)
        cache.write_text(json.dumps(planted), encoding="utf-8")
        assert paths(inst) == {"libswipl": inst["lib"], "home": inst["home"]}, planted
        assert runs(inst) == before + 1                                        # asked swipl instead
        assert json.loads(cache.read_text()) == {"libswipl": inst["lib"], "home": inst["home"]}  # rewritten


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o757])
def test_a_cache_others_can_write_is_not_trusted(installation, mode):
    inst = installation
    paths(inst)
    os.chmod(inst["cache"], mode)
    before = runs(inst)
    assert paths(inst)["libswipl"] == inst["lib"]
    assert runs(inst) == before + 1


def test_a_cache_file_others_can_write_or_too_large_is_not_trusted(installation):
    inst = installation
    paths(inst)
    cache = inst["cache"] / "swipl-paths.json"
    os.chmod(cache, 0o666)
    before = runs(inst)
    paths(inst)
    assert runs(inst) == before + 1
    cache.write_text(json.dumps({"libswipl": inst["lib"], "home": inst["home"], "pad": "x" * 5000}))
    before = runs(inst)
    paths(inst)
    assert runs(inst) == before + 1


def test_a_fifo_as_the_cache_file_hangs_nothing(installation):
    inst = installation
    cache = inst["cache"] / "swipl-paths.json"
    os.mkfifo(cache)
    assert paths(inst) == {"libswipl": inst["lib"], "home": inst["home"]}  # within the 20 s timeout
    assert stat.S_ISREG(os.lstat(cache).st_mode)                          # replaced, never opened for writing
    os.unlink(cache)
    (inst["cache"] / "swipl-paths.json").symlink_to(inst["log"])           # a symlink is not followed
    before = runs(inst)
    paths(inst)
    assert runs(inst) == before + 1


def test_the_real_installation_is_recognised_without_running_swipl():
    from py1177.bridge import _inside_installation, swipl_installation

    found = swipl_installation()
    assert found is not None
    out = subprocess.run(["swipl", "--dump-runtime-variables"], capture_output=True, text=True, timeout=30).stdout
    values = dict(line.rstrip(";").split("=", 1) for line in out.splitlines() if "=" in line)
    home, lib = values["PLBASE"].strip('"'), values["PLLIBSWIPL"].strip('"')
    assert found[1] == Path(os.path.realpath(home))
    assert _inside_installation(lib, home, found)
    assert not _inside_installation("/etc/hostname", home, found)
    assert not _inside_installation(lib, "/tmp", found)


CONSTRUCTOR = r"""
#include <stdio.h>
__attribute__((constructor)) static void planted(void) {
    FILE *f = fopen(MARK, "w");
    if (f) { fputs("ran", f); fclose(f); }
}
"""


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler to build the planted library")
def test_a_planted_library_with_a_constructor_never_runs(tmp_path):
    """End to end: a cache naming a library whose constructor writes a file; a real start must
    neither load it nor fail."""
    mark = tmp_path / "ran"
    source = tmp_path / "planted.c"
    source.write_text(CONSTRUCTOR, encoding="utf-8")
    lib = tmp_path / "libswipl.so.9"
    subprocess.run(["cc", "-shared", "-fPIC", f'-DMARK="{mark}"', "-o", str(lib), str(source)], check=True,
                   timeout=60)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    out = subprocess.run(["swipl", "--dump-runtime-variables"], capture_output=True, text=True, timeout=30).stdout
    home = dict(line.rstrip(";").split("=", 1) for line in out.splitlines() if "=" in line)["PLBASE"].strip('"')
    (cache / "swipl-paths.json").write_text(json.dumps({"libswipl": str(lib), "home": home}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("LIBSWIPL_PATH", "SWI_HOME_DIR", "PY1177_NO_CACHE", "PY1177_KB_DIR")}
    env["PY1177_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-m", "py1177", "advise", "--scenario", "3.1.2b", "--json"],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not mark.exists(), "the planted library was loaded"


# --- verification markers ---------------------------------------------------------

PROBE = """
import json, sys
from pathlib import Path
from py1177.bridge import get_bridge
print(json.dumps({"scans": get_bridge(Path(sys.argv[1])).undefined_scans}))
"""


def probe(kb: Path, cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PY1177_KB_DIR", "PY1177_NO_CACHE")}
    env["PY1177_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-c", PROBE, str(kb)], capture_output=True, text=True, timeout=120,
                          env=env, cwd=cache.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_forged_verification_markers_do_not_skip_the_scan(tmp_path):
    import time

    kb = tmp_path / "kb"
    shutil.copytree(bundled_kb_dir(), kb, ignore=shutil.ignore_patterns("source"))
    past = time.time() - 60
    for file in kb.rglob("*"):
        os.utime(file, (past, past))
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    assert probe(kb, cache) == {"scans": 1}
    assert probe(kb, cache) == {"scans": 0}         # a marker this user wrote counts
    verified = cache / "verified"
    os.chmod(verified, 0o777)                        # anyone could have put the markers there
    assert probe(kb, cache) == {"scans": 1}
    os.chmod(verified, 0o700)
    os.chmod(cache, 0o777)
    assert probe(kb, cache) == {"scans": 1}
    os.chmod(cache, 0o700)
    for marker in verified.iterdir():
        os.chmod(marker, 0o666)                      # a marker others may write
    assert probe(kb, cache) == {"scans": 1}
    for marker in verified.iterdir():
        marker.unlink()
        os.mkfifo(marker)                            # a FIFO is no marker, and hangs nothing
    assert probe(kb, cache) == {"scans": 1}
