"""The one bridge between Python and SWI-Prolog (pyswip).

Hard rules (see CONVENTIONS): one process-wide engine behind one lock; every query
fully consumed inside the lock; ``debug_on_error`` off; the KB loaded strictly
(any error or warning refuses it); query text built only by :func:`goal` from
validated atoms, integers and :class:`Quoted` text — never by string formatting of
user input.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from .errors import KBError

_PLAIN_ATOM = re.compile(r"[a-z][a-zA-Z0-9_]*")
_VARIABLE = re.compile(r"[A-Z][a-zA-Z0-9_]*")
_INFIX = (":", "/", "-")


class Quoted(str):
    """Text to pass as a quoted Prolog atom (escaped by :func:`quote_atom`)."""


@dataclass(frozen=True)
class Compound:
    """A compound term ``name(args...)`` for :func:`goal`."""

    name: str
    args: tuple["Term", ...]

    def __init__(self, name: str, *args: "Term") -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "args", args)


class Prebuilt(str):
    """Term text made by :func:`goal` earlier (e.g. cached for reuse); passed through as is.

    Only :func:`prebuilt` makes one, so it can only hold text that :func:`goal` rendered."""


def prebuilt(term: "Term") -> Prebuilt:
    """Render ``term`` once, for reuse in later goals."""
    return Prebuilt(goal(term))


@dataclass(frozen=True)
class Var:
    """A named Prolog variable, whose binding comes back in the answer."""

    name: str


Term = Union[str, int, Quoted, Compound, Var, Prebuilt, list["Term"]]


def quote_atom(text: str) -> str:
    """Return ``text`` as a quoted Prolog atom whose characters are exactly ``text``.

    Only printable ASCII is emitted; anything else becomes a ``\\uXXXX`` or
    ``\\UXXXXXXXX`` escape (SWI-Prolog 9.0 misreads ``\\xD8000\\``, so not ``\\x``), so
    the result is safe whatever the text holds (quotes, backslashes, newlines, å ä ö).
    NUL and lone surrogates, which no Prolog atom can hold, raise :class:`ValueError`.
    """
    for ch in text:
        code = ord(ch)
        if code == 0 or 0xD800 <= code <= 0xDFFF:
            raise ValueError(f"character U+{code:04X} cannot be passed to Prolog")
    out = ["'"]
    for ch in text:
        code = ord(ch)
        if ch == "'":
            out.append("\\'")
        elif ch == "\\":
            out.append("\\\\")
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append("'")
    return "".join(out)


def goal(term: Term) -> str:
    """Render ``term`` as Prolog text; plain ``str`` must be a lower-case identifier atom."""
    if isinstance(term, bool):
        raise TypeError("booleans have no Prolog term; pass the atom 'true' or 'false'")
    if isinstance(term, Prebuilt):
        return str(term)
    if isinstance(term, Quoted):
        return quote_atom(str(term))
    if isinstance(term, int):
        return str(term)
    if isinstance(term, str):
        if not _PLAIN_ATOM.fullmatch(term):
            raise ValueError(f"not a plain atom: {term!r}")
        return term
    if isinstance(term, list):
        return "[" + ",".join(goal(item) for item in term) + "]"
    if isinstance(term, Var):
        if not _VARIABLE.fullmatch(term.name):
            raise ValueError(f"not a variable name: {term.name!r}")
        return term.name
    if isinstance(term, Compound):
        if term.name in _INFIX and len(term.args) == 2:
            return goal(term.args[0]) + term.name + goal(term.args[1])
        head = goal(term.name)
        if not term.args:
            return head
        return head + "(" + ",".join(goal(arg) for arg in term.args) + ")"
    raise TypeError(f"cannot pass {type(term).__name__} to Prolog")


POLICY_MARKER = "rules.pl"
"""A file every KB directory holds (the engine loads the policy through it)."""
TOOL_MODULES = ("check", "why", "whynot", "find", "query", "batch", "interview", "limits", "audit", "readings")
"""Engine modules loaded on first use (see :meth:`Bridge.require`)."""


def engine_dir() -> Path:
    """The engine's Prolog (api, check, why, strict loading …), shipped inside the package.

    It loads the policy of any KB directory through the ``rulebook/1`` path alias, so a
    draft KB or an old git revision is always read by the installed engine."""
    return Path(__file__).resolve().parent / "engine"


def bundled_kb_dir() -> Path:
    """The KB shipped with the package (wheel: ``py1177/kb``; source tree: ``kb/``).

    It holds the anvisning alone — every file in it is policy."""
    packaged = Path(__file__).resolve().parent / "kb"  # the wheel puts kb/ inside the package
    if (packaged / POLICY_MARKER).is_file():
        return packaged
    source = Path(__file__).resolve().parent.parent / "kb"
    if (source / POLICY_MARKER).is_file():
        return source
    raise KBError(f"the knowledge base was not found (looked in {packaged} and {source})",
                  sv=f"regelboken hittades inte (sökte i {packaged} och {source})")


def cache_dir() -> Path:
    """Per-user cache of py1177 (``$PY1177_CACHE_DIR``, else ``$XDG_CACHE_HOME/py1177``,
    else ``~/.cache/py1177``). Only start-up facts live there: the swipl paths and the
    digests of KB file sets that passed the undefined-procedure scan. It is trusted only
    as :func:`_trusted_dir` says."""
    import os

    explicit = os.environ.get("PY1177_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "py1177"


def _cache_disabled() -> bool:
    import os

    return os.environ.get("PY1177_NO_CACHE", "") not in ("", "0")


CACHE_FILE_MAX_BYTES = 4096
"""The largest cache file read (``swipl-paths.json``); a larger one is ignored."""


def _trusted_dir(folder: Path) -> bool:
    """True when ``folder`` is a directory owned by this user that no one else may write
    (neither group nor others): only then can its cache files not have been planted."""
    import os
    import stat

    try:
        info = os.stat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _trusted_file(path: Path, limit: int | None = CACHE_FILE_MAX_BYTES) -> bytes | None:
    """The bytes of ``path`` when it is a regular file (not a symlink, FIFO or device) owned by
    this user, writable by no one else, in a :func:`_trusted_dir`, and at most ``limit``
    bytes long (``limit=None``: only check, read nothing, return ``b""``); else ``None``.
    Opened non-blocking, so a FIFO never hangs the caller."""
    import os
    import stat

    if not _trusted_dir(path.parent):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid()
                or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            return None
        if limit is None:
            return b""
        if info.st_size > limit:
            return None
        data = os.read(fd, limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _write_cache_file(path: Path, text: str) -> None:
    """Write a cache file atomically (a temporary file renamed over it, so whatever stood
    there — a FIFO too — is replaced, never opened), in a directory created private (0700)."""
    import os
    import tempfile

    if _cache_disabled():
        return
    try:
        cache_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        if not (_trusted_dir(cache_dir()) and _trusted_dir(path.parent)):
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # an unwritable cache only costs time


def swipl_installation() -> tuple[Path, Path] | None:
    """``(swipl, home)`` of the SWI-Prolog that ``swipl`` on PATH belongs to, both resolved,
    found without running it (``shutil.which`` and ``realpath``: an installation keeps its
    executable in ``<home>/bin/<arch>/swipl`` or ``<home>/bin/swipl``, beside ``boot.prc``
    or ``library/``); ``None`` when there is no such ``swipl`` or its layout is not known."""
    import os
    import shutil

    found = shutil.which("swipl")
    if not found:
        return None
    exe = Path(os.path.realpath(found))
    for home in (exe.parent.parent.parent, exe.parent.parent):
        if (home / "boot.prc").is_file() or (home / "library" / "lists.pl").is_file():
            return exe, home
    return None


def _inside_installation(libswipl: str, home: str, installation: tuple[Path, Path]) -> bool:
    """True when the cached ``home`` is the installation's home and the cached ``libswipl``
    resolves to a ``libswipl*`` file inside it: under its home, or in its prefix's library
    directory (``<prefix>/lib``, ``<prefix>/lib64`` or ``<prefix>/lib/<multiarch>``; Debian
    puts /usr/lib/x86_64-linux-gnu/libswipl.so.9 beside /usr/lib/swi-prolog)."""
    import os

    real_home = Path(os.path.realpath(home))
    if real_home != installation[1]:
        return False
    lib = Path(os.path.realpath(libswipl))
    if not lib.name.startswith("libswipl") or not lib.is_file():
        return False
    if real_home in lib.parents:
        return True
    prefix = real_home.parent.parent
    libdirs = (prefix / "lib", prefix / "lib64")
    return lib.parent in libdirs or lib.parent.parent == libdirs[0]


def _swipl_paths() -> None:
    """Tell pyswip where libswipl and SWI_HOME_DIR are, from a small per-user cache.

    Without LIBSWIPL_PATH and SWI_HOME_DIR, importing pyswip runs ``swipl
    --dump-runtime-variables`` (about 14 ms) in every process; the cache keeps its answer.
    The cache is read only from a trusted file (:func:`_trusted_file`), and its paths are
    used only when they lie inside the installation of ``swipl`` on PATH
    (:func:`_inside_installation`), which is found without running it; a cache that fails
    any of this is ignored and rewritten.
    """
    import os
    import subprocess

    if os.environ.get("LIBSWIPL_PATH") and os.environ.get("SWI_HOME_DIR"):
        return
    cache = cache_dir() / "swipl-paths.json"
    installation = swipl_installation()
    if installation is not None and not _cache_disabled():
        data = _trusted_file(cache)
        try:
            known = json.loads(data) if data is not None else None
            if (isinstance(known, dict) and isinstance(known.get("libswipl"), str)
                    and isinstance(known.get("home"), str)
                    and _inside_installation(known["libswipl"], known["home"], installation)):
                os.environ.setdefault("LIBSWIPL_PATH", known["libswipl"])
                os.environ.setdefault("SWI_HOME_DIR", known["home"])
                return
        except ValueError:
            pass
    try:
        out = subprocess.run(["swipl", "--dump-runtime-variables"], capture_output=True, text=True,
                             timeout=30, stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.SubprocessError):
        return  # pyswip will search itself and say what is wrong
    values = dict(line.rstrip(";").split("=", 1) for line in out.splitlines() if "=" in line)
    libswipl = values.get("PLLIBSWIPL", "").strip('"')
    home = values.get("PLBASE", "").strip('"')
    if not (libswipl and Path(libswipl).is_file() and home and Path(home).is_dir()):
        return
    os.environ.setdefault("LIBSWIPL_PATH", libswipl)
    os.environ.setdefault("SWI_HOME_DIR", home)
    _write_cache_file(cache, json.dumps({"libswipl": libswipl, "home": home}))


KB_FILE_MAX_BYTES = 16_000_000
"""The largest KB file read (as ``max_file_bytes/1`` in py1177/engine/vet.pl)."""
PRELOAD_SECONDS = 60
"""Time (wall clock and CPU) a KB other than the bundled one may take to load in the child process."""
PRELOAD_MEMORY_MB = 2048
"""Address space of that child process (``ulimit -v``), and its Prolog stacks at most 1 GB."""


def _not_regular(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file of at most :data:`KB_FILE_MAX_BYTES`
    (English, Swedish), or ``None`` when it is one. Only ``stat``: nothing is opened."""
    import os
    import stat

    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None if not os.path.lexists(path) else "a broken symbolic link"
    except OSError as exc:
        return f"not readable ({exc.strerror})"
    mode = info.st_mode
    for test, what in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if info.st_size > KB_FILE_MAX_BYTES:
        return f"{info.st_size} bytes, more than a KB file may hold ({KB_FILE_MAX_BYTES})"
    return None


