"""Run a user's Prolog goal in a child process with hard limits (``py1177 query``).

A Prolog thread cannot contain a crash: a goal that overflows the C stack, or fills the
memory outside Prolog's stacks (atoms, big integers), takes the whole process down — and
in-process that is the caller's Python. So every goal runs in a ``swipl`` child of its
own (``py1177/engine/query_child.pl``) that loads the engine and the KB in use strictly and
runs the white list and ``library(sandbox)`` check of ``query.pl``. The goal text goes to
it on standard input, as data. The child's address space (RLIMIT_AS, atoms included), CPU
time (RLIMIT_CPU), wall-clock time and output are bounded here, so the worst a goal can do
is be refused with one line.
"""

from __future__ import annotations

import json
import math
import os
import selectors
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import IO, Any

from .bridge import engine_dir
from .errors import KBError, QueryRefused

QUERY_MEMORY_MB = 512
"""Address space of the query process (RLIMIT_AS, MB): Prolog's stacks, atoms, big integers
and SWI-Prolog itself (~100 MB of it)."""

QUERY_STACK_MB = 128
"""Prolog's stack limit in the query process (MB), inside :data:`QUERY_MEMORY_MB`."""

QUERY_START_SECONDS = 10.0
"""Time the query process may take to start and load the KB (about 0.3 s on an idle machine)
before it says it is ready for the goal; the goal's own time limit starts then."""

QUERY_GRACE_SECONDS = 5.0
"""Wall-clock time the query process gets past the goal's time limit to deliver the refusal
before it is killed (the whole query's wall-clock bound is ``seconds`` + this after the KB is
loaded). The goal's own limit is enforced inside Prolog and refuses on time; this bound only
catches a process that does not (formatting a huge answer, a hang at exit), and is generous so
that a trivial goal on a machine under heavy load is not refused (seen once in CI with 1 s).
Its CPU time is bounded by start + ``seconds`` + grace (RLIMIT_CPU)."""

QUERY_MAX_CHARS = 1_000_000
"""Longest answer (characters of JSON) a query may give."""

MAX_INPUT_CHARS = 100_000
"""Characters of goal text the query process reads (the API allows far fewer)."""

QUERY_PROCESSES = 4
"""Query processes one Python process runs at a time (so memory stays bounded when many threads
query at once: at most this many × :data:`QUERY_MEMORY_MB`)."""

QUERY_WAIT_SECONDS = 60.0
"""How long a query waits for a free process slot before it is refused."""

_SLOTS = threading.BoundedSemaphore(QUERY_PROCESSES)

_OUTPUT_BYTES = 4 * QUERY_MAX_CHARS + 65_536
"""Bytes read from the query process before it is stopped (UTF-8: at most 4 per character)."""

_TEXTS = {
    "time_limit": ("avbrutet efter {seconds} s (tidsgräns för hela frågan)",
                   "stopped after {seconds} s (time limit of the whole query)"),
    "memory_limit": ("avbrutet: frågan behövde mer än {mb} MB minne (minnesgräns)",
                     "stopped: the query needed more than {mb} MB of memory (memory limit)"),
    "output_limit": ("svaret blev större än {chars} tecken (gräns för svarets storlek); "
                     "använd --limit eller en mindre fråga",
                     "the answer grew past {chars} characters (output limit); use --limit or a smaller query"),
    "busy": ("vägrat: {n} frågor körs redan i den här processen och ingen blev klar inom {seconds} s; "
             "försök igen",
             "refused: {n} queries are already running in this process and none finished within {seconds} s; "
             "try again"),
    "crashed": ("vägrat: frågan stoppade sin sandlådeprocess ({how}); regelboken och py1177 påverkas inte",
                "refused: the query stopped its sandbox process ({how}); the KB and py1177 are not affected"),
}


def _refused(code: str, **params: Any) -> QueryRefused:
    sv, en = _TEXTS[code]
    return QueryRefused(code, sv.format(**params), en.format(**params))


def _swipl() -> str:
    """``swipl`` on PATH, else the one in the SWI-Prolog home that pyswip was given."""
    found = shutil.which("swipl")
    home = os.environ.get("SWI_HOME_DIR")
    if found is None and home:
        found = next((str(p) for p in sorted(Path(home).glob("bin/*/swipl")) if os.access(p, os.X_OK)), None)
    if found is None:
        raise KBError("swipl was not found on PATH (needed to run a query in a process of its own)",
                      sv="swipl finns inte i PATH (behövs för att köra en fråga i en egen process)")
    return found


