:- encoding(utf8).
:- module(rules,
          [ general_rule/2,           % ?Id, ?Kind
            rule_source/3,            % ?Id, ?Section, ?Quote
            rule_question/2,          % ?Id, ?Question
            derive_step/4,            % +Steps, +No, -Outcome, -Rules
            step_outcomes/3,          % +Steps, +No, -Outcomes
            step_context/3,           % +Steps, +No, -Ctx
            derive_registration/4,    % +Channel, +Alternative, -Registration, -Rules
            registration_reasons/4,   % +Channel, +Alternative, -Registration, -Reasons
            derive_closer/3,          % +Steps, -No, -Rules
            in_1177_step/1,           % +Step
            wanted_alternative/2      % ?ReplacesVisit, ?Alternative
          ]).

:- use_module(library(lists), [nth1/3, member/2, last/2, append/3, reverse/2]).
:- use_module(library(pairs), [pairs_values/2]).
:- use_module(vocabulary, [in_1177_channel/1, contact_type/4]).
:- use_module(section_4, [attribute_contact_type/2]).
:- use_module(questions, [in_force/2]).
:- use_module(scenarios, [scenario/4]).

/** <module> General derivation rules

Rules that decide, for any chain of steps, what each step registers in PMO
and who closes the case in 1177 direkt. They generalise the scenarios of
§3.1 and must reproduce each of them exactly (tests and `check` verify
this). A case is a list of step(Role, Channel, Purpose, Day, Unit,
ReplacesVisit); Purpose, Day, Unit and ReplacesVisit are `none` when not
given (Day and Unit always `none` on step 1).

Where the rules cannot decide, a gap rule fires instead and nothing is
invented. Every rule has at least one rule_source/3 (section + verbatim
quote); rules that go beyond the text name their policy question. Where
the text allows more than one reading, the rule asks in_force/2 which
reading is in force (questions.pl decides, in one fact per question).
*/

%!  general_rule(?Id, ?Kind) is nondet.
%
%   True when Id is a general rule of Kind registration, closer or gap, or
%   the fallback gap_no_rule (a step no rule decides).

general_rule(r_alternatives, registration).
general_rule(r_visit_replacing_purpose, registration).
general_rule(r_contact_type_digital, registration).
general_rule(r_contact_type_phone, registration).
general_rule(r_physical_visit, registration).
general_rule(r_visit_after_exit, registration).
general_rule(r_attribute, registration).
general_rule(r_journal, registration).
general_rule(r_diagnosis, registration).
general_rule(r_forward_same_unit_day, registration).
general_rule(r_forward_registers, registration).
general_rule(r_closer_last_in_1177, closer).
general_rule(gap_not_via_1177, gap).
general_rule(gap_return_after_visit, gap).
general_rule(gap_after_exit, gap).
general_rule(gap_forward_to_nurse, gap).
general_rule(gap_forward_with_content, gap).
general_rule(gap_forward_by_phone, gap).
general_rule(gap_alternative_not_described, gap).
general_rule(gap_role_not_in_heading, gap).
general_rule(gap_no_rule, fallback).

%!  rule_source(?Id, ?Section, ?Quote) is nondet.
%
%   True when general rule Id rests on the verbatim Quote of Section.