def check_kb_files(kb_dir: Path) -> None:
    """Raise :class:`KBError` naming the first file of ``kb_dir`` that the engine reads (its
    ``*.pl`` files, ``rules.pl`` first, and the files in ``source/``) which is not a regular
    file of bounded size — a FIFO, directory or device would hang or crash the load."""
    import os

    if not kb_dir.is_dir():
        raise KBError(f"{kb_dir / POLICY_MARKER} is missing", sv=f"{kb_dir / POLICY_MARKER} saknas")
    marker = kb_dir / POLICY_MARKER
    if not os.path.lexists(marker):
        raise KBError(f"{marker} is missing", sv=f"{marker} saknas")
    try:
        names = sorted(os.listdir(kb_dir))[:10_000]
        sources = sorted(os.listdir(kb_dir / "source"))[:1000] if (kb_dir / "source").is_dir() else []
    except OSError as exc:
        raise KBError(f"{kb_dir} cannot be read: {exc.strerror}", sv=f"{kb_dir} kan inte läsas: {exc.strerror}") from None
    # hidden files (an editor's lock or backup, e.g. Emacs' .#rules.pl) are never loaded: skipped
    files = [marker] + [kb_dir / n for n in names if n.endswith(".pl") and n != POLICY_MARKER and not n.startswith(".")]
    files += [kb_dir / "source" / n for n in sources if not n.startswith(".")]
    for file in files:
        what = _not_regular(file)
        if what is not None:
            raise KBError(f"{file} is {what}: a KB file must be a regular file",
                          sv=f"{file} är {_SV_KIND.get(what, what)}: en fil i regelboken måste vara en vanlig fil")


