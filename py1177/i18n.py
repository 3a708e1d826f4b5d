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
    "bad_option": ("ogiltigt värde för {name}: {detail}", "invalid value for {name}: {detail}"),
    "usage": ("felaktigt anrop: {detail}", "bad usage: {detail}"),
    "file_unreadable": ("filen kan inte läsas: {reason}", "the file cannot be read: {reason}"),
    "file_too_large": ("filen är större än {limit} byte", "the file is larger than {limit} bytes"),
    "file_not_utf8": ("filen är inte UTF-8-text", "the file is not UTF-8 text"),
    "file_invalid": ("ogiltig {fmt}: {detail}", "not valid {fmt}: {detail}"),
    "case_not_mapping": ("förväntade en mappning med 'steps' (en lista av steg) eller 'scenario'",
                         "expected a mapping with 'steps' (a list of steps) or 'scenario'"),
    "case_steps_or_scenario": ("ange antingen 'steps' eller 'scenario'", "give either 'steps' or 'scenario'"),
    "case_date": ("date ska vara ÅÅÅÅ-MM-DD", "date must be YYYY-MM-DD"),
    "unknown_scenario": ("okänt scenario {value!r} (tillåtet: {allowed})",
                         "unknown scenario {value!r} (allowed: {allowed})"),
    "case_or_scenario": ("ange antingen ett ärende (steg) eller ett scenario-id, inte båda eller inget",
                         "give either a case (steps) or a scenario id, not both or neither"),
    "kb": ("{sv}", "{en}"),
    "policy_no_tests": ("en policyfil ska ha 'tests:' med en lista av test", "a policy file needs 'tests:', a list of tests"),
    "policy_bad_test": ("test {n}: {detail}", "test {n}: {detail}"),
    "no_git": ("{value!r} är varken en katalog eller en git-revision här ({detail})",
               "{value!r} is neither a directory nor a git revision here ({detail})"),
    "no_kb_at_rev": ("revisionen {value!r} har ingen kb/-katalog", "revision {value!r} has no kb/ directory"),
    "dump_failed": ("regelboken {side} kunde inte läsas: {detail}", "the {side} rulebook could not be read: {detail}"),
    "bad_int": ("{what} ska vara ett heltal från {low} till {high}, inte {value!r}",
                "{what} must be a whole number from {low} to {high}, not {value!r}"),
}

WHERE: dict[str, tuple[str, str]] = {
    "step": ("steg {n}", "step {n}"),
    "spec": ("--step {n} ({spec!r})", "--step {n} ({spec!r})"),
    "file": ("ärendefilen {path!r}", "case file {path!r}"),
    "case": ("ärendet", "case"),
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
    "contact_type": ("Vårdkontakt", "Contact type"),
    "attribute": ("Attribut", "Attribute"),
    "no_pmo": ("Ingen registrering i PMO.", "Nothing is registered in PMO."),
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
    "warnings": ("Varningar", "Warnings"),
    "interpretations": ("Tolkningar som svaret bygger på (öppna policyfrågor, se py1177 questions)",
                        "Readings this answer rests on (open policy questions, see py1177 questions)"),
    "registers": ("Registreras av {role}", "Registered by the {role}"),
    "quote_note": ("(citat ur anvisningen)", "(quoted from the guideline, in Swedish)"),
    "scenarios_heading": ("Beskrivna scenarier i anvisningen (§3.1)", "Documented scenarios of the guideline (§3.1)"),
    "errata_heading": ("Errata – källans egna fel och hur de normaliseras",
                       "Errata – the source's own typos and how they are normalised"),
    "questions_heading": ("Öppna policyfrågor – där anvisningen är tvetydig eller tyst",
                          "Open policy questions – where the guideline is ambiguous or silent"),
    "reading": ("Tolkning i regelboken", "Reading encoded"),
    "affects": ("Berör", "Affects"),
    "found": ("Står", "Found"),
    "normalised": ("Normaliserat", "Normalised"),
    "example": ("Exempel", "Example"),
    "why_heading": ("Varför? Skälen till svaret, med avsnitt och citat ur anvisningen",
                    "Why? The reasons for the answer, with section and quote from the guideline"),
    "rule_says": ("regeln", "the rule"),
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
    "check_unsourced": ("Regelbokens rader som inte finns i källan", "Rulebook lines not found in the source"),
    "check_ok": ("Resultat: alla kontroller håller.", "Result: every check holds."),
    "check_failed": ("Resultat: {n} kontroll(er) håller inte.", "Result: {n} check(s) fail."),
    "violations": ("{n} brott, t.ex. {example}", "{n} violations, e.g. {example}"),
}


def pick(table: dict[str, tuple[str, str]], name: str, lang: str, /, **params: Any) -> str:
    """The text ``name`` of ``table`` in ``lang`` ("sv" or "en"), filled with ``params``."""
    sv, en = table[name]
    return (en if lang == "en" else sv).format(**params)


def ui(name: str, lang: str, /, **params: Any) -> str:
    """An interface string."""
    return pick(UI, name, lang, **params)
