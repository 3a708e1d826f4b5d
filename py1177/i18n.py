"""User-interface text in Swedish (default) and English.

Only interface wording lives here: headings, prefixes and input-error templates.
Policy wording (labels, quotes, rule sentences, warnings) comes from the KB.
"""

from __future__ import annotations

from typing import Any

ERRORS: dict[str, tuple[str, str]] = {
    # code: (sv, en)
    "unknown_value": ("okänt värde för {what}: {value!r} (tillåtet: {allowed})",
                      "unknown {what} {value!r} (allowed: {allowed})"),
    "not_one_of": ("{what} ska vara ett av {allowed}, inte {value!r}",
                   "{what} must be one of {allowed}, not {value!r}"),
    "not_bool": ("{what} ska vara true eller false, inte {value!r}",
                 "{what} must be true or false, not {value!r}"),
    "step_not_mapping": ("ett steg ska vara en mappning med nycklarna {allowed}",
                         "a step must be a mapping with keys {allowed}"),
    "unknown_key": ("okänd nyckel {key!r} (tillåtet: {allowed})",
                    "unknown key {key!r} (allowed: {allowed})"),
    "missing_key": ("{key} saknas (tillåtet: {allowed})", "{key} is missing (allowed: {allowed})"),
    "too_many_steps": ("ett ärende har 1 till {max} steg, inte {n}", "a case has 1 to {max} steps, not {n}"),
    "steps_empty": ("steps ska vara en icke-tom lista av steg", "steps must be a non-empty list of steps"),
    "spec_format": ("förväntade ROLL:KANAL[:nyckel=värde...], t.ex. nurse:digital eller doctor:digital:day=other",
                    "expected ROLE:CHANNEL[:key=value...], e.g. nurse:digital or doctor:digital:day=other"),
    "spec_key_value": ("förväntade nyckel=värde, inte {part!r} (nycklar: {allowed})",
                       "expected key=value, not {part!r} (keys: {allowed})"),
    "spec_duplicate": ("{key} anges två gånger", "{key} given twice"),
    "bad_date": ("ogiltigt datum {value!r} (förväntade ÅÅÅÅ-MM-DD, t.ex. 2023-09-01)",
                 "bad date {value!r} (expected YYYY-MM-DD, e.g. 2023-09-01)"),
    "file_missing": ("filen finns inte", "the file does not exist"),
    "file_not_regular": ("är ingen vanlig fil", "is not a regular file"),
    "case_scenario_type": ("scenario ska vara ett scenario-id som text, t.ex. 3.1.2c, inte {value!r}",
                           "scenario must be a scenario id as text, e.g. 3.1.2c, not {value!r}"),
    "no_such_option": ("okänd flagga {name}", "no such option {name}"),
    "missing_option": ("{name} saknar värde", "{name} needs a value"),
    "bad_option_number": ("ogiltigt värde för {name}: ska vara {kind_sv}", "invalid value for {name}: must be {kind_en}"),
    "kb_missing_file": ("{path} saknas", "{path} is missing"),
    "bad_option": ("ogiltigt värde för {name}: {detail}", "invalid value for {name}: {detail}"),
    "usage": ("felaktigt anrop: {detail}", "bad usage: {detail}"),
    "file_unreadable": ("filen kan inte läsas: {reason}", "the file cannot be read: {reason}"),
    "file_too_large": ("filen är större än {limit} byte", "the file is larger than {limit} bytes"),
    "file_not_utf8": ("filen är inte UTF-8-text", "the file is not UTF-8 text"),
    "yaml_too_many": ("fler än {limit} värden när alias (*namn) ersätts med sina värden",
                      "more than {limit} values once aliases (*name) are expanded"),
    "yaml_too_deep": ("nästlad djupare än {limit} nivåer", "nested deeper than {limit} levels"),
    "yaml_recursive": ("ett alias (*namn) pekar på ett värde som innehåller aliaset",
                       "an alias (*name) refers to a value that contains the alias"),
    "yaml_duplicate_key": ("rad {line}: nyckeln {key!r} anges två gånger", "line {line}: key {key!r} given twice"),
    "yaml_invalid": ("ogiltig YAML: {detail}", "not valid YAML: {detail}"),
    "file_invalid": ("ogiltig {fmt}: {detail}", "not valid {fmt}: {detail}"),
    "case_not_mapping": ("förväntade en mappning med 'steps' (en lista av steg) eller 'scenario'",
                         "expected a mapping with 'steps' (a list of steps) or 'scenario'"),
    "case_steps_or_scenario": ("ange antingen 'steps' eller 'scenario'", "give either 'steps' or 'scenario'"),
    "case_date": ("date ska vara ÅÅÅÅ-MM-DD", "date must be YYYY-MM-DD"),
    "unknown_scenario": ("okänt scenario {value!r} (tillåtet: {allowed})",
                         "unknown scenario {value!r} (allowed: {allowed})"),
    "reading_spec": ("en läsning anges som FRÅGA=LÄSNING, t.ex. q_phone=not_1177 (fick {value!r})",
                     "a reading is given as QUESTION=READING, e.g. q_phone=not_1177 (got {value!r})"),
    "unknown_question": ("okänd policyfråga {value!r} (tillåtet: {allowed})",
                         "unknown policy question {value!r} (allowed: {allowed})"),
    "unknown_reading": ("okänd läsning {value!r} av {question} (tillåtet: {allowed})",
                        "unknown reading {value!r} of {question} (allowed: {allowed})"),
    "reading_twice": ("{question} ges två olika läsningar", "{question} is given two different readings"),
    "what_if_reading": ("ange minst en läsning: --reading FRÅGA=LÄSNING (se py1177 questions), eller --rank",
                        "give at least one reading: --reading QUESTION=READING (see py1177 questions), or --rank"),
    "case_or_scenario": ("ange antingen ett ärende (steg) eller ett scenario-id, inte båda eller inget",
                         "give either a case (steps) or a scenario id, not both or neither"),
    "kb": ("{sv}", "{en}"),
    "batch_case": ("ärende {n}: {sv}", "case {n}: {en}"),
    "time_limit": ("svaret tog längre tid än {seconds} s och avbröts (begränsa frågan)",
                   "the answer took longer than {seconds} s and was stopped (narrow the question)"),
    "batch_cases": ("cases ska vara en lista av ärenden (högst {max})", "cases must be a list of cases (at most {max})"),
    "serve_missing": ("py1177 serve behöver tillägget serve: pip install 'py1177[serve]' ({detail})",
                      "py1177 serve needs the serve extra: pip install 'py1177[serve]' ({detail})"),
    "serve_bind": ("kan inte lyssna på {host}:{port}: {reason}", "cannot listen on {host}:{port}: {reason}"),
    "case_steps_only": ("ett ärende (Case) är en kedja av steg; {key} hör till frågan (Rulebook.advise), inte till ärendet",
                        "a Case is a chain of steps; {key} belongs to the question (Rulebook.advise), not to the case"),
    "query_missing": ("ange ett Prolog-mål, t.ex. py1177 query 'scenario(Id, S, T, _)' (se --help)",
                      "give a Prolog goal, e.g. py1177 query 'scenario(Id, S, T, _)' (see --help)"),
    "expect_empty": ("ange minst ett villkor KEY=VÄRDE (nycklar: {allowed})",
                     "give at least one condition KEY=VALUE (keys: {allowed})"),
    "expect_format": ("villkoret ska vara KEY=VÄRDE, inte {value!r}", "a condition is KEY=VALUE, not {value!r}"),
    "policy_no_tests": ("en policyfil ska ha 'tests:' med en icke-tom lista av test",
                        "a policy file needs 'tests:', a non-empty list of tests"),
    "policy_no_files": ("inga policyfiler (*.yaml) här", "no policy files (*.yaml) here"),
    "policy_not_mapping": ("test {n} är ingen mappning", "test {n} is not a mapping"),
    "policy_unknown_key": ("test {n}: okänd nyckel {key!r} (tillåtet: {allowed})",
                           "test {n}: unknown key {key!r} (allowed: {allowed})"),
    "policy_no_expect": ("test {n} saknar en 'expect'-mappning", "test {n} has no 'expect' mapping"),
    "policy_bad_value": ("test {n}: {key} ska vara {kind_sv}", "test {n}: {key} must be {kind_en}"),
    "policy_bad_case": ("test {n} ({name!r}): {sv}", "test {n} ({name!r}): {en}"),
    "policy_unknown_question": ("test {n}: readings nämner {question!r}, som inte är en policyfråga i "
                                "regelboken (finns: {allowed})",
                                "test {n}: readings names {question!r}, which is not a policy question of the "
                                "rulebook (known: {allowed})"),
    "policy_other_reading": ("test {n}: testet antar läsningen {value!r} av {question}, som regelboken inte "
                             "deklarerar (läsningar: {allowed})",
                             "test {n}: the test assumes the reading {value!r} of {question}, which the rulebook "
                             "does not declare (readings: {allowed})"),
    "diff_head_twice": ("ange den nya regelboken med --head eller --kb, inte båda",
                        "give the new rulebook with --head or --kb, not both"),
    "no_such_command": ("okänt kommando {name!r}", "no such command {name!r}"),
    "extra_argument": ("oväntat argument {value!r}", "unexpected argument {value!r}"),
    "missing_argument": ("argumentet {name} saknas", "the argument {name} is missing"),
    "required_option": ("{name} måste anges", "{name} is required"),
    "no_git": ("{value!r} är varken en katalog eller en git-revision här ({detail})",
               "{value!r} is neither a directory nor a git revision here ({detail})"),
    "no_kb_at_rev": ("revisionen {value!r} har ingen kb/-katalog", "revision {value!r} has no kb/ directory"),
    "dump_failed": ("regelboken {side} kunde inte läsas: {detail}", "the {side} rulebook could not be read: {detail}"),
    "bad_number": ("{what} ska vara ett tal från {low} till {high}, inte {value!r}",
                   "{what} must be a number from {low} to {high}, not {value!r}"),
    "query_too_big": ("målet är för stort (högst {chars} tecken och {depth} nivåer av parenteser)",
                      "the goal is too big (at most {chars} characters and {depth} levels of brackets)"),
    "ask_json_why": ("--json och --why går inte ihop: förklaringen som JSON ger py1177 why --json",
                     "--json and --why do not go together: py1177 why --json gives the explanation as JSON"),
    "ask_eof": ("indata tog slut innan intervjun var klar", "the input ended before the interview was complete"),
    "ask_line_too_long": ("svaret är längre än {limit} tecken", "the answer is longer than {limit} characters"),
    "ask_not_utf8": ("indata är inte UTF-8-text", "the input is not UTF-8 text"),
    "ask_unreadable": ("indata kan inte läsas: {reason}", "the input cannot be read: {reason}"),
    "ask_too_many_bad": ("{n} ogiltiga svar i rad på frågan ”{question}”", "{n} invalid answers in a row to the question “{question}”"),
    "bad_answer": ("svar {n} ska vara (steg, fält, värde), inte {value}", "answer {n} must be (step, field, value), not {value}"),
    "bad_format": ("okänt format {value!r} (tillåtet: md, html)", "unknown format {value!r} (allowed: md, html)"),
    "out_unwritable": ("kan inte skriva {path}: {reason}", "cannot write {path}: {reason}"),
    "bad_int": ("{what} ska vara ett heltal från {low} till {high}, inte {value!r}",
                "{what} must be a whole number from {low} to {high}, not {value!r}"),
}