rule_source(r_alternatives, '3.1', "Registreringen skiljer sig åt beroende på innehållet i ärendet, om det ersätter ett besök eller inte.").
rule_source(r_visit_replacing_purpose, '3.1.1', "Sjuksköterska via 1177 direkt (Åtgärd/behandling)").
rule_source(r_visit_replacing_purpose, '3.1.2', "Ersätter ett besök (exempelvis om sjuksköterskan kopplar upp sig på video eller ger viss behandling/åtgärd):").
rule_source(r_visit_replacing_purpose, '3.1.4', "Läkare eller annan hälso- och sjukvårdspersonal via 1177 direkt (åtgärd/behandling)").
rule_source(r_visit_replacing_purpose, '3.1.4', "Läkare eller annan hälso- och sjukvårdspersonal: (remiss, efter bedömning, till annan enhet)").
rule_source(r_contact_type_digital, '3.1.1', "Vårdkontakt: Text som inte ersätter besök").
rule_source(r_contact_type_digital, '3.1.1', "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt").
rule_source(r_contact_type_phone, '4.3', "Telefonsamtal (kan komma att användas vid bekymmer med tjänsten 1177 direkt)").
rule_source(r_contact_type_phone, '4.3', "Telefonsamtal som ersätter besök (kan komma att användas vid bekymmer med tjänsten 1177 direkt)").
rule_source(r_physical_visit, '3.1.1', "Registreras som ett ordinarie mottagningsbesök:").
rule_source(r_physical_visit, '3.1.1', "Vårdkontakt: Mottagningsbesök").
rule_source(r_visit_after_exit, '3.1.3', "Sjuksköterska eller läkare via 1177 direkt → Hänvisar till annan enhet som inte har 1177 direkt").
rule_source(r_visit_after_exit, '3.1.4', "Läkare eller annan hälso- och sjukvårdspersonal: (remiss, efter bedömning, till annan enhet)").
rule_source(r_visit_after_exit, '1.1', "Tjänsten möjliggör sömlös överföring av ärenden mellan hälso- och sjukvårdspersonal inom och mellan anslutna vårdenheter och regioner.").
rule_source(r_visit_after_exit, '2', "I projektets första steg ska tjänsten etableras och införas i Primärvården Skånes verksamheter samt Medicinsk service (1177 på telefon).").
rule_source(r_attribute, '4.3', "Attribut ska kryssas i vid kontakt med patienten via 1177 direkt på följande vårdkontakter:").
rule_source(r_journal, '3.1.1', "Dokumentera i journalen").
rule_source(r_diagnosis, '3.1.1', "Registrera diagnos och eventuellt KVÅ-kod").
rule_source(r_forward_same_unit_day, '3.1.2', "Ingen dokumentation i PMO eftersom det är läkare eller annan hälso- och sjukvårdspersonal på samma enhet och samma dag som hanterar ärendet.").
rule_source(r_forward_registers, '3.1.2', "Sjuksköterskan behöver registrera med tanke på att ärendet hanteras av läkare eller annan hälso- och sjukvårdspersonal annan dag.").
rule_source(r_forward_registers, '3.1.3', "Sjuksköterskan behöver registrera med tanke på att ärendet hanteras av läkare eller annan hälso- och sjukvårdspersonal på annan enhet.").
rule_source(r_closer_last_in_1177, '3.1.1', "Sjuksköterskan avslutar ärendet i 1177 direkt").
rule_source(r_closer_last_in_1177, '3.1.2', "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt").
rule_source(gap_not_via_1177, '1.1', "Tjänsten avser att stödja ett sätt för invånare att via webbläsare och säker inloggning kontakta vården.").
rule_source(gap_return_after_visit, '3.1.1', "Sjuksköterska via 1177 direkt → Sjuksköterska fysiskt, samma besvär/enhet/dag alternativt annan dag").
rule_source(gap_after_exit, '3.1.3', "Sjuksköterska eller läkare via 1177 direkt → Hänvisar till annan enhet som inte har 1177 direkt").
rule_source(gap_forward_to_nurse, '3.1.2', "Ingen dokumentation i PMO eftersom det är läkare eller annan hälso- och sjukvårdspersonal på samma enhet och samma dag som hanterar ärendet.").
rule_source(gap_forward_with_content, '3.1.2', "Sjuksköterskan skickar ärendet vidare via 1177 direkt.").
rule_source(gap_forward_with_content, '3.1.2', "Ersätter ett besök (exempelvis om sjuksköterskan kopplar upp sig på video eller ger viss behandling/åtgärd):").
rule_source(gap_forward_by_phone, '3.1.2', "Sjuksköterskan skickar ärendet vidare via 1177 direkt.").
rule_source(gap_forward_by_phone, '4.3', "Telefonsamtal (kan komma att användas vid bekymmer med tjänsten 1177 direkt)").
rule_source(gap_no_rule, '3.1', "Registreringen skiljer sig åt beroende på innehållet i ärendet, om det ersätter ett besök eller inte.").
rule_source(gap_role_not_in_heading, '3.1.1', "Sjuksköterska via 1177 direkt (egenvårdsråd)").
rule_source(gap_role_not_in_heading, '3.1.3', "Sjuksköterska eller läkare via 1177 direkt → Hänvisar till annan enhet som inte har 1177 direkt").
rule_source(gap_role_not_in_heading, '3.1.4', "Ärende som enbart tas om hand av Läkare eller annan legitimerad hälso- och sjukvårdspersonal").
rule_source(gap_role_not_in_heading, '3.1.4', "Läkare via 1177 direkt (receptförnyelse)").
rule_source(gap_role_not_in_heading, '3.1.4', "Läkare eller annan hälso- och sjukvårdspersonal: (remiss, efter bedömning, till annan enhet)").
rule_source(gap_alternative_not_described, '3.1.1', "Sjuksköterska via 1177 direkt (Åtgärd/behandling)").
rule_source(gap_alternative_not_described, '3.1.4', "Läkare eller annan hälso- och sjukvårdspersonal: (remiss, efter bedömning, till annan enhet)").

