:- encoding(utf8).
:- module(questions,
          [ policy_question/3,        % ?Id, ?Sections, ?Kind
            question_text/4,          % ?Id, ?Lang, ?Question, ?Reading
            reading_effect/2,         % ?Id, ?Effect
            role_question/2,          % ?Role, ?Id
            question_wording/3,       % ?Id, ?Lang, ?Question
            reading/2,                % ?Id, ?Reading
            reading_text/4,           % ?Id, ?Reading, ?Lang, ?Text
            chosen_reading/2,         % ?Id, ?Reading
            in_force/2                % +Id, -Reading
          ]).

:- use_module(library(lists), [memberchk/2]).

/** <module> Open policy questions

Every place where the anvisning is ambiguous (Kind = ambiguous), silent
(silent) or where the KB generalises beyond its examples (generalised), and
its readings: the alternative ways the text can be read, each with an id
and a text in Swedish and English (reading_text/4). ONE fact per question,
chosen_reading/2, marks the reading the KB decides for; the rules ask
in_force/2, so deciding a question the other way is an edit of that one
fact. Each reading's effect is an INTERPRETATION marked, with its source
quote, in the file that encodes it; answers that rest on one list it.

A caller may put other readings in force for one call (py1177 --reading
Q=R): the engine passes them as an argument and holds them, for that call
and that thread only, in the thread-local global variable
py1177_readings (a list of Q-R pairs); nothing is asserted.
*/

%!  policy_question(?Id, ?Sections, ?Kind) is nondet.
%
%   True when Id is an open policy question about Sections, of Kind
%   ambiguous, silent or generalised.

policy_question(q_closer_3_1_3b, ['3.1.3'], ambiguous).
policy_question(q_other_includes_nurse, ['3.1.2', '3.1.3', '3.1.4'], ambiguous).
policy_question(q_layout_bullets, ['3.1.1', '3.1.2', '3.1.4'], ambiguous).
policy_question(q_same_complaint, ['3.1.1', '3.1.2', '3.1.3'], silent).
policy_question(q_visit_replacing_purpose, ['3.1.1', '3.1.2', '3.1.4'], generalised).
policy_question(q_closer_last_in_1177, ['3.1.1', '3.1.2', '3.1.3', '3.1.4'], generalised).
policy_question(q_forward_any_sender, ['3.1.2'], generalised).
policy_question(q_forward_registers_any, ['3.1.2', '3.1.3'], generalised).
policy_question(q_phone, ['4.3'], silent).
policy_question(q_forward_with_content, ['3.1.2'], silent).
policy_question(q_not_via_1177, ['1.1', '3.1'], silent).
policy_question(q_return_after_visit, ['3.1.1', '3.1.2'], silent).
policy_question(q_after_exit, ['3.1.3', '3.1.4'], silent).
policy_question(q_validity, ['1'], silent).
policy_question(q_heading_roles, ['3.1.1', '3.1.3', '3.1.4'], ambiguous).
policy_question(q_receiving_unit, ['1.1', '3.1.3', '3.1.4'], silent).
policy_question(q_licensed, ['3.1.2', '3.1.3', '3.1.4'], ambiguous).
policy_question(q_medicinsk_service, ['2'], silent).
policy_question(q_general_guideline, ['3', '5'], silent).

%!  reading_effect(?Id, ?Effect) is nondet.
%
%   True when the reading of policy question Id only explains the layout
%   of the text (Effect = layout), or only says whom a role covers (scope),
%   rather than deciding part of an answer — who registers, which contact
%   type, who closes (Effect = decides, every question not listed here).
%   Answers name deciding readings in their status line; the others are
%   listed below the answer only.

reading_effect(Id, Effect) :-
    policy_question(Id, _, _),
    (   explaining_reading_(Id, Effect0) -> Effect = Effect0 ; Effect = decides ).

% The readings that only say how the text's layout is read, or whom a role
% covers (the answer is the same for everyone the role covers).
explaining_reading_(q_layout_bullets, layout).
explaining_reading_(q_licensed, scope).

