:- encoding(utf8).
:- module(ui_messages,
          [ message_template/3,       % ?Code, ?Lang, ?Format
            render_message/4,         % +Code, +Args, +Lang, -String
            why_template/3,           % ?Kind, ?Lang, ?Format
            find_template/3,          % ?Filter, ?Lang, ?Format
            whynot_template/3         % ?Kind, ?Lang, ?Format
          ]).

:- use_module(library(error), [existence_error/2]).

/** <module> Sentence templates of the engine's user interface

The engine's own sentences in Swedish (sv) and English (en): warnings,
input errors, and the phrases of why, why-not and find answers. They word
how the tool answers, not what the anvisning says, so they ship with the
engine; the statements of the general rules (rule_text/3) are policy and
stay in the KB's messages.pl. Templates are format/2 strings;
render_message/4 fills them in.
*/

%!  render_message(+Code, +Args, +Lang, -String) is det.
%
%   True when String is the message Code in Lang filled with Args.

render_message(Code, Args, Lang, String) :-
    (   message_template(Code, Lang, Format)
    ->  format(string(String), Format, Args)
    ;   existence_error(message_template, Code/Lang)
    ).

%!  message_template(?Code, ?Lang, ?Format) is nondet.
%
%   True when Format is the template of message Code in Lang.