%!  rule_question(?Id, ?Question) is nondet.
%
%   True when general rule Id encodes the reading of policy question
%   Question (an INTERPRETATION).

rule_question(r_visit_replacing_purpose, q_visit_replacing_purpose).
rule_question(r_contact_type_phone, q_phone).
rule_question(r_forward_same_unit_day, q_forward_any_sender).
rule_question(r_forward_registers, q_forward_registers_any).
rule_question(r_closer_last_in_1177, q_closer_last_in_1177).
rule_question(gap_not_via_1177, q_not_via_1177).
rule_question(gap_return_after_visit, q_return_after_visit).
rule_question(gap_after_exit, q_after_exit).
rule_question(gap_forward_to_nurse, q_other_includes_nurse).
rule_question(gap_forward_with_content, q_forward_with_content).
rule_question(gap_forward_by_phone, q_phone).
rule_question(gap_alternative_not_described, q_visit_replacing_purpose).
rule_question(gap_role_not_in_heading, q_heading_roles).
rule_question(r_visit_after_exit, q_receiving_unit).

%!  in_1177_step(+Step) is semidet.
%
%   True when Step is a contact in the case in 1177 direkt (see
%   in_1177_channel/1; INTERPRETATION q_phone for telephone).

in_1177_step(step(_, Channel, _, _, _, _)) :-
    in_1177_channel(Channel).

%!  derive_step(+Steps, +No, -Outcome, -Rules) is det.
%
%   True when the general rules give step No of Steps the Outcome gap(Gaps),
%   no_pmo or registers(Alternatives), by the rules Rules.
%
%   Every rule sees the step in its context ctx(Earlier, Step, Later):
%   Earlier lists the steps before it, nearest first; Later the steps
%   after it, next first.

derive_step(Steps, No, Outcome, Rules) :-
    step_outcomes(Steps, No, [Outcome-Rules|_]).

%!  step_outcomes(+Steps, +No, -Outcomes) is det.
%
%   True when Outcomes lists every Outcome-Rules pair the rules give step No
%   of Steps (sorted). One pair is a decision; more than one with different
%   outcomes is a conflict (reported by check.pl). When no rule decides the
%   step and no gap rule fires, the step is a gap(gap_no_rule).

step_outcomes(Steps, No, Outcomes) :-
    step_context(Steps, No, Ctx),
    findall(Gap, step_gap_(Ctx, Gap), Gaps0),
    sort(Gaps0, Gaps),
    gap_or_outcomes_(Gaps, Ctx, Outcomes).

gap_or_outcomes_([G|Gs], _, [gap([G|Gs])-[G|Gs]]).
gap_or_outcomes_([], Ctx, Outcomes) :-
    findall(Outcome-Rules, step_outcome_(Ctx, Outcome, Rules), Outcomes0),
    sort(Outcomes0, Outcomes1),
    undecided_(Outcomes1, Outcomes).

undecided_([], [gap([gap_no_rule])-[gap_no_rule]]).
undecided_([O|Os], [O|Os]).

%!  step_context(+Steps, +No, -Ctx) is det.
%
%   True when Ctx is ctx(Earlier, Step, Later) for step No of Steps.

step_context(Steps, No, ctx(Earlier, Step, Later)) :-
    Before is No - 1,
    length(Prefix, Before),
    append(Prefix, [Step|Later], Steps),
    !,
    reverse(Prefix, Earlier).

% --- gaps: where the anvisning is silent -------------------------------

