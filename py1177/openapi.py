"""The OpenAPI 3.1 document of ``py1177 serve`` (served at ``/api/v1/openapi.json``).

Written next to the routes (py1177/server.py) from the same constants; a test checks that
every route is documented and every documented path is served. Vocabulary values (roles,
channels …) are taken from the typed enums, whose values equal the KB's atoms.
"""

from __future__ import annotations

from typing import Any

from .model import Channel, Lang, Purpose, Relation, Role, Status


def _enum(values: list[str], nullable: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "enum": values}
    return {"oneOf": [schema, {"type": "null"}]} if nullable else schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _body(schema: dict[str, Any], example: Any) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema, "example": example}}}


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_PROBLEMS = {
    "400": {"$ref": "#/components/responses/Problem"},
    "413": {"$ref": "#/components/responses/Problem"},
    "415": {"$ref": "#/components/responses/Problem"},
    "422": {"$ref": "#/components/responses/Problem"},
}
_LANG = [{"$ref": "#/components/parameters/lang"}, {"$ref": "#/components/parameters/acceptLanguage"}]


def openapi(allow_query: bool) -> dict[str, Any]:
    """The OpenAPI document; ``/api/v1/query`` only when the server answers it."""
    from . import __version__
    from .server import MAX_BATCH_CASES, MAX_BODY_BYTES, MAX_FIND_CASES, MAX_QUERY_SECONDS, REQUEST_SECONDS

    roles = [m.value for m in Role]
    statuses = [m.value for m in Status]
    step = {
        "type": "object", "additionalProperties": False, "required": ["role", "channel"],
        "properties": {
            "role": _enum(roles, nullable=False), "channel": _enum([m.value for m in Channel], nullable=False),
            "purpose": _enum([m.value for m in Purpose]), "day": _enum([m.value for m in Relation]),
            "unit": _enum([m.value for m in Relation]),
            "replaces_visit": {"oneOf": [{"type": "boolean"}, {"type": "null"}]},
        },
    }
    date = {"type": "string", "format": "date", "description": "YYYY-MM-DD; default: today (echoed in the answer)"}
    readings = {"oneOf": [{"type": "object", "additionalProperties": {"type": "string"}},
                          {"type": "array", "items": {"type": "string"}}],
                "description": "Readings of open policy questions to answer under, as `py1177 --reading`: "
                               "{question: reading} or [\"question=reading\", ...] (see GET /api/v1/questions)"}
    case = {
        "type": "object", "additionalProperties": False,
        "description": "A case file as JSON: either `scenario` (a documented id) or `steps`.",
        "properties": {"scenario": {"type": "string"}, "steps": {"type": "array", "items": _ref("Step"),
                                                                    "minItems": 1}, "date": date,
                       "readings": readings},
    }
    question_case = {
        "scenario": {"type": "string"}, "steps": {"type": "array", "items": _ref("Step")},
        "step": {"type": "array", "items": {"type": "string"}, "description": "--step specs, e.g. doctor:digital:day=other"},
        "date": date, "step_no": {"type": "integer", "minimum": 1}, "readings": readings,
    }
    answer = {"type": "object", "description": "Exactly the object `py1177 advise --json` prints."}
    schemas: dict[str, Any] = {
        "Step": step,
        "Case": case,
        "Advice": answer,
        "Problem": {
            "type": "object", "required": ["type", "title", "status", "detail"],
            "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                           "detail": {"type": "string"}, "code": {"type": "string"}},
        },
        "BatchRequest": {"type": "object", "additionalProperties": False, "required": ["cases"],
                         "properties": {"cases": {"type": "array", "items": _ref("Case"),
                                                  "maxItems": MAX_BATCH_CASES},
                                        "readings": readings}},
        "BatchResponse": {"type": "object", "properties": {"results": {"type": "array", "items": {
            "oneOf": [_ref("Advice"), {"type": "object", "required": ["error"],
                                       "properties": {"error": _ref("Problem")}}]}}}},
        "WhyRequest": {"type": "object", "additionalProperties": False, "properties": question_case},
        "WhyNotRequest": {"type": "object", "additionalProperties": False, "required": ["expect"],
                          "properties": {**question_case, "expect": {
                              "oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "string"}}],
                              "description": "{key: value} or the CLI's [\"key=value\", ...]; keys: contact_type, "
                                             "registers, closes, attribute, diagnosis, status, scenario"}}},
        "FindRequest": {"type": "object", "additionalProperties": False, "properties": {
            "never_registers": _enum(roles), "always_registers": _enum(roles), "closer": _enum(roles),
            "contact_type": {"type": "string"}, "closer_not_first": {"type": "boolean"},
            "only_replaces_visit": {"type": "boolean"}, "no_pmo_step": {"type": "boolean"},
            "cases": {"type": "integer", "minimum": 1, "maximum": MAX_FIND_CASES},
            "chains": {"type": "boolean", "default": False,
                       "description": "without cases: answer chain by chain (find --chains)"},
            "status": _enum(statuses), "limit": {"type": "integer", "minimum": 0, "default": 200},
            "readings": readings}},
        "InterviewRequest": {"type": "object", "additionalProperties": False, "properties": {
            "answers": {"type": "array", "items": {"type": "object", "required": ["step", "field", "value"],
                                                   "properties": {"step": {"type": "integer"},
                                                                  "field": {"type": "string"},
                                                                  "value": {"type": "string"}}}},
            "date": date, "readings": readings}},
        "InterviewResponse": {"type": "object", "required": ["done"], "properties": {
            "done": {"type": "boolean"}, "question": {"type": "object"}, "case": _ref("Case"),
            "step": {"type": "array", "items": {"type": "string"}}, "advice": _ref("Advice"),
            "summary": {"type": "array", "description": "the answers so far in the interview's order, as "
                                                        "py1177 ask lists them (and, when done, the questions "
                                                        "skipped as not mattering)",
                        "items": {"type": "object", "required": ["step", "field", "text", "value", "label", "skipped"],
                                  "properties": {"step": {"type": "integer"}, "field": {"type": "string"},
                                                 "text": {"type": "string"}, "value": {"type": ["string", "null"]},
                                                 "label": {"type": "string"}, "skipped": {"type": "boolean"}}}}}},
        "QueryRequest": {"type": "object", "additionalProperties": False, "required": ["goal"], "properties": {
            "goal": {"type": "string"}, "limit": {"type": "integer"},
            "seconds": {"type": "number", "maximum": MAX_QUERY_SECONDS}}},
        "Json": {"type": "object", "description": "The `--json` output of the matching CLI command."},
    }

    def post(summary: str, request: str, response: str, example: Any) -> dict[str, Any]:
        return {"post": {"summary": summary, "parameters": _LANG, "requestBody": _body(_ref(request), example),
                         "responses": {"200": _ok("The answer", _ref(response)), **_PROBLEMS}}}

    def get(summary: str) -> dict[str, Any]:
        return {"get": {"summary": summary, "parameters": _LANG,
                        "responses": {"200": _ok("The listing (as --json)", {"type": ["array", "object"]})}}}

    paths: dict[str, Any] = {
        "/healthz": {"get": {"summary": "200 once this worker's knowledge base is loaded",
                             "responses": {"200": _ok("Ready", {"type": "object"})}}},
        "/api/v1/openapi.json": {"get": {"summary": "This document",
                                         "responses": {"200": _ok("OpenAPI 3.1", {"type": "object"})}}},
        "/api/v1/advise": post("What to register in PMO, and who closes the case (py1177 advise --json)",
                               "Case", "Advice", {"steps": [{"role": "nurse", "channel": "digital"},
                                                            {"role": "doctor", "channel": "digital", "day": "other"}],
                                                  "date": "2023-09-01"}),
        "/api/v1/advise/batch": post("Many cases: one advise object or {error: problem} per case",
                                     "BatchRequest", "BatchResponse",
                                     {"cases": [{"scenario": "3.1.2c"}, {"steps": [{"role": "nurze",
                                                                                    "channel": "digital"}]}]}),
        "/api/v1/why": post("Why: the justification tree (py1177 why --json)", "WhyRequest", "Json",
                            {"scenario": "3.1.2c", "date": "2023-09-01"}),
        "/api/v1/why-not": post("Why not, and the smallest change (py1177 why-not --json)", "WhyNotRequest", "Json",
                                {"scenario": "3.1.2b", "expect": {"registers": True}, "step_no": 1}),
        "/api/v1/find": post(f"Reverse questions (py1177 find --json); cases at most {MAX_FIND_CASES}",
                             "FindRequest", "Json", {"closer": "nurse"}),
        "/api/v1/interview": post("The next interview question, or the answer (no session)", "InterviewRequest",
                                  "InterviewResponse", {"answers": [{"step": 1, "field": "role", "value": "nurse"}]}),
    }
    for name, summary in (("scenarios", "The documented scenarios of §3.1"),
                          ("questions", "Open policy questions and the readings encoded"),
                          ("errata", "The source's own typos and how the KB normalises them"),
                          ("guideline", "The anvisning's metadata"),
                          ("pmo", "§4: registration in PMO"),
                          ("citations", "Every quote the KB cites")):
        paths[f"/api/v1/{name}"] = get(summary)
    if allow_query:
        paths["/api/v1/query"] = post("A sandboxed Prolog query (py1177 query --json)", "QueryRequest", "Json",
                                      {"goal": "scenario(Id, S, T, _)"})
    return {
        "openapi": "3.1.0",
        "info": {"title": "py1177 — 1177 direkt registration guideline (Region Skåne, v1.0)", "version": __version__,
                 "description": (f"Answers are the `--json` contract of the CLI. Bodies at most {MAX_BODY_BYTES} "
                                 f"bytes; each Prolog call at most {REQUEST_SECONDS:g} s. Errors are RFC 9457 "
                                 "application/problem+json. Language: ?lang=, else Accept-Language, else sv.")},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "lang": {"name": "lang", "in": "query", "required": False,
                         "schema": _enum([m.value for m in Lang], nullable=False)},
                "acceptLanguage": {"name": "Accept-Language", "in": "header", "required": False,
                                   "schema": {"type": "string"}},
            },
            "responses": {"Problem": {"description": "RFC 9457 problem", "content": {
                "application/problem+json": {"schema": _ref("Problem")}}}},
        },
    }