message_template(inferred, sv, "Anvisningen beskriver inte den här kedjan av steg. Svaret är härlett med de allmänna reglerna (~w) och är inte anvisningens egen text.").
message_template(inferred, en, "The guideline does not describe this chain of steps. The answer is inferred by the general rules (~w); it is not the guideline's own text.").
message_template(nearest_scenarios, sv, "Närmast beskrivna scenario: ~w – samma stegkedja med ett annat eller inget syfte (purpose). Ange syftet om fallet är det scenariot.").
message_template(nearest_scenarios, en, "Nearest documented scenario: ~w – the same chain of steps with another or no purpose. Give the purpose if the case is that scenario.").
message_template(gap, sv, "Steg ~w: ~w Anvisningen avgör inte detta, så inga registreringar hittas på för steget och ingen avslutare anges.").
message_template(gap, en, "Step ~w: ~w The guideline does not decide this, so no registrations are invented for the step and no closer is given.").
message_template(outside_validity, sv, "Datumet ~w ligger utanför giltighetstiden för version ~w av anvisningen (~w – ~w). Svaret bygger på den versionen; kontrollera om en senare version gäller.").
message_template(outside_validity, en, "The date ~w is outside the validity period of version ~w of the guideline (~w – ~w). The answer is based on that version; check whether a later version applies.").
message_template(replaces_visit_ignored, sv, "Steg ~w registrerar inget i PMO, så valet replaces_visit används inte för det steget.").
message_template(replaces_visit_ignored, en, "Step ~w registers nothing in PMO, so the replaces_visit choice is not used for that step.").
message_template(assumed_day, sv, "Steg ~w: dagen angavs inte, så samma dag som steg ~w antogs. Annan dag ger ett annat svar: ~w. Ange day=same eller day=other.").
message_template(assumed_day, en, "Step ~w: the day was not given, so the same day as step ~w was assumed. Another day gives a different answer: ~w. Give day=same or day=other.").
message_template(assumed_unit, sv, "Steg ~w: enheten angavs inte, så samma enhet som steg ~w antogs. Annan enhet ger ett annat svar: ~w. Ange unit=same eller unit=other.").
message_template(assumed_unit, en, "Step ~w: the unit was not given, so the same unit as step ~w was assumed. Another unit gives a different answer: ~w. Give unit=same or unit=other.").
message_template(purpose_not_given, sv, "Steg ~w: inget syfte (purpose) angavs, så svaret gäller en kontakt som inte gäller något av anvisningens syften. Med ett syfte är fallet ett beskrivet scenario: ~w.").
message_template(purpose_not_given, en, "Step ~w: no purpose was given, so the answer is for a contact about none of the guideline's purposes. With a purpose the case is a documented scenario: ~w.").
message_template(outcome_documented, sv, "scenario ~w").
message_template(outcome_documented, en, "scenario ~w").
message_template(outcome_inferred, sv, "ett härlett svar (beskrivs inte i anvisningen)").
message_template(outcome_inferred, en, "an inferred answer (not described in the guideline)").
message_template(outcome_gap, sv, "en lucka (anvisningen avgör inte fallet)").
message_template(outcome_gap, en, "a gap (the guideline does not decide the case)").
message_template(general_guideline, sv, "Vart du vänder dig: enligt tolkningen ~w registreras det som anvisningen inte avgör enligt den allmänna registreringsanvisningen som §5 Länkar nämner, \"~w\" (~w).").
message_template(general_guideline, en, "Where to turn: under the reading ~w, what this guideline does not decide is registered under the general registration guideline that §5 Länkar names, \"~w\" (~w).").
message_template(general_guideline_near, sv, " Närmast beskrivna scenarier (samma kanaler, dagar och enheter): ~w.").
message_template(general_guideline_near, en, " Nearest documented scenarios (same channels, days and units): ~w.").
message_template(general_guideline_questions, sv, " Öppna frågor: ~w (py1177 questions).").
message_template(general_guideline_questions, en, " Open questions: ~w (py1177 questions).").
message_template(link_no_target, sv, "länken saknar mål i källan").
message_template(link_no_target, en, "the link has no target in the source").
message_template(err_domain, sv, "okänt värde för ~w: '~w' (tillåtet: ~w)").
message_template(err_domain, en, "unknown ~w '~w' (allowed: ~w)").
message_template(err_type, sv, "förväntade ~w, fick ~w").
message_template(err_type, en, "expected ~w, got ~w").
message_template(err_unknown_scenario, sv, "okänt scenario '~w' (tillåtet: ~w)").
message_template(err_unknown_scenario, en, "unknown scenario '~w' (allowed: ~w)").
message_template(err_ambiguous_scenarios, sv, "regelboken är motsägelsefull: kedjan passar flera beskrivna scenarier (~w); kör py1177 check").
message_template(err_ambiguous_scenarios, en, "the rulebook is inconsistent: the chain matches several documented scenarios (~w); run py1177 check").
message_template(err_step_no, sv, "steg ~w finns inte; ärendet har ~w steg").
message_template(err_step_no, en, "there is no step ~w; the case has ~w steps").
message_template(err_step_count, sv, "ett ärende har 1 till ~w steg, inte ~w").
message_template(err_step_count, en, "a case has 1 to ~w steps, not ~w").
message_template(err_first_step_relation, sv, "steg 1 kan inte ha ~w: day och unit jämför ett steg med föregående steg och anges från steg 2").
message_template(err_first_step_relation, en, "step 1 cannot have ~w: day and unit compare a step with the previous one and are given from step 2 on").
message_template(err_purpose_on_physical, sv, "steg ~w: purpose gäller steg i 1177 direkt (digital eller phone), inte fysiska besök").
message_template(err_purpose_on_physical, en, "step ~w: purpose applies to steps in 1177 direkt (digital or phone), not to physical visits").
message_template(err_replaces_on_physical, sv, "steg ~w: replaces_visit gäller inte fysiska besök; de registreras som ordinarie mottagningsbesök").
message_template(err_replaces_on_physical, en, "step ~w: replaces_visit does not apply to physical visits; they are registered as ordinary clinic visits").
message_template(err_no_such_alternative, sv, "steg ~w: replaces_visit=~w finns inte här – anvisningen ger bara ~w för det steget").
message_template(err_no_such_alternative, en, "step ~w: replaces_visit=~w is not possible here – the guideline gives only ~w for that step").