WHERE: dict[str, tuple[str, str]] = {
    "step": ("steg {n}", "step {n}"),
    "spec": ("--step {n} ({spec!r})", "--step {n} ({spec!r})"),
    "file": ("ärendefilen {path!r}", "case file {path!r}"),
    "case": ("ärendet", "case"),
    "policy": ("policyfilen {path!r}", "policy file {path!r}"),
}

UI: dict[str, tuple[str, str]] = {
    "heading": ("1177 direkt – vad ska registreras i PMO?", "1177 direkt – what to register in PMO?"),
    "guideline": ("Anvisning", "Guideline"),
    "version": ("version {version}, gäller {valid_from} – {valid_to}",
                "version {version}, valid {valid_from} – {valid_to}"),
    "date": ("Datum", "Date"),
    "scenario": ("Scenario", "Scenario"),
    "no_scenario": ("inget beskrivet scenario", "no documented scenario"),
    "status": ("Status", "Status"),
    "step": ("Steg {n}", "Step {n}"),
    "no_pmo": ("Ingen dokumentation i PMO.", "No documentation in PMO (nothing is registered)."),
    "with_readings": ("med tolkning {ids}", "with the reading {ids}"),
    "or": ("eller", "or"),
    "alternatively": ("alternativt", "or alternatively"),
    "undecided": ("Oavgjort – anvisningen avgör inte steget:", "Undecided – the guideline does not decide this step:"),
    "closes": ("Avslutar ärendet i 1177 direkt.", "Closes the case in 1177 direkt."),
    "not_closes": ("Avslutar inte ärendet – det gör steg {n} ({role}).",
                   "Does not close the case – step {n} ({role}) does."),
    "not_closes_unknown": ("Vem som avslutar ärendet avgörs inte.", "Who closes the case is not decided."),
    "closed_by": ("Ärendet i 1177 direkt avslutas av", "The case in 1177 direkt is closed by"),
    "closed_by_value": ("steg {n} ({role})", "step {n} ({role})"),
    "closed_by_none": ("avgörs inte (lucka)", "not decided (gap)"),
    "source": ("Källa", "Source"),
    "rules": ("Regler", "Rules"),
    "card": ("Svar", "Answer"),
    "see_below": ("(se tolkningarna nedan)", "(see the readings below)"),
    "details": ("Underlag", "Details"),
    "validity_note": ("Obs", "Note"),
    "warnings": ("Varningar", "Warnings"),
    "interpretations": ("Tolkningar som svaret bygger på (öppna policyfrågor, se py1177 questions)",
                        "Readings this answer rests on (open policy questions, see py1177 questions)"),
    "registers": ("Registreras av {role}", "Registered by the {role}"),
    "quote_note": ("(citat ur anvisningen)", "(quoted from the guideline, in Swedish)"),
    "scenarios_heading": ("Beskrivna scenarier i anvisningen (§3.1)", "Documented scenarios of the guideline (§3.1)"),
    # Row labels of `py1177 guideline` for the title-page, §1 and §2 fields (the other rows'
    # g_* labels sit with the rest of the guideline listing's words).
    "g_document_type": ("Dokumenttyp", "Document type"),
    "g_organisation": ("Organisation", "Organisation"),
    "g_case_number": ("Ärendenummer", "Case number"),
    "g_procured_by": ("Upphandlad av", "Procured by"),
    "g_decided": ("Beslut om anslutning", "Decision to join"),
    "g_steering_group_chair": ("Styrgruppens ordförande", "Chair of the steering group"),
    "erratum_kind_text": ("stavfel", "typo"),
    "erratum_kind_layout": ("layout", "layout"),
    "erratum_kind_observation": ("iakttagelse", "observation"),
    "guideline_facts": ("Belägg (avsnitt och ordagrant citat)", "Evidence (section and verbatim quote)"),
    "guideline_links": ("Länkar (§5)", "Links (§5)"),
    "link_no_target": ("länken saknar mål i källan", "the link has no target in the source"),
    "case_number_missing": ("inget – platshållaren ”Ange ärendenummer” står kvar (erratum e8)",
                            "none – the placeholder ”Ange ärendenummer” was left in (erratum e8)"),
    "title_page": ("titelsidan", "title page"),
    "errata_heading": ("Errata – källans egna fel och hur de normaliseras",
                       "Errata – the source's own typos and how they are normalised"),
    "questions_heading": ("Öppna policyfrågor – där anvisningen är tvetydig eller tyst",
                          "Open policy questions – where the guideline is ambiguous or silent"),
    "reading": ("Tolkning i regelboken", "Reading encoded"),
    "readings": ("Läsningar (● används, ○ alternativ; välj med --reading FRÅGA=LÄSNING)",
                 "Readings (● in use, ○ alternative; choose with --reading QUESTION=READING)"),
    "reading_chosen": ("regelbokens val", "the rulebook's choice"),
    "reading_impact": ("ändrar {n} svar", "changes {n} answers"),
    "impact_intro": ("Ordnade efter hur många svar en annan läsning ändrar (kedjor upp till {n} steg, som check; "
                     "py1177 what-if --reading FRÅGA=LÄSNING visar vilka).",
                     "Ordered by how many answers another reading changes (chains of up to {n} steps, as check "
                     "enumerates them; py1177 what-if --reading QUESTION=READING shows which)."),
    "ranking_heading": ("Rådets dagordning: andra läsningar efter hur många svar de ändrar (kedjor upp till {n} steg)",
                        "The council's agenda: other readings by how many answers they change (chains of up to {n} steps)"),
    "what_if_heading": ("py1177 what-if – svar som ändras om en öppen fråga avgörs på ett annat sätt",
                        "py1177 what-if – answers that change if an open question is decided otherwise"),
    "what_if_counts": ("Prövade kedjor (upp till {n} steg): {examined}; ändrade svar: {answers}; "
                       "bara förklaringen ändrad: {explanations}",
                       "Chains examined (up to {n} steps): {examined}; answers changed: {answers}; "
                       "only the explanation changed: {explanations}"),
    "what_if_groups": ("Ändrade svar, per effekt (en kedja med flera effekter räknas under var och en)",
                       "Changed answers, by effect (a chain with several effects counts under each)"),
    "what_if_cases": ("{n} fall", "{n} cases"),
    "what_if_detail": ("Ändrade fall", "Changed cases"),
    "what_if_before": ("före", "before"),
    "what_if_after": ("efter", "after"),
    "affects": ("Berör", "Affects"),
    "found": ("Står", "Found"),
    "normalised": ("Normaliserat", "Normalised"),
    "example": ("Exempel", "Example"),
    "why_heading": ("Varför? Skälen till svaret, med avsnitt och citat ur anvisningen",
                    "Why? The reasons for the answer, with section and quote from the guideline"),
    "why_normalised": ("normaliserat enligt erratum {errata} – källan skriver: ”{source}”",
                       "normalised by erratum {errata} – the source reads: ”{source}”"),
    "rule_says": ("regeln", "the rule"),
    "whynot_expect": ("Förväntat", "Expected"),
    "whynot_holds": ("Det gäller redan.", "It already holds."),
    "whynot_not": ("Det gäller inte: {actual}.", "It does not hold: {actual}."),
    "whynot_why": ("Varför svaret är som det är", "Why the answer is what it is"),
    "whynot_changes": ("Minsta ändringar som gör att det gäller ({n} ändring(ar) per förslag, {candidates} prövade fall)",
                       "Smallest changes that make it hold ({n} edit(s) each, {candidates} cases tried)"),
    "whynot_impossible": ("Inget fall inom vokabulären (kedjor upp till {n} steg) uppfyller villkoret.",
                          "No case within the vocabulary (chains of up to {n} steps) satisfies the expectation."),
    "whynot_unsearched": ("Ingen ändring på ett eller två ställen räcker, och kedjor längre än {n} steg prövas "
                          "inte: det avgörs inte här om något fall uppfyller villkoret.",
                          "No change in one or two places is enough, and chains longer than {n} steps are not "
                          "searched: whether any case satisfies the expectation is not decided here."),
    "whynot_cut_short": ("Sökningen avbröts efter {seconds} s (tidsgräns; {searched}). Den är inte fullständig, så det "
                         "avgörs inte här om något fall uppfyller villkoret; ge mer tid med --seconds.",
                         "The search stopped after {seconds} s (time limit; {searched}). It is not complete, so whether "
                         "any case satisfies the expectation is not decided here; allow more time with --seconds."),
    "whynot_searched_1": ("under prövningen av ändringar på ett ställe", "while trying changes in one place"),
    "whynot_searched_2": ("under prövningen av ändringar på två ställen", "while trying changes in two places"),
    "whynot_searched_exhaustive": ("{examined} av {total} kedjor upp till {n} steg prövade",
                                   "{examined} of {total} chains of up to {n} steps tried"),
    "whynot_witness": ("Ingen ändring på ett eller två ställen räcker, men denna kedja uppfyller villkoret",
                       "No change in one or two places is enough, but this chain satisfies the expectation"),
    "check_cost": ("py1177 check: {chains} kedjor upp till {n} steg att pröva (ungefär {time} vid "
                   "~100 000 kedjor/s); förloppet visas här.",
                   "py1177 check: {chains} chains of up to {n} steps to examine (about {time} at "
                   "~100 000 chains/s); progress is shown here."),
    # a format/2 string: ~w done, ~w total, ~w percent, ~w seconds, ~w time left ("12 s", "40 min" or ?)
    "check_progress": ("py1177 check: ~w av ~w kedjor (~w %), ~w s, ungefär ~w kvar~n",
                       "py1177 check: ~w of ~w chains (~w %), ~w s, about ~w left~n"),
    "check_heading": ("py1177 check – regelbokens konsistens och fullständighet",
                      "py1177 check – consistency and completeness of the rulebook"),
    "check_kb": ("Regelbok", "Rulebook"),
    "check_examined": ("Undersökta kedjor: {total} ({parts}); replaces_visit-val på kedjor med upp till {choice} steg",
                       "Chains examined: {total} ({parts}); replaces_visit choices on chains of up to {choice} steps"),
    "check_steps": ("{n} steg: {count}", "{n} steps: {count}"),
    "check_status": ("Utfall: beskrivna {documented}, härledda {inferred}, luckor {gap}",
                     "Outcomes: documented {documented}, inferred {inferred}, gaps {gap}"),
    "check_time": ("Tid i Prolog: {seconds} s", "Time in Prolog: {seconds} s"),
    "check_conflicts": ("Konflikter", "Conflicts"),
    "none": ("inga", "none"),
    "check_gaps": ("Luckor, per regel (antal kedjor, första exempel)", "Gaps, per rule (chains, first example)"),
    "check_repro": ("Beskrivna scenarier mot de allmänna reglerna", "Documented scenarios against the general rules"),
    "check_repro_ok": ("{scenarios} scenarier, {instances} kedjor: alla återges exakt",
                       "{scenarios} scenarios, {instances} chains: all reproduced exactly"),
    "check_overlaps": ("kedjor som passar flera scenarier", "chains that match several scenarios"),
    "check_without": ("scenarier utan kedja", "scenarios without a chain"),
    "check_invariants": ("Invarianter", "Invariants"),
    "check_static": ("Statiska kontroller", "Static checks"),
    "check_dead": ("Regler som aldrig används", "Rules that never fire"),
    "check_coverage": ("Täckning av källtexten (§3.1 och §4): {rows} rader, {traced} spårade till regelboken, {untraced} ospårade",
                       "Coverage of the source (§3.1 and §4): {rows} lines, {traced} traced to the rulebook, {untraced} untraced"),
    "check_coverage_hint": ("(hela matrisen, rad för rad: py1177 check --coverage, eller --json)",
                            "(the whole matrix, line by line: py1177 check --coverage, or --json)"),
    "check_unsourced": ("Regelbokens rader som inte finns i källan", "Rulebook lines not found in the source"),
    "check_ok": ("Resultat: alla kontroller håller.", "Result: every check holds."),
    "check_failed": ("Resultat: {n} kontroll(er) håller inte.", "Result: {n} check(s) fail."),
    "violations": ("{n} brott, t.ex. {example}", "{n} violations, e.g. {example}"),
    "g_title": ("Titel", "Title"),
    "g_issuer": ("Utgivare", "Issuer"),
    "g_department": ("Avdelning", "Department"),
    "g_process": ("Process", "Process"),
    "g_created_by": ("Upprättad av", "Created by"),
    "g_approved_by": ("Godkänd av", "Approved by"),
    "g_version": ("Version", "Version"),
    "g_approved": ("Godkänd", "Approved"),
    "g_valid_from": ("Gäller från", "Valid from"),
    "g_valid_to": ("Gäller till", "Valid to"),
    "g_scope": ("Omfattning", "Scope"),
    "g_scope_note": ("Om omfattningen", "Scope note"),
    "query_true": ("sant (true)", "true"),
    "query_false": ("falskt – inga lösningar (false)", "false – no solutions"),
    "query_more": ("… fler lösningar (--limit {limit})", "… more solutions (--limit {limit})"),
    "kb_place": ("{where}, innehåll {digest}", "{where}, content {digest}"),
    "kb_how_kb": ("{path} (--kb)", "{path} (--kb)"),
    "kb_how_env": ("{path} (PY1177_KB_DIR)", "{path} (PY1177_KB_DIR)"),
    "kb_how_bundled": ("inbyggd, {path}", "bundled, {path}"),
    "kb_local_differs": ("py1177: obs: ./kb (innehåll {local}) skiljer sig från regelboken som används "
                         "({used}, innehåll {digest}); läs den med --kb kb",
                         "py1177: note: ./kb (content {local}) differs from the rulebook in use "
                         "({used}, content {digest}); read it with --kb kb"),
}