%!  role_question(?Role, ?Id) is nondet.
%
%   True when every answer about a case in which Role takes part (or a
%   scenario whose text names Role) rests on the reading of policy question
%   Id: INTERPRETATION (q_licensed) who counts as "annan (legitimerad)
%   hälso- och sjukvårdspersonal".

role_question(other_clinician, q_licensed).

%!  chosen_reading(?Id, ?Reading) is nondet.
%
%   True when Reading is the reading of policy question Id that the KB
%   decides for: THE place where a question is decided.

chosen_reading(q_closer_3_1_3b, handler).
chosen_reading(q_other_includes_nurse, excludes_nurse).
chosen_reading(q_layout_bullets, bullets_above).
chosen_reading(q_same_complaint, one_complaint).
chosen_reading(q_visit_replacing_purpose, replaces_only).
chosen_reading(q_closer_last_in_1177, last_in_1177).
chosen_reading(q_forward_any_sender, any_sender).
chosen_reading(q_forward_registers_any, any_sender).
chosen_reading(q_phone, as_1177).
chosen_reading(q_forward_with_content, gap).
chosen_reading(q_not_via_1177, gap).
chosen_reading(q_return_after_visit, gap).
chosen_reading(q_after_exit, gap).
chosen_reading(q_validity, answer_with_warning).
chosen_reading(q_heading_roles, heading_limits).
chosen_reading(q_receiving_unit, in_scope).
chosen_reading(q_licensed, licensed_only).
chosen_reading(q_medicinsk_service, like_any_unit).
chosen_reading(q_general_guideline, pointer).

%!  in_force(+Id, -Reading) is det.
%
%   True when Reading is the reading of policy question Id in force: the
%   one the current call asked for (--reading), else the chosen one.

in_force(Id, Reading) :-
    (   nb_current(py1177_readings, Asked),
        memberchk(Id-Reading0, Asked)
    ->  Reading = Reading0
    ;   chosen_reading(Id, Reading)
    ).

%!  reading(?Id, ?Reading) is nondet.
%
%   True when Reading is a declared reading of policy question Id.

reading(Id, Reading) :-
    reading_text(Id, Reading, sv, _).

%!  question_text(?Id, ?Lang, ?Question, ?Reading) is nondet.
%
%   True when Question states policy question Id in Lang and Reading is the
%   text of the reading in force.

question_text(Id, Lang, Question, Text) :-
    question_wording(Id, Lang, Question),
    in_force(Id, Reading),
    reading_text(Id, Reading, Lang, Text).

%!  question_wording(?Id, ?Lang, ?Question) is nondet.
%
%   True when Question states policy question Id in Lang.

question_wording(q_closer_3_1_3b, sv,
    "3.1.3 (hänvisar till annan enhet som inte har 1177 direkt): registreras av \"sjuksköterska eller läkare\", men punkten säger \"Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet\". Vem avslutar när sjuksköterskan hänvisar?").
question_wording(q_closer_3_1_3b, en,
    "3.1.3 (redirect to a unit without 1177 direkt): registered by \"nurse or doctor\", but the bullet says \"the doctor or other clinician closes the case\". Who closes when a nurse redirects?").
question_wording(q_other_includes_nurse, sv,
    "Omfattar \"annan hälso- och sjukvårdspersonal\" en sjuksköterska (t.ex. en annan sjuksköterska som tar över ärendet)?").
question_wording(q_other_includes_nurse, en,
    "Does \"annan hälso- och sjukvårdspersonal\" (other clinicians) include nurses, e.g. a second nurse who takes over the case?").
question_wording(q_layout_bullets, sv,
    "Punkter har tappat sitt indrag efter sidbrytningar (3.1.1c: sjuksköterskan som hanterar ärendet digitalt, \"Ersätter inte ett besök\"; 3.1.2c: sjuksköterskans \"Ersätter ett besök\"; 3.1.2d: läkarens eller annan hälso- och sjukvårdspersonals digitala steg, \"Ersätter ett besök\") och i 3.1.4 (receptförnyelse) står vårdkontakten på samma rad som \"Ersätter inte ett besök\". Hör punkterna till alternativet ovanför?").
