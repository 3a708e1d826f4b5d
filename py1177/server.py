"""``py1177 serve``: the HTTP API — the same contract as ``--json`` and the Python API.

A Starlette application served by uvicorn. Each worker process loads its own Prolog (in
the lifespan, after the worker started: libswipl does not survive a fork) and keeps no
state between requests but caches of pure answers, so any number of processes behind any
load balancer give the same answers. Only ``py1177 serve`` imports this module (the CLI's
cold start does not pay for the web framework).

Every answer is a pure function of (KB, case, resolved date, language), so answers are
kept in a per-process LRU keyed by exactly those (the response echoes the resolved date).
Every Prolog call runs under :data:`REQUEST_SECONDS` enforced inside Prolog
(``Rulebook(time_limit=...)``, py1177/engine/limits.pl); bad input is answered with one
RFC 9457 problem (``application/problem+json``), never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sys
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, Generic, Optional, TypeVar, Union

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .errors import InputError, KBError, Py1177Error, TimeLimitExceeded
from .model import Case, Lang, to_jsonable

MAX_BODY_BYTES = 1 << 20
"""Request bodies larger than 1 MiB are refused with 413."""


def _seconds_from_env() -> float:
    text = os.environ.get("PY1177_SERVE_SECONDS") or "5"
    try:
        value = float(text)
        if not 0.001 <= value <= 600:
            raise ValueError(text)
    except ValueError:
        raise InputError("bad_number", None, what="PY1177_SERVE_SECONDS", value=text, low=0.001, high=600) from None
    return value


REQUEST_SECONDS = _seconds_from_env()
"""Time limit of each Prolog call made for a request, enforced inside Prolog (5 s; the
environment variable ``PY1177_SERVE_SECONDS`` sets another, e.g. for tests)."""
MAX_FIND_CASES = 2
"""``find``'s ``cases`` over HTTP: chains of at most 2 steps (3 takes seconds of CPU)."""
MAX_BATCH_CASES = 1000
"""Cases in one ``/api/v1/advise/batch`` request."""
MAX_QUERY_SECONDS = REQUEST_SECONDS
CACHE_ENTRIES = 8192
"""Answers kept per worker process (least recently used dropped first)."""
RAW_KEY_BYTES = 4096
"""Advise bodies up to this size are also cached by their bytes (skipping JSON parsing)."""

ENV_KB = "PY1177_SERVE_KB"
ENV_ALLOW_QUERY = "PY1177_SERVE_ALLOW_QUERY"
"""How ``py1177 serve`` hands its options to the worker processes (uvicorn spawns them)."""

PROBLEM_PREFIX = "urn:py1177:problem:"
JSON_TYPE = "application/json"
PROBLEM_TYPE = "application/problem+json"

_TITLES: dict[str, tuple[str, str]] = {
    # problem kind: (sv, en)
    "input": ("Ogiltig indata", "Invalid input"),
    "time_limit": ("Tidsgränsen överskreds", "Time limit exceeded"),
    "body_too_large": ("För stor begäran", "Request body too large"),
    "not_json": ("Ogiltig JSON", "Invalid JSON"),
    "media_type": ("Fel innehållstyp", "Unsupported media type"),
    "not_found": ("Finns inte", "Not found"),
    "method": ("Metoden stöds inte", "Method not allowed"),
    "not_served": ("Tjänsten är avstängd", "Not served"),
    "kb": ("Regelboken kunde inte svara", "The rulebook could not answer"),
    "internal": ("Internt fel", "Internal error"),
}
_DETAILS: dict[str, tuple[str, str]] = {
    "body_too_large": ("begäran är större än {limit} byte", "the request body is larger than {limit} bytes"),
    "not_json": ("begäran är inte giltig JSON (UTF-8): {detail}", "the request body is not valid JSON (UTF-8): {detail}"),
    "not_object": ("begäran ska vara ett JSON-objekt med nycklarna {allowed}",
                   "the request body must be a JSON object with the keys {allowed}"),
    "media_type": ("innehållstypen ska vara application/json, inte {value!r}",
                   "the content type must be application/json, not {value!r}"),
    "not_found": ("ingen resurs {path} (se /api/v1/openapi.json)", "no resource {path} (see /api/v1/openapi.json)"),
    "method": ("{method} stöds inte för {path}", "{method} is not allowed for {path}"),
    "not_served": ("frågor i sandlådan besvaras bara när servern startats med --allow-query",
                   "sandboxed queries are answered only when the server was started with --allow-query"),
    "http_limit": ("{what} kan över HTTP vara högst {high}, inte {value!r}",
                   "{what} can be at most {high} over HTTP, not {value!r}"),
    "internal": ("ett internt fel inträffade; det är loggat", "an internal error occurred; it has been logged"),
}