class Bilingual(tuple[str, str]):
    """A parameter of a message that has its own Swedish and English form (e.g. an operating
    system's reason): :func:`pick` puts in the form of the message's language."""

    def __new__(cls, sv: str, en: str) -> "Bilingual":
        return super().__new__(cls, (sv, en))

    def __str__(self) -> str:
        return str(self[1])


def pick(table: dict[str, tuple[str, str]], name: str, lang: str, /, **params: Any) -> str:
    """The text ``name`` of ``table`` in ``lang`` ("sv" or "en"), filled with ``params``."""
    sv, en = table[name]
    params = {k: (v[1] if lang == "en" else v[0]) if isinstance(v, Bilingual) else v for k, v in params.items()}
    return (en if lang == "en" else sv).format(**params)


OS_REASONS: dict[int, tuple[str, str]] = {
    # errno -> (sv, en): the operating system's reasons, in the run's language
    2: ("filen eller katalogen finns inte", "no such file or directory"),
    13: ("åtkomst nekas", "permission denied"),
    17: ("finns redan", "file exists"),
    20: ("är ingen katalog", "not a directory"),
    21: ("är en katalog", "is a directory"),
    28: ("inget utrymme kvar på enheten", "no space left on device"),
    30: ("filsystemet är skrivskyddat", "read-only file system"),
    36: ("filnamnet är för långt", "file name too long"),
}