% INTERPRETATION (q_not_via_1177): a chain that does not start in 1177
% direkt is outside the anvisning (reading gap; with ordinary_visit the
% physical step is an ordinary visit, r_physical_visit).
step_gap_(ctx([], step(_, physical, _, _, _, _), _), gap_not_via_1177) :-
    in_force(q_not_via_1177, gap).
% INTERPRETATION (q_return_after_visit): no step in 1177 direkt after a
% physical visit is described.
step_gap_(ctx(Earlier, Step, _), gap_return_after_visit) :-
    in_1177_step(Step),
    memberchk(step(_, physical, _, _, _, _), Earlier).
% INTERPRETATION (q_after_exit): after a redirect or referral to another
% unit the case does not continue in 1177 direkt, nor on the same unit.
step_gap_(ctx(Earlier, Step, _), gap_after_exit) :-
    in_1177_step(Step),
    once(( member(Exit, Earlier), exit_step_(Exit) )).
step_gap_(ctx([Previous|_], step(_, physical, _, _, same, _), _), gap_after_exit) :-
    exit_step_(Previous).
% INTERPRETATION (q_other_includes_nurse): a same-day, same-unit hand-over
% to a nurse is not covered by "läkare eller annan hälso- och
% sjukvårdspersonal" (reading excludes_nurse; with includes_nurse a nurse
% is a receiver like the others, clinician_receiver_/1).
step_gap_(Ctx, gap_forward_to_nurse) :-
    in_force(q_other_includes_nurse, excludes_nurse),
    hands_over_same_unit_day_(Ctx, step(nurse, _, _, _, _, _)).