log = logging.getLogger("py1177.server")


class Problem(Exception):
    """An RFC 9457 problem to answer with: ``kind`` picks the title and type."""

    def __init__(self, status: int, kind: str, detail: str, code: Optional[str] = None) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.code = code or kind

    def body(self, lang: str) -> dict[str, Any]:
        """The problem object: type, title, status, detail (and ``code``, an extension member)."""
        sv, en = _TITLES[self.kind]
        return {"type": PROBLEM_PREFIX + self.code, "title": en if lang == "en" else sv,
                "status": self.status, "detail": self.detail, "code": self.code}


def _detail(key: str, lang: str, **params: Any) -> str:
    from .i18n import pick

    return pick(_DETAILS, key, lang, **params)


def problem_from_error(exc: Py1177Error, lang: str) -> Problem:
    """The problem for a py1177 error: 400 for bad input, 422 for a time limit, 500 for a broken KB."""
    if isinstance(exc, TimeLimitExceeded):
        return Problem(422, "time_limit", exc.message(lang), "time_limit")
    if isinstance(exc, InputError):
        return Problem(400, "input", exc.message(lang), exc.code)
    if isinstance(exc, KBError):
        return Problem(500, "kb", exc.message(lang), "kb")
    return Problem(400, "input", str(exc), "input")


V = TypeVar("V")


class LRU(Generic[V]):
    """A small least-recently-used map (used from the event loop thread only)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Any, V] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: Any) -> Optional[V]:
        value = self._data.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._data.move_to_end(key)
        return value

    def put(self, key: Any, value: V) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.size:
            self._data.popitem(last=False)


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON (the same object ``--json`` prints, without its indentation)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def language(request: Request) -> str:
    """``?lang=`` wins (refused when not sv/en), else the first of sv/en in Accept-Language
    by its q-value, else Swedish."""
    given = request.query_params.get("lang")
    if given is not None:
        from .casefile import enum_value

        return enum_value(Lang, given, "lang").value
    return accept_language(request.headers.get("accept-language", ""))


def accept_language(header: str) -> str:
    """The language of an Accept-Language header: sv or en, the highest q-value first
    (ties: the order given), Swedish when neither is named."""
    best: Optional[tuple[float, int, str]] = None
    for position, item in enumerate(header.split(",")[:50]):
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("sv", "en"):
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        if quality <= 0:
            continue
        candidate = (-quality, position, primary)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best is not None else "sv"


class Service:
    """The answers of one worker process: a time-limited rulebook and the answer cache."""

    def __init__(self, kb: Optional[str], allow_query: bool) -> None:
        from .rulebook import Rulebook

        self.allow_query = allow_query
        self.rulebook = Rulebook(kb, time_limit=REQUEST_SECONDS)
        self.cache: LRU[bytes] = LRU(CACHE_ENTRIES)
        self.pages: LRU[str] = LRU(8)
        """Rendered pages (``/anvisning`` per language)."""
        self.ready = True

    # --- advise ---------------------------------------------------------------

    def readings(self, value: Any) -> tuple[tuple[str, str], ...]:
        """A body's ``readings`` (``{"q_phone": "not_1177"}`` or ``["q_phone=not_1177"]``),
        checked against the KB's declared readings; those that differ from the chosen ones."""
        from .readings import normalise

        return normalise(self.rulebook._base, value)

    def advise_key(self, body: Any, lang: str, today: dt.date,
                   readings: Any = None) -> tuple[Any, dict[str, Any]]:
        """Validate a case-file body (with optional ``readings``, else ``readings``); the cache
        key (case, resolved date, language, readings) and the arguments for
        :meth:`Rulebook.advise_dict`."""
        from .casefile import check_case_mapping, parse_date

        if isinstance(body, dict) and "readings" in body:
            body = dict(body)
            readings = body.pop("readings")
        chosen = self.readings(readings)
        data = check_case_mapping(body)
        when = parse_date(data["date"]) if "date" in data else today
        if "scenario" in data:
            case_key: Any = ("scenario", data["scenario"])
            arguments: dict[str, Any] = {"scenario": data["scenario"]}
        else:
            case = Case(data["steps"])
            case_key = ("steps", case.steps)
            arguments = {"case": case}
        arguments["date"] = when
        if chosen:
            arguments["readings"] = dict(chosen)
        return ("advise", case_key, when.isoformat(), lang, chosen), arguments

    def advise_bytes(self, arguments: dict[str, Any], lang: str) -> bytes:
        """The advise answer as JSON bytes (called in a worker thread)."""
        return dumps(self.rulebook.advise_dict(**arguments, lang=lang))