% The answer card (card.pl): one sentence per person in the chain.
message_template(card_step, sv, "~w: ~w. ~w").
message_template(card_step, en, "~w: ~w. ~w").
message_template(card_contact, sv, "registrera vårdkontakt *~w*").
message_template(card_contact, en, "register the contact type *~w*").
message_template(card_contact_short, sv, "*~w*").
message_template(card_contact_short, en, "*~w*").
message_template(card_attribute, sv, "kryssa i attributet ~w").
message_template(card_attribute, en, "tick the attribute ~w").
message_template(card_attribute_short, sv, "attributet ~w").
message_template(card_attribute_short, en, "the attribute ~w").
message_template(card_journal, sv, "dokumentera i journalen").
message_template(card_journal, en, "document in the patient record").
message_template(card_journal_short, sv, "journalen").
message_template(card_journal_short, en, "the patient record").
message_template(card_diagnosis, sv, "registrera diagnos och eventuellt KVÅ-kod").
message_template(card_diagnosis, en, "register a diagnosis and, optionally, a KVÅ code").
message_template(card_and, sv, "~w och ~w").
message_template(card_and, en, "~w and ~w").
message_template(card_and_short, sv, "~w, och ~w").
message_template(card_and_short, en, "~w, and ~w").
message_template(card_or, sv, " — eller, ").
message_template(card_or, en, " — or, ").
message_template(card_if_replaces, sv, "om kontakten ersatte ett besök").
message_template(card_if_replaces, en, "if the contact replaced a visit").
message_template(card_if_not_replaces, sv, "om kontakten inte ersatte ett besök").
message_template(card_if_not_replaces, en, "if the contact did not replace a visit").
message_template(card_no_pmo, sv, "registrera inget i PMO för detta steg").
message_template(card_no_pmo, en, "register nothing in PMO for this step").
message_template(card_gap, sv, "anvisningen avgör inte detta steg (~w) – hitta inte på en registrering; fråga den som ansvarar för registreringsanvisningen hos er").
message_template(card_gap, en, "the guideline does not decide this step (~w) – do not invent a registration; ask whoever is responsible for the registration guideline at your unit").
message_template(card_gap_guideline, sv, "anvisningen avgör inte detta steg (~w) – registrera enligt den allmänna registreringsanvisningen, \"~w\" (en tolkning; se varningen), och hitta inte på en registrering utifrån den här").
message_template(card_gap_guideline, en, "the guideline does not decide this step (~w) – register under the general registration guideline, \"~w\" (a reading; see the warning), and do not invent a registration from this one").
message_template(card_assumed_day, sv, "Dagen angavs inte: samma dag som steg ~w antogs – annan dag ger ett annat svar.").
message_template(card_assumed_day, en, "The day was not given: the same day as step ~w was assumed – another day gives a different answer.").
message_template(card_assumed_unit, sv, "Enheten angavs inte: samma enhet som steg ~w antogs – annan enhet ger ett annat svar.").
message_template(card_assumed_unit, en, "The unit was not given: the same unit as step ~w was assumed – another unit gives a different answer.").
message_template(card_purpose_not_given, sv, "Inget syfte angavs – med ett syfte kan fallet vara ett beskrivet scenario (se varningen).").
message_template(card_purpose_not_given, en, "No purpose was given – with a purpose the case may be a documented scenario (see the warning).").
message_template(card_closes, sv, "Avslutar ärendet i 1177 direkt.").
message_template(card_closes, en, "Closes the case in 1177 direkt.").
message_template(card_not_closes, sv, "Avslutar inte ärendet – det gör ~w (steg ~w).").
message_template(card_not_closes, en, "Does not close the case – ~w does (step ~w).").
message_template(card_closer_unknown, sv, "Vem som avslutar ärendet avgör inte anvisningen.").
message_template(card_closer_unknown, en, "The guideline does not decide who closes the case.").

%!  why_template(?Kind, ?Lang, ?Format) is nondet.
%
%   True when Format is the sentence for a node of Kind in a justification
%   tree (why.pl), in Lang; one template per kind of conclusion.