def os_reason(exc: OSError) -> Bilingual:
    """Why an operating-system call failed, in Swedish and English (errno's own words when
    the table above does not have them)."""
    known = OS_REASONS.get(exc.errno or -1)
    if known is not None:
        return Bilingual(*known)
    text = exc.strerror or str(exc)
    return Bilingual(text, text)


DIFF: dict[str, tuple[str, str]] = {
    # the words of `py1177 diff`
    "heading": ("py1177 diff – svar som ändrats mellan två versioner av regelboken",
                "py1177 diff – answers that changed between two versions of the rulebook"),
    "before": ("Före", "Before"),
    "after": ("Efter", "After"),
    "place": ("{where}, innehåll {digest}", "{where}, content {digest}"),
    "git": ("{rev} (git-revision)", "{rev} (git revision)"),
    "counts": ("Jämförda kedjor (upp till {n} steg): {examined}; ändrade svar: {answers}; "
               "bara förklaringen ändrad: {explanations}",
               "Chains compared (up to {n} steps): {examined}; answers changed: {answers}; "
               "only the explanation changed: {explanations}"),
    "moved": ("Bytt utfall", "Moved"),
    "groups": ("Ändrade svar, per effekt (antal kedjor, ett exempel; en kedja med flera effekter räknas under var och en)",
               "Changed answers, by effect (chains, one example; a chain with several effects counts under each)"),
    "more_groups": ("… och {n} effekter till (--json)", "… and {n} more effects (--json)"),
    "explained": ("Bara förklaringen ändrad (samma svar): {n} kedjor – luckornas skäl: {gaps}; regler och citat: {citations}",
                  "Only the explanation changed (same answer): {n} chains – gap reasons: {gaps}; rules and citations: {citations}"),
    "detail": ("Ändrade svar i detalj", "Changed answers in detail"),
    "detail_more": ("… och {n} till (--limit N, eller --json för alla)", "… and {n} more (--limit N, or --json for all)"),
    "none_changed": ("Inga svar har ändrats.", "No answer changed."),
    "chain": ("kedjan", "the chain"),
    "absent": ("finns inte", "absent"),
    "status": ("status", "status"),
    "scenario": ("scenario", "scenario"),
    "no_scenario": ("inget", "none"),
    "closer": ("avslutas av", "closed by"),
    "closer_step": ("steg {n}", "step {n}"),
    "closer_none": ("avgörs inte", "not decided"),
    "step": ("steg {n} {role}", "step {n} {role}"),
    "undecided": ("oavgjort (lucka)", "undecided (gap)"),
    "no_pmo": ("ingen registrering i PMO", "nothing registered in PMO"),
    "gaps": ("luckans skäl", "gap reasons"),
    "citations": ("regler och citat har ändrats", "rules and citations changed"),
    "example": ("t.ex.", "e.g."),
    "flag_attribute": ("attribut", "attribute"),
    "flag_journal": ("journal", "journal"),
    "flag_diagnosis": ("diagnos", "diagnosis"),
}