def _is_json_type(value: str) -> bool:
    media = value.split(";")[0].strip().lower()
    return media == JSON_TYPE or (media.startswith("application/") and media.endswith("+json"))


async def read_json(request: Request, lang: str) -> Any:
    """The request body as JSON: at most :data:`MAX_BODY_BYTES` (413), JSON content type
    (or none given), valid UTF-8 JSON (400)."""
    return parse_json(await read_body(request, lang), lang)


async def read_body(request: Request, lang: str) -> bytes:
    """The request body: at most :data:`MAX_BODY_BYTES` (413), JSON content type (or none given)."""
    kind = request.headers.get("content-type")
    if kind is not None and not _is_json_type(kind):
        raise Problem(415, "media_type", _detail("media_type", lang, value=kind))
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise Problem(413, "body_too_large", _detail("body_too_large", lang, limit=MAX_BODY_BYTES))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Problem(413, "body_too_large", _detail("body_too_large", lang, limit=MAX_BODY_BYTES))
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(raw: bytes, lang: str) -> Any:
    """``raw`` as JSON, or a 400 problem."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise Problem(400, "not_json", _detail("not_json", lang, detail=message)) from None
    except RecursionError:  # nested deeper than Python's parser goes
        raise Problem(400, "not_json", _detail("not_json", lang, detail="nested too deeply")) from None


def _object(body: Any, keys: Sequence[str], lang: str) -> dict[str, Any]:
    """``body`` as a JSON object with only the given keys (null counts as absent)."""
    if not isinstance(body, dict):
        raise Problem(400, "input", _detail("not_object", lang, allowed=", ".join(keys)), "not_object")
    for key in body:
        if key not in keys:
            raise InputError("unknown_key", None, key=key, allowed=", ".join(keys))
    return {key: value for key, value in body.items() if value is not None}


def _case_arguments(data: dict[str, Any]) -> dict[str, Any]:
    """The case of a why/why-not body: ``scenario``, ``steps`` (step objects, as in a case
    file) or ``step`` (``--step`` specs), exactly one; and ``date``."""
    from .casefile import parse_date, parse_step_spec

    given = [key for key in ("scenario", "steps", "step") if key in data]
    if len(given) != 1:
        raise InputError("case_or_scenario")
    arguments: dict[str, Any] = {"date": parse_date(data["date"]) if "date" in data else None}
    if "scenario" in data:
        arguments["scenario"] = data["scenario"]
    elif "steps" in data:
        arguments["case"] = Case(data["steps"])
    else:
        specs = data["step"]
        if not isinstance(specs, list) or not all(isinstance(s, str) for s in specs):
            raise InputError("steps_empty", ("case",))
        arguments["case"] = Case([parse_step_spec(spec, i) for i, spec in enumerate(specs, 1)])
    return arguments


def _json_response(data: bytes, lang: str, status: int = 200) -> Response:
    return Response(data, status_code=status, media_type=JSON_TYPE, headers={"content-language": lang})


def _problem_response(problem: Problem, lang: str) -> Response:
    return Response(dumps(problem.body(lang)), status_code=problem.status, media_type=PROBLEM_TYPE,
                    headers={"content-language": lang})


Handler = Callable[[Request, "Service", str], Awaitable[Response]]


def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: resolve the language, turn every error into one problem response."""

    async def run(request: Request) -> Response:
        lang = "sv"
        try:
            lang = language(request)
            service: Service = request.app.state.service
            return await handler(request, service, lang)
        except Problem as problem:
            return _problem_response(problem, lang)
        except Py1177Error as exc:
            return _problem_response(problem_from_error(exc, lang), lang)
        except Exception:  # never a traceback to the client; the log has it
            log.exception("internal error answering %s %s", request.method, request.url.path)
            return _problem_response(Problem(500, "internal", _detail("internal", lang)), lang)

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