question_wording(q_layout_bullets, en,
    "Bullets lost their indent after page breaks (3.1.1c: the nurse who handles the case digitally, \"Does not replace a visit\"; 3.1.2c: the nurse's \"Replaces a visit\"; 3.1.2d: the doctor's or other clinician's digital step, \"Replaces a visit\"), and in 3.1.4 (prescription renewal) the contact type shares the line with \"Does not replace a visit\". Do the bullets belong to the alternative above?").
question_wording(q_same_complaint, sv,
    "Hand-over-scenarierna gäller \"samma besvär\". Hur registreras ett steg som gäller ett nytt besvär?").
question_wording(q_same_complaint, en,
    "The hand-over scenarios concern \"samma besvär\" (the same complaint). How is a step about a new complaint registered?").
question_wording(q_visit_replacing_purpose, sv,
    "Ersätter åtgärd/behandling och remiss efter bedömning alltid ett besök, även i kedjor som anvisningen inte beskriver?").
question_wording(q_visit_replacing_purpose, en,
    "Do treatment and referral after assessment always replace a visit, also in chains the guideline does not describe?").
question_wording(q_closer_last_in_1177, sv,
    "Vem avslutar ärendet i 1177 direkt i en kedja som anvisningen inte beskriver?").
question_wording(q_closer_last_in_1177, en,
    "Who closes the case in 1177 direkt in a chain the guideline does not describe?").
question_wording(q_forward_any_sender, sv,
    "Gäller \"Ingen dokumentation i PMO\" vid överlämning samma dag och enhet även när avsändaren inte är sjuksköterska (t.ex. läkare till annan hälso- och sjukvårdspersonal)?").
question_wording(q_forward_any_sender, en,
    "Does \"no documentation in PMO\" for a same-day, same-unit hand-over also apply when the sender is not a nurse (e.g. doctor to other clinician)?").
question_wording(q_forward_registers_any, sv,
    "Registrerar avsändaren alltid när mottagaren tar ärendet annan dag eller på annan enhet, vem som än skickar och tar emot?").
question_wording(q_forward_registers_any, en,
    "Does the sender always register when the receiver takes the case on another day or unit, whoever sends and receives?").
question_wording(q_phone, sv,
    "Hur registreras en kontakt per telefon när tjänsten 1177 direkt har bekymmer (4.3)? Vem avslutar ärendet?").
question_wording(q_phone, en,
    "How is a telephone contact registered when 1177 direkt has trouble (4.3)? Who closes the case?").
question_wording(q_forward_with_content, sv,
    "Ska den som redan gett eget innehåll – råd, åtgärd eller en kontakt som ersätter ett besök (t.ex. video) – och sedan skickar ärendet vidare samma dag till samma enhet ändå inte registrera något i PMO?").
question_wording(q_forward_with_content, en,
    "Does someone who already gave content of their own – advice, treatment, or a contact that replaces a visit (e.g. video) – and then forwards the case the same day to the same unit still register nothing in PMO?").
question_wording(q_not_via_1177, sv,
    "Gäller anvisningen ärenden som inte börjar i 1177 direkt (första steget fysiskt)?").
question_wording(q_not_via_1177, en,
    "Does the guideline cover cases that do not start in 1177 direkt (first step in person)?").
question_wording(q_return_after_visit, sv,
    "Hur registreras ett steg i 1177 direkt som kommer efter ett fysiskt besök i samma ärende?").
question_wording(q_return_after_visit, en,
    "How is a step in 1177 direkt registered when it follows a physical visit in the same case?").
question_wording(q_after_exit, sv,
    "Vad gäller när ärendet fortsätter i 1177 direkt, eller på samma enhet, efter en hänvisning eller remiss till annan enhet?").
question_wording(q_after_exit, en,
    "What applies when the case continues in 1177 direkt, or on the same unit, after a redirect or referral to another unit?").
question_wording(q_validity, sv,
    "Version 1.0 gällde 2023-04-11 – 2024-04-11. Gäller den fortfarande, och finns en senare version?").
