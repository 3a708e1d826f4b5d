:- encoding(utf8).
:- module(questions,
          [ policy_question/3,        % ?Id, ?Sections, ?Kind
            question_text/4,          % ?Id, ?Lang, ?Question, ?Reading
            reading_effect/2,         % ?Id, ?Effect
            role_question/2           % ?Role, ?Id
          ]).

/** <module> Open policy questions

Every place where the anvisning is ambiguous (Kind = ambiguous), silent
(silent) or where the KB generalises beyond its examples (generalised), and
the one reading the KB encodes. Each is an INTERPRETATION marked in the
file that encodes it; answers that rest on one list it.
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

%!  question_text(?Id, ?Lang, ?Question, ?Reading) is nondet.
%
%   True when Question states policy question Id in Lang and Reading is the
%   reading the KB encodes.

question_text(q_closer_3_1_3b, sv,
    "3.1.3 (hänvisar till annan enhet som inte har 1177 direkt): registreras av \"sjuksköterska eller läkare\", men punkten säger \"Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet\". Vem avslutar när sjuksköterskan hänvisar?",
    "Den som hanterade ärendet i 1177 direkt (steg 1) avslutar det, oavsett roll; ingen annan hanterar ärendet i 1177 direkt. Punkten läses som kopierad från 3.1.3 (samma dag, annan enhet), inte som att \"annan hälso- och sjukvårdspersonal\" omfattar sjuksköterskor (jfr q_other_includes_nurse). Används bara när sjuksköterskan hänvisar.").
question_text(q_closer_3_1_3b, en,
    "3.1.3 (redirect to a unit without 1177 direkt): registered by \"nurse or doctor\", but the bullet says \"the doctor or other clinician closes the case\". Who closes when a nurse redirects?",
    "Whoever handled the case in 1177 direkt (step 1) closes it, whatever the role; nobody else handles it in 1177 direkt. The bullet is read as copied from 3.1.3 (same day, another unit), not as \"other clinicians\" including nurses (cf. q_other_includes_nurse). Used only when a nurse redirects.").
question_text(q_other_includes_nurse, sv,
    "Omfattar \"annan hälso- och sjukvårdspersonal\" en sjuksköterska (t.ex. en annan sjuksköterska som tar över ärendet)?",
    "Nej: rollen annan hälso- och sjukvårdspersonal omfattar inte sjuksköterskor. En överlämning via 1177 direkt till en sjuksköterska samma dag på samma enhet är därför en lucka – det är oklart om den första sjuksköterskan ska registrera. (Vid överlämning annan dag eller till annan enhet registrerar avsändaren med båda läsningarna.) Jfr q_closer_3_1_3b.").
question_text(q_other_includes_nurse, en,
    "Does \"annan hälso- och sjukvårdspersonal\" (other clinicians) include nurses, e.g. a second nurse who takes over the case?",
    "No: the role other clinician excludes nurses. A hand-over via 1177 direkt to a nurse on the same unit and day is therefore a gap: it is unclear whether the first nurse registers. (On another day or unit the sender registers under either reading.) Cf. q_closer_3_1_3b.").
question_text(q_layout_bullets, sv,
    "Punkter har tappat sitt indrag efter sidbrytningar (3.1.1c: sjuksköterskan som hanterar ärendet digitalt, \"Ersätter inte ett besök\"; 3.1.2c: sjuksköterskans \"Ersätter ett besök\"; 3.1.2d: läkarens eller annan hälso- och sjukvårdspersonals digitala steg, \"Ersätter ett besök\") och i 3.1.4 (receptförnyelse) står vårdkontakten på samma rad som \"Ersätter inte ett besök\". Hör punkterna till alternativet ovanför?",
    "Ja: de läses som punkter under alternativet ovanför, som i alla scenarier där layouten är hel (errata e6, e7).").
question_text(q_layout_bullets, en,
    "Bullets lost their indent after page breaks (3.1.1c: the nurse who handles the case digitally, \"Does not replace a visit\"; 3.1.2c: the nurse's \"Replaces a visit\"; 3.1.2d: the doctor's or other clinician's digital step, \"Replaces a visit\"), and in 3.1.4 (prescription renewal) the contact type shares the line with \"Does not replace a visit\". Do the bullets belong to the alternative above?",
    "Yes: they are read as bullets of the alternative above, as in every scenario whose layout is intact (errata e6, e7).").
question_text(q_same_complaint, sv,
    "Hand-over-scenarierna gäller \"samma besvär\". Hur registreras ett steg som gäller ett nytt besvär?",
    "Inte kodat som indata: varje kedja läses som ett och samma besvär. Ett nytt besvär är ett nytt ärende och frågas för sig.").
question_text(q_same_complaint, en,
    "The hand-over scenarios concern \"samma besvär\" (the same complaint). How is a step about a new complaint registered?",
    "Not an input: every chain is read as one complaint. A new complaint is a new case, to be asked separately.").
question_text(q_visit_replacing_purpose, sv,
    "Ersätter åtgärd/behandling och remiss efter bedömning alltid ett besök, även i kedjor som anvisningen inte beskriver?",
    "Ja: för dessa syften finns bara alternativet \"Ersätter ett besök\", som i 3.1.1 (Åtgärd/behandling) och 3.1.4 (åtgärd/behandling; remiss). Väljs ändå \"ersätter inte besök\" är steget en lucka.").
question_text(q_visit_replacing_purpose, en,
    "Do treatment and referral after assessment always replace a visit, also in chains the guideline does not describe?",
    "Yes: these purposes have only the alternative \"Replaces a visit\", as in 3.1.1 (treatment) and 3.1.4 (treatment; referral). Choosing \"does not replace a visit\" anyway makes the step a gap.").
question_text(q_closer_last_in_1177, sv,
    "Vem avslutar ärendet i 1177 direkt i en kedja som anvisningen inte beskriver?",
    "Den som hanterar det sista steget i 1177 direkt avslutar ärendet; ett fysiskt besök efteråt ändrar inte det (som i 3.1.1 och 3.1.2).").
question_text(q_closer_last_in_1177, en,
    "Who closes the case in 1177 direkt in a chain the guideline does not describe?",
    "The handler of the last step in 1177 direkt closes the case; a later physical visit does not change that (as in 3.1.1 and 3.1.2).").
question_text(q_forward_any_sender, sv,
    "Gäller \"Ingen dokumentation i PMO\" vid överlämning samma dag och enhet även när avsändaren inte är sjuksköterska (t.ex. läkare till annan hälso- och sjukvårdspersonal)?",
    "Ja: skälet i 3.1.2 gäller mottagaren (\"det är läkare eller annan hälso- och sjukvårdspersonal på samma enhet och samma dag som hanterar ärendet\"), så regeln gäller alla avsändare.").
question_text(q_forward_any_sender, en,
    "Does \"no documentation in PMO\" for a same-day, same-unit hand-over also apply when the sender is not a nurse (e.g. doctor to other clinician)?",
    "Yes: the reason given in 3.1.2 concerns the receiver (a doctor or other clinician on the same unit and day handles the case), so it applies to any sender.").
question_text(q_forward_registers_any, sv,
    "Registrerar avsändaren alltid när mottagaren tar ärendet annan dag eller på annan enhet, vem som än skickar och tar emot?",
    "Ja: skälen i 3.1.2 (\"hanteras … annan dag\") och 3.1.3 (\"på annan enhet\") gäller när ärendet hanteras, inte vem som skickar.").
question_text(q_forward_registers_any, en,
    "Does the sender always register when the receiver takes the case on another day or unit, whoever sends and receives?",
    "Yes: the reasons in 3.1.2 (handled another day) and 3.1.3 (on another unit) concern when the case is handled, not who sends it.").
question_text(q_phone, sv,
    "Hur registreras en kontakt per telefon när tjänsten 1177 direkt har bekymmer (4.3)? Vem avslutar ärendet?",
    "Som en kontakt via 1177 direkt: Telefonsamtal (ersätter inte besök) eller Telefonsamtal som ersätter besök, med attributet 1177 direkt, journal, och diagnos när kontakten ersätter ett besök; den som hanterar det sista steget i 1177 direkt avslutar ärendet. En överlämning samma dag till samma enhet där någon kontakt sker per telefon är en lucka. Svaret är alltid härlett.").
question_text(q_phone, en,
    "How is a telephone contact registered when 1177 direkt has trouble (4.3)? Who closes the case?",
    "Like a contact via 1177 direkt: Telefonsamtal (not replacing a visit) or Telefonsamtal som ersätter besök, with the attribute 1177 direkt, journal, and a diagnosis when it replaces a visit; the handler of the last step in 1177 direkt closes the case. A same-day, same-unit hand-over where either contact is by telephone is a gap. Always inferred.").
question_text(q_forward_with_content, sv,
    "Ska den som redan gett eget innehåll – råd, åtgärd eller en kontakt som ersätter ett besök (t.ex. video) – och sedan skickar ärendet vidare samma dag till samma enhet ändå inte registrera något i PMO?",
    "Anvisningen beskriver bara vidarebefordran utan eget innehåll (3.1.2); fallet lämnas som lucka.").
question_text(q_forward_with_content, en,
    "Does someone who already gave content of their own – advice, treatment, or a contact that replaces a visit (e.g. video) – and then forwards the case the same day to the same unit still register nothing in PMO?",
    "The guideline only describes forwarding without content of one's own (3.1.2); left as a gap.").
question_text(q_not_via_1177, sv,
    "Gäller anvisningen ärenden som inte börjar i 1177 direkt (första steget fysiskt)?",
    "Nej: sådana kedjor är en lucka; anvisningen gäller ärenden som kommer via 1177 direkt.").
question_text(q_not_via_1177, en,
    "Does the guideline cover cases that do not start in 1177 direkt (first step in person)?",
    "No: such chains are a gap; the guideline covers cases that arrive via 1177 direkt.").
question_text(q_return_after_visit, sv,
    "Hur registreras ett steg i 1177 direkt som kommer efter ett fysiskt besök i samma ärende?",
    "Anvisningen beskriver det inte (ärendet har avslutats före eller vid besöket); fallet lämnas som lucka.").
question_text(q_return_after_visit, en,
    "How is a step in 1177 direkt registered when it follows a physical visit in the same case?",
    "The guideline does not describe it (the case was closed before or at the visit); left as a gap.").
question_text(q_after_exit, sv,
    "Vad gäller när ärendet fortsätter i 1177 direkt, eller på samma enhet, efter en hänvisning eller remiss till annan enhet?",
    "Anvisningen beskriver det inte; fallet lämnas som lucka. Ett fysiskt besök på den andra enheten härleds som ordinarie mottagningsbesök (se q_receiving_unit).").
question_text(q_after_exit, en,
    "What applies when the case continues in 1177 direkt, or on the same unit, after a redirect or referral to another unit?",
    "The guideline does not describe it; left as a gap. A physical visit at the other unit is inferred as an ordinary clinic visit (see q_receiving_unit).").
question_text(q_validity, sv,
    "Version 1.0 gällde 2023-04-11 – 2024-04-11. Gäller den fortfarande, och finns en senare version?",
    "Svaret ges även utanför giltighetstiden, med en tydlig varning.").
question_text(q_validity, en,
    "Version 1.0 was valid 2023-04-11 – 2024-04-11. Is it still in force, and is there a later version?",
    "Answers are still given outside the validity period, with a clear warning.").
question_text(q_heading_roles, sv,
    "Rubrikerna begränsar rollerna: \"Läkare via 1177 direkt (receptförnyelse)\" (3.1.4, \"Registreras av läkare\"), \"Sjuksköterska eller läkare via 1177 direkt → Hänvisar …\" (3.1.3), \"Sjuksköterska via 1177 direkt (egenvårdsråd)\" (3.1.1) och \"Läkare eller annan hälso- och sjukvårdspersonal: (remiss, …)\" (3.1.4). Hur registreras ett steg med samma syfte av en roll som rubriken inte nämner (t.ex. en sjuksköterska som förnyar recept)?",
    "Anvisningen beskriver ett syfte bara för de roller som dess rubrik nämner; ett steg med syftet som tas av en annan roll är en lucka (inga registreringar hittas på).").
question_text(q_heading_roles, en,
    "The headings limit the roles: \"Läkare via 1177 direkt (receptförnyelse)\" (3.1.4, registered by the doctor), \"Sjuksköterska eller läkare via 1177 direkt → Hänvisar …\" (3.1.3), \"Sjuksköterska via 1177 direkt (egenvårdsråd)\" (3.1.1) and \"Läkare eller annan hälso- och sjukvårdspersonal: (remiss, …)\" (3.1.4). How is a step with that purpose registered when a role the heading does not name takes it (e.g. a nurse renewing a prescription)?",
    "The guideline describes a purpose only for the roles its heading names; a step with that purpose taken by another role is a gap (no registrations are invented).").
question_text(q_receiving_unit, sv,
    "Anvisningen gäller för \"Primärvården Skåne och Medicinsk service\", och tjänsten möjliggör överföring \"inom och mellan anslutna vårdenheter och regioner\" (1.1). Gäller den för den enhet som tar emot ärendet efter en hänvisning eller remiss, när enheten ligger utanför omfattningen eller i en annan region?",
    "Ett fysiskt besök på den mottagande enheten härleds som ett ordinarie mottagningsbesök, som i 3.1.1 och 3.1.2 – det förutsätter att enheten registrerar i PMO enligt Region Skånes anvisningar. Ligger enheten utanför Primärvården Skåne och Medicinsk service eller i en annan region gäller dess egna registreringsregler, och svaret gäller inte där.").
question_text(q_receiving_unit, en,
    "The guideline applies to \"Primärvården Skåne och Medicinsk service\", and the service allows transfers \"within and between connected care units and regions\" (1.1). Does it apply to the unit that receives the case after a redirect or referral, when that unit is outside that scope or in another region?",
    "A physical visit at the receiving unit is inferred as an ordinary clinic visit, as in 3.1.1 and 3.1.2 – assuming the unit registers in PMO under Region Skåne's guidelines. If the unit is outside Primärvården Skåne and Medicinsk service, or in another region, its own registration rules apply and the answer does not hold there.").
question_text(q_licensed, sv,
    "Rubriken i 3.1.4 säger \"annan legitimerad hälso- och sjukvårdspersonal\", övriga rubriker \"annan hälso- och sjukvårdspersonal\". Vilka yrken omfattar rollen – bara legitimerad personal, och även i 3.1.2 och 3.1.3?",
    "Rollen annan hälso- och sjukvårdspersonal (other_clinician) läses i hela 3.1 som legitimerad hälso- och sjukvårdspersonal som inte är läkare eller sjuksköterska (t.ex. fysioterapeut, arbetsterapeut, psykolog); personal utan legitimation omfattas inte, och deras kontakter beskrivs inte. Sjuksköterskor har egen roll (jfr q_other_includes_nurse).").
question_text(q_licensed, en,
    "The heading of 3.1.4 says \"annan legitimerad hälso- och sjukvårdspersonal\" (other licensed clinicians), the other headings \"annan hälso- och sjukvårdspersonal\". Which professions does the role cover – only licensed staff, and also in 3.1.2 and 3.1.3?",
    "The role other clinician (other_clinician) is read throughout 3.1 as licensed health-care staff who are neither doctors nor nurses (e.g. physiotherapist, occupational therapist, psychologist); unlicensed staff are not covered and their contacts are not described. Nurses have their own role (cf. q_other_includes_nurse).").
question_text(q_medicinsk_service, sv,
    "Anvisningen gäller även \"Medicinsk service (1177 på telefon)\" (2), men scenarierna nämner bara sjuksköterska, läkare och annan hälso- och sjukvårdspersonal på enheter. Hur passar Medicinsk service in i scenarierna?",
    "Inte kodat som indata: en kontakt som Medicinsk service hanterar i 1177 direkt läses som vilken enhets kontakt som helst, efter roll, dag och enhet. Kanalen per telefon (phone) är 4.3:s telefonkontakter vid bekymmer med 1177 direkt, inte tjänsten 1177 på telefon.").
question_text(q_medicinsk_service, en,
    "The guideline also applies to \"Medicinsk service (1177 på telefon)\" (2), but the scenarios name only nurses, doctors and other clinicians at units. How does Medicinsk service fit the scenarios?",
    "Not an input: a contact that Medicinsk service handles in 1177 direkt is read like any unit's contact, by role, day and unit. The channel by telephone (phone) is 4.3's telephone contacts when 1177 direkt has trouble, not the 1177 på telefon service.").
question_text(q_general_guideline, sv,
    "Faller fall som anvisningen inte avgör under den allmänna registreringsanvisningen som 5 länkar till (\"Registreringsanvisningar distanskontakter i Region Skåne\")?",
    "Ja, som hänvisning: anvisningen är en tillämpning (3 \"Tillämpning av registreringsanvisningar för distanskontakter\") av den allmänna anvisningen, så ett steg som den inte avgör registreras enligt den allmänna anvisningen. Regelboken innehåller inte den anvisningen (länken saknar mål i källan) och hittar inte på något svar; den pekar dit, till de närmaste beskrivna scenarierna och till den öppna frågan.").
question_text(q_general_guideline, en,
    "Do cases the guideline does not decide fall under the general registration guideline that 5 links to (\"Registreringsanvisningar distanskontakter i Region Skåne\")?",
    "Yes, as a pointer: this guideline applies (3 \"Tillämpning av registreringsanvisningar för distanskontakter\") the general one, so a step it does not decide is registered under the general guideline. The rulebook does not contain that guideline (the link has no target in the source) and invents no answer; it points there, to the nearest documented scenarios and to the open question.").
