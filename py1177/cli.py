"""The ``py1177`` command line: thin commands that parse, call the API and render.

Exit codes: 0 an answer was given (warnings included); 2 bad input or a broken KB
(one line on stderr, never a traceback); 130 interrupted.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from .bridge import Compound
from .errors import InputError, KBError, Py1177Error
from .model import Lang

if TYPE_CHECKING:
    from .render import Labels
    from .results import Question
    from .rulebook import Rulebook

app = typer.Typer(
    name="py1177",
    help="Region Skånes anvisning för 1177 direkt (v1.0) som regelbok: vad ska registreras i PMO, och varför.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,
)

def _complete_lang(incomplete: str) -> list[str]:
    return [v for v in ("sv", "en") if v.startswith(incomplete)]


def _complete_scenario(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tab completion of scenario ids, from the KB (the one given with --kb, if any)."""
    try:
        kb = ctx.params.get("kb")
        return [s.id for s in _rulebook(kb).scenarios() if s.id.startswith(incomplete)]
    except Exception:  # completion must never print a traceback into the shell
        return []


LangOption = Annotated[str, typer.Option("--lang", help="Språk: sv (standard) eller en (engelska).",
                                         autocompletion=_complete_lang)]
JsonOption = Annotated[bool, typer.Option("--json", help="Svara som JSON.")]
DetailOption = Annotated[bool, typer.Option("--detail", help="Visa regel- och fråge-id:n (r_…, q_…) i svaret.")]


def _rulebook(kb: Optional[Path] = None, lang: Optional[Lang] = None,
              reading: Optional[list[str]] = None) -> Rulebook:
    """The rulebook a command reads: ``--kb``, else ``PY1177_KB_DIR``, else the bundled KB
    (:mod:`py1177.kbinfo`), answering under the ``--reading Q=R`` given. With ``lang`` (a
    command, not tab completion), a one-line notice goes to standard error when ``./kb`` holds
    a different KB than the one in use."""
    from .rulebook import Rulebook

    rulebook = Rulebook(kb, readings=list(reading) if reading else None)
    if lang is not None:
        from .kbinfo import local_kb_notice

        notice = local_kb_notice(rulebook.kb_dir, lang.value)
        if notice is not None:
            typer.echo(notice, err=True)
    return rulebook


def _kb_header(kb: Optional[Path], rulebook: Rulebook, lang: Lang) -> str:
    """The first line of a text report: the KB in use, where it is and its content digest."""
    from .kbinfo import header, resolve

    return header(rulebook.kb_dir, resolve(kb)[1], lang.value) + "\n"


KbOption = Annotated[Optional[Path], typer.Option(
    "--kb", help="Läs regelboken från denna katalog (t.ex. ett utkast) i stället för den inbyggda.")]
ReadingOption = Annotated[Optional[list[str]], typer.Option(
    "--reading", help="Svara med en annan läsning av en öppen policyfråga, FRÅGA=LÄSNING (t.ex. "
                      "q_phone=not_1177; se py1177 questions). Upprepa för flera.")]


def _lang(value: str) -> Lang:
    from .casefile import enum_value

    return enum_value(Lang, value, "lang")


def _labels(rulebook: Rulebook, lang: Lang) -> Labels:
    from .render import Labels

    return Labels(rulebook.vocabulary(), lang.value)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


ScenarioOption = Annotated[Optional[str], typer.Option(
    "--scenario", "-s", help="Ett beskrivet scenario, t.ex. 3.1.2c (se `py1177 scenarios`).",
    autocompletion=_complete_scenario)]
CaseOption = Annotated[Optional[Path], typer.Option(
    "--case", "-c", help="Ärendefil (YAML eller JSON): {steps: [{role, channel, ...}]}.")]
StepOption = Annotated[Optional[list[str]], typer.Option(
    "--step", help="Ett steg ROLL:KANAL[:nyckel=värde...], t.ex. nurse:digital "
                   "doctor:digital:day=other. Upprepa för varje steg.")]
DateOption = Annotated[Optional[str], typer.Option(
    "--date", help="Datum ÅÅÅÅ-MM-DD (standard: i dag), prövas mot anvisningens giltighetstid.")]


def _case_arguments(scenario: Optional[str], case: Optional[Path], step: Optional[list[str]],
                    date: Optional[str]) -> dict[str, Any]:
    """The keyword arguments for Rulebook.advise/why/why_not from the case options."""
    from .casefile import load_case_file, parse_date, parse_step_spec

    given = [x is not None and x != [] for x in (scenario, case, step)]
    if sum(given) != 1:
        raise InputError("case_or_scenario")
    when = parse_date(date) if date is not None else None
    if case is not None:
        data = load_case_file(case)
        if when is not None:
            data["date"] = when
        return {"case": data}
    if step:
        return {"case": [parse_step_spec(spec, i) for i, spec in enumerate(step, 1)], "date": when}
    return {"scenario": scenario, "date": when}


@app.command()
def advise(
    scenario: ScenarioOption = None,
    case: CaseOption = None,
    step: StepOption = None,
    date: DateOption = None,
    kb: KbOption = None,
    reading: ReadingOption = None,
    lang: LangOption = "sv",
    as_json: JsonOption = False,
    detail: DetailOption = False,
) -> None:
    """Vad ska registreras i PMO för ett ärende, och vem avslutar det i 1177 direkt?"""
    language = _lang(lang)
    arguments = _case_arguments(scenario, case, step, date)
    rulebook = _rulebook(kb, language, reading)
    if as_json:  # the contract as the KB gives it: no typed objects to build (cold start)
        _print_json(rulebook.advise_dict(**arguments, lang=language))
        return
    from .render import render_advice

    advice = rulebook.advise(**arguments, lang=language)
    typer.echo(_kb_header(kb, rulebook, language) + render_advice(advice, _labels(rulebook, language), detail=detail),
               nl=False)