question_wording(q_validity, en,
    "Version 1.0 was valid 2023-04-11 – 2024-04-11. Is it still in force, and is there a later version?").
question_wording(q_heading_roles, sv,
    "Rubrikerna begränsar rollerna: \"Läkare via 1177 direkt (receptförnyelse)\" (3.1.4, \"Registreras av läkare\"), \"Sjuksköterska eller läkare via 1177 direkt → Hänvisar …\" (3.1.3), \"Sjuksköterska via 1177 direkt (egenvårdsråd)\" (3.1.1) och \"Läkare eller annan hälso- och sjukvårdspersonal: (remiss, …)\" (3.1.4). Hur registreras ett steg med samma syfte av en roll som rubriken inte nämner (t.ex. en sjuksköterska som förnyar recept)?").
question_wording(q_heading_roles, en,
    "The headings limit the roles: \"Läkare via 1177 direkt (receptförnyelse)\" (3.1.4, registered by the doctor), \"Sjuksköterska eller läkare via 1177 direkt → Hänvisar …\" (3.1.3), \"Sjuksköterska via 1177 direkt (egenvårdsråd)\" (3.1.1) and \"Läkare eller annan hälso- och sjukvårdspersonal: (remiss, …)\" (3.1.4). How is a step with that purpose registered when a role the heading does not name takes it (e.g. a nurse renewing a prescription)?").
question_wording(q_receiving_unit, sv,
    "Anvisningen gäller för \"Primärvården Skåne och Medicinsk service\", och tjänsten möjliggör överföring \"inom och mellan anslutna vårdenheter och regioner\" (1.1). Gäller den för den enhet som tar emot ärendet efter en hänvisning eller remiss, när enheten ligger utanför omfattningen eller i en annan region?").
question_wording(q_receiving_unit, en,
    "The guideline applies to \"Primärvården Skåne och Medicinsk service\", and the service allows transfers \"within and between connected care units and regions\" (1.1). Does it apply to the unit that receives the case after a redirect or referral, when that unit is outside that scope or in another region?").
question_wording(q_licensed, sv,
    "Rubriken i 3.1.4 säger \"annan legitimerad hälso- och sjukvårdspersonal\", övriga rubriker \"annan hälso- och sjukvårdspersonal\". Vilka yrken omfattar rollen – bara legitimerad personal, och även i 3.1.2 och 3.1.3?").
question_wording(q_licensed, en,
    "The heading of 3.1.4 says \"annan legitimerad hälso- och sjukvårdspersonal\" (other licensed clinicians), the other headings \"annan hälso- och sjukvårdspersonal\". Which professions does the role cover – only licensed staff, and also in 3.1.2 and 3.1.3?").
question_wording(q_medicinsk_service, sv,
    "Anvisningen gäller även \"Medicinsk service (1177 på telefon)\" (2), men scenarierna nämner bara sjuksköterska, läkare och annan hälso- och sjukvårdspersonal på enheter. Hur passar Medicinsk service in i scenarierna?").
question_wording(q_medicinsk_service, en,
    "The guideline also applies to \"Medicinsk service (1177 på telefon)\" (2), but the scenarios name only nurses, doctors and other clinicians at units. How does Medicinsk service fit the scenarios?").
question_wording(q_general_guideline, sv,
    "Faller fall som anvisningen inte avgör under den allmänna registreringsanvisningen som 5 länkar till (\"Registreringsanvisningar distanskontakter i Region Skåne\")?").
question_wording(q_general_guideline, en,
    "Do cases the guideline does not decide fall under the general registration guideline that 5 links to (\"Registreringsanvisningar distanskontakter i Region Skåne\")?").

%!  reading_text(?Id, ?Reading, ?Lang, ?Text) is nondet.
%
%   True when Text states, in Lang, the reading Reading of policy question
%   Id. The first readings below are the ones chosen today; the others are
%   the alternatives the text allows.

