"""Which KB a command reads, said out loud: one rule for every command, and its identity.

The rule: ``--kb DIR``, else the environment variable ``PY1177_KB_DIR``, else the KB bundled
with the package. Every text report names the KB in use (where it is, and a short digest of
its policy files' content); a notice on standard error says when ``./kb`` in the current
directory holds a different KB than the one in use (an edit there is not read by itself).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Optional

KB_DIR_ENV = "PY1177_KB_DIR"
"""Environment variable naming a KB directory to read instead of the bundled one."""

DIGEST_CHARS = 12
"""Hex digits of the content digest shown in reports (48 bits: enough to tell drafts apart)."""


def resolve(kb: Optional[Path]) -> tuple[Path, str]:
    """The KB directory a command reads, and how it was chosen: ``"--kb"``, ``"env"`` or
    ``"bundled"``."""
    from .bridge import bundled_kb_dir

    if kb is not None:
        return Path(kb).absolute(), "--kb"
    if os.environ.get(KB_DIR_ENV):
        return Path(os.environ[KB_DIR_ENV]).absolute(), "env"
    return bundled_kb_dir(), "bundled"


def _policy_files(kb_dir: Path) -> list[Path]:
    """Every file of a KB directory that is policy: all regular files below it, except
    caches, hidden files and editor backups."""
    files = []
    for path in kb_dir.rglob("*"):
        rel = path.relative_to(kb_dir)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if path.name.endswith("~") or not path.is_file():
            continue
        files.append(path)
    return sorted(files, key=lambda p: p.relative_to(kb_dir).as_posix())


def kb_digest(kb_dir: Path) -> str:
    """A short digest of the content of a KB's policy files (their relative paths and bytes):
    the same for every copy of the same KB, different after any edit."""
    digest = hashlib.sha256()
    for path in _policy_files(kb_dir):
        digest.update(path.relative_to(kb_dir).as_posix().encode("utf-8") + b"\0")
        data = path.read_bytes()
        digest.update(str(len(data)).encode("ascii") + b"\0" + data)
    return digest.hexdigest()[:DIGEST_CHARS]


def where(kb_dir: Path, how: str, lang: str) -> str:
    """The KB's place in words: its directory and how it was chosen."""
    from .i18n import ui

    return ui(f"kb_how_{how.strip('-').replace('-', '_')}", lang, path=str(kb_dir))


def place(kb_dir: Path, how: str, lang: str) -> str:
    """Where the KB is and its content digest, in words."""
    from .i18n import ui

    return ui("kb_place", lang, where=where(kb_dir, how, lang), digest=kb_digest(kb_dir))


def header(kb_dir: Path, how: str, lang: str) -> str:
    """The line every text report starts with: where the KB in use is and its digest."""
    from .i18n import ui

    return f"{ui('check_kb', lang)}: {place(kb_dir, how, lang)}"


def local_kb_notice(kb_dir: Path, lang: str, cwd: Optional[Path] = None) -> Optional[str]:
    """One line when ``./kb`` (a KB directory) exists and differs from the KB in use, else None."""
    from .bridge import POLICY_MARKER
    from .i18n import ui

    local = (cwd or Path.cwd()) / "kb"
    try:
        if not (local / POLICY_MARKER).is_file():
            return None
        if local.resolve() == kb_dir.resolve():
            return None
        mine, theirs = kb_digest(local), kb_digest(kb_dir)
    except OSError:
        return None
    if mine == theirs:
        return None
    return ui("kb_local_differs", lang, local=mine, used=str(kb_dir), digest=theirs)