why_template(case_documented, sv, "kedjan är scenario ~w (§~w): ~w").
why_template(case_documented, en, "the chain is scenario ~w (§~w): ~w").
why_template(case_inferred, sv, "anvisningen beskriver inte kedjan; svaret bygger på de allmänna reglerna nedan").
why_template(case_inferred, en, "the guideline does not describe the chain; the answer rests on the general rules below").
why_template(case_gap, sv, "anvisningen avgör inte hela kedjan (lucka); det som avgörs förklaras nedan").
why_template(case_gap, en, "the guideline does not decide the whole chain (a gap); what is decided is explained below").
why_template(step, sv, "steg ~w: ~w ~w").
why_template(step, en, "step ~w: ~w ~w").
why_template(registers, sv, "~w registrerar kontakten i PMO").
why_template(registers, en, "~w registers the contact in PMO").
why_template(no_pmo, sv, "~w registrerar inget i PMO").
why_template(no_pmo, en, "~w registers nothing in PMO").
why_template(note, sv, "anvisningen anger skälet").
why_template(note, en, "the guideline gives the reason").
why_template(alternative, sv, "alternativ: ~w").
why_template(alternative, en, "alternative: ~w").
why_template(contact_type, sv, "vårdkontakten är ~w").
why_template(contact_type, en, "the contact type is ~w").
why_template(attribute, sv, "attributet 1177 direkt kryssas i").
why_template(attribute, en, "the attribute 1177 direkt is ticked").
why_template(attribute_listed, sv, "~w står i listan i 4.3").
why_template(attribute_listed, en, "~w is on the list in 4.3").
why_template(no_attribute, sv, "attributet 1177 direkt kryssas inte i: ~w står inte i listan i 4.3").
why_template(no_attribute, en, "the attribute 1177 direkt is not ticked: ~w is not on the list in 4.3").
why_template(journal, sv, "kontakten dokumenteras i journalen").
why_template(journal, en, "the contact is documented in the patient record").
why_template(diagnosis, sv, "diagnos och eventuellt KVÅ-kod registreras").
why_template(diagnosis, en, "a diagnosis and, optionally, a KVÅ code are registered").
why_template(closing_bullet, sv, "texten anger att ~w avslutar ärendet").
why_template(closing_bullet, en, "the text says that ~w closes the case").
why_template(closes, sv, "~w (steg ~w) avslutar ärendet i 1177 direkt").
why_template(closes, en, "~w (step ~w) closes the case in 1177 direkt").
why_template(not_closes, sv, "~w (steg ~w) avslutar inte ärendet; det gör ~w (steg ~w)").
why_template(not_closes, en, "~w (step ~w) does not close the case; ~w (step ~w) does").
why_template(undecided, sv, "steg ~w avgörs inte: ~w").
why_template(undecided, en, "step ~w is not decided: ~w").
why_template(interpretation, sv, "tolkning (~w) av frågan \"~w\": ~w").
why_template(interpretation, en, "reading (~w) of the question \"~w\": ~w").

%!  find_template(?Filter, ?Lang, ?Format) is nondet.
%
%   True when Format gives, in Lang, the reason a case satisfies Filter of a
%   reverse question (find.pl).

find_template(vacuous, sv, "tom träff: ingen ~w i någon av scenariots kedjor").
find_template(vacuous, en, "vacuous match: no ~w in any chain of the scenario").
find_template(gap_chain, sv, "kedjan är en lucka").
find_template(gap_chain, en, "the chain is a gap").
find_template(gap_step_matches, sv, "~w – steget matchar, men kedjan är en lucka").
find_template(gap_step_matches, en, "~w – the step matches, but the chain is a gap").
find_template(role_absent, sv, "ingen ~w i kedjan").
find_template(role_absent, en, "no ~w in the chain").
find_template(never_registers, sv, "~w (steg ~w) registrerar inget i PMO").
find_template(never_registers, en, "~w (step ~w) registers nothing in PMO").
find_template(always_registers, sv, "~w registrerar i PMO (steg ~w)").
find_template(always_registers, en, "~w registers in PMO (step ~w)").
find_template(contact_type, sv, "steg ~w registrerar ~w").
find_template(contact_type, en, "step ~w registers ~w").
find_template(closer, sv, "~w (steg ~w) avslutar ärendet").
find_template(closer, en, "~w (step ~w) closes the case").
find_template(closer_reading, sv, "~w (enligt tolkningen ~w)").
find_template(closer_reading, en, "~w (under the reading ~w)").
find_template(closer_not_first, sv, "första registreringen görs i steg ~w, men steg ~w avslutar ärendet").
find_template(closer_not_first, en, "the first registration is made in step ~w, but step ~w closes the case").
find_template(only_replaces_visit, sv, "varje registrering ersätter ett besök").
find_template(only_replaces_visit, en, "every registration replaces a visit").
find_template(no_pmo_step, sv, "steg ~w registrerar inget i PMO").
find_template(no_pmo_step, en, "step ~w registers nothing in PMO").