@app.command()
def why(
    scenario: ScenarioOption = None,
    case: CaseOption = None,
    step: StepOption = None,
    step_no: Annotated[Optional[int], typer.Option("--step-no", help="Förklara bara detta steg.")] = None,
    date: DateOption = None,
    kb: KbOption = None,
    reading: ReadingOption = None,
    lang: LangOption = "sv",
    as_json: JsonOption = False,
) -> None:
    """Varför? Ett träd av skäl för varje skyldighet i svaret, med avsnitt och citat ur anvisningen."""
    language = _lang(lang)
    arguments = _case_arguments(scenario, case, step, date)
    rulebook = _rulebook(kb, language, reading)
    tree = rulebook.why(**arguments, step_no=step_no, lang=language)
    if as_json:
        _print_json(tree.to_dict())
    else:
        from .render import render_why

        typer.echo(_kb_header(kb, rulebook, language) + render_why(tree, language.value), nl=False)


MAX_BAD_ANSWERS = 5
"""Invalid answers in a row after which ``ask`` gives up (exit 2): a script stuck in a loop."""
MAX_ANSWER_CHARS = 10_000
"""Longest answer line ``ask`` reads (a longer one ends the interview, exit 2: e.g. ``< /dev/zero``)."""


@app.command()
def ask(
    date: DateOption = None,
    kb: KbOption = None,
    reading: ReadingOption = None,
    lang: LangOption = "sv",
    explain: Annotated[Optional[bool], typer.Option(
        "--why/--no-why", help="Visa förklaringen (why) utan att fråga, eller aldrig.")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Frågorna på standard fel, svaret som JSON (som advise --json) på standard ut.")] = False,
) -> None:
    """Intervju: svara på några frågor om ärendet och få svaret – vad som registreras och varför.

    Bara de frågor som ändrar svaret ställs; regelboken väljer nästa fråga. Svara med
    siffran eller värdet; Enter väljer standardsvaret. Fungerar med indata från en pipe."""
    from .casefile import parse_date
    from .i18n import ASK, pick

    language = _lang(lang)
    code = language.value
    if as_json and explain:
        raise InputError("ask_json_why")
    when = parse_date(date) if date is not None else None
    rulebook = _rulebook(kb, language, reading)
    talk = _Talk(to_stderr=as_json)
    talk.say(pick(ASK, "intro", code))
    answers: list[tuple[int, str, str]] = []
    state = _interview(rulebook, answers, {}, when, code, talk)
    while True:
        case = state.case
        import shlex

        words = ["py1177", "advise"] + [w for n, s in enumerate(case.steps, 1)
                                        for w in ("--step", _step_spec(s, state.summary, n))]
        words += ["--date", date] if date is not None else []
        words += ["--kb", str(kb)] if kb is not None else []
        words += [w for q, r in sorted(rulebook.readings.items()) for w in ("--reading", f"{q}={r}")]
        words += ["--lang", code] if code != "sv" else []
        talk.say("")
        talk.say(pick(ASK, "your_answers", code))
        for n, item in enumerate(state.summary, 1):
            talk.say(f"  {n}) {item.text} — {item.label}")
        talk.say("")
        talk.say(pick(ASK, "same_as", code, command=shlex.join(words)))
        if as_json:
            _print_json(rulebook.advise_dict(case, date=when, lang=code))
            return
        advice = rulebook.advise(case, date=when, lang=code)
        from .render import render_advice, render_why

        talk.say("")
        typer.echo(_kb_header(kb, rulebook, language) + render_advice(advice, _labels(rulebook, language)), nl=False)
        changed = _offer_change(state.summary, code, talk)
        if changed is None:
            break
        item = state.summary[changed]
        keep = {(a[0], a[1]): a[2] for a in answers}
        kept = answers[:next(i for i, a in enumerate(answers) if (a[0], a[1]) == (item.step, item.field))] \
            if not item.skipped else list(answers)
        keep.pop((item.step, item.field), None)
        answers[:] = kept
        state = _interview(rulebook, answers, keep, when, code, talk, change=(item.step, item.field))
    if explain is None:
        talk.say("")
        explain = _yes_no(talk, pick(ASK, "offer_why", code), code)
    if explain:
        typer.echo("")
        typer.echo(render_why(rulebook.why(case, date=when, lang=code), code), nl=False)


BACK_WORDS = ("<", "tillbaka", "back")
"""Typed at a question, these go back to the previous question."""
CHANGE_WORDS = ("ändra svar", "ändra", "change", "change answer")


def _interview(rulebook: Rulebook, answers: list[tuple[int, str, str]], keep: dict[tuple[int, str], str],
               when: Any, code: str, talk: "_Talk", change: Optional[tuple[int, str]] = None) -> Any:
    """Ask the KB's questions until the case is known. An answer in ``keep`` (from before a change)
    is reused when the KB asks that question again and it is still allowed; ``change`` is always
    asked. ``<`` goes back one question. Returns the final interview state."""
    while True:
        state = rulebook.interview(answers, date=when, lang=code)
        question = state.question
        if state.done or question is None:
            return state
        key = (question.step, question.field)
        if key != change and key in keep and keep[key] in {c.value for c in question.choices}:
            answers.append((question.step, question.field, keep[key]))
            continue
        value = _ask_one(question, code, talk, can_go_back=bool(answers))
        if value is None:  # back: forget the last answer the person gave
            last = answers.pop()
            keep.pop((last[0], last[1]), None)
            change = None
            continue
        if key == change:
            change = None
        answers.append((question.step, question.field, value))


def _offer_change(summary: Any, code: str, talk: "_Talk") -> Optional[int]:
    """At the end: the number of an answer to change, or None (Enter or end of input)."""
    from .i18n import ASK, pick

    bad = 0
    while True:
        talk.say("")
        line = talk.read(pick(ASK, "offer_change", code, high=len(summary)), at_eof=None)
        text = (line or "").strip().lower()
        if not text:
            return None
        for word in CHANGE_WORDS:
            if text.startswith(word):
                text = text[len(word):].strip()
                if not text:
                    line = talk.read(pick(ASK, "which_answer", code, high=len(summary)), at_eof=None)
                    text = (line or "").strip()
                break
        if text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= len(summary):
            return int(text) - 1
        typer.echo(pick(ASK, "bad_change", code, high=len(summary)), err=True)
        bad += 1
        if bad >= MAX_BAD_ANSWERS and not _go_on(talk, code):
            return None


def _yes_no(talk: "_Talk", prompt: str, code: str) -> bool:
    """A [j/N] question: j/ja/y/yes or n/nej/no/Enter; anything else is asked again."""
    from .i18n import ASK, pick

    for _ in range(MAX_BAD_ANSWERS):
        line = talk.read(prompt, at_eof=None)
        text = (line or "").strip().lower()
        if text in ("j", "ja", "y", "yes"):
            return True
        if line is None or text in ("", "n", "nej", "no"):
            return False
        typer.echo(pick(ASK, "bad_yes_no", code), err=True)
    return False


def _go_on(talk: "_Talk", code: str) -> bool:
    """After MAX_BAD_ANSWERS invalid answers in a row: at a terminal, offer to go on (a person
    who mistyped keeps the interview); with piped input, give up (a script stuck in a loop)."""
    from .i18n import ASK, pick

    if sys.stdin is None or not sys.stdin.isatty():
        return False
    line = talk.read(pick(ASK, "go_on", code, n=MAX_BAD_ANSWERS), at_eof=None)
    return (line or "").strip().lower() in ("", "j", "ja", "y", "yes")


class _Talk:
    """The interview's side of the conversation: questions and prompts on standard output,
    or on standard error when the answer itself goes to standard output as JSON."""

    def __init__(self, to_stderr: bool) -> None:
        self.err = to_stderr

    def say(self, text: str, nl: bool = True) -> None:
        typer.echo(text, nl=nl, err=self.err)

    def read(self, prompt: str, at_eof: Optional[str] = "eof") -> Optional[str]:
        """One line of input after ``prompt``; at end of input raise (or return ``at_eof``)."""
        self.say(prompt, nl=False)
        (sys.stderr if self.err else sys.stdout).flush()
        try:  # never more than one bounded line, whatever the input (e.g. < /dev/zero)
            line = sys.stdin.readline(MAX_ANSWER_CHARS + 1) if sys.stdin is not None else ""  # closed: EOF
        except UnicodeDecodeError:
            self.say("")
            raise InputError("ask_not_utf8") from None
        except OSError as exc:
            self.say("")
            raise InputError("ask_unreadable", None, reason=exc.strerror or type(exc).__name__) from None
        if len(line) > MAX_ANSWER_CHARS and not line.endswith("\n"):
            self.say("")
            raise InputError("ask_line_too_long", None, limit=MAX_ANSWER_CHARS)
        if not line:
            self.say("")
            if at_eof == "eof":
                raise InputError("ask_eof")
            return at_eof
        if not sys.stdin.isatty():  # echo piped answers, so a transcript reads like a session
            self.say(line.rstrip("\n"))
        return line


def _ask_one(question: Question, lang: str, talk: _Talk, can_go_back: bool = False) -> Optional[str]:
    """Ask one KB question with numbered choices; return the chosen value (None: go back)."""
    from .i18n import ASK, pick

    talk.say("")
    talk.say(question.text)
    values = [c.value for c in question.choices]
    for n, choice in enumerate(question.choices, 1):
        mark = pick(ASK, "default_mark", lang) if choice.value == question.default else ""
        talk.say(f"  {n}) {choice.label}{mark}")
    bad = 0
    while True:
        text = (talk.read("> ") or "").strip()
        if not text:
            return question.default
        if text.lower() in BACK_WORDS:
            if can_go_back:
                return None
            typer.echo(pick(ASK, "no_back", lang), err=True)
            continue
        if text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= len(values):
            return values[int(text) - 1]
        lowered = text.lower()
        for choice in question.choices:
            if lowered in (choice.value, choice.label.lower()):
                return choice.value
        typer.echo(pick(ASK, "bad_answer", lang, high=len(values), example=question.choices[0].label), err=True)
        bad += 1
        if bad >= MAX_BAD_ANSWERS:
            if not _go_on(talk, lang):
                raise InputError("ask_too_many_bad", None, n=MAX_BAD_ANSWERS, question=question.text)
            bad = 0


def _step_spec(step: Any, summary: Any = (), n: int = 0) -> str:
    """A step as a ``--step`` spec (ROLE:CHANNEL[:key=value...]); a day or unit the interview
    skipped (it cannot change the answer) is left out, not printed as a fact."""
    skipped = {item.field for item in summary if item.skipped and item.step == n}
    spec = str(step.to_spec())
    if not skipped:
        return spec
    return ":".join(p for p in spec.split(":") if p.partition("=")[0] not in skipped)


RoleFilter = Optional[str]


@app.command("why-not")
def why_not(
    expect: Annotated[list[str], typer.Option(
        "--expect", help="Förväntat villkor KEY=VÄRDE, t.ex. \"contact_type=Text som inte ersätter besök\", "
                         "registers=true, closes=true, attribute=…, diagnosis=…, status=…, scenario=…. "
                         "Upprepa för flera (alla ska gälla).")],
    scenario: ScenarioOption = None,
    case: CaseOption = None,
    step: StepOption = None,
    step_no: Annotated[Optional[int], typer.Option("--step-no", help="Villkoret gäller detta steg (standard: något steg).")] = None,
    date: DateOption = None,
    seconds: Annotated[float, typer.Option(
        "--seconds", help="Tidsgräns för sökningen efter ändringar, i sekunder (standard 10).")] = 10.0,
    kb: KbOption = None,
    reading: ReadingOption = None,
    lang: LangOption = "sv",
    as_json: JsonOption = False,
) -> None:
    """Varför inte? Varför en förväntad registrering inte gäller, och minsta ändring som får den att gälla."""
    language = _lang(lang)
    conditions: dict[str, str] = {}
    for item in expect:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError("expect_format", None, value=item)
        if key.strip() in conditions:
            raise InputError("spec_duplicate", None, key=key.strip())
        conditions[key.strip()] = value.strip()
    arguments = _case_arguments(scenario, case, step, date)
    rulebook = _rulebook(kb, language, reading)
    result = rulebook.why_not(**arguments, expect=conditions, step_no=step_no, lang=language, seconds=seconds)
    if as_json:
        _print_json(result.to_dict())
    else:
        from .render import render_why_not

        typer.echo(_kb_header(kb, rulebook, language) + render_why_not(result, language.value), nl=False)


@app.command(context_settings={"help_option_names": []})
def query(
    ctx: typer.Context,
    goal: Annotated[Optional[str], typer.Argument(help="Ett Prolog-mål över regelbokens publika predikat.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Högst så många lösningar.")] = 20,
    seconds: Annotated[float, typer.Option("--seconds", help="Tidsgräns i sekunder.")] = 5.0,
    kb: KbOption = None,
    lang: LangOption = "sv",
    as_json: JsonOption = False,
    show_help: Annotated[bool, typer.Option("--help", help="Visa hjälpen och regelbokens publika predikat.")] = False,
) -> None:
    """Kör ett Prolog-mål mot regelboken i en sandlåda (bara publika predikat; tids- och inferensgräns).

    Exempel: py1177 query 'scenario(Id, S, T, _)'. Otillåtna mål (shell, halt, assert, filer,
    flaggor, consult …) vägras med exit 2.
    """
    if show_help:
        from .render import render_query_help

        typer.echo(ctx.get_help())
        typer.echo(render_query_help(_rulebook(kb).public_predicates()), nl=False)
        return
    if goal is None:
        raise InputError("query_missing")
    language = _lang(lang)
    rulebook = _rulebook(kb, language)
    result = rulebook.query(goal, limit=limit, seconds=seconds, lang=language)
    if as_json:
        _print_json(result.to_dict())
        return
    typer.echo(_kb_header(kb, rulebook, language), nl=False)
    from .i18n import ui

    for solution in result.texts:  # as Prolog wrote the values
        typer.echo(", ".join(f"{k} = {v}" for k, v in solution.items()) or ui("query_true", language.value))
    if not result.solutions:
        typer.echo(ui("query_false", language.value))
    elif result.more:
        typer.echo(ui("query_more", language.value, limit=limit))


@app.command()
def find(
    never_registers: Annotated[RoleFilter, typer.Option(
        "--never-registers", help="Rollen registrerar inget i PMO i något alternativ (eller deltar inte).")] = None,
    always_registers: Annotated[RoleFilter, typer.Option(
        "--always-registers", help="Rollen deltar och registrerar i PMO i varje steg den tar.")] = None,
    contact_type: Annotated[Optional[str], typer.Option(
        "--contact-type", help="Någon registrering har denna vårdkontakt (etikett eller id).")] = None,
    closer: Annotated[RoleFilter, typer.Option("--closer", help="Rollen som avslutar ärendet.")] = None,
    closer_not_first: Annotated[bool, typer.Option(
        "--closer-not-first", help="Ärendet avslutas av någon annan än den som registrerar först.")] = False,
    only_replaces_visit: Annotated[bool, typer.Option(
        "--only-replaces-visit", help="Inget alternativ \"ersätter inte besök\".")] = False,
    no_pmo_step: Annotated[bool, typer.Option(
        "--no-pmo-step", help="Något steg registrerar inget i PMO.")] = False,
    cases: Annotated[Optional[int], typer.Option(
        "--cases", help="Pröva varje stegkedja upp till N steg i stället för de beskrivna scenarierna.")] = None,
    chains: Annotated[bool, typer.Option(
        "--chains", help="Svara per kedja i stället för per scenario (ett scenario matchar bara när "
                         "alla dess kedjor matchar).")] = False,
    status: Annotated[Optional[str], typer.Option(
        "--status", help="Bara kedjor med denna status: documented, inferred eller gap.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Visa högst så många träffar (alla räknas).")] = 200,
    kb: KbOption = None,
    reading: ReadingOption = None,
    lang: LangOption = "sv",
    as_json: JsonOption = False,
) -> None:
    """Omvända frågor med fullständiga svar: vilka fall uppfyller alla villkor, och varför?"""
    language = _lang(lang)
    rulebook = _rulebook(kb, language, reading)
    result = rulebook.find(never_registers=never_registers, always_registers=always_registers,
                                contact_type=contact_type, closer=closer, closer_not_first=closer_not_first,
                                only_replaces_visit=only_replaces_visit, no_pmo_step=no_pmo_step, cases=cases,
                                limit=limit, lang=language, chains=chains, status=status)
    if as_json:
        _print_json(result.to_dict())
    else:
        from .render import render_find

        typer.echo(_kb_header(kb, rulebook, language) + render_find(result, language.value), nl=False)


@app.command()
def scenarios(kb: KbOption = None, lang: LangOption = "sv", as_json: JsonOption = False) -> None:
    """De tolv beskrivna scenarierna i §3.1, med stegkedjor."""
    language = _lang(lang)
    rulebook = _rulebook(kb, language)
    items = rulebook.scenarios()
    if as_json:
        _print_json([s.to_dict() for s in items])
    else:
        from .render import render_scenarios

        typer.echo(_kb_header(kb, rulebook, language) + render_scenarios(items, _labels(rulebook, language)))


def _show(data: Any, as_json: bool, render: Any, header: str = "") -> None:
    """Print a listing: its JSON form, or ``header`` and the text that ``render()`` makes."""
    from .model import to_jsonable

    if as_json:
        _print_json(to_jsonable(data))
    else:
        typer.echo(header + render(), nl=False)


@app.command()
def guideline(kb: KbOption = None, lang: LangOption = "sv", as_json: JsonOption = False) -> None:
    """Anvisningens metadata: utgivare, version, giltighet, omfattning, avsnitt."""
    from .render import render_guideline

    language = _lang(lang)
    rulebook = _rulebook(kb, language)
    g = rulebook.guideline()
    _show(g, as_json, lambda: render_guideline(g, language.value), _kb_header(kb, rulebook, language))


@app.command()
def errata(kb: KbOption = None, lang: LangOption = "sv", as_json: JsonOption = False) -> None:
    """Källans egna stavfel och hur regelboken normaliserar dem."""
    from .render import render_errata

    language = _lang(lang)
    rulebook = _rulebook(kb, language)
    items = rulebook.errata()
    _show(items, as_json, lambda: render_errata(items, language.value), _kb_header(kb, rulebook, language))


@app.command()
def questions(
    kb: KbOption = None,
    reading: ReadingOption = None,
    with_impact: Annotated[bool, typer.Option(
        "--impact", help="Räkna för varje annan läsning hur många fall som skulle få ett annat svar, och "
                         "ordna frågorna efter det (sparas i användarens cache per regelbok).")] = False,
    max_steps: Annotated[int, typer.Option(
        "--max-steps", help="Med --impact: längsta kedja som prövas (standard 2; 3 tar flera minuter).")] = 2,
    lang: LangOption = "sv",
    as_json: JsonOption = False,
) -> None:
    """Öppna policyfrågor: var anvisningen är tvetydig eller tyst, vilka läsningar texten tillåter och vilken som används."""
    from .render import render_questions

    language = _lang(lang)
    rulebook = _rulebook(kb, language, reading)
    items = rulebook.policy_questions(language)
    impacts = None
    if with_impact:
        from .whatif import impact

        impacts = impact(rulebook, max_steps=max_steps)
    if as_json:
        from .model import to_jsonable

        data = [to_jsonable(q) for q in items]
        if impacts is not None:
            for q in data:
                by = impacts.get(q["id"], {})
                for r in q["readings"]:
                    r["answers_changed"] = None if r["in_force"] else by.get(r["id"])
            data.sort(key=lambda q: -max([r["answers_changed"] or 0 for r in q["readings"]] or [0]))
        _print_json(data)
        return
    typer.echo(_kb_header(kb, rulebook, language) + render_questions(items, language.value, impacts, max_steps),
               nl=False)


@app.command("what-if")
def what_if(
    reading: ReadingOption = None,
    rank: Annotated[bool, typer.Option(
        "--rank", help="Rangordna i stället alla andra läsningar efter hur många svar de ändrar (rådets "
                       "dagordning; som questions --impact, standard 2 steg).")] = False,
    max_steps: Annotated[Optional[int], typer.Option(
        "--max-steps", help="Längsta kedja som prövas (standard 3, som check; 2 går fortare).")] = None,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", help="Högst så många ändrade fall i detalj (standard: 20 i text, alla i --json).")] = None,
    kb: KbOption = None,
    lang: LangOption = "sv",
    as_json: JsonOption = False,
) -> None:
    """Vad händer om en öppen policyfråga avgörs på ett annat sätt? Varje fall vars svar ändras, per effekt."""
    from .whatif import DEFAULT_IMPACT_STEPS, DEFAULT_WHAT_IF_STEPS, impact, ranking, what_if as run_what_if

    language = _lang(lang)
    rulebook = _rulebook(kb, language)
    if rank:
        steps = DEFAULT_IMPACT_STEPS if max_steps is None else max_steps
        if reading:
            rulebook = rulebook.with_readings(list(reading))
        rows = ranking(impact(rulebook, max_steps=steps))
        if as_json:
            _print_json({"max_steps": steps, "ranking": [{"question": q, "reading": r, "answers_changed": n}
                                                          for q, r, n in rows]})
            return
        from .render import render_ranking

        typer.echo(_kb_header(kb, rulebook, language)
                   + render_ranking(rows, rulebook.policy_questions(language), language.value, steps), nl=False)
        return
    if not reading:
        raise InputError("what_if_reading")
    steps = DEFAULT_WHAT_IF_STEPS if max_steps is None else max_steps
    report = run_what_if(rulebook, list(reading), max_steps=steps,
                         limit=limit if (as_json or limit is not None) else 20)
    if as_json:
        _print_json(report.to_dict())
        return
    from .render import render_what_if

    typer.echo(_kb_header(kb, rulebook, language)
               + render_what_if(report, _labels(rulebook, language), rulebook.policy_questions(language)), nl=False)


@app.command()
def pmo(kb: KbOption = None, lang: LangOption = "sv", as_json: JsonOption = False) -> None:
    """§4: Tidbokstyp och Anteckningsmall 1177 direkt, och vårdkontakterna med attributet.

    (Innehållet citeras på svenska, som anvisningen skriver det.)"""
    language = _lang(lang)
    rulebook = _rulebook(kb, language)
    data = rulebook.pmo()
    if as_json:
        _print_json(data.to_dict())
        return
    typer.echo(_kb_header(kb, rulebook, language), nl=False)
    from .render import render_pmo

    typer.echo(render_pmo(data), nl=False)


@app.command()
def render(
    fmt: Annotated[str, typer.Option("--format", "-f", help="md (Markdown) eller html (en fristående fil).",
                                     autocompletion=lambda incomplete: [f for f in ("md", "html")
                                                                        if f.startswith(incomplete)])] = "md",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Skriv till denna fil i stället för standard ut.")] = None,
    kb: KbOption = None,
    reading: ReadingOption = None,
    lang: LangOption = "sv",
) -> None:
    """Anvisningens §3–§4 återskapad ur regelboken: scenarier, beslutstabeller, flödesbild, errata, frågor."""
    from .document import render_document

    language = _lang(lang)
    if fmt not in ("md", "html"):
        raise InputError("bad_format", None, value=fmt)
    text = render_document(_rulebook(kb, language, reading), fmt, language.value)
    if out is None:
        typer.echo(text, nl=False)
        return
    _write_whole(out, text)


def _write_whole(out: Path, text: str) -> None:
    """Write ``text`` to ``out``. A regular file (or a new one) is written whole or not at all:
    into a new file beside it, then renamed over it, so a failed write (disk full) leaves an
    existing file as it was. Anything else (a device, a pipe) is written to directly."""
    import stat
    import tempfile

    tmp: Optional[str] = None
    try:
        if out.is_dir():
            raise IsADirectoryError(21, "is a directory")
        if out.exists() and not stat.S_ISREG(out.stat().st_mode):
            with out.open("w", encoding="utf-8") as stream:
                stream.write(text)
            return
        handle, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
        tmp = None
    except OSError as exc:
        from .i18n import os_reason

        raise InputError("out_unwritable", None, path=str(out), reason=os_reason(exc)) from exc
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


LONG_CHECK_CHAINS = 2_000_000
"""From this many chains on (about 20 s), ``check`` shows its cost and progress even when
standard error is not a terminal."""
CHECK_CHAINS_PER_SECOND = 100_000
"""Rough speed of ``check`` for the cost said up front (measured: 998 499 chains in 8.5 s on
the project's 2-core machine); the progress lines give the measured rate's estimate."""


@app.command()
def check(
    kb: KbOption = None,
    reading: ReadingOption = None,
    max_steps: Annotated[int, typer.Option(
        "--max-steps", help="Längsta kedja som prövas (standard 3: ~1 miljon kedjor).")] = 3,
    choice_steps: Annotated[Optional[int], typer.Option(
        "--choice-steps", help="Pröva replaces_visit-val på kedjor upp till så många steg (standard: "
                               "min(max-steps, 2); 3 ger ~2,4 miljoner kedjor).")] = None,
    coverage: Annotated[bool, typer.Option(
        "--coverage", help="Visa hela täckningsmatrisen (varje rad i §3.1 och §4 → KB-fakta), inte bara "
                           "de ospårade raderna.")] = False,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", help="Visa förloppet på standard fel (standard: vid en terminal, eller när "
                                         "prövningen är lång).")] = None,
    lang: LangOption = "sv",
    as_json: JsonOption = False,
) -> None:
    """Pröva regelboken mot varje stegkedja: konflikter, luckor, invarianter, citat, täckning, döda regler.

    Exit 0 när allt håller, 1 när något inte håller, 2 om regelboken inte kan läsas.
    """
    from .i18n import ui
    from .kbinfo import kb_digest, place, resolve

    language = _lang(lang)
    rulebook = _rulebook(kb, language, reading)
    chains = rulebook.check_cost(max_steps=max_steps, choice_steps=choice_steps)
    if progress is None:
        progress = sys.stderr.isatty() or chains >= LONG_CHECK_CHAINS
    if progress:  # the expected cost up front
        seconds = chains / CHECK_CHAINS_PER_SECOND
        expected = f"{max(1, round(seconds))} s" if seconds < 120 else f"{round(seconds / 60)} min"
        typer.echo(ui("check_cost", language.value, chains=f"{chains:,}".replace(",", " "), n=max_steps,
                      time=expected), err=True)
        sys.stderr.flush()
    report = rulebook.check(max_steps=max_steps, choice_steps=choice_steps, lang=language, progress=progress,
                            progress_every=2.0 if sys.stderr.isatty() else 30.0)
    if as_json:
        _print_json({**report.to_dict(), "kb": {"path": str(rulebook.kb_dir), "digest": kb_digest(rulebook.kb_dir)}})
    else:
        from .render import render_check

        typer.echo(render_check(report, language.value, place(rulebook.kb_dir, resolve(kb)[1], language.value),
                                full_coverage=coverage), nl=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command("test")
def policy_test(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Policyfiler (YAML) eller kataloger med sådana (standard: regelbokens tests/).")] = None,
    kb: KbOption = None,
    reading: ReadingOption = None,
    lang: LangOption = "sv",
    as_json: JsonOption = False,
) -> None:
    """Kör policytester i YAML, som i kb/tests: förväntade registreringar, avslutare, status.

    Exit 0 när alla går igenom, 1 när något test fallerar, 2 för en felaktig fil.
    """
    from . import policytest
    from .i18n import POLICY, pick

    language = _lang(lang)
    if not paths:  # the policy's own tests, shipped in the KB in use
        from .kbinfo import resolve
        from .rulebook import POLICY_TESTS_DIR

        paths = [resolve(kb)[0] / POLICY_TESTS_DIR]
    files = policytest.policy_files(paths)
    tests = [t for f in files for t in policytest.load_file(f)]
    rulebook = _rulebook(kb, language, reading)
    outcomes = policytest.run(rulebook, tests, language.value)
    failed = [o for o in outcomes if not o.passed]
    if as_json:
        from .kbinfo import kb_digest

        _print_json({"kb": {"path": str(rulebook.kb_dir), "digest": kb_digest(rulebook.kb_dir)},
                     "passed": len(outcomes) - len(failed), "failed": len(failed),
                     "failures": [{"file": str(o.test.path), "name": o.test.name, "problems": list(o.problems)}
                                  for o in failed]})
    else:
        typer.echo(_kb_header(kb, rulebook, language), nl=False)
        current = None
        for o in outcomes:
            if o.test.path != current:
                current = o.test.path
                typer.echo(str(current))
            typer.echo(f"  {'✓' if o.passed else '✗'} {o.test.name}")
            for problem in o.problems:
                for line in problem.splitlines():
                    typer.echo(f"      {line}")
        typer.echo(pick(POLICY, "summary", language.value, passed=len(outcomes) - len(failed), failed=len(failed)))
    if failed:
        raise typer.Exit(1)


@app.command()
def diff(
    base: Annotated[str, typer.Option("--base", help="Jämför mot: en katalog med en regelbok, eller en git-revision (t.ex. HEAD~1).")],
    head: Annotated[Optional[str], typer.Option("--head", help="Den nya regelboken: en katalog eller git-revision (standard: samma som alla kommandon läser – --kb, annars PY1177_KB_DIR, annars den inbyggda).")] = None,
    kb: KbOption = None,
    reading: ReadingOption = None,
    max_steps: Annotated[int, typer.Option("--max-steps", help="Längsta kedja som jämförs (standard 2; 3 tar omkring en minut).")] = 2,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Högst så många ändrade kedjor i detalj (standard: 20 i text, alla i --json).")] = None,
    lang: LangOption = "sv",
    as_json: JsonOption = False,
) -> None:
    """Vilka fall får ett annat svar i en ny version av regelboken? Ändrade svar skiljs från ändrade förklaringar.

    Exit 0 när inget svar ändrats (bara förklaringar, eller inget), 1 när något svar ändrats, 2 om en
    regelbok inte kan läsas.
    """
    from .kbinfo import local_kb_notice, resolve
    from .rulebook import _bounded_int
    from .semdiff import MAX_DIFF_STEPS, semantic_diff

    language = _lang(lang)
    if head is not None and kb is not None:
        raise InputError("diff_head_twice")
    steps = _bounded_int(max_steps, "--max-steps", 1, MAX_DIFF_STEPS)
    shown = None if limit is None else _bounded_int(limit, "--limit", 0, 1_000_000)
    default_head, how = resolve(kb)
    if head is None:
        notice = local_kb_notice(default_head, language.value)
        if notice is not None:
            typer.echo(notice, err=True)
    detail = 20 if limit is None else shown  # text: the first 20 changed chains unless --limit
    report = semantic_diff(base, head, steps, Path.cwd(), shown if as_json else detail, default_head=default_head,
                           head_readings=tuple(reading or ()))
    if as_json:
        _print_json(report.to_dict())
    else:
        from .render import Labels, render_diff

        labels_dir = Path(report.head) if Path(report.head).is_dir() else default_head
        try:  # the labels of roles, statuses and alternatives are the new KB's (policy)
            labels = Labels(_rulebook(labels_dir).vocabulary(), language.value)
        except Py1177Error:
            from .results import Vocabulary

            labels = Labels(Vocabulary(inputs={}, contact_types=(), labels={}, max_steps=0), language.value)
        typer.echo(render_diff(report, labels, detail=detail,
                               head_how=how if head is None else None), nl=False)
    if report.answers_changed:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Adress att lyssna på (standard: bara den här datorn).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port att lyssna på.")] = 8177,
    workers: Annotated[int, typer.Option("--workers", help="Antal arbetsprocesser (var och en med sin egen Prolog).")] = 1,
    kb: KbOption = None,
    allow_query: Annotated[bool, typer.Option(
        "--allow-query", help="Besvara också POST /api/v1/query (Prolog-mål i sandlådan).")] = False,
) -> None:
    """HTTP-API:t (/api/v1/...): samma svar som --json, som JSON över HTTP. Stoppas med SIGTERM eller Ctrl-C."""
    from .rulebook import _bounded_int

    _bounded_int(port, "port", 1, 65535)
    _bounded_int(workers, "workers", 1, 64)
    if kb is not None:
        from .bridge import POLICY_MARKER

        if not (kb / POLICY_MARKER).is_file():
            raise InputError("kb_missing_file", None, path=str(kb / POLICY_MARKER))
    try:
        from .server import serve as run_server
    except ImportError as exc:  # the `serve` extra is not installed
        raise InputError("serve_missing", None, detail=str(exc)) from None
    run_server(host, port, workers, str(kb.resolve()) if kb is not None else None, allow_query)


