"""The web interview of ``py1177 serve``: ``GET /`` asks the KB's questions as HTML forms, one per
page, and ends with the answer card; ``GET /anvisning`` is the rendered rulebook.

Server-rendered from Jinja2 templates (``py1177/templates/``), working without JavaScript; no
state on the server: the answers so far travel in the query string (``a=STEP.FIELD.VALUE``, in
the order given; ``k=…`` answers kept from before a change, reused when the KB asks that question
again). The questions, labels and answers are the KB's, as in ``py1177 ask``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shlex
from importlib import resources
from typing import TYPE_CHECKING, Any, Optional

from .errors import KBError

if TYPE_CHECKING:
    from .rulebook import Rulebook

ANSWER = re.compile(r"([1-9][0-9]?)\.([a-z_]{1,40})\.([a-z_]{1,40})")
"""One answer in the query string: step, field and value (KB atoms, checked by the KB)."""
MAX_ANSWERS = 100

CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
"""The pages' Content-Security-Policy: styles only from the served CSS file, no script at all."""
SECURITY_HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff",
                    "referrer-policy": "no-referrer", "x-frame-options": "DENY"}

WORDS: dict[str, tuple[str, str]] = {
    "title": ("1177 direkt – vad ska registreras i PMO?", "1177 direkt – what to register in PMO?"),
    "next": ("Nästa", "Next"),
    "change": ("Ändra", "Change"),
    "change_answer": ("Ändra svaret", "Change the answer"),
    "your_answers": ("Dina svar", "Your answers"),
    "answer": ("Svar", "Answer"),
    "command": ("Samma ärende på kommandoraden", "The same case on the command line"),
    "why": ("Varför? Skälen med avsnitt och citat ur anvisningen", "Why? The reasons, with sections and quotes"),
    "start_over": ("Börja om", "Start over"),
    "back": ("Tillbaka", "Back"),
    "rulebook": ("Anvisningen återskapad ur regelboken", "The guideline regenerated from the rulebook"),
    "date": ("Datum", "Date"),
    "details": ("Underlag", "Details"),
    "warnings": ("Observera", "Please note"),
    "readings": ("Tolkningar som svaret bygger på", "Readings this answer rests on"),
    "question_of": ("Fråga {n}", "Question {n}"),
    "error": ("Felaktig förfrågan", "Bad request"),
    "language": ("In English", "På svenska"),
    "skip": ("Till innehållet", "Skip to content"),
}


def word(name: str, lang: str, **params: Any) -> str:
    from .i18n import pick

    return pick(WORDS, name, lang, **params) if params else WORDS[name][0 if lang == "sv" else 1]