# --- endpoints -----------------------------------------------------------------

async def advise(request: Request, service: Service, lang: str) -> Response:
    """POST /api/v1/advise: a case file as JSON → exactly the object of ``advise --json``."""
    today = dt.date.today()
    raw = await read_body(request, lang)
    # the same bytes, language and day give the same answer: no need to parse them again
    # (small bodies only, so that the cache stays small)
    raw_key = ("raw", raw, lang, today) if len(raw) <= RAW_KEY_BYTES else None
    cached = service.cache.get(raw_key) if raw_key is not None else None
    if cached is not None:
        return _json_response(cached, lang)
    key, arguments = service.advise_key(parse_json(raw, lang), lang, today)
    cached = service.cache.get(key)
    if cached is None:
        cached = await run_in_threadpool(service.advise_bytes, arguments, lang)
        service.cache.put(key, cached)
    if raw_key is not None:
        service.cache.put(raw_key, cached)
    return _json_response(cached, lang)


async def advise_batch(request: Request, service: Service, lang: str) -> Response:
    """POST /api/v1/advise/batch: ``{"cases": [...]}`` → ``{"results": [...]}``, one entry per
    case: its advise object or ``{"error": problem}``."""
    today = dt.date.today()
    data = _object(await read_json(request, lang), ("cases", "readings"), lang)
    cases = data.get("cases")
    if not isinstance(cases, list):
        raise InputError("batch_cases", None, max=MAX_BATCH_CASES)
    if len(cases) > MAX_BATCH_CASES:
        raise Problem(413, "body_too_large", _detail("http_limit", lang, what="cases", high=MAX_BATCH_CASES,
                                                     value=len(cases)), "too_many_cases")
    entries: list[Union[bytes, dict[str, Any], None]] = []
    missing: list[tuple[int, Any, dict[str, Any]]] = []
    for index, case in enumerate(cases):
        try:
            key, arguments = service.advise_key(case, lang, today, data.get("readings"))
        except Py1177Error as exc:
            entries.append({"error": problem_from_error(exc, lang).body(lang)})
            continue
        cached = service.cache.get(key)
        entries.append(cached)
        if cached is None:
            missing.append((index, key, arguments))

    def answer_missing() -> list[Union[bytes, dict[str, Any]]]:
        # the request's time limit holds for the whole batch: cases not reached by then get
        # a time-limit problem each (the others keep their answers)
        import time

        deadline = time.monotonic() + REQUEST_SECONDS
        answers: list[Union[bytes, dict[str, Any]]] = []
        for _, _, arguments in missing:
            try:
                if time.monotonic() > deadline:
                    raise TimeLimitExceeded(REQUEST_SECONDS)
                answers.append(service.advise_bytes(arguments, lang))
            except Py1177Error as exc:
                answers.append({"error": problem_from_error(exc, lang).body(lang)})
        return answers

    if missing:
        for (index, key, _), answer in zip(missing, await run_in_threadpool(answer_missing)):
            entries[index] = answer
            if isinstance(answer, bytes):
                service.cache.put(key, answer)
    parts = [entry if isinstance(entry, bytes) else dumps(entry) for entry in entries if entry is not None]
    return _json_response(b'{"results":[' + b",".join(parts) + b"]}", lang)


WHY_KEYS = ("scenario", "steps", "step", "date", "step_no", "readings")
WHY_NOT_KEYS = WHY_KEYS + ("expect",)
FIND_KEYS = ("never_registers", "always_registers", "contact_type", "closer", "closer_not_first",
             "only_replaces_visit", "no_pmo_step", "cases", "chains", "status", "limit", "readings")
INTERVIEW_KEYS = ("answers", "date", "readings")
QUERY_KEYS = ("goal", "limit", "seconds")


async def why(request: Request, service: Service, lang: str) -> Response:
    """POST /api/v1/why: the options of ``py1177 why`` → its ``--json`` tree."""
    data = _object(await read_json(request, lang), WHY_KEYS, lang)
    arguments = _case_arguments(data)
    rulebook = service.rulebook.with_readings(data.get("readings"))
    tree = await run_in_threadpool(lambda: rulebook.why(**arguments, step_no=data.get("step_no"), lang=lang))
    return _json_response(dumps(tree.to_dict()), lang)