POLICY: dict[str, tuple[str, str]] = {
    # the words of `py1177 test`: failures in the test's own terms
    "step": ("steg {n}", "step {n}"),
    "registration": ("registrering {n}", "registration {n}"),
    "answer": ("svaret", "the answer"),
    "mismatch": ("{path}: väntat {want}, fick {got}", "{path}: expected {want}, got {got}"),
    "set_mismatch": ("{path}: saknas {missing}; utöver det väntade {extra}",
                     "{path}: missing {missing}; beyond what was expected {extra}"),
    "undecided": ("oavgjort (lucka)", "undecided (gap)"),
    "nothing_in_pmo": ("[] (inget i PMO)", "[] (nothing in PMO)"),
    "registrations": ("{n} registrering(ar): {items}", "{n} registration(s): {items}"),
    "summary": ("{passed} gick igenom, {failed} fallerade", "{passed} passed, {failed} failed"),
}


def ui(name: str, lang: str, /, **params: Any) -> str:
    """An interface string."""
    return pick(UI, name, lang, **params)


ASK = {
    "intro": ("1177 direkt – vad ska registreras i PMO? Svara med siffran (eller värdet); Enter väljer "
              "standardsvaret; < går tillbaka en fråga; Ctrl-C avbryter.",
              "1177 direkt – what to register in PMO? Answer with the number (or the value); Enter picks "
              "the default; < goes back one question; Ctrl-C stops."),
    "default_mark": ("  (standard)", "  (default)"),
    "bad_answer": ("  Svara med en siffra från 1 till {high}, värdet (t.ex. {example}) eller Enter för standard.",
                   "  Answer with a number from 1 to {high}, the value (e.g. {example}) or Enter for the default."),
    "same_as": ("Samma ärende som: {command}", "The same case as: {command}"),
    "offer_why": ("Vill du se varför (med avsnitt och citat ur anvisningen)? [j/N] ",
                  "Do you want to see why (with the guideline's sections and quotes)? [y/N] "),
    "your_answers": ("Dina svar:", "Your answers:"),
    "offer_change": ("Ändra svar: skriv svarets nummer (1–{high}); Enter går vidare. ",
                     "Change an answer: type its number (1–{high}); Enter goes on. "),
    "which_answer": ("Vilket svar (1–{high})? ", "Which answer (1–{high})? "),
    "bad_change": ("  Skriv ett nummer från 1 till {high}, eller Enter för att gå vidare.",
                   "  Type a number from 1 to {high}, or Enter to go on."),
    "bad_yes_no": ("  Svara j (ja) eller n (nej); Enter betyder nej.", "  Answer y (yes) or n (no); Enter means no."),
    "no_back": ("  Det här är första frågan; det finns ingen tidigare att gå tillbaka till.",
                "  This is the first question; there is no earlier one to go back to."),
    "go_on": ("{n} ogiltiga svar i rad. Fortsätta intervjun? [J/n] ",
              "{n} invalid answers in a row. Go on with the interview? [Y/n] "),
}