@functools.lru_cache(maxsize=1)
def environment() -> Any:
    """The Jinja2 environment of the templates (autoescaped; imported only by serve and render)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("py1177", "templates"),
                              autoescape=jinja2.select_autoescape(["html"], default=True),
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def render_template(name: str, **context: Any) -> str:
    text: str = environment().get_template(name).render(**context)
    return text


def static_text(name: str) -> str:
    return resources.files("py1177").joinpath("templates", name).read_text(encoding="utf-8")


def parse_answers(values: list[str]) -> list[tuple[int, str, str]]:
    """``STEP.FIELD.VALUE`` strings to answer triples; a malformed one raises InputError."""
    from .errors import InputError

    if len(values) > MAX_ANSWERS:
        raise InputError("bad_answer", None, n=MAX_ANSWERS + 1, value="…")
    out = []
    for n, value in enumerate(values, 1):
        found = ANSWER.fullmatch(value)
        if not found:
            raise InputError("bad_answer", None, n=n, value=repr(value[:60]))
        out.append((int(found.group(1)), found.group(2), found.group(3)))
    return out


def encode(answer: tuple[int, str, str]) -> str:
    return f"{answer[0]}.{answer[1]}.{answer[2]}"


def query(answers: list[tuple[int, str, str]], keep: list[tuple[int, str, str]], lang: str,
          date: Optional[str], change: Optional[tuple[int, str]] = None) -> str:
    from urllib.parse import urlencode

    pairs = [("a", encode(a)) for a in answers] + [("k", encode(k)) for k in keep]
    if change is not None:
        pairs.append(("c", f"{change[0]}.{change[1]}"))
    if date:
        pairs.append(("date", date))
    if lang != "sv":
        pairs.append(("lang", lang))
    return "/?" + urlencode(pairs) if pairs else "/"


def interview_page(rulebook: Rulebook, params: Any, lang: str, today: dt.date) -> str:
    """The HTML of ``GET /`` for the query parameters ``params`` (a Starlette QueryParams)."""
    from .casefile import parse_date

    date_text = params.get("date")
    when = parse_date(date_text) if date_text else today
    answers = parse_answers(params.getlist("a"))
    keep = parse_answers(params.getlist("k"))
    chosen = params.get("v")
    if chosen:
        answers += parse_answers([chosen])
    kept = {(k[0], k[1]): k[2] for k in keep}
    for answer in answers:  # an answer given now replaces the one kept from before
        kept.pop((answer[0], answer[1]), None)
    change_text = params.get("c") or ""
    found = re.fullmatch(r"([1-9][0-9]?)\.([a-z_]{1,40})", change_text)
    change = (int(found.group(1)), found.group(2)) if found and not chosen else None
    for _ in range(MAX_ANSWERS):
        state = rulebook.interview(answers, date=when, lang=lang)
        question = state.question
        if state.done or question is None:
            break
        key = (question.step, question.field)
        if key != change and key in kept and kept[key] in {c.value for c in question.choices}:
            answers.append((question.step, question.field, kept.pop(key)))
            continue
        break
    kept_list = [(s, f, v) for (s, f), v in kept.items()]
    summary = [_summary_row(item, answers, kept_list, lang, date_text) for item in state.summary]
    common = dict(lang=lang, w=functools.partial(word, lang=lang), summary=summary, date=date_text,
                  other_lang_href=query(answers, kept_list, "en" if lang == "sv" else "sv", date_text),
                  start_href=query([], [], lang, date_text))
    question = state.question
    if not state.done and question is not None:
        current = kept.get((question.step, question.field), question.default)
        back = query(answers[:-1], [answers[-1]] + kept_list, lang, date_text,
                     change=(answers[-1][0], answers[-1][1])) if answers else None
        return render_template("interview.html", question=question, current=current,
                               hidden=[("a", encode(a)) for a in answers] + [("k", encode(k)) for k in kept_list]
                               + ([("date", date_text)] if date_text else []) + ([("lang", lang)] if lang != "sv" else []),
                               number=len(answers) + 1, back_href=back, **common)
    case = state.case
    if case is None:
        raise KBError("internal: the interview ended without a case")
    advice = rulebook.advise(case, date=when, lang=lang)
    tree = rulebook.why(case, date=when, lang=lang)
    skipped = {(i.step, i.field) for i in state.summary if i.skipped}
    specs = []
    for n, step in enumerate(case.steps, 1):
        spec = str(step.to_spec())
        specs.append(":".join(p for p in spec.split(":") if (n, p.partition("=")[0]) not in skipped))
    words = ["py1177", "advise"] + [w for s in specs for w in ("--step", s)]
    words += ["--date", date_text] if date_text else []
    words += ["--lang", lang] if lang != "sv" else []
    from .render import _without_ids

    return render_template("answer.html", advice=advice, tree=tree, command=shlex.join(words),
                           plain=lambda text: _without_ids(text, lang),
                           card=[_card_parts(line.text) for line in advice.card], **common)


def _summary_row(item: Any, answers: list[tuple[int, str, str]], kept: list[tuple[int, str, str]], lang: str,
                 date: Optional[str]) -> dict[str, Any]:
    """One answer so far, with the link that asks its question again (later answers kept)."""
    href = None
    if not item.skipped:
        index = next(i for i, a in enumerate(answers) if (a[0], a[1]) == (item.step, item.field))
        href = query(answers[:index], answers[index:] + kept, lang, date, change=(item.step, item.field))
    return {"text": item.text, "label": item.label, "skipped": item.skipped, "href": href}


def _card_parts(text: str) -> list[tuple[str, bool]]:
    """A card sentence split at its *emphasis* marks: (text, emphasised) pairs."""
    parts = text.split("*")
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def anvisning_page(rulebook: Rulebook, lang: str) -> str:
    from .document import render_document

    return render_document(rulebook, "html", lang, served=True)
