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
import queue
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from .errors import KBError

_PLAIN_ATOM = re.compile(r"[a-z][a-zA-Z0-9_]*")
_VARIABLE = re.compile(r"[A-Z][a-zA-Z0-9_]*")
_INFIX = (":", "/")


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


Term = Union[str, int, Quoted, Compound, Var, Prebuilt, list]


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
TOOL_MODULES = ("check", "why", "whynot", "find", "query", "batch", "interview", "audit")
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
    digests of KB file sets that passed the undefined-procedure scan."""
    import os

    explicit = os.environ.get("PY1177_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "py1177"


def _cache_disabled() -> bool:
    import os

    return os.environ.get("PY1177_NO_CACHE", "") not in ("", "0")


def _swipl_paths() -> None:
    """Tell pyswip where libswipl and SWI_HOME_DIR are, from a small per-user cache.

    Without LIBSWIPL_PATH and SWI_HOME_DIR, importing pyswip runs ``swipl
    --dump-runtime-variables`` (about 14 ms) in every process; the cache keeps its answer.
    """
    import os
    import subprocess

    if os.environ.get("LIBSWIPL_PATH") and os.environ.get("SWI_HOME_DIR"):
        return
    folder = cache_dir()
    cache = folder / "swipl-paths.json"
    try:
        if _cache_disabled():
            raise OSError("cache disabled")
        known = json.loads(cache.read_text(encoding="utf-8"))
        if Path(known["libswipl"]).is_file() and Path(known["home"]).is_dir():
            os.environ.setdefault("LIBSWIPL_PATH", known["libswipl"])
            os.environ.setdefault("SWI_HOME_DIR", known["home"])
            return
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        out = subprocess.run(["swipl", "--dump-runtime-variables"], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return  # pyswip will search itself and say what is wrong
    values = dict(line.rstrip(";").split("=", 1) for line in out.splitlines() if "=" in line)
    libswipl = values.get("PLLIBSWIPL", "").strip('"')
    home = values.get("PLBASE", "").strip('"')
    if not (libswipl and Path(libswipl).is_file() and home and Path(home).is_dir()):
        return
    os.environ.setdefault("LIBSWIPL_PATH", libswipl)
    os.environ.setdefault("SWI_HOME_DIR", home)
    if _cache_disabled():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"libswipl": libswipl, "home": home}), encoding="utf-8")
    except OSError:
        pass


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


class Bridge:
    """A loaded KB in the process's one SWI-Prolog engine.

    Threading model: Prolog is only ever entered by two OS threads — the thread that
    created the bridge (it runs its queries directly) and one worker thread that runs
    the queries of every other thread, handed over through a queue. One lock serialises
    the two. So SWI-Prolog attaches at most one extra engine however many threads call
    (a thread pool that churns threads leaks nothing), and the worker's engine is
    released before Prolog shuts down at exit.
    """

    def __init__(self, kb_dir: Path) -> None:
        self.kb_dir = kb_dir
        self._lock = threading.Lock()
        self._owner = threading.get_ident()
        self._requests: "queue.SimpleQueue[tuple[str, Any] | None]" = queue.SimpleQueue()
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
        self._tool = tool
        self._loaded: set[str] = set()
        self._load_lock = threading.Lock()
        self._swipl_version: str | None = None
        self.undefined_scans = 0
        """How many strict loads ran the undefined-procedure scan (the rest were verified before)."""
        self._strict_load(load)

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
        if marker is not None and marker.is_file():
            return
        rows = self._run(goal(Compound(":", "strict", Compound("undefined_scan", Var("Ms")))))
        self.undefined_scans += 1
        self._refuse(tuple(_text(m) for m in rows[0]["Ms"]) if rows else ("undefined_scan/1 failed",))
        if marker is not None:
            try:
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.write_text(f"{file}\n", encoding="utf-8")
            except OSError:
                pass  # an unwritable cache only costs time

    def _refuse(self, messages: tuple[str, ...]) -> None:
        if messages:
            raise KBError(f"the knowledge base in {self.kb_dir} has {len(messages)} problem(s)", messages,
                          sv=f"regelboken i {self.kb_dir} har {len(messages)} problem")

    def require(self, module: str) -> None:
        """Load the engine module ``module`` (check, why, whynot, find, query) on first use, strictly."""
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
        if threading.get_ident() == self._owner:
            return self._query(text)
        from concurrent.futures import Future  # only other threads need it (saves ~3 ms at start)

        future: Future = Future()
        self._ensure_worker()
        self._requests.put((text, future))
        return future.result()

    def _query(self, text: str) -> list[dict[str, Any]]:
        from pyswip.prolog import PrologError

        with self._lock:
            try:
                return list(self._prolog.query(text, catcherrors=True))
            except PrologError as exc:
                raise KBError(f"Prolog error: {exc}") from exc

    def _ensure_worker(self) -> None:
        with self._worker_lock:
            if self._worker is None:
                self._worker = threading.Thread(target=self._serve, name="py1177-prolog", daemon=True)
                self._worker.start()
                atexit.register(self._stop_worker)

    def _serve(self) -> None:
        try:
            while True:
                item = self._requests.get()
                if item is None:
                    return
                text, future = item
                try:
                    future.set_result(self._query(text))
                except BaseException as exc:  # handed to the caller's thread
                    future.set_exception(exc)
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
    wanted = (kb_dir or bundled_kb_dir()).resolve()
    marker = wanted / POLICY_MARKER
    if not marker.is_file():
        raise KBError(f"{marker} is missing", sv=f"{marker} saknas")
    with _BRIDGE_LOCK:
        if _BRIDGE is None:
            _BRIDGE = Bridge(wanted)
        elif _BRIDGE.kb_dir != wanted:
            raise KBError(f"this process already loaded the KB in {_BRIDGE.kb_dir}; "
                          f"load {wanted} in a separate process",
                          sv=f"processen har redan läst regelboken i {_BRIDGE.kb_dir}; "
                             f"läs {wanted} i en egen process")
        return _BRIDGE