@app.command("_dump", hidden=True)
def dump_chains(
    kb: KbOption = None,
    max_steps: Annotated[int, typer.Option("--max-steps")] = 2,
    out: Annotated[Path, typer.Option("--out")] = Path("."),
    reading: Annotated[Optional[list[str]], typer.Option("--reading")] = None,
) -> None:
    """(internal) Write every chain's answer summary for `py1177 diff`."""
    from .bridge import Quoted

    from .rulebook import _bounded_int
    from .semdiff import MAX_DIFF_STEPS

    steps = _bounded_int(max_steps, "max_steps", 1, MAX_DIFF_STEPS)  # 3 steps: ~360 MB, a minute
    target = out.resolve()
    if not target.is_dir():
        raise InputError("out_unwritable", None, path=str(out), reason="not a directory")
    rulebook = _rulebook(kb, None, reading)
    data = rulebook._bridge.json("dump_json", [Compound("max_steps", steps)], Quoted(str(target)),
                                 module="kb_check")
    _print_json(data)


def _version_callback(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"py1177 {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", callback=_version_callback, is_eager=True, help="Visa versionen.")] = False,
        lang: Annotated[str, typer.Option(
            "--lang", help="Språk för hjälptexter och fel: sv (standard) eller en (varje kommando som svarar "
                           "har också --lang; serve väljer språk per anrop).")] = "sv") -> None:
    """py1177 — anvisningen för 1177 direkt som regelbok."""
    _lang(lang)