def _expectation(value: Any) -> dict[str, Any]:
    """``expect`` as an object ``{key: value}`` or as the CLI's ``["key=value", ...]``."""
    if isinstance(value, dict):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        conditions: dict[str, str] = {}
        for item in value:
            key, sep, text = item.partition("=")
            if not sep or not key.strip() or not text.strip():
                raise InputError("expect_format", None, value=item)
            if key.strip() in conditions:
                raise InputError("spec_duplicate", None, key=key.strip())
            conditions[key.strip()] = text.strip()
        return conditions
    from .rulebook import EXPECT_KEYS

    raise InputError("expect_empty", None, allowed=", ".join(EXPECT_KEYS))


async def why_not(request: Request, service: Service, lang: str) -> Response:
    """POST /api/v1/why-not: the options of ``py1177 why-not`` → its ``--json`` answer."""
    data = _object(await read_json(request, lang), WHY_NOT_KEYS, lang)
    arguments = _case_arguments(data)
    expect = _expectation(data.get("expect"))
    rulebook = service.rulebook.with_readings(data.get("readings"))
    result = await run_in_threadpool(lambda: rulebook.why_not(
        **arguments, expect=expect, step_no=data.get("step_no"), lang=lang))
    return _json_response(dumps(result.to_dict()), lang)


async def find(request: Request, service: Service, lang: str) -> Response:
    """POST /api/v1/find: the options of ``py1177 find`` → its ``--json`` answer
    (``cases`` at most :data:`MAX_FIND_CASES` over HTTP)."""
    data = _object(await read_json(request, lang), FIND_KEYS, lang)
    cases = data.get("cases")
    if isinstance(cases, int) and not isinstance(cases, bool) and cases > MAX_FIND_CASES:
        raise InputError("kb", None, sv=_detail("http_limit", "sv", what="cases", high=MAX_FIND_CASES, value=cases),
                         en=_detail("http_limit", "en", what="cases", high=MAX_FIND_CASES, value=cases))
    options = {key: data[key] for key in FIND_KEYS if key in data and key != "readings"}
    options.setdefault("limit", 200)  # the CLI's default
    rulebook = service.rulebook.with_readings(data.get("readings"))
    result = await run_in_threadpool(lambda: rulebook.find(**options, lang=lang))
    return _json_response(dumps(result.to_dict()), lang)