_SV_KIND = {"a directory": "en katalog", "a FIFO (named pipe)": "en FIFO (namngiven pipe)",
            "a character device": "en teckenenhet", "a block device": "en blockenhet", "a socket": "en socket",
            "not a regular file": "inte en vanlig fil", "a broken symbolic link": "en trasig symbolisk länk"}


def preload(kb_dir: Path) -> None:
    """Load ``kb_dir`` in a ``swipl`` child process first (py1177/engine/preload.pl): vet its
    terms, load it strictly and check its bodies there, under :data:`PRELOAD_SECONDS` and
    :data:`PRELOAD_MEMORY_MB`. Raise :class:`KBError` — with each ``file:line`` found, or the
    file that was loading — unless it loaded cleanly. A KB that halts, crashes the reader
    (a deeply nested term) or runs on can so never take the caller's process with it."""
    import shutil
    import signal
    import subprocess

    swipl = shutil.which("swipl")
    if swipl is None:
        raise KBError("swipl was not found on PATH: a KB other than the bundled one is first loaded by it",
                      sv="swipl finns inte på PATH: en annan regelbok än den inbyggda läses först av den")
    script = 'ulimit -v "$1" 2>/dev/null; ulimit -t "$2" 2>/dev/null; shift 2; exec "$@"'
    command = ["/bin/sh", "-c", script, "sh", str(PRELOAD_MEMORY_MB * 1024), str(PRELOAD_SECONDS),
               swipl, "-f", "none", "--no-packs", "-q", "--stack-limit=1g", "-g", "kb_preload:preload_main",
               "-t", "halt", str(engine_dir() / "preload.pl"), "--", str(kb_dir)]
    timed_out = False
    try:
        done = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=PRELOAD_SECONDS,
                              stdin=subprocess.DEVNULL)
        out, err, code = done.stdout, done.stderr, done.returncode
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err, code, timed_out = "", None, True
    except OSError as exc:
        raise KBError(f"swipl could not be started to check {kb_dir}: {exc}",
                      sv=f"swipl kunde inte startas för att granska {kb_dir}: {exc}") from None
    lines = out.splitlines()
    messages = tuple(line.split("\t", 1)[1] for line in lines if line.startswith("message\t"))
    if messages:
        shown = messages[:20] + ((f"... and {len(messages) - 20} more",) if len(messages) > 20 else ())
        raise KBError(f"the knowledge base in {kb_dir} has {len(messages)} problem(s)", shown,
                      sv=f"regelboken i {kb_dir} har {len(messages)} problem")
    if lines and lines[-1] == "done":
        return
    loading = [line.split("\t", 1)[1] for line in lines if line.startswith("loading\t")]
    phases = [line.split("\t", 1)[1] for line in lines if line.startswith("phase\t")]
    phase = phases[-1] if phases else "starting"
    stage = {"vetting": "reading its terms", "loading": "loading it", "bodies": "checking its bodies"}.get(phase, phase)
    stage_sv = {"vetting": "när dess termer lästes", "loading": "när den lästes in",
                "bodies": "när dess predikat granskades"}.get(phase, phase)
    if timed_out:
        why, why_sv = f"it took more than {PRELOAD_SECONDS} s", f"det tog mer än {PRELOAD_SECONDS} s"
    elif code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        why = why_sv = f"swipl {name}"
    else:
        why, why_sv = f"swipl ended (exit {code}) before it finished", f"swipl avslutades (kod {code}) i förtid"
    said = [" ".join(line.split()) for line in err.splitlines() if line.strip()]
    where = ((f"{loading[-1]}: error: loading stopped in this file",) if loading and phase == "loading" else ()) + \
        ((f"swipl said: {said[-1][:300]}",) if said else ())
    raise KBError(f"the knowledge base in {kb_dir} did not finish loading ({why}, {stage})", where,
                  sv=f"regelboken i {kb_dir} lästes inte klart ({why_sv}, {stage_sv})")