def _seconds_text(seconds: float) -> str:
    return f"{seconds:g}"


def run_query(kb_dir: Path, text: str, limit: int, seconds: float, inferences: int,
              memory_mb: int = QUERY_MEMORY_MB) -> dict[str, Any]:
    """The JSON answer of ``query:query_json/7`` for goal ``text`` over the KB in ``kb_dir``,
    computed in a child process; a goal past any limit raises :class:`QueryRefused`."""
    if not _SLOTS.acquire(timeout=QUERY_WAIT_SECONDS):
        raise _refused("busy", n=QUERY_PROCESSES, seconds=f"{QUERY_WAIT_SECONDS:g}")
    try:
        return _run_query(kb_dir, text, limit, seconds, inferences, memory_mb)
    finally:
        _SLOTS.release()


def _run_query(kb_dir: Path, text: str, limit: int, seconds: float, inferences: int,
               memory_mb: int) -> dict[str, Any]:
    child = engine_dir() / "query_child.pl"
    millis = max(1, int(round(seconds * 1000)))
    stack_mb = min(QUERY_STACK_MB, max(16, memory_mb // 4))
    command = [_swipl(), "-q", "-f", "none", "--no-packs", "--no-tty", f"--stack-limit={stack_mb}m",
               str(child), str(kb_dir), str(limit), str(millis), str(inferences), "sv",
               str(QUERY_MAX_CHARS), str(MAX_INPUT_CHARS)]
    env = {key: value for key, value in os.environ.items()
           if key in ("PATH", "HOME", "SWI_HOME_DIR", "TMPDIR")}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", MALLOC_ARENA_MAX="2")
    cpu = seconds + QUERY_START_SECONDS + QUERY_GRACE_SECONDS
    started = time.monotonic()
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, cwd="/", start_new_session=True)
    except OSError as exc:
        raise KBError(f"the query process could not be started: {exc}",
                      sv=f"frågeprocessen kunde inte startas: {exc}") from None
    try:
        memory_mb = _limit(proc.pid, memory_mb, cpu)
        out, err, stopped = _communicate(proc, text.encode("utf-8"), started + QUERY_START_SECONDS,
                                         seconds + QUERY_GRACE_SECONDS)
    finally:
        if proc.poll() is None:
            _kill(proc)
        proc.wait()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None and not stream.closed:
                stream.close()
    detail = err.decode("utf-8", "replace")
    if stopped == "start":
        raise KBError(f"the query process did not load the KB within {QUERY_START_SECONDS:g} s",
                      sv=f"frågeprocessen läste inte regelboken inom {QUERY_START_SECONDS:g} s")
    if stopped == "time":
        raise _refused("time_limit", seconds=_seconds_text(seconds))
    if stopped == "output":
        raise _refused("output_limit", chars=f"{QUERY_MAX_CHARS:,}".replace(",", " "))
    code = proc.returncode
    if code == 0 and not stopped:
        try:
            answer: dict[str, Any] = json.loads(out.decode("utf-8"))
            return answer
        except (UnicodeDecodeError, ValueError):
            pass
    if code == 3:  # query_child.pl: the KB does not load cleanly
        messages = tuple(line for line in detail.splitlines() if line.strip())[:20]
        raise KBError(f"the knowledge base in {kb_dir} did not load in the query process", messages,
                      sv=f"regelboken i {kb_dir} gick inte att läsa i frågeprocessen")
    if code == -signal.SIGXCPU:
        raise _refused("time_limit", seconds=_seconds_text(seconds))
    if "memory" in detail.lower() or "resource_error" in detail:
        raise _refused("memory_limit", mb=memory_mb)
    if stopped == "fatal":
        raise _refused("crashed", how="fatal error")
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        raise _refused("crashed", how=name)
    raise _refused("crashed", how=f"exit {code}")


def _limit(pid: int, memory_mb: int, seconds: float) -> int:
    """Bound the child's address space and CPU time (Linux prlimit; set before the goal is
    sent). A lower hard limit inherited from this process (``ulimit -v``) is kept. Returns
    the memory limit in force, in MB."""
    import resource

    def lowered(kind: int, value: int) -> tuple[int, int]:
        hard = resource.getrlimit(kind)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        return value, value

    try:
        memory = lowered(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
        resource.prlimit(pid, resource.RLIMIT_AS, memory)
        cpu = math.ceil(seconds)
        soft, hard = lowered(resource.RLIMIT_CPU, cpu + 1)
        resource.prlimit(pid, resource.RLIMIT_CPU, (min(cpu, soft), hard))
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (0, 0))
        resource.prlimit(pid, resource.RLIMIT_CORE, (0, 0))
        return memory[0] // (1024 * 1024)
    except (AttributeError, OSError, ValueError) as exc:  # no prlimit: refuse rather than run unbounded
        raise KBError(f"the query process could not be limited: {exc}",
                      sv=f"frågeprocessens gränser kunde inte sättas: {exc}") from None


def _communicate(proc: subprocess.Popen[bytes], data: bytes, ready_by: float,
                 seconds: float) -> tuple[bytes, bytes, str]:
    """Wait for the child's "ready" line (until ``ready_by``), send ``data``, then read stdout
    and stderr until the child closes them. Returns (stdout after "ready", stderr, stopped):
    stopped is "" when the child finished by itself, "start" when it was not ready in time,
    "time" when it ran past ``seconds`` after the goal was sent, "output" when it wrote more
    than the output limit, "fatal" when SWI-Prolog reported a fatal error (it may then hang
    instead of exiting: seen after memory ran out)."""
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    chunks: dict[IO[bytes], list[bytes]] = {proc.stdout: [], proc.stderr: []}
    sizes = {proc.stdout: 0, proc.stderr: 0}
    pending = memoryview(data)
    deadline = ready_by
    ready = False
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        selector.register(proc.stderr, selectors.EVENT_READ)
        os.set_blocking(proc.stdin.fileno(), False)
        while len(selector.get_map()) > 0:
            left = deadline - time.monotonic()
            if left <= 0:
                return b"", b"".join(chunks[proc.stderr]), "time" if ready else "start"
            for key, _ in selector.select(timeout=min(left, 0.5)):
                stream = key.fileobj
                if stream is proc.stdin:
                    try:
                        written = os.write(proc.stdin.fileno(), pending[:65536])
                    except BrokenPipeError:
                        written = len(pending)
                    pending = pending[written:]
                    if not pending:
                        selector.unregister(proc.stdin)
                        proc.stdin.close()
                    continue
                source = proc.stdout if stream is proc.stdout else proc.stderr
                chunk = os.read(source.fileno(), 65536)
                if not chunk:
                    selector.unregister(source)
                    continue
                sizes[source] += len(chunk)
                if sizes[source] > _OUTPUT_BYTES:
                    return b"", b"".join(chunks[proc.stderr])[:4096], "output"
                chunks[source].append(chunk)
                if stream is proc.stderr and b"FATAL ERROR" in b"".join(chunks[proc.stderr]):
                    time.sleep(0.05)  # the rest of the message
                    return b"", b"".join(chunks[proc.stderr]) + _drain(proc.stderr), "fatal"
                if not ready and stream is proc.stdout and b"\n" in b"".join(chunks[proc.stdout]):
                    first, _, rest = b"".join(chunks[proc.stdout]).partition(b"\n")
                    if first != b"ready":
                        return b"", b"".join(chunks[proc.stderr]), "start"
                    chunks[proc.stdout] = [rest]
                    ready = True
                    deadline = time.monotonic() + seconds
                    if pending:
                        selector.register(proc.stdin, selectors.EVENT_WRITE)
                    else:
                        proc.stdin.close()
    if not ready:
        return b"", b"".join(chunks[proc.stderr]), "start" if proc.wait() == 0 else ""
    left = deadline - time.monotonic()
    try:
        proc.wait(timeout=max(left, 0.01))
    except subprocess.TimeoutExpired:
        return b"", b"", "time"
    return b"".join(chunks[proc.stdout]), b"".join(chunks[proc.stderr]), ""


def _drain(stream: Any) -> bytes:
    """What ``stream`` holds now, without waiting."""
    os.set_blocking(stream.fileno(), False)
    try:
        return os.read(stream.fileno(), 65536) or b""
    except (BlockingIOError, OSError):
        return b""


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: nothing it started survives
    except OSError:
        proc.kill()