def _answers(value: Any) -> list[tuple[int, str, str]]:
    """Interview answers as ``[{"step", "field", "value"}, ...]`` (or ``[step, field, value]`` triples)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError("bad_answer", None, n=1, value=repr(value))
    answers: list[tuple[int, str, str]] = []
    for n, item in enumerate(value, 1):
        if isinstance(item, dict) and set(item) == {"step", "field", "value"}:
            answers.append((item["step"], item["field"], item["value"]))
        elif isinstance(item, list) and len(item) == 3:
            answers.append((item[0], item[1], item[2]))
        else:
            raise InputError("bad_answer", None, n=n, value=repr(item))
    return answers


async def interview(request: Request, service: Service, lang: str) -> Response:
    """POST /api/v1/interview: the answers so far → the next question, or (``done``) the case
    and its advise object. No session: the client sends every answer each time."""
    from .casefile import parse_date

    data = _object(await read_json(request, lang), INTERVIEW_KEYS, lang)
    answers = _answers(data.get("answers"))
    when = parse_date(data["date"]) if "date" in data else dt.date.today()
    rulebook = service.rulebook.with_readings(data.get("readings"))

    def ask() -> dict[str, Any]:
        state = rulebook.interview(answers, date=when, lang=lang)
        summary = to_jsonable(state.summary)  # what `ask` shows: each answer's label, skipped questions
        if not state.done:
            return {"done": False, "question": to_jsonable(state.question), "summary": summary}
        case = state.case
        assert case is not None
        return {"done": True, "case": {"steps": to_jsonable(case.steps)}, "step": list(case.to_specs()),
                "summary": summary, "advice": rulebook.advise_dict(case, date=when, lang=lang)}

    return _json_response(dumps(await run_in_threadpool(ask)), lang)


async def query(request: Request, service: Service, lang: str) -> Response:
    """POST /api/v1/query (only with ``--allow-query``): ``py1177 query --json``."""
    if not service.allow_query:
        raise Problem(404, "not_served", _detail("not_served", lang), "not_served")
    data = _object(await read_json(request, lang), QUERY_KEYS, lang)
    seconds = data.get("seconds", MAX_QUERY_SECONDS)
    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds > MAX_QUERY_SECONDS:
        raise InputError("kb", None,
                         sv=_detail("http_limit", "sv", what="seconds", high=MAX_QUERY_SECONDS, value=seconds),
                         en=_detail("http_limit", "en", what="seconds", high=MAX_QUERY_SECONDS, value=seconds))
    goal = data.get("goal")
    result = await run_in_threadpool(lambda: service.rulebook.query(
        goal if isinstance(goal, str) else "", limit=data.get("limit", 20), seconds=seconds, lang=lang))
    return _json_response(dumps(result.to_dict()), lang)


def _listing(name: str) -> Handler:
    """GET /api/v1/<name>: the ``--json`` form of a listing command, cached per language."""

    def compute(service: Service, lang: str) -> bytes:
        rulebook = service.rulebook
        data: Any
        if name == "scenarios":
            data = [s.to_dict() for s in rulebook.scenarios()]
        elif name == "questions":
            data = to_jsonable(rulebook.policy_questions(lang))
        elif name == "errata":
            data = to_jsonable(rulebook.errata())
        elif name == "guideline":
            data = to_jsonable(rulebook.guideline())
        elif name == "pmo":
            data = rulebook.pmo().to_dict()
        else:
            data = [c.to_dict() for c in rulebook.citations()]
        return dumps(data)

    async def listing(request: Request, service: Service, lang: str) -> Response:
        key = ("listing", name, lang)
        cached = service.cache.get(key)
        if cached is None:
            cached = await run_in_threadpool(compute, service, lang)
            service.cache.put(key, cached)
        return _json_response(cached, lang)

    listing.__name__ = f"list_{name}"
    listing.__doc__ = f"GET /api/v1/{name}: ``py1177 {name} --json``."
    return listing


LISTINGS = ("scenarios", "questions", "errata", "guideline", "pmo", "citations")


async def healthz(request: Request) -> Response:
    """GET /healthz: 200 once this worker's KB is loaded."""
    service: Optional[Service] = getattr(request.app.state, "service", None)
    if service is None or not service.ready:
        return Response(b'{"status":"loading"}', status_code=503, media_type=JSON_TYPE)
    return Response(b'{"status":"ok"}', media_type=JSON_TYPE)


def openapi_response(allow_query: bool) -> Callable[[Request], Awaitable[Response]]:
    from .openapi import openapi

    document = dumps(openapi(allow_query))

    async def openapi_json(request: Request) -> Response:
        return Response(document, media_type=JSON_TYPE)

    return openapi_json


def routes(allow_query: bool) -> list[Route]:
    """Every route of the API (``/api/v1/query`` only when ``allow_query``)."""
    table: list[Route] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/api/v1/openapi.json", openapi_response(allow_query), methods=["GET"]),
        Route("/api/v1/advise", endpoint(advise), methods=["POST"]),
        Route("/api/v1/advise/batch", endpoint(advise_batch), methods=["POST"]),
        Route("/api/v1/why", endpoint(why), methods=["POST"]),
        Route("/api/v1/why-not", endpoint(why_not), methods=["POST"]),
        Route("/api/v1/find", endpoint(find), methods=["POST"]),
        Route("/api/v1/interview", endpoint(interview), methods=["POST"]),
    ]
    table += [Route(f"/api/v1/{name}", endpoint(_listing(name)), methods=["GET"]) for name in LISTINGS]
    if allow_query:
        table.append(Route("/api/v1/query", endpoint(query), methods=["POST"]))
    return table


def _html_response(text: str, lang: str, status: int = 200) -> Response:
    from .web import SECURITY_HEADERS

    return Response(text.encode("utf-8"), status_code=status, media_type="text/html; charset=utf-8",
                    headers={"content-language": lang, **SECURITY_HEADERS})


async def web_interview(request: Request) -> Response:
    """GET /: the interview as HTML forms (no JavaScript), then the answer card."""
    from . import web

    try:
        lang = language(request)
    except InputError:
        lang = "sv"
    service: Service = request.app.state.service
    try:
        page = await run_in_threadpool(web.interview_page, service.rulebook, request.query_params, lang,
                                       dt.date.today())
    except Py1177Error as exc:
        page = web.render_template("error.html", lang=lang, w=lambda name, **p: web.word(name, lang, **p),
                                   message=exc.message(lang), start_href=web.query([], [], lang, None),
                                   other_lang_href=web.query([], [], "en" if lang == "sv" else "sv", None))
        return _html_response(page, lang, 400)
    return _html_response(page, lang)