SETTLED_SECONDS = 2.0
"""A loaded file is trusted for the verification cache only if it was last modified at least
this long before the load began: a file written around the load (an editor saving, a checkout
running) may hold other bytes than Prolog read, and coarse file-system time stamps cannot tell."""


def kb_digest(files: list[tuple[str, float]], swipl_version: str, load_started: float) -> str | None:
    """BLAKE2b over every file Prolog loaded (paths and bytes), the SWI-Prolog version and
    py1177's version: the key of the verification cache. Any edit of any loaded file,
    included files too, or another Prolog, gives another key. ``None`` — scan, record
    nothing — when a file's time stamp differs from the one Prolog recorded when it loaded
    it, or lies less than :data:`SETTLED_SECONDS` before ``load_started`` (then the bytes
    read here need not be the bytes Prolog read). Only setting a file's time stamp back by
    hand while it is being loaded could defeat this."""
    import os

    try:  # CPython's built-in BLAKE2: `import hashlib` loads OpenSSL first (~2 ms per start)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b

    from . import __version__

    digest = blake2b(f"py1177 {__version__}\0swipl {swipl_version}\0".encode(), digest_size=32)
    for path, loaded_at in sorted(files):
        try:
            with open(path, "rb") as handle:
                before = os.fstat(handle.fileno())
                data = handle.read()
                after = os.fstat(handle.fileno())
        except OSError:
            return None
        if (before.st_mtime != loaded_at or after.st_mtime != loaded_at or after.st_size != len(data)
                or loaded_at > load_started - SETTLED_SECONDS):
            return None
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