reading_text(q_closer_3_1_3b, handler, sv,
    "Den som hanterade ärendet i 1177 direkt (steg 1) avslutar det, oavsett roll; ingen annan hanterar ärendet i 1177 direkt. Punkten läses som kopierad från 3.1.3 (samma dag, annan enhet), inte som att \"annan hälso- och sjukvårdspersonal\" omfattar sjuksköterskor (jfr q_other_includes_nurse). Används bara när sjuksköterskan hänvisar.").
reading_text(q_closer_3_1_3b, handler, en,
    "Whoever handled the case in 1177 direkt (step 1) closes it, whatever the role; nobody else handles it in 1177 direkt. The bullet is read as copied from 3.1.3 (same day, another unit), not as \"other clinicians\" including nurses (cf. q_other_includes_nurse). Used only when a nurse redirects.").
reading_text(q_other_includes_nurse, excludes_nurse, sv,
    "Nej: rollen annan hälso- och sjukvårdspersonal omfattar inte sjuksköterskor. En överlämning via 1177 direkt till en sjuksköterska samma dag på samma enhet är därför en lucka – det är oklart om den första sjuksköterskan ska registrera. (Vid överlämning annan dag eller till annan enhet registrerar avsändaren med båda läsningarna.) Jfr q_closer_3_1_3b.").
reading_text(q_other_includes_nurse, excludes_nurse, en,
    "No: the role other clinician excludes nurses. A hand-over via 1177 direkt to a nurse on the same unit and day is therefore a gap: it is unclear whether the first nurse registers. (On another day or unit the sender registers under either reading.) Cf. q_closer_3_1_3b.").
reading_text(q_layout_bullets, bullets_above, sv,
    "Ja: de läses som punkter under alternativet ovanför, som i alla scenarier där layouten är hel (errata e6, e7).").
reading_text(q_layout_bullets, bullets_above, en,
    "Yes: they are read as bullets of the alternative above, as in every scenario whose layout is intact (errata e6, e7).").
reading_text(q_same_complaint, one_complaint, sv,
    "Inte kodat som indata: varje kedja läses som ett och samma besvär. Ett nytt besvär är ett nytt ärende och frågas för sig.").
reading_text(q_same_complaint, one_complaint, en,
    "Not an input: every chain is read as one complaint. A new complaint is a new case, to be asked separately.").
reading_text(q_visit_replacing_purpose, replaces_only, sv,
    "Ja: för dessa syften finns bara alternativet \"Ersätter ett besök\", som i 3.1.1 (Åtgärd/behandling) och 3.1.4 (åtgärd/behandling; remiss). Väljs ändå \"ersätter inte besök\" är steget en lucka.").
reading_text(q_visit_replacing_purpose, replaces_only, en,
    "Yes: these purposes have only the alternative \"Replaces a visit\", as in 3.1.1 (treatment) and 3.1.4 (treatment; referral). Choosing \"does not replace a visit\" anyway makes the step a gap.").
reading_text(q_closer_last_in_1177, last_in_1177, sv,
    "Den som hanterar det sista steget i 1177 direkt avslutar ärendet; ett fysiskt besök efteråt ändrar inte det (som i 3.1.1 och 3.1.2).").
reading_text(q_closer_last_in_1177, last_in_1177, en,
    "The handler of the last step in 1177 direkt closes the case; a later physical visit does not change that (as in 3.1.1 and 3.1.2).").
reading_text(q_forward_any_sender, any_sender, sv,
    "Ja: skälet i 3.1.2 gäller mottagaren (\"det är läkare eller annan hälso- och sjukvårdspersonal på samma enhet och samma dag som hanterar ärendet\"), så regeln gäller alla avsändare.").
reading_text(q_forward_any_sender, any_sender, en,
    "Yes: the reason given in 3.1.2 concerns the receiver (a doctor or other clinician on the same unit and day handles the case), so it applies to any sender.").
reading_text(q_forward_registers_any, any_sender, sv,
    "Ja: skälen i 3.1.2 (\"hanteras … annan dag\") och 3.1.3 (\"på annan enhet\") gäller när ärendet hanteras, inte vem som skickar.").
reading_text(q_forward_registers_any, any_sender, en,
    "Yes: the reasons in 3.1.2 (handled another day) and 3.1.3 (on another unit) concern when the case is handled, not who sends it.").