% INTERPRETATION (q_forward_with_content): the text's forwarding step has
% no content of its own; a purpose, or a contact that replaced a visit
% (3.1.2a: "om sjuksköterskan kopplar upp sig på video eller ger viss
% behandling/åtgärd"), is content the text does not describe before a
% same-day, same-unit hand-over (reading gap; like_3_1_2b: no PMO as in
% 3.1.2b; registers: the sender registers the contact).
step_gap_(Ctx, gap_forward_with_content) :-
    in_force(q_forward_with_content, gap),
    hands_over_same_unit_day_(Ctx, step(Receiver, _, _, _, _, _)),
    clinician_receiver_(Receiver),
    Ctx = ctx(_, Step, _),
    has_content_(Step).
% INTERPRETATION (q_phone): "skickar ärendet vidare via 1177 direkt" — a
% same-day, same-unit hand-over where either contact is by telephone is
% not described.
step_gap_(Ctx, gap_forward_by_phone) :-
    hands_over_same_unit_day_(Ctx, Next),
    Next = step(Receiver, _, _, _, _, _),
    clinician_receiver_(Receiver),
    Ctx = ctx(_, Step, _),
    once(( Step = step(_, phone, _, _, _, _) ; Next = step(_, phone, _, _, _, _) )).
% INTERPRETATION (q_visit_replacing_purpose): a step that registers, with a
% replaces_visit choice the text gives no alternative for (e.g. treatment
% that does not replace a visit), is not described.
step_gap_(Ctx, gap_alternative_not_described) :-
    Ctx = ctx(_, Step, _),
    in_1177_step(Step),
    \+ hands_over_same_unit_day_(Ctx, _),
    Step = step(_, _, Purpose, _, _, Replaces),
    Replaces \== none,
    purpose_alternatives_(Purpose, Alternatives, _),
    wanted_alternative(Replaces, Wanted),
    \+ memberchk(Wanted, Alternatives).

% INTERPRETATION (q_heading_roles): the headings limit who takes a step
% with their purpose — "Läkare via 1177 direkt (receptförnyelse)",
% "Sjuksköterska eller läkare via 1177 direkt → Hänvisar …", "Sjuksköterska
% via 1177 direkt (egenvårdsråd)", "Läkare eller annan hälso- och
% sjukvårdspersonal: (remiss, …)". A step with a purpose, taken by a role
% that no heading naming that purpose names, is not described (reading
% heading_limits; with any_role the general rules decide such a step).
step_gap_(ctx(_, Step, _), gap_role_not_in_heading) :-
    in_force(q_heading_roles, heading_limits),
    in_1177_step(Step),
    Step = step(Role, _, Purpose, _, _, _),
    Purpose \== none,
    \+ heading_names_role_(Purpose, Role).

% Some scenario heading names Role for a step with Purpose.
heading_names_role_(Purpose, Role) :-
    scenario(_, _, _, Pattern),
    member(pstep(Roles, _, Purpose, _, _), Pattern),
    memberchk(Role, Roles),
    !.

has_content_(step(_, _, Purpose, _, _, _)) :-
    Purpose \== none.
has_content_(step(_, _, none, _, _, true)).

exit_step_(step(_, Channel, Purpose, _, _, _)) :-
    in_1177_channel(Channel),
    exit_purpose_(Purpose).

exit_purpose_(redirect).
exit_purpose_(referral).

clinician_receiver_(doctor).
clinician_receiver_(other_clinician).
clinician_receiver_(nurse) :-
    in_force(q_other_includes_nurse, includes_nurse).

% The step, in 1177 direkt, is followed by Next, a step in 1177 direkt the
% same day on the same unit.
hands_over_same_unit_day_(ctx(_, Step, [Next|_]), Next) :-
    in_1177_step(Step),
    in_1177_step(Next),
    Next = step(_, _, _, same, same, _).

% The step, in 1177 direkt, is followed by a step in 1177 direkt on another
% day or another unit.
forwards_elsewhere_(ctx(_, Step, [Next|_])) :-
    in_1177_step(Step),
    in_1177_step(Next),
    Next = step(_, _, _, Day, Unit, _),
    once(( Day == other ; Unit == other )).

% --- outcomes where no gap applies ---------------------------------------

% Also at the unit the case was redirected or referred to (INTERPRETATION
% q_receiving_unit: r_visit_after_exit; the text's scope is Primärvården
% Skåne and Medicinsk service).
% With reading outside_scope of q_receiving_unit the anvisning does not
% hold at the receiving unit, and no rule decides the visit there.
% "Registreras som ett ordinarie mottagningsbesök:"
step_outcome_(ctx(Earlier, step(_, physical, _, _, _, _), _), registers([ordinary_visit]), Rules) :-
    (   member(Exit, Earlier), exit_step_(Exit)
    ->  in_force(q_receiving_unit, in_scope),
        Rules = [r_physical_visit, r_visit_after_exit]
    ;   Rules = [r_physical_visit]
    ).
% "Ingen dokumentation i PMO eftersom det är läkare eller annan hälso- och
% sjukvårdspersonal på samma enhet och samma dag som hanterar ärendet."
% INTERPRETATION (q_forward_any_sender): any sender (reading any_sender),
% or only the nurse the text names (nurse_only). INTERPRETATION
% (q_forward_with_content): with like_3_1_2b also a sender with content.
step_outcome_(Ctx, no_pmo, [r_forward_same_unit_day]) :-
    hands_over_same_unit_day_(Ctx, step(Receiver, digital, _, _, _, _)),
    clinician_receiver_(Receiver),
    Ctx = ctx(_, Step, _),
    Step = step(Sender, digital, _, _, _, _),
    (   in_force(q_forward_any_sender, any_sender) -> true ; Sender == nurse ),
    (   \+ has_content_(Step) -> true ; in_force(q_forward_with_content, like_3_1_2b) ).
% "Registreringen skiljer sig åt beroende på innehållet i ärendet, om det
% ersätter ett besök eller inte."
% INTERPRETATION (q_forward_with_content, reading registers): a sender
% with content registers before a same-day, same-unit hand-over.
% INTERPRETATION (q_forward_registers_any): see forward_reading_/1.
step_outcome_(Ctx, registers(Alternatives), Rules) :-
    Ctx = ctx(_, Step, _),
    in_1177_step(Step),
    (   \+ hands_over_same_unit_day_(Ctx, _)
    ->  true
    ;   in_force(q_forward_with_content, registers),
        has_content_(Step)
    ),
    forward_reading_(Ctx),
    Step = step(_, _, Purpose, _, _, _),
    purpose_alternatives_(Purpose, Alternatives, AltRule),
    findall(r_forward_registers, forwards_elsewhere_(Ctx), ForwardRules),
    append([AltRule], ForwardRules, Rules).

% INTERPRETATION (q_forward_registers_any): the sender registers before a
% hand-over to another day or unit whoever sends and receives (reading
% any_sender), or only when a nurse sends to a doctor or other clinician,
% as the text's reasons say (nurse_only; other senders: no rule decides).
forward_reading_(Ctx) :-
    \+ forwards_elsewhere_(Ctx),
    !.
forward_reading_(_) :-
    in_force(q_forward_registers_any, any_sender),
    !.
forward_reading_(ctx(_, step(nurse, _, _, _, _, _), [step(Receiver, _, _, _, _, _)|_])) :-
    memberchk(Receiver, [doctor, other_clinician]).

% INTERPRETATION (q_visit_replacing_purpose): "åtgärd/behandling" and
% "remiss" give only "Ersätter ett besök" (3.1.1b, 3.1.4a, 3.1.4c) in every
% chain (reading replaces_only), or both alternatives outside the
% documented chains (both_alternatives).
purpose_alternatives_(Purpose, [replaces_visit], r_visit_replacing_purpose) :-
    visit_replacing_purpose_(Purpose).
purpose_alternatives_(Purpose, [not_replaces_visit, replaces_visit], r_alternatives) :-
    \+ visit_replacing_purpose_(Purpose).

visit_replacing_purpose_(Purpose) :-
    in_force(q_visit_replacing_purpose, replaces_only),
    memberchk(Purpose, [treatment, referral]).

%!  wanted_alternative(?ReplacesVisit, ?Alternative) is nondet.
%
%   True when the input choice replaces_visit=ReplacesVisit picks
%   registration Alternative.

wanted_alternative(true, replaces_visit).
wanted_alternative(false, not_replaces_visit).

%!  derive_registration(+Channel, +Alternative, -Registration, -Rules) is semidet.
%
%   True when a step on Channel registering Alternative makes Registration,
%   reg(Alternative, ContactType, Attribute, Journal, Diagnosis), by Rules.

derive_registration(Channel, Alternative, Registration, Rules) :-
    registration_reasons(Channel, Alternative, Registration, Reasons),
    pairs_values(Reasons, Rules).

%!  registration_reasons(+Channel, +Alternative, -Registration, -Reasons) is semidet.
%
%   True when Registration is as derive_registration/4 gives it and Reasons
%   pairs each of its parts (contact_type, attribute, journal, diagnosis)
%   with the rule that decides it.

registration_reasons(Channel, Alternative, reg(Alternative, Type, Attribute, true, Diagnosis), Reasons) :-
    contact_type(Type, _, Channel, Alternative),
    contact_type_rule_(Channel, TypeRule),
    attribute_(Type, Attribute),
    diagnosis_(Alternative, Diagnosis, DiagnosisRules),
    findall(diagnosis-R, member(R, DiagnosisRules), DiagnosisReasons),
    append([contact_type-TypeRule, attribute-r_attribute, journal-r_journal], DiagnosisReasons, Reasons).

% "Vårdkontakt: Text som inte ersätter besök" / "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt"
contact_type_rule_(digital, r_contact_type_digital).
% "Telefonsamtal (kan komma att användas vid bekymmer med tjänsten 1177 direkt)"
contact_type_rule_(phone, r_contact_type_phone).
% "Registreras som ett ordinarie mottagningsbesök:"
contact_type_rule_(physical, r_physical_visit).

% "Attribut ska kryssas i vid kontakt med patienten via 1177 direkt på
% följande vårdkontakter:" — exactly the §4.3 list.
attribute_(Type, true) :-
    attribute_contact_type(Type, _).
attribute_(Type, false) :-
    \+ attribute_contact_type(Type, _).

% "Registrera diagnos och eventuellt KVÅ-kod" — under every alternative
% that replaces a visit or is a visit.
diagnosis_(replaces_visit, true, [r_diagnosis]).
diagnosis_(ordinary_visit, true, [r_diagnosis]).
diagnosis_(not_replaces_visit, false, []).

%!  derive_closer(+Steps, -No, -Rules) is semidet.
%
%   True when the handler of step No closes the case in 1177 direkt: the
%   last step in 1177 direkt (INTERPRETATION q_closer_last_in_1177, reading
%   last_in_1177; with undecided no closer is derived).

derive_closer(Steps, No, [r_closer_last_in_1177]) :-
    in_force(q_closer_last_in_1177, last_in_1177),
    findall(N, ( nth1(N, Steps, Step), in_1177_step(Step) ), Ns),
    last(Ns, No).