_FORKED_FROM_PROLOG = False
"""True in a child forked from a process that had started SWI-Prolog (see :func:`_after_fork`)."""
_OFFLOAD_OWNER = False
"""True when even the owner thread's queries run on the worker (see :func:`run_on_worker`)."""
WAIT_POLL_SECONDS = 0.2
"""How often a thread waiting for the worker wakes up: to notice Ctrl-C (a signal that reaches
another thread) and a worker that is gone, so that no wait is without a bound."""


def _after_fork() -> None:
    """In a forked child: libswipl's state was copied mid-flight (its threads, the worker, the
    locks were not), and SWI-Prolog cannot be initialised again in the same process. Mark the
    child so that every call refuses clearly (:class:`KBError`) instead of hanging, and drop
    pyswip's exit hook, whose ``PL_cleanup`` would wait for threads that do not exist here."""
    global _FORKED_FROM_PROLOG
    import sys

    core = sys.modules.get("pyswip.core")
    if "pyswip.prolog" in sys.modules and core is not None:
        _FORKED_FROM_PROLOG = True
        cleanup = getattr(core, "cleanupProlog", None)
        if cleanup is not None:
            atexit.unregister(cleanup)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def _refuse_if_forked() -> None:
    if _FORKED_FROM_PROLOG:
        raise KBError("this process is a fork of one that had started SWI-Prolog, which cannot run in a "
                      "forked child; create the Rulebook in a new process (e.g. multiprocessing's 'spawn' "
                      "start method)",
                      sv="processen är en kopia (fork) av en process som redan startat SWI-Prolog, och "
                         "SWI-Prolog kan inte köras i en sådan kopia; skapa regelboken i en ny process "
                         "(t.ex. multiprocessing med startmetoden 'spawn')")