HELP_EN = {
    # Swedish help text (as in cli.py) -> English, for --help with --lang en (test: every text has one)
    'Region Skånes anvisning för 1177 direkt (v1.0) som regelbok: vad ska registreras i PMO, och varför.':
        "Region Skåne's 1177 direkt registration guideline (v1.0) as a rulebook: what to register in PMO, and why.",
    'Språk för hjälptexter och fel: sv (standard) eller en (varje kommando som svarar har också --lang; serve väljer språk per anrop).':
        'Language of help texts and errors: sv (default) or en (every command that answers has --lang too; serve picks the language per request).',
    'Visa versionen.':
        'Show the version.',
    'HTTP-API:t (/api/v1/...): samma svar som --json, som JSON över HTTP. Stoppas med SIGTERM eller Ctrl-C.':
        'The HTTP API (/api/v1/...): the answers of --json, as JSON over HTTP. Stop it with SIGTERM or Ctrl-C.',
    'Adress att lyssna på (standard: bara den här datorn).':
        'Address to listen on (default: this computer only).',
    'Port att lyssna på.':
        'Port to listen on.',
    'Antal arbetsprocesser (var och en med sin egen Prolog).':
        'Number of worker processes (each with its own Prolog).',
    'Besvara också POST /api/v1/query (Prolog-mål i sandlådan).':
        'Also answer POST /api/v1/query (sandboxed Prolog goals).',
    'Installera tab-komplettering för det aktuella skalet.':
        'Install completion for the current shell.',
    'Visa tab-kompletteringen för det aktuella skalet, att kopiera eller anpassa.':
        'Show completion for the current shell, to copy it or customize the installation.',
    'Vad ska registreras i PMO för ett ärende, och vem avslutar det i 1177 direkt?':
        'What to register in PMO for a case, and who closes it in 1177 direkt?',
    'Ett beskrivet scenario, t.ex. 3.1.2c (se `py1177 scenarios`).':
        'A documented scenario, e.g. 3.1.2c (see `py1177 scenarios`).',
    'Ärendefil (YAML eller JSON): {steps: [{role, channel, ...}]}.':
        'Case file (YAML or JSON): {steps: [{role, channel, ...}]}.',
    'Ett steg ROLL:KANAL[:nyckel=värde...], t.ex. nurse:digital doctor:digital:day=other. Upprepa för varje steg.':
        'A step ROLE:CHANNEL[:key=value...], e.g. nurse:digital doctor:digital:day=other. Repeat for each step.',
    'Datum ÅÅÅÅ-MM-DD (standard: i dag), prövas mot anvisningens giltighetstid.':
        "Date YYYY-MM-DD (default: today), checked against the guideline's validity period.",
    'Läs regelboken från denna katalog (t.ex. ett utkast) i stället för den inbyggda.':
        'Read the rulebook from this directory (e.g. a draft) instead of the bundled one.',
    'Språk: sv (standard) eller en (engelska).':
        'Language: sv (default) or en.',
    'Svara som JSON.':
        'Answer as JSON.',
    'Visa regel- och fråge-id:n (r_…, q_…) i svaret.':
        'Show rule and question ids (r_…, q_…) in the answer.',
    'Varför? Ett träd av skäl för varje skyldighet i svaret, med avsnitt och citat ur anvisningen.':
        "Why? A tree of reasons for every obligation in the answer, with the guideline's section and quote.",
    'Förklara bara detta steg.':
        'Explain only this step.',
    'Intervju: svara på några frågor om ärendet och få svaret – vad som registreras och varför.\n\nBara de frågor som ändrar svaret ställs; regelboken väljer nästa fråga. Svara med\nsiffran eller värdet; Enter väljer standardsvaret. Fungerar med indata från en pipe.':
        'Interview: answer a few questions about the case and get the answer – what to register, and why.\n\nOnly questions that change the answer are asked; the rulebook picks the next one. Answer with\nthe number or the value; Enter picks the default. Works with piped input.',
    'Frågorna på standard fel, svaret som JSON (som advise --json) på standard ut.':
        'The questions on standard error, the answer as JSON (as advise --json) on standard output.',
    'Visa förklaringen (why) utan att fråga, eller aldrig.':
        'Show the explanation (why) without asking, or never.',
    'Varför inte? Varför en förväntad registrering inte gäller, och minsta ändring som får den att gälla.':
        'Why not? Why an expected registration does not hold, and the smallest change that makes it hold.',
    'Förväntat villkor KEY=VÄRDE, t.ex. "contact_type=Text som inte ersätter besök", registers=true, closes=true, attribute=…, diagnosis=…, status=…, scenario=…. Upprepa för flera (alla ska gälla).':
        'Expected condition KEY=VALUE, e.g. "contact_type=Text som inte ersätter besök", registers=true, closes=true, attribute=…, diagnosis=…, status=…, scenario=…. Repeat for more (all must hold).',
    'Villkoret gäller detta steg (standard: något steg).':
        'The condition is about this step (default: any step).',
    'Tidsgräns för sökningen efter ändringar, i sekunder (standard 10).':
        'Time limit of the search for changes, in seconds (default 10).',
    "Kör ett Prolog-mål mot regelboken i en sandlåda (bara publika predikat; tids- och inferensgräns).\n\nExempel: py1177 query 'scenario(Id, S, T, _)'. Otillåtna mål (shell, halt, assert, filer,\nflaggor, consult …) vägras med exit 2.":
        "Run a Prolog goal against the rulebook in a sandbox (public predicates only; time and inference limits).\n\nExample: py1177 query 'scenario(Id, S, T, _)'. Goals that are not allowed (shell, halt, assert,\nfiles, flags, consult …) are refused with exit 2.",
    'Ett Prolog-mål över regelbokens publika predikat.':
        "A Prolog goal over the rulebook's public predicates.",
    'Högst så många lösningar.':
        'At most this many solutions.',
    'Tidsgräns i sekunder.':
        'Time limit in seconds.',
    'Visa hjälpen och regelbokens publika predikat.':
        "Show the help and the rulebook's public predicates.",
    'Omvända frågor med fullständiga svar: vilka fall uppfyller alla villkor, och varför?':
        'Reverse questions with complete answers: which cases meet every condition, and why?',
    'Rollen registrerar inget i PMO i något alternativ (eller deltar inte).':
        'The role registers nothing in PMO in any alternative (or takes no part).',
    'Rollen deltar och registrerar i PMO i varje steg den tar.':
        'The role takes part and registers in PMO in every step it takes.',
    'Någon registrering har denna vårdkontakt (etikett eller id).':
        'Some registration has this contact type (label or id).',
    'Rollen som avslutar ärendet.':
        'The role that closes the case.',
    'Ärendet avslutas av någon annan än den som registrerar först.':
        'The case is closed by someone other than the first to register.',
    'Inget alternativ "ersätter inte besök".':
        'No "does not replace a visit" alternative.',
    'Något steg registrerar inget i PMO.':
        'Some step registers nothing in PMO.',
    'Pröva varje stegkedja upp till N steg i stället för de beskrivna scenarierna.':
        'Try every step chain of up to N steps instead of the documented scenarios.',
    'Svara per kedja i stället för per scenario (ett scenario matchar bara när alla dess kedjor matchar).':
        'Answer chain by chain instead of per scenario (a scenario matches only when all its chains match).',
    'Bara kedjor med denna status: documented, inferred eller gap.':
        'Only chains with this status: documented, inferred or gap.',
    'Visa högst så många träffar (alla räknas).':
        'Show at most this many matches (all are counted).',
    'De tolv beskrivna scenarierna i §3.1, med stegkedjor.':
        'The twelve documented scenarios of §3.1, with their step chains.',
    'Anvisningens metadata: utgivare, version, giltighet, omfattning, avsnitt.':
        "The guideline's metadata: publisher, version, validity, scope, sections.",
    'Källans egna stavfel och hur regelboken normaliserar dem.':
        "The source's own typos and how the rulebook normalises them.",
    '§4: Tidbokstyp och Anteckningsmall 1177 direkt, och vårdkontakterna med attributet.\n\n(Innehållet citeras på svenska, som anvisningen skriver det.)':
        '§4: the booking type and note template 1177 direkt, and the contact types with the attribute.\n\n(The content is quoted in Swedish, as the guideline writes it.)',
    'Anvisningens §3–§4 återskapad ur regelboken: scenarier, beslutstabeller, flödesbild, errata, frågor.':
        '§3–§4 of the guideline regenerated from the rulebook: scenarios, decision tables, flow diagram, errata, questions.',
    'md (Markdown) eller html (en fristående fil).':
        'md (Markdown) or html (one self-contained file).',
    'Skriv till denna fil i stället för standard ut.':
        'Write to this file instead of standard output.',
    'Pröva regelboken mot varje stegkedja: konflikter, luckor, invarianter, citat, täckning, döda regler.\n\nExit 0 när allt håller, 1 när något inte håller, 2 om regelboken inte kan läsas.':
        'Check the rulebook against every step chain: conflicts, gaps, invariants, quotes, coverage, dead rules.\n\nExit 0 when everything holds, 1 when something does not, 2 if the rulebook cannot be read.',
    'Visa hela täckningsmatrisen (varje rad i §3.1 och §4 → KB-fakta), inte bara de ospårade raderna.':
        'Show the whole coverage matrix (every line of §3.1 and §4 → KB facts), not only the untraced lines.',
    'Längsta kedja som prövas (standard 3: ~1 miljon kedjor).':
        'Longest chain checked (default 3: ~1 million chains).',
    'Pröva replaces_visit-val på kedjor upp till så många steg (standard: min(max-steps, 2); 3 ger ~2,4 miljoner kedjor).':
        'Try replaces_visit choices on chains of up to this many steps (default: min(max-steps, 2); 3 gives ~2.4 million chains).',
    'Visa förloppet på standard fel (standard: vid en terminal, eller när prövningen är lång).':
        'Show progress on standard error (default: at a terminal, or when the check is long).',
    'Kör policytester i YAML, som i kb/tests: förväntade registreringar, avslutare, status.\n\nExit 0 när alla går igenom, 1 när något test fallerar, 2 för en felaktig fil.':
        'Run policy tests in YAML, like those in kb/tests: expected registrations, closers, status.\n\nExit 0 when all pass, 1 when a test fails, 2 for a malformed file.',
    'Policyfiler (YAML) eller kataloger med sådana (standard: regelbokens tests/).':
        'Policy files (YAML) or directories of them (default: the rulebook\'s tests/).',
    'Jämför mot: en katalog med en regelbok, eller en git-revision (t.ex. HEAD~1).':
        'Compare against: a directory holding a rulebook, or a git revision (e.g. HEAD~1).',
    'Längsta kedja som jämförs (standard 2; 3 tar omkring en minut).':
        'Longest chain compared (default 2; 3 takes about a minute).',
    'Vilka fall får ett annat svar i en ny version av regelboken? Ändrade svar skiljs från ändrade förklaringar.\n\nExit 0 när inget svar ändrats (bara förklaringar, eller inget), 1 när något svar ändrats, 2 om en\nregelbok inte kan läsas.':
        'Which cases get another answer in a new version of the rulebook? Changed answers are told from changed explanations.\n\nExit 0 when no answer changed (only explanations, or nothing), 1 when an answer changed, 2 if a\nrulebook cannot be read.',
    'Den nya regelboken: en katalog eller git-revision (standard: samma som alla kommandon läser – --kb, annars PY1177_KB_DIR, annars den inbyggda).':
        'The new rulebook: a directory or git revision (default: the one every command reads – --kb, else PY1177_KB_DIR, else the bundled one).',
    'Högst så många ändrade kedjor i detalj (standard: 20 i text, alla i --json).':
        'At most this many changed chains in detail (default: 20 in text, all in --json).',
    "(internal) Write every chain's answer summary for `py1177 diff`.":
        "(internal) Write every chain's answer summary for `py1177 diff`.",
    'Svara med en annan läsning av en öppen policyfråga, FRÅGA=LÄSNING (t.ex. q_phone=not_1177; se py1177 questions). Upprepa för flera.':
        'Answer under another reading of an open policy question, QUESTION=READING (e.g. q_phone=not_1177; see py1177 questions). Repeat for several.',
    'Räkna för varje annan läsning hur många fall som skulle få ett annat svar, och ordna frågorna efter det (sparas i användarens cache per regelbok).':
        "Count, for every other reading, how many cases would get another answer, and order the questions by it (kept in the user's cache per rulebook).",
    'Med --impact: längsta kedja som prövas (standard 2; 3 tar flera minuter).':
        'With --impact: the longest chain examined (default 2; 3 takes several minutes).',
    'Öppna policyfrågor: var anvisningen är tvetydig eller tyst, vilka läsningar texten tillåter och vilken som används.':
        'Open policy questions: where the guideline is ambiguous or silent, which readings the text allows and which one is used.',
    'Rangordna i stället alla andra läsningar efter hur många svar de ändrar (rådets dagordning; som questions --impact, standard 2 steg).':
        "Instead, rank every other reading by how many answers it changes (the council's agenda; as questions --impact, default 2 steps).",
    'Längsta kedja som prövas (standard 3, som check; 2 går fortare).':
        'The longest chain examined (default 3, as check; 2 is faster).',
    'Högst så många ändrade fall i detalj (standard: 20 i text, alla i --json).':
        'At most this many changed cases in detail (default: 20 in text, all in --json).',
    'Vad händer om en öppen policyfråga avgörs på ett annat sätt? Varje fall vars svar ändras, per effekt.':
        'What if an open policy question were decided otherwise? Every case whose answer changes, by effect.',
}

HELP_SV = {
    # typer's own English help texts -> Swedish
    'Install completion for the current shell.': 'Installera tab-komplettering för det aktuella skalet.',
    'Show completion for the current shell, to copy it or customize the installation.':
        'Visa tab-kompletteringen för det aktuella skalet, att kopiera eller anpassa.',
}


def _audit_help() -> None:
    from .audit_text import HELP_EN as AUDIT_HELP_EN

    HELP_EN.update(AUDIT_HELP_EN)


_audit_help()