reading_text(q_phone, as_1177, sv,
    "Som en kontakt via 1177 direkt: Telefonsamtal (ersätter inte besök) eller Telefonsamtal som ersätter besök, med attributet 1177 direkt, journal, och diagnos när kontakten ersätter ett besök; den som hanterar det sista steget i 1177 direkt avslutar ärendet. En överlämning samma dag till samma enhet där någon kontakt sker per telefon är en lucka. Svaret är alltid härlett.").
reading_text(q_phone, as_1177, en,
    "Like a contact via 1177 direkt: Telefonsamtal (not replacing a visit) or Telefonsamtal som ersätter besök, with the attribute 1177 direkt, journal, and a diagnosis when it replaces a visit; the handler of the last step in 1177 direkt closes the case. A same-day, same-unit hand-over where either contact is by telephone is a gap. Always inferred.").
reading_text(q_forward_with_content, gap, sv,
    "Anvisningen beskriver bara vidarebefordran utan eget innehåll (3.1.2); fallet lämnas som lucka.").
reading_text(q_forward_with_content, gap, en,
    "The guideline only describes forwarding without content of one's own (3.1.2); left as a gap.").
reading_text(q_not_via_1177, gap, sv,
    "Nej: sådana kedjor är en lucka; anvisningen gäller ärenden som kommer via 1177 direkt.").
reading_text(q_not_via_1177, gap, en,
    "No: such chains are a gap; the guideline covers cases that arrive via 1177 direkt.").
reading_text(q_return_after_visit, gap, sv,
    "Anvisningen beskriver det inte (ärendet har avslutats före eller vid besöket); fallet lämnas som lucka.").
reading_text(q_return_after_visit, gap, en,
    "The guideline does not describe it (the case was closed before or at the visit); left as a gap.").
reading_text(q_after_exit, gap, sv,
    "Anvisningen beskriver det inte; fallet lämnas som lucka. Ett fysiskt besök på den andra enheten härleds som ordinarie mottagningsbesök (se q_receiving_unit).").
reading_text(q_after_exit, gap, en,
    "The guideline does not describe it; left as a gap. A physical visit at the other unit is inferred as an ordinary clinic visit, Mottagningsbesök (see q_receiving_unit).").
reading_text(q_validity, answer_with_warning, sv,
    "Svaret ges även utanför giltighetstiden, med en tydlig varning.").
reading_text(q_validity, answer_with_warning, en,
    "Answers are still given outside the validity period, with a clear warning.").
reading_text(q_heading_roles, heading_limits, sv,
    "Anvisningen beskriver ett syfte bara för de roller som dess rubrik nämner; ett steg med syftet som tas av en annan roll är en lucka (inga registreringar hittas på).").
reading_text(q_heading_roles, heading_limits, en,
    "The guideline describes a purpose only for the roles its heading names; a step with that purpose taken by another role is a gap (no registrations are invented).").
reading_text(q_receiving_unit, in_scope, sv,
    "Ett fysiskt besök på den mottagande enheten härleds som ett ordinarie mottagningsbesök, som i 3.1.1 och 3.1.2 – det förutsätter att enheten registrerar i PMO enligt Region Skånes anvisningar. Ligger enheten utanför Primärvården Skåne och Medicinsk service eller i en annan region gäller dess egna registreringsregler, och svaret gäller inte där.").
reading_text(q_receiving_unit, in_scope, en,
    "A physical visit at the receiving unit is inferred as an ordinary clinic visit (Mottagningsbesök), as in 3.1.1 and 3.1.2 – assuming the unit registers in PMO under Region Skåne's guidelines. If the unit is outside Primärvården Skåne and Medicinsk service, or in another region, its own registration rules apply and the answer does not hold there.").
reading_text(q_licensed, licensed_only, sv,
    "Rollen annan hälso- och sjukvårdspersonal (other_clinician) läses i hela 3.1 som legitimerad hälso- och sjukvårdspersonal som inte är läkare eller sjuksköterska (t.ex. fysioterapeut, arbetsterapeut, psykolog); personal utan legitimation omfattas inte, och deras kontakter beskrivs inte. Sjuksköterskor har egen roll (jfr q_other_includes_nurse).").