def run_on_worker(enabled: bool = True) -> None:
    """Run every query on the worker thread, the owner thread's too, while the calling thread
    waits in Python (the CLI does this): then Ctrl-C interrupts a long Prolog call at once
    (``KeyboardInterrupt`` in the waiting thread) instead of when Prolog returns. The process
    must then leave without shutting Prolog down (the worker may still be inside a call):
    the CLI flushes its output and calls ``os._exit(130)``."""
    global _OFFLOAD_OWNER
    _OFFLOAD_OWNER = enabled


class _Request:
    """One query handed to the worker; ``done`` is released when ``rows`` or ``error`` is set."""

    __slots__ = ("text", "done", "rows", "error")

    def __init__(self, text: str) -> None:
        self.text = text
        self.done = threading.Lock()
        self.done.acquire()
        self.rows: list[dict[str, Any]] | None = None
        self.error: BaseException | None = None


class Bridge:
    """A loaded KB in the process's one SWI-Prolog engine.

    Threading model: Prolog is only ever entered by two OS threads — the thread that
    created the bridge (it runs its queries directly) and one worker thread that runs
    the queries of every other thread, handed over through a queue. One lock serialises
    the two. So SWI-Prolog attaches at most one extra engine however many threads call
    (a thread pool that churns threads leaks nothing), and the worker's engine is
    released before Prolog shuts down at exit.
    """

    def __init__(self, kb_dir: Path, trusted: bool = False) -> None:
        """Load the KB in ``kb_dir``. Unless it is ``trusted`` (the bundled KB), it is first
        loaded in a child process (:func:`preload`) and its terms vetted again here before
        anything of it is loaded (py1177/engine/vet.pl)."""
        self.kb_dir = kb_dir
        if not trusted:
            check_kb_files(kb_dir)
            preload(kb_dir)
        self._lock = threading.Lock()
        self._owner = threading.get_ident()
        self._requests: "queue.SimpleQueue[_Request | None]" = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._worker_lock = threading.Lock()
        _swipl_paths()
        try:
            from pyswip import Prolog  # heavy: imported only when a KB is needed
        except Exception as exc:  # libswipl missing or too old
            raise KBError(f"SWI-Prolog could not be started through pyswip: {exc}") from exc
        self._prolog = Prolog()
        tool = engine_dir()
        strict = tool / "strict.pl"
        load = tool / "load.pl"
        for needed in (strict, load, kb_dir / POLICY_MARKER):
            if not needed.is_file():
                raise KBError(f"{needed} is missing", sv=f"{needed} saknas")
        self._run(goal(Compound("set_prolog_flag", "debug_on_error", "false")))
        self._run(goal(Compound("asserta", Compound(":", "user", Compound(
            "file_search_path", "rulebook", Quoted(str(kb_dir)))))))
        self._run(goal(Compound("load_files", Quoted(str(strict)), [])))
        indicator = Compound(":", "strict", Compound("/", "strict_load", 3))
        if not self._run(goal(Compound("current_predicate", indicator))):
            raise KBError(f"{strict} did not define strict_load/3")
        if not trusted:  # the child loaded it; the files may have changed since: vet them again
            self._run(goal(Compound("load_files", Quoted(str(tool / "vet.pl")), [])))
            rows = self._run(goal(Compound(":", "kb_vet", Compound("vet_kb", Quoted(str(kb_dir)), Quoted(str(tool)),
                                                                     Var("Ms")))))
            self._refuse(tuple(_text(m) for m in rows[0]["Ms"]) if rows else ("vet_kb/3 failed",))
        self._tool = tool
        self._loaded: set[str] = set()
        self._load_lock = threading.Lock()
        self._swipl_version: str | None = None
        self.undefined_scans = 0
        """How many strict loads ran the undefined-procedure scan (the rest were verified before)."""
        self._strict_load(load)
        if not trusted:  # bodies, as the child checked them (the files may have changed since)
            rows = self._run(goal(Compound(":", "kb_vet", Compound("vet_bodies", Quoted(str(tool)), Var("Ms")))))
            self._refuse(tuple(_text(m) for m in rows[0]["Ms"]) if rows else ("vet_bodies/2 failed",))

    def _verified_marker(self, file: Path, load_started: float) -> Path | None:
        """The cache file that says the files loaded so far, with exactly their current bytes,
        passed the undefined-procedure scan; ``None`` when the cache is off or the loaded
        files cannot be named (see :func:`kb_digest`)."""
        if _cache_disabled():
            return None
        if self._swipl_version is None:
            rows = self._run(goal(Compound("current_prolog_flag", "version", Var("V"))))
            self._swipl_version = _text(rows[0]["V"]) if rows else "?"
        rows = self._run(goal(Compound(":", "strict", Compound("loaded_files", Var("Ps"), Var("Ms")))))
        files = [(_text(p), float(m)) for p, m in zip(rows[0]["Ps"], rows[0]["Ms"])] if rows else []
        digest = kb_digest(files, self._swipl_version, load_started) if files else None
        return None if digest is None else cache_dir() / "verified" / f"{digest}-{file.stem}"

    def _strict_load(self, file: Path) -> None:
        """Load ``file`` strictly: errors and warnings while loading refuse the KB, and so do
        calls to undefined procedures. That scan (library(check), ~30 ms) is skipped only when
        the files now loaded, with exactly these bytes, passed it before (:func:`kb_digest`)."""
        import time

        option = Compound("undefined", "skip")
        load_started = time.time()
        rows = self._run(goal(Compound(":", "strict", Compound("strict_load", Quoted(str(file)), [option], Var("Ms")))))
        messages = tuple(_text(m) for m in rows[0]["Ms"]) if rows else ("strict_load/3 failed",)
        self._refuse(messages)
        marker = self._verified_marker(file, load_started)
        if marker is not None and _trusted_dir(cache_dir()) and _trusted_file(marker, limit=None) is not None:
            return  # only this user can have written it (a marker elsewhere could be forged)
        rows = self._run(goal(Compound(":", "strict", Compound("undefined_scan", Var("Ms")))))
        self.undefined_scans += 1
        self._refuse(tuple(_text(m) for m in rows[0]["Ms"]) if rows else ("undefined_scan/1 failed",))
        if marker is not None:
            _write_cache_file(marker, f"{file}\n")

    def _refuse(self, messages: tuple[str, ...]) -> None:
        if messages:
            count = len(messages)  # each shown shortened (a refused term may hold a huge atom), 50 at most
            shown = tuple(m if len(m) <= 600 else m[:600] + " ..." for m in messages[:50])
            raise KBError(f"the knowledge base in {self.kb_dir} has {count} problem(s)", shown,
                          sv=f"regelboken i {self.kb_dir} har {count} problem")

    def require(self, module: str) -> None:
        """Load the engine module ``module`` (check, why, whynot, find, query) on first use, strictly."""
        _refuse_if_forked()  # before taking a lock another thread may have held at the fork
        if module in self._loaded:
            return
        if module not in TOOL_MODULES:
            raise KBError(f"unknown engine module {module!r}")
        with self._load_lock:
            if module not in self._loaded:
                # already loaded (strictly) as part of another engine module? then not again
                name = "kb_check" if module == "check" else module
                if not self._run(goal(Compound("current_module", name))):
                    self._strict_load(self._tool / f"{module}.pl")
                self._loaded.add(module)

    def _run(self, text: str) -> list[dict[str, Any]]:
        _refuse_if_forked()
        if threading.get_ident() == self._owner and not _OFFLOAD_OWNER:
            return self._query(text)
        request = _Request(text)
        worker = self._ensure_worker()
        self._requests.put(request)
        # wait in steps: Ctrl-C is noticed between them, and so is a worker that is gone
        while not request.done.acquire(timeout=WAIT_POLL_SECONDS):
            if not worker.is_alive() and not request.done.acquire(blocking=False):
                raise KBError("the Prolog worker thread has stopped; the query was not answered",
                              sv="Prolog-tråden har stannat; frågan besvarades inte")
        if request.error is not None:
            raise request.error
        assert request.rows is not None
        return request.rows

    def _query(self, text: str) -> list[dict[str, Any]]:
        from pyswip.prolog import PrologError

        with self._lock:
            try:
                return list(self._prolog.query(text, catcherrors=True))
            except PrologError as exc:
                raise KBError(f"Prolog error: {exc}") from exc

    def _ensure_worker(self) -> threading.Thread:
        with self._worker_lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._serve, name="py1177-prolog", daemon=True)
                self._worker.start()
                atexit.register(self._stop_worker)
            return self._worker

    def _serve(self) -> None:
        try:
            while True:
                item = self._requests.get()
                if item is None:
                    return
                try:
                    item.rows = self._query(item.text)
                except BaseException as exc:  # handed to the caller's thread
                    item.error = exc
                finally:
                    item.done.release()
        finally:
            from pyswip import core

            core._lib.PL_thread_destroy_engine()

    def _stop_worker(self) -> None:
        worker = self._worker
        if worker is not None and worker.is_alive():
            self._requests.put(None)
            worker.join(timeout=10)

    def json(self, name: str, *args: Term, module: str = "api") -> Any:
        """Call ``module:name(args..., J)``, J bound to JSON text by the KB; return it parsed.

        A engine module other than ``api`` is loaded first if it is not yet."""
        if module == "kb_check":
            self.require("check")
        elif module != "api":
            self.require(module)
        rows = self._run(goal(Compound(":", module, Compound(name, *args, Var("J")))))
        if len(rows) != 1:
            raise KBError(f"the KB gave {len(rows)} answers to {module}:{name}/{len(args) + 1}")
        return json.loads(_text(rows[0]["J"]))

    def ask(self, text: str) -> list[dict[str, Any]]:
        """Run a goal built by :func:`goal`; every answer, fully consumed."""
        return self._run(text)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