async def web_anvisning(request: Request) -> Response:
    """GET /anvisning: the rulebook rendered as the guideline (``py1177 render --format html``)."""
    from . import web

    try:
        lang = language(request)
    except InputError:
        lang = "sv"
    service: Service = request.app.state.service
    key = ("anvisning", lang)
    page = service.pages.get(key)
    if page is None:
        page = await run_in_threadpool(web.anvisning_page, service.rulebook, lang)
        service.pages.put(key, page)
    return _html_response(page, lang)


STATIC = {"py1177.css": "text/css; charset=utf-8", "document.css": "text/css; charset=utf-8"}


async def web_static(request: Request) -> Response:
    """GET /static/NAME: the pages' CSS files (the only resources they load)."""
    from . import web

    name = request.path_params["name"]
    if name not in STATIC:
        raise HTTPException(404)
    return Response(web.static_text(name).encode("utf-8"), media_type=STATIC[name],
                    headers={"cache-control": "public, max-age=3600", **web.SECURITY_HEADERS})


def web_routes() -> list[Route]:
    """The web pages (not part of the JSON API, so not in its OpenAPI document)."""
    return [Route("/", web_interview, methods=["GET"]),
            Route("/anvisning", web_anvisning, methods=["GET"]),
            Route("/static/{name}", web_static, methods=["GET"]),
            Route("/favicon.ico", web_no_icon, methods=["GET"])]


async def web_no_icon(request: Request) -> Response:
    """GET /favicon.ico: no icon (204), so that a browser's request for one is not an error."""
    return Response(status_code=204, headers={"cache-control": "public, max-age=86400"})


async def _http_problem(request: Request, exc: Exception) -> Response:
    """404/405 and Starlette's other HTTP errors as problems."""
    try:
        lang = language(request)
    except InputError:
        lang = "sv"
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        problem = Problem(404, "not_found", _detail("not_found", lang, path=request.url.path))
    elif status == 405:
        problem = Problem(405, "method", _detail("method", lang, method=request.method, path=request.url.path))
    else:
        problem = Problem(status if 400 <= status < 600 else 500, "internal", _detail("internal", lang))
    return _problem_response(problem, lang)


def create_app(kb: Optional[str] = None, allow_query: bool = False) -> Starlette:
    """The ASGI application. The KB is loaded when the worker starts (lifespan), not here."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.service = Service(kb, allow_query)
        yield

    return Starlette(routes=routes(allow_query) + web_routes(), lifespan=lifespan,
                     exception_handlers={HTTPException: _http_problem})


def app_from_env() -> Starlette:
    """The application as ``py1177 serve`` configured it (uvicorn's factory, in each worker)."""
    return create_app(os.environ.get(ENV_KB) or None, os.environ.get(ENV_ALLOW_QUERY) == "1")


def _exit_quietly(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def serve(host: str, port: int, workers: int, kb: Optional[str], allow_query: bool) -> None:
    """Run the server until SIGTERM/SIGINT; in-flight requests are finished (at most a few
    seconds), then the process exits."""
    import signal

    import uvicorn

    # uvicorn stops gracefully on SIGTERM, then raises the signal again: exit 0 then, as with
    # --workers N (Ctrl-C still ends with KeyboardInterrupt, exit 130)
    signal.signal(signal.SIGTERM, _exit_quietly)
    import socket

    try:  # one clear line (exit 2) for an address in use, before uvicorn starts workers
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise InputError("serve_bind", None, host=host, port=port, reason=exc.strerror or str(exc)) from None
    os.environ[ENV_KB] = kb or ""
    os.environ[ENV_ALLOW_QUERY] = "1" if allow_query else "0"
    print(f"py1177 serve: http://{host}:{port}/api/v1/ ({workers} worker(s))", file=sys.stderr, flush=True)
    uvicorn.run("py1177.server:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False, lifespan="on",
                # a request in flight may use its whole time limit; then the process exits
                timeout_graceful_shutdown=min(10, int(REQUEST_SECONDS) + 1))