reading_text(q_licensed, licensed_only, en,
    "The role other clinician (other_clinician) is read throughout 3.1 as licensed health-care staff who are neither doctors nor nurses (e.g. physiotherapist, occupational therapist, psychologist); unlicensed staff are not covered and their contacts are not described. Nurses have their own role (cf. q_other_includes_nurse).").
reading_text(q_medicinsk_service, like_any_unit, sv,
    "Inte kodat som indata: en kontakt som Medicinsk service hanterar i 1177 direkt läses som vilken enhets kontakt som helst, efter roll, dag och enhet. Kanalen per telefon (phone) är 4.3:s telefonkontakter vid bekymmer med 1177 direkt, inte tjänsten 1177 på telefon.").
reading_text(q_medicinsk_service, like_any_unit, en,
    "Not an input: a contact that Medicinsk service handles in 1177 direkt is read like any unit's contact, by role, day and unit. The channel by telephone (phone) is 4.3's telephone contacts when 1177 direkt has trouble, not the 1177 på telefon service.").
reading_text(q_general_guideline, pointer, sv,
    "Ja, som hänvisning: anvisningen är en tillämpning (3 \"Tillämpning av registreringsanvisningar för distanskontakter\") av den allmänna anvisningen, så ett steg som den inte avgör registreras enligt den allmänna anvisningen. Regelboken innehåller inte den anvisningen (länken saknar mål i källan) och hittar inte på något svar; den pekar dit, till de närmaste beskrivna scenarierna och till den öppna frågan.").
reading_text(q_general_guideline, pointer, en,
    "Yes, as a pointer: this guideline applies (3 \"Tillämpning av registreringsanvisningar för distanskontakter\") the general one, so a step it does not decide is registered under the general guideline. The rulebook does not contain that guideline (the link has no target in the source) and invents no answer; it points there, to the nearest documented scenarios and to the open question.").

% --- the alternatives the text allows -------------------------------------

reading_text(q_closer_3_1_3b, named_roles, sv,
    "Som punkten säger: \"Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet\". Hänvisar sjuksköterskan avslutar ingen i kedjan ärendet (det gör en läkare eller annan hälso- och sjukvårdspersonal utanför kedjan); hänvisar läkaren avslutar läkaren.").
reading_text(q_closer_3_1_3b, named_roles, en,
    "As the bullet says: \"the doctor or other clinician closes the case\". When a nurse redirects, nobody in the chain closes it (a doctor or other clinician outside the chain does); when a doctor redirects, the doctor closes.").
reading_text(q_closer_3_1_3b, undecided, sv,
    "Oavgjort: när sjuksköterskan hänvisar avgör anvisningen inte vem som avslutar ärendet; ingen avslutare anges.").
reading_text(q_closer_3_1_3b, undecided, en,
    "Undecided: when a nurse redirects, the guideline does not decide who closes the case; no closer is given.").
reading_text(q_other_includes_nurse, includes_nurse, sv,
    "Ja: en sjuksköterska som tar över ärendet räknas som annan hälso- och sjukvårdspersonal. En överlämning via 1177 direkt till en sjuksköterska samma dag på samma enhet registreras som i 3.1.2 (samma dag): ingen dokumentation i PMO för avsändaren.").
reading_text(q_other_includes_nurse, includes_nurse, en,
    "Yes: a nurse who takes over the case counts as another clinician. A hand-over via 1177 direkt to a nurse on the same unit and day is registered as in 3.1.2 (same day): no documentation in PMO for the sender.").
reading_text(q_visit_replacing_purpose, both_alternatives, sv,
    "Nej: bara de beskrivna kedjorna har enbart \"Ersätter ett besök\"; i andra kedjor har åtgärd/behandling och remiss båda alternativen, som alla andra syften.").
reading_text(q_visit_replacing_purpose, both_alternatives, en,
    "No: only the documented chains have \"Replaces a visit\" alone; in other chains treatment and referral have both alternatives, like every other purpose.").