%!  whynot_template(?Kind, ?Lang, ?Format) is nondet.
%
%   True when Format is, in Lang, the text of Kind in a why-not answer
%   (whynot.pl): the phrases for edits to a case and their outcome.

whynot_template(change, sv, "Om ~w, hade villkoret uppfyllts (~w).").
whynot_template(change, en, "If ~w, the expectation would hold (~w).").
whynot_template(edit_role, sv, "steg ~w hade tagits av ~w i stället för ~w").
whynot_template(edit_role, en, "step ~w had been taken by a ~w instead of a ~w").
whynot_template(edit_channel, sv, "steg ~w hade skett ~w i stället för ~w").
whynot_template(edit_channel, en, "step ~w had been ~w instead of ~w").
whynot_template(edit_purpose, sv, "steg ~w hade haft syftet ~w i stället för ~w").
whynot_template(edit_purpose, en, "step ~w had had the purpose ~w instead of ~w").
whynot_template(edit_day, sv, "steg ~w hade skett ~w i stället för ~w").
whynot_template(edit_day, en, "step ~w had been on ~w instead of ~w").
whynot_template(edit_unit, sv, "steg ~w hade skett på ~w i stället för ~w").
whynot_template(edit_unit, en, "step ~w had been on ~w instead of ~w").
whynot_template(edit_replaces_visit, sv, "valet i steg ~w hade varit \"~w\" i stället för \"~w\"").
whynot_template(edit_replaces_visit, en, "the choice in step ~w had been \"~w\" instead of \"~w\"").
whynot_template(edit_remove, sv, "steg ~w inte hade funnits").
whynot_template(edit_remove, en, "step ~w had not been there").
whynot_template(edit_insert, sv, "ett steg (~w) hade lagts till som steg ~w").
whynot_template(edit_insert, en, "a step (~w) had been added as step ~w").
whynot_template(none_purpose, sv, "inget syfte").
whynot_template(none_purpose, en, "no purpose").
whynot_template(none_replaces_visit, sv, "inget val").
whynot_template(none_replaces_visit, en, "no choice").
whynot_template(none_day, sv, "-").
whynot_template(none_day, en, "-").
whynot_template(none_unit, sv, "-").
whynot_template(none_unit, en, "-").
whynot_template(replaces_true, sv, "ersätter ett besök").
whynot_template(replaces_true, en, "replaces a visit").
whynot_template(replaces_false, sv, "ersätter inte ett besök").
whynot_template(replaces_false, en, "does not replace a visit").
whynot_template(outcome_documented, sv, "scenario ~w i anvisningen").
whynot_template(outcome_documented, en, "scenario ~w of the guideline").
whynot_template(outcome_inferred, sv, "härlett, beskrivs inte i anvisningen").
whynot_template(outcome_inferred, en, "inferred, not described in the guideline").
whynot_template(outcome_gap, sv, "men fallet är en lucka").
whynot_template(outcome_gap, en, "but the case is a gap").
whynot_template(actual_gap, sv, "steg ~w avgörs inte (lucka)").
whynot_template(actual_gap, en, "step ~w is not decided (a gap)").
whynot_template(actual_no_pmo, sv, "steg ~w registrerar inget i PMO").
whynot_template(actual_no_pmo, en, "step ~w registers nothing in PMO").
whynot_template(actual_registers, sv, "steg ~w registrerar ~w").
whynot_template(actual_registers, en, "step ~w registers ~w").
whynot_template(actual_closes, sv, "och avslutar ärendet").
whynot_template(actual_closes, en, "and closes the case").