_BRIDGE: Bridge | None = None
_BRIDGE_LOCK = threading.Lock()


def get_bridge(kb_dir: Path | None = None) -> Bridge:
    """The process-wide bridge, loading the KB on first use.

    SWI-Prolog runs one engine per process, so only one KB directory can be loaded;
    asking for another raises :class:`KBError` (check a draft KB in a subprocess).
    """
    global _BRIDGE
    _refuse_if_forked()
    try:
        bundled: Path | None = bundled_kb_dir().resolve()
    except KBError:
        if kb_dir is None:
            raise
        bundled = None
    wanted = kb_dir.resolve() if kb_dir is not None else bundled
    assert wanted is not None
    trusted = wanted == bundled  # the KB shipped in the package; any other is checked first
    if trusted and not (wanted / POLICY_MARKER).is_file():
        raise KBError(f"{wanted / POLICY_MARKER} is missing", sv=f"{wanted / POLICY_MARKER} saknas")
    if not trusted:
        check_kb_files(wanted)  # a missing or FIFO rules.pl is named, whatever this process loaded before
    with _BRIDGE_LOCK:
        if _BRIDGE is None:
            _BRIDGE = Bridge(wanted, trusted=trusted)
        elif _BRIDGE.kb_dir != wanted:
            raise KBError(f"this process already loaded the KB in {_BRIDGE.kb_dir}; "
                          f"load {wanted} in a separate process",
                          sv=f"processen har redan läst regelboken i {_BRIDGE.kb_dir}; "
                             f"läs {wanted} i en egen process")
        return _BRIDGE