reading_text(q_closer_last_in_1177, undecided, sv,
    "Oavgjort: anvisningen anger avslutaren bara i sina scenarier; i andra kedjor anges ingen avslutare.").
reading_text(q_closer_last_in_1177, undecided, en,
    "Undecided: the guideline names the closer only in its scenarios; in other chains no closer is given.").
reading_text(q_forward_any_sender, nurse_only, sv,
    "Nej: \"Ingen dokumentation i PMO\" gäller bara när sjuksköterskan skickar ärendet vidare, som i 3.1.2; när någon annan skickar vidare samma dag till samma enhet är steget en lucka.").
reading_text(q_forward_any_sender, nurse_only, en,
    "No: \"no documentation in PMO\" applies only when the nurse forwards the case, as in 3.1.2; when anyone else forwards it the same day to the same unit, the step is a gap.").
reading_text(q_forward_registers_any, nurse_only, sv,
    "Nej: skälen i 3.1.2 och 3.1.3 gäller sjuksköterskan som skickar till läkare eller annan hälso- och sjukvårdspersonal; när någon annan skickar vidare till annan dag eller annan enhet är steget en lucka.").
reading_text(q_forward_registers_any, nurse_only, en,
    "No: the reasons in 3.1.2 and 3.1.3 concern the nurse forwarding to a doctor or other clinician; when anyone else forwards to another day or unit, the step is a gap.").
reading_text(q_phone, not_1177, sv,
    "Nej: en kontakt per telefon är ingen kontakt via 1177 direkt; anvisningen beskriver inte hur den registreras (4.3 säger bara \"kan komma att användas\"), så steget är en lucka.").
reading_text(q_phone, not_1177, en,
    "No: a telephone contact is not a contact via 1177 direkt; the guideline does not describe how it is registered (4.3 only says it \"may be used\"), so the step is a gap.").
reading_text(q_forward_with_content, like_3_1_2b, sv,
    "Ja: som i 3.1.2 (samma dag) registrerar den som skickar vidare samma dag till samma enhet ingenting i PMO, även med eget innehåll.").
reading_text(q_forward_with_content, like_3_1_2b, en,
    "Yes: as in 3.1.2 (same day), whoever forwards the case the same day to the same unit registers nothing in PMO, even with content of their own.").
reading_text(q_forward_with_content, registers, sv,
    "Nej: den som gett eget innehåll registrerar sin kontakt (Text som inte ersätter besök eller Distanskontakt realtid bild/ljud/chatt) innan ärendet skickas vidare.").
reading_text(q_forward_with_content, registers, en,
    "No: whoever gave content of their own registers their contact (Text som inte ersätter besök or Distanskontakt realtid bild/ljud/chatt) before forwarding the case.").
reading_text(q_not_via_1177, ordinary_visit, sv,
    "Ja, så långt texten räcker: ett fysiskt första steg registreras som ett ordinarie mottagningsbesök; ingen avslutar något ärende i 1177 direkt.").
reading_text(q_not_via_1177, ordinary_visit, en,
    "Yes, as far as the text goes: a physical first step is registered as an ordinary clinic visit (Mottagningsbesök); nobody closes a case in 1177 direkt.").
reading_text(q_heading_roles, any_role, sv,
    "Rubrikerna beskriver exempel, inte gränser: ett steg med samma syfte som tas av en roll som rubriken inte nämner avgörs av de allmänna reglerna, som för andra roller.").
reading_text(q_heading_roles, any_role, en,
    "The headings describe examples, not limits: a step with that purpose taken by a role the heading does not name is decided by the general rules, as for other roles.").
reading_text(q_receiving_unit, outside_scope, sv,
    "Nej: den mottagande enheten efter en hänvisning eller remiss kan ligga utanför Primärvården Skåne och Medicinsk service; anvisningen avgör inte hur besöket där registreras (lucka).").
reading_text(q_receiving_unit, outside_scope, en,
    "No: the unit receiving the case after a redirect or referral may lie outside Primärvården Skåne and Medicinsk service; the guideline does not decide how the visit there is registered (a gap).").