def _lang_of(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "sv"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "sv"
    return "sv"


def _click_exceptions() -> Any:
    """Click's exception module: vendored by newer typer releases, a dependency of older ones."""
    try:
        from typer._click import exceptions
    except ImportError:  # typer < 0.20 depends on click itself
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


from . import cli_audit as _cli_audit  # noqa: E402,F401  (registers `audit` and `table`)


def main(argv: Optional[list[str]] = None) -> int:
    """Run the CLI; returns the exit code (used by the console script and ``python -m``)."""
    click_exc = _click_exceptions()

    args = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(args)
    prefix = "py1177: fel: " if lang == "sv" else "py1177: error: "
    try:
        for i, arg in enumerate(args):  # also before --help, which click answers first
            given = args[i + 1] if arg == "--lang" and i + 1 < len(args) else (
                arg.split("=", 1)[1] if arg.startswith("--lang=") else None)
            if given is not None:
                _lang(given)
        command = typer.main.get_command(app)
        if not args or "--help" in args or "--show-completion" in args:  # help text is only shown then
            _localise_help(command, lang)
        result = command.main(args=args, prog_name="py1177", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except InputError as exc:
        typer.echo(prefix + exc.message(lang), err=True)
        return 2
    except KBError as exc:
        typer.echo(prefix + exc.message(lang), err=True)
        return 2
    except Py1177Error as exc:
        typer.echo(prefix + str(exc), err=True)
        return 2
    except click_exc.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help() if exc.ctx else "py1177 --help", err=False)
        return 0
    except click_exc.UsageError as exc:
        hint = f" ({exc.ctx.command_path} --help)" if exc.ctx else ""
        typer.echo(prefix + _usage_message(exc, click_exc, lang) + hint, err=True)
        return 2
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("", err=True)
        return 130
    except click_exc.ClickException as exc:
        typer.echo(prefix + exc.format_message().replace("\n", " "), err=True)
        return 2


def _localise_help(command: Any, lang: str) -> None:
    """Put the help texts of ``command`` and its subcommands in ``lang``: the Swedish texts are
    written in this file, the English ones are in i18n.HELP_EN; typer's own texts are English
    and i18n.HELP_SV puts them in Swedish. (Click's headings "Usage:", "Options:" stay.)"""
    from .i18n import HELP_EN, HELP_SV

    table = HELP_EN if lang == "en" else HELP_SV
    for param in command.params:
        if getattr(param, "help", None) in table:
            param.help = table[param.help]
    if command.help in table:
        command.help = table[command.help]
    for sub in getattr(command, "commands", {}).values():
        _localise_help(sub, lang)


def _usage_message(exc: Any, click_exc: Any, lang: str) -> str:
    """Click's usage errors, in the user's language where we know their shape."""
    from .i18n import ERRORS, pick

    detail = " ".join(exc.format_message().split())
    if isinstance(exc, click_exc.NoSuchOption):
        return pick(ERRORS, "no_such_option", lang, name=exc.option_name)
    if isinstance(exc, click_exc.BadOptionUsage) and "requires an argument" in detail:
        return pick(ERRORS, "missing_option", lang, name=exc.option_name)
    if isinstance(exc, click_exc.MissingParameter):
        param = exc.param
        if param is not None and getattr(param, "param_type_name", "") == "argument":
            return pick(ERRORS, "missing_argument", lang, name=(param.name or "?").upper())
        name = param.opts[0] if param is not None and param.opts else "?"
        return pick(ERRORS, "required_option", lang, name=name)
    if isinstance(exc, click_exc.BadParameter):
        name = exc.param.opts[0] if exc.param is not None and exc.param.opts else "?"
        kind = getattr(getattr(exc.param, "type", None), "name", "")
        kind = {"int": "integer"}.get(kind, kind)  # click's IntParamType is "integer" or "int"
        message = str(exc.message)
        # typer 0.26-0.28 says "not a valid int", typer 0.29 (pydantic) "valid integer"
        if not kind and ("valid int" in message or "valid integer" in message):
            kind = "integer"
        elif not kind and ("valid float" in message or "valid number" in message):
            kind = "float"
        if kind in ("integer", "float"):
            return pick(ERRORS, "bad_option_number", lang, name=name,
                        kind_sv="ett heltal" if kind == "integer" else "ett tal",
                        kind_en="a whole number" if kind == "integer" else "a number")
        return pick(ERRORS, "bad_option", lang, name=name, detail=exc.message)
    import re

    found = re.fullmatch(r"No such command '(.*)'\.", detail)
    if found:
        return pick(ERRORS, "no_such_command", lang, name=found.group(1))
    found = re.fullmatch(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", detail)
    if found:
        return pick(ERRORS, "extra_argument", lang, value=found.group(1))
    return pick(ERRORS, "usage", lang, detail=detail)


def run() -> None:
    """Console-script entry point.

    Prolog runs on the bridge's worker thread while this thread waits, so that Ctrl-C stops
    a long ``check``, ``find``, ``why-not`` or ``diff`` at once: the command unwinds (temporary
    files are removed, child processes killed), then the process leaves with 130 without
    shutting Prolog down — the worker may still be inside the interrupted call, and
    ``PL_cleanup`` would wait for it."""
    from .bridge import run_on_worker

    run_on_worker()
    try:
        code = main()
    except KeyboardInterrupt:  # between the command's end and here
        code = 130
    if code == 130:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # a closed pipe: nothing more can be said
                pass
        os._exit(130)
    sys.exit(code)


if __name__ == "__main__":
    run()
