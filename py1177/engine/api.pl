:- encoding(utf8).
:- module(api,
          [ advise/4,                 % +Spec, +Date, +Lang, -Answer
            decision/4,               % +Spec, +Date, +Lang, -Answer
            advise_json/4,            % +Spec, +Date, +Lang, -Json
            scenarios_json/1,         % -Json
            guideline_json/1,         % -Json
            errata_json/1,            % -Json
            questions_json/2,         % +Lang, -Json
            vocabulary_json/1,        % -Json
            pmo_json/1,               % -Json
            citations_json/1,         % -Json
            scenario_blocks_json/1,   % -Json
            wording_json/1,           % -Json
            scenario_match/2,         % +Steps, -Id
            case_signature/2,         % +Steps, -Signature
            scenario_text_lines/2,    % ?Id, -Lines
            citation/3,               % ?Section, ?Quote, ?Origin
            normalise_case/2,         % +Spec, -Steps
            max_steps/1               % ?Max
          ]).

:- use_module(library(lists), [member/2, nth1/3, append/2, append/3, reverse/2]).
:- use_module(library(apply), [maplist/3, maplist/4, include/3, exclude/3, foldl/4]).
:- use_module(library(error), [must_be/2]).
:- use_module(json_text, [json_text/2]).
:- use_module(rulebook(guideline), [guideline/2, valid_on/1, erratum/5, section/2]).
:- use_module(rulebook(vocabulary), [vocabulary/2, check_value/2, contact_type/4, attribute_label/1,
                           closer_subject/3, label/4, in_1177_channel/1, obligation/2,
                           bullet_prefix/2]).
:- use_module(rulebook(scenarios), [scenario/4, documented_step/4, documented_alternative/5,
                          scenario_interpretation/2, closer_interpretation/2,
                          unindented_bullet/4, bullet_meaning/2]).
:- use_module(rulebook(section_4), [pmo_item/4, pmo_property/3, attribute_contact_type/2]).
:- use_module(rulebook(rules), [rule_source/3, rule_question/2, derive_step/4,
                      derive_registration/4, derive_closer/3, wanted_alternative/2]).
:- use_module(rulebook(questions), [policy_question/3, question_text/4]).
:- use_module(ui_messages, [render_message/4]).
:- use_module(card, [answer_card/4]).
:- use_module(rulebook(messages), [rule_text/3]).

/** <module> Public API of the rulebook

The entry points that the Python bridge calls. Each returns plain data:
advise/4 a dict, the *_json predicates one JSON text (a Prolog string), so
that no compound term has to cross the bridge. Input errors are thrown as
py1177_error(Code, Args) or as ISO errors from vocabulary:check_value/2;
advise_json/4 turns them into {"error": {"code", "message"}}.

A case Spec is scenario(Id) or steps(Steps), each step
step(Role, Channel, Purpose, Day, Unit, ReplacesVisit) with `none` for a
value not given. Date is date(Y,M,D); Lang is sv or en.
*/

%!  max_steps(?Max) is det.
%
%   True when Max is the largest number of steps a case may have.

max_steps(10).

%!  advise_json(+Spec, +Date, +Lang, -Json) is det.
%
%   True when Json is the JSON text of advise/4 for Spec, or an object
%   {"error": {"code", "message"}} when the input is not allowed.

advise_json(Spec, Date, Lang, Json) :-
    catch(advise(Spec, Date, Lang, Answer), Error, error_answer_(Error, Lang, Answer)),
    dict_json_(Answer, Json).

error_answer_(Error, Lang, _{error: _{code: Code, message: Message, messages: _{sv: Sv, en: En}}}) :-
    error_code_(Error, Code),
    !,
    error_text_(Error, sv, Sv),
    error_text_(Error, en, En),
    error_text_(Error, Lang, Message).
error_answer_(Error, _, _) :-
    throw(Error).

error_code_(py1177_error(Code, _), Code).

error_code_(error(domain_error(_, _), _), domain_error).
error_code_(error(type_error(_, _), _), type_error).

error_text_(py1177_error(Code, Args0), Lang, Text) :-
    maplist(localise_arg_(Lang), Args0, Args),
    render_message(Code, Args, Lang, Text).
error_text_(error(domain_error(Key, Value), _), Lang, Text) :-
    (   vocabulary(Key, Allowed)
    ->  atomic_list_concat(Allowed, ', ', AllowedText)
    ;   AllowedText = "-"
    ),
    render_message(err_domain, [Key, Value, AllowedText], Lang, Text).
error_text_(error(type_error(Type, Value), _), Lang, Text) :-
    format(string(ValueText), "~q", [Value]),
    render_message(err_type, [Type, ValueText], Lang, Text).

localise_arg_(Lang, alternatives(Alts), Text) :-
    !,
    findall(L, ( member(A, Alts), label(alternative, A, Lang, L) ), Ls),
    atomic_list_concat(Ls, ' / ', Text).
localise_arg_(_, Arg, Arg).

dict_json_(Dict, Json) :-
    json_text(Dict, Json).

% A KB predicate that an older KB (e.g. a git revision read by `diff`)
% may lack: guideline_fact/3, link/3, general_guideline/2,
% reading_effect/2. Absent, the goal fails, and the answer lacks only
% what it would have added.
kb_optional_(Module:Goal) :-
    catch(call(Module:Goal), error(existence_error(procedure, _), _), fail).

%!  advise(+Spec, +Date, +Lang, -Answer) is det.
%
%   True when Answer (a dict in the JSON contract's shape) says what each
%   step of the case Spec registers in PMO and who closes the case, on
%   Date, with messages in Lang. Spec may be wrapped in rules_only/1 to
%   answer by the general rules alone.

advise(Spec, Date, Lang, Answer) :-
    decision_(Spec, Date, Lang, warnings, Mode, Inner, Steps, Core, DateWarnings, Interpretations),
    assumed_values_(Inner, Assumed),
    assumption_notes_(Mode, Assumed, Steps, Core, Lang, Notes),
    findall(W, member(_-W, Notes), AssumedWarnings),
    get_dict(warnings, Core, CoreWarnings0),
    (   memberchk(_{code: purpose_not_given, message: _}, AssumedWarnings)
    ->  exclude(code_is_(nearest_scenarios), CoreWarnings0, CoreWarnings)
    ;   CoreWarnings = CoreWarnings0
    ),
    append([CoreWarnings, AssumedWarnings, DateWarnings], Warnings),
    guideline_summary_(Summary),
    date_text_(Date, DateText),
    Answer0 = Core.put(_{guideline: Summary, date: DateText, warnings: Warnings,
                         interpretations: Interpretations}),
    findall(No-Code, ( member(No-W, Notes), get_dict(code, W, Code) ), Assumptions),
    answer_card(Answer0, Assumptions, Lang, Card),
    Answer = Answer0.put(card, Card).

code_is_(Code, Warning) :- get_dict(code, Warning, Code).

%!  decision(+Spec, +Date, +Lang, -Answer) is det.
%
%   True when Answer is advise/4's answer to case Spec without what only
%   explains it to a reader: status, scenario, closed_by_step,
%   closed_by_role(s), steps, rules_used, nearest_scenarios and
%   interpretations (the date's included) are advise/4's own; warnings is
%   [] and there is no card, guideline or date. For callers that
%   answer many chains and need only the decision and its citations
%   (audit:audit_chain/3); advise/4 adds to the same derivation (decision_/10).

decision(Spec, Date, Lang, Answer) :-
    decision_(Spec, Date, Lang, no_warnings, _, _, _, Core, _, Interpretations),
    Answer = Core.put(interpretations, Interpretations).

% The steps of Spec normalised, the core answer with the readings of its
% roles, and the date's warnings and interpretations appended to the core's.
decision_(Spec, Date, Lang, Want, Mode, Inner, Steps, Core, DateWarnings, Interpretations) :-
    check_value(lang, Lang),
    spec_mode_(Spec, Mode, Inner),
    spec_steps_(Inner, Steps0),
    normalise_steps_(Steps0, Steps),
    core_answer_(Mode, Steps, Lang, Want, Core0),
    scenario_closer_(Inner, Core0, Core1),
    role_readings_(Inner, Steps, Lang, Core1, Core),
    date_warnings_(Date, Lang, DateWarnings, DateQs),
    interpretations_(DateQs, Lang, DateInterpretations),
    get_dict(interpretations, Core, CoreInterpretations),
    append(CoreInterpretations, DateInterpretations, Interpretations).

% The readings of who a role covers (questions:role_question/2, e.g.
% q_licensed) for the roles of the case — for a scenario asked by id, the
% roles its text names.
role_readings_(Inner, Steps, Lang, Core0, Core) :-
    (   Inner = scenario(Id)
    ->  scenario(Id, _, _, Pattern),
        findall(R, ( member(pstep(Rs, _, _, _, _), Pattern), member(R, Rs) ), Roles)
    ;   findall(R, member(step(R, _, _, _, _, _), Steps), Roles)
    ),
    findall(Q, ( member(Role, Roles), kb_optional_(questions:role_question(Role, Q)) ), Qs0),
    sort(Qs0, Qs),
    get_dict(interpretations, Core0, Have),
    findall(Q, ( member(Q, Qs), \+ ( member(I, Have), get_dict(id, I, Q) ) ), New),
    (   New == []
    ->  Core = Core0
    ;   interpretations_(New, Lang, NewDicts),
        append(Have, NewDicts, All0),
        sort(id, @<, All0, All),
        Core = Core0.put(interpretations, All)
    ).

% The answer without the warnings about left-out values and the date;
% with Want = no_warnings also without those of the derivation (warnings: []).
core_answer_(Mode, Steps, Lang, Core) :-
    core_answer_(Mode, Steps, Lang, warnings, Core).

core_answer_(Mode, Steps, Lang, Want, Core) :-
    matching_scenarios_(Mode, Steps, Ids),
    answer_(Ids, Steps, Lang, Want, Core).

warnings_(no_warnings, _, []) :- !.
warnings_(warnings, Goal, Warnings) :- call(Goal, Warnings).

% Asked about a scenario (not a concrete chain), the closer is the set of
% roles the text names for that step ("Läkaren eller annan hälso- och
% sjukvårdspersonal"), not the example chain's first role.
scenario_closer_(scenario(Id), Core0, Core) :-
    get_dict(closed_by_step, Core0, No),
    No \== null,
    !,
    scenario(Id, _, _, Pattern),
    nth1(No, Pattern, pstep(Roles, _, _, _, _)),
    Core = Core0.put(_{closed_by_role: null, closed_by_roles: Roles}).
scenario_closer_(_, Core0, Core) :-
    get_dict(closed_by_role, Core0, Role),
    (   Role == null -> Roles = [] ; Roles = [Role] ),
    Core = Core0.put(closed_by_roles, Roles).

%!  case_signature(+Steps, -Signature) is semidet.
%
%   True when Signature is what the answer to the normalised chain Steps
%   decides: the documented scenario (or null) and per step whether it
%   closes the case, registers nothing in PMO, is undecided, or which
%   registrations it makes. Two chains with equal signatures get the same
%   answer; which gap rules make a step undecided is explanation, not
%   answer. Fails when the chain cannot be answered.

case_signature(Steps, Signature) :-
    catch(core_answer_(documented_first, Steps, sv, Core), _, fail),
    answer_signature_(Core, Signature).

answer_signature_(Core, answer(Scenario, Sigs)) :-
    get_dict(scenario, Core, Scenario),
    get_dict(steps, Core, StepAnswers),
    maplist(step_signature_, StepAnswers, Sigs).

step_signature_(S, sig(Closes, NoPmo, Regs)) :-
    get_dict(closes_case, S, Closes),
    get_dict(no_pmo, S, NoPmo0),
    ( NoPmo0 == null -> NoPmo = no ; NoPmo = yes ),
    get_dict(registrations, S, Regs0),
    ( Regs0 == null -> Regs = undecided ; maplist(registration_signature_, Regs0, Regs) ).

registration_signature_(R, reg(A, T, At, J, D, K)) :-
    get_dict(alternative, R, A), get_dict(contact_type_id, R, T), get_dict(attribute, R, At),
    get_dict(journal, R, J), get_dict(diagnosis, R, D), get_dict(kva, R, K).

% --- values the user left out ----------------------------------------------

% a(No, Field): step No of a chain of steps did not give Field. Day and
% unit then default to same (from step 2 on); a step in 1177 direkt
% without a purpose is read as having none of the purposes.
assumed_values_(steps(Steps0), Assumed) :-
    !,
    findall(a(No, Field),
            ( nth1(No, Steps0, step(_, Channel, Purpose, Day, Unit, _)),
              assumed_field_(No, Channel, Purpose, Day, Unit, Field) ),
            Assumed).
assumed_values_(_, []).

assumed_field_(No, _, _, none, _, day) :- No > 1.
assumed_field_(No, _, _, _, none, unit) :- No > 1.
assumed_field_(_, Channel, none, _, _, purpose) :- in_1177_channel(Channel).

% A left-out day or unit is warned about when its other value changes the
% answer (for the given value of its partner, or for some value of a
% partner also left out) — the test the interview (interview.pl) uses to
% skip a question. A left-out purpose is warned about when the answer is
% not documented and some purpose makes the chain a documented scenario.
assumption_warnings_(Mode, Assumed, Steps, Core, Lang, Warnings) :-
    assumption_notes_(Mode, Assumed, Steps, Core, Lang, Notes),
    findall(W, member(_-W, Notes), Warnings).

% The same warnings as No-Warning pairs: the answer card says each in its step.
assumption_notes_(rules_only, _, _, _, _, []) :- !.
assumption_notes_(_, Assumed, Steps, Core, Lang, Notes) :-
    findall(No-W, ( member(a(No, Field), Assumed),
                    assumption_warning_(Field, No, Assumed, Steps, Core, Lang, W) ),
            Notes).

assumption_warning_(Field, No, Assumed, Steps, _, Lang, _{code: Code, message: Message}) :-
    relation_partner_(Field, Partner, Code),
    nth1(No, Steps, Step),
    relation_value_(Partner, Step, Current),
    (   memberchk(a(No, Partner), Assumed)
    ->  exclude(==(Current), [same, other], Others),
        PartnerValues = [Current|Others]
    ;   PartnerValues = [Current]
    ),
    member(P, PartnerValues),
    with_relations_(Steps, No, Field-same, Partner-P, StepsSame),
    with_relations_(Steps, No, Field-other, Partner-P, StepsOther),
    case_signature(StepsSame, SigSame),
    catch(core_answer_(documented_first, StepsOther, Lang, CoreOther), _, fail),
    answer_signature_(CoreOther, SigOther),
    SigSame \== SigOther,
    !,
    outcome_text_(CoreOther, Lang, Outcome),
    Previous is No - 1,
    render_message(Code, [No, Previous, Outcome], Lang, Message).
assumption_warning_(purpose, No, _, Steps, Core, Lang, _{code: purpose_not_given, message: Message}) :-
    get_dict(status, Core, Status),
    Status \== documented,
    vocabulary(purpose, Purposes),
    findall(Text,
            ( member(Purpose, Purposes),
              with_purpose_(Steps, No, Purpose, Trial),
              catch(core_answer_(documented_first, Trial, Lang, TrialCore), _, fail),
              get_dict(status, TrialCore, documented),
              label(purpose, Purpose, Lang, PurposeLabel),
              format(string(Text), "~w (purpose=~w) → ~w", [PurposeLabel, Purpose, TrialCore.scenario]) ),
            Texts),
    Texts \== [],
    atomic_list_concat(Texts, '; ', List),
    render_message(purpose_not_given, [No, List], Lang, Message).

relation_partner_(day, unit, assumed_day).
relation_partner_(unit, day, assumed_unit).

relation_value_(day, step(_, _, _, Day, _, _), Day).
relation_value_(unit, step(_, _, _, _, Unit, _), Unit).

with_relations_(Steps, No, F1-V1, F2-V2, New) :-
    nth1(No, Steps, Step0),
    set_relation_(F1, V1, Step0, Step1),
    set_relation_(F2, V2, Step1, Step),
    replace_nth_(Steps, No, Step, New).

set_relation_(day, D, step(R, C, P, _, U, X), step(R, C, P, D, U, X)).
set_relation_(unit, U, step(R, C, P, D, _, X), step(R, C, P, D, U, X)).

with_purpose_(Steps, No, Purpose, New) :-
    nth1(No, Steps, step(R, C, _, D, U, X)),
    replace_nth_(Steps, No, step(R, C, Purpose, D, U, X), New).

replace_nth_(List, No, Item, New) :-
    Before is No - 1,
    length(Prefix, Before),
    append(Prefix, [_|Suffix], List),
    !,
    append(Prefix, [Item|Suffix], New).

outcome_text_(Core, Lang, Text) :-
    get_dict(status, Core, Status),
    (   Status == documented
    ->  render_message(outcome_documented, [Core.scenario], Lang, Text)
    ;   atom_concat(outcome_, Status, Code),
        render_message(Code, [], Lang, Text)
    ).

% rules_only(Spec) answers by the general rules alone, ignoring the
% documented scenarios: used to check that the rules reproduce them.
spec_mode_(rules_only(Spec), rules_only, Spec) :- !.
spec_mode_(Spec, documented_first, Spec).

matching_scenarios_(rules_only, _, []).
matching_scenarios_(documented_first, Steps, Ids) :-
    findall(Id, matches_scenario_(Steps, Id), Ids).

spec_steps_(scenario(Id), Steps) :-
    must_be(atom, Id),
    (   scenario(Id, _, _, Pattern)
    ->  maplist(canonical_step_, Pattern, Steps)
    ;   findall(S, scenario(S, _, _, _), Known),
        atomic_list_concat(Known, ', ', KnownText),
        throw(py1177_error(err_unknown_scenario, [Id, KnownText]))
    ).
spec_steps_(steps(Steps), Steps) :-
    must_be(list, Steps).

% The first role, day and unit that the scenario names stand for the chain.
canonical_step_(pstep([Role|_], Channel, Purpose, [Day|_], [Unit|_]),
                step(Role, Channel, Purpose, Day, Unit, none)).

%!  normalise_case(+Spec, -Steps) is det.
%
%   True when Steps is the validated, normalised chain of case Spec
%   (scenario(Id) or steps(Steps0)); throws like advise/4 on bad input.

normalise_case(Spec, Steps) :-
    spec_steps_(Spec, Steps0),
    normalise_steps_(Steps0, Steps).

normalise_steps_(Steps0, Steps) :-
    length(Steps0, N),
    max_steps(Max),
    (   between(1, Max, N)
    ->  true
    ;   throw(py1177_error(err_step_count, [Max, N]))
    ),
    foldl(normalise_step_, Steps0, Steps, 1-[], _-RevSteps),
    reverse(RevSteps, Steps1),
    Steps = Steps1.

normalise_step_(Step0, Step, No-Acc, No1-[Step|Acc]) :-
    No1 is No + 1,
    must_be(compound, Step0),
    Step0 = step(Role, Channel, Purpose, Day0, Unit0, Replaces),
    check_value(role, Role),
    check_value(channel, Channel),
    optional_value_(purpose, Purpose),
    optional_value_(day, Day0),
    optional_value_(unit, Unit0),
    optional_value_(replaces_visit, Replaces),
    relation_defaults_(No, Day0, Unit0, Day, Unit),
    physical_inputs_(No, Channel, Purpose, Replaces),
    Step = step(Role, Channel, Purpose, Day, Unit, Replaces).

optional_value_(_, none) :- !.
optional_value_(Key, Value) :- check_value(Key, Value).

% Step 1 has nothing to compare with; later steps default to the same day
% and unit (as the input vocabulary documents).
relation_defaults_(1, none, none, none, none) :- !.
relation_defaults_(1, Day, _, _, _) :-
    Day \== none, !,
    throw(py1177_error(err_first_step_relation, [day])).
relation_defaults_(1, _, _, _, _) :-
    !,
    throw(py1177_error(err_first_step_relation, [unit])).
relation_defaults_(_, Day0, Unit0, Day, Unit) :-
    default_same_(Day0, Day),
    default_same_(Unit0, Unit).

default_same_(none, same) :- !.
default_same_(Value, Value).

physical_inputs_(No, physical, Purpose, _) :-
    Purpose \== none, !,
    throw(py1177_error(err_purpose_on_physical, [No])).
physical_inputs_(No, physical, _, Replaces) :-
    Replaces \== none, !,
    throw(py1177_error(err_replaces_on_physical, [No])).
physical_inputs_(_, _, _, _).

%!  matches_scenario_(+Steps, -Id) is nondet.
%
%   True when the chain Steps is an instance of documented scenario Id.

%!  scenario_match(+Steps, -Id) is nondet.
%
%   True when the normalised chain Steps is an instance of documented
%   scenario Id (roles, channel, purpose, day, unit, and any replaces_visit
%   choice that the text has an alternative for).

scenario_match(Steps, Id) :-
    matches_scenario_(Steps, Id).

matches_scenario_(Steps, Id) :-
    scenario(Id, _, _, Pattern),
    maplist(step_matches_, Pattern, Steps),
    forall(nth1(No, Steps, step(_, _, _, _, _, Replaces)),
           documented_choice_(Id, No, Replaces)).

% A replaces_visit choice keeps a chain documented only where the text has
% that alternative (or, on a step that registers nothing, where the choice
% says the contact did not replace a visit).
documented_choice_(_, _, none) :- !.
documented_choice_(Id, No, Replaces) :-
    documented_step(Id, No, _, registers(_)),
    !,
    wanted_alternative(Replaces, Wanted),
    documented_alternative(Id, No, Wanted, _, _).
documented_choice_(Id, No, false) :-
    documented_step(Id, No, _, no_pmo(_)).

step_matches_(pstep(Roles, Channel, Purpose, Days, Units), step(Role, Channel, Purpose, Day, Unit, _)) :-
    memberchk(Role, Roles),
    memberchk(Day, Days),
    memberchk(Unit, Units).

% --- documented answers: straight from the text's bullets ----------------

answer_([Id], Steps, Lang, Want, Core) :-
    !,
    scenario(Id, _, Title, _),
    documented_closer_(Id, Steps, Closer, CloserQs),
    numbered_(Steps, Numbered),
    maplist(documented_step_dict_(Id, Closer, Lang), Numbered, StepDicts),
    findall(Q, scenario_interpretation(Id, Q), Qs0),
    append(Qs0, CloserQs, Qs1),
    sort(Qs1, Qs),
    interpretations_(Qs, Lang, Interpretations),
    warnings_(Want, selection_warnings_(StepDicts, Lang), Warnings),
    step_role_(Steps, Closer, CloserRole),
    scenario(Id, Section, _, _),
    Core = _{scenario: Id, section: Section, title: Title, status: documented,
             closed_by_step: Closer, closed_by_role: CloserRole,
             steps: StepDicts, rules_used: [], interpretations: Interpretations,
             nearest_scenarios: [], warnings: Warnings}.
answer_([], Steps, Lang, Want, Core) :-
    derived_answer_(Steps, Lang, Want, Core).
answer_([A, B|Rest], _, _, _, _) :-
    atomic_list_concat([A, B|Rest], ', ', Ids),
    throw(py1177_error(err_ambiguous_scenarios, [Ids])).

numbered_(Steps, Numbered) :-
    findall(No-Step, nth1(No, Steps, Step), Numbered).

documented_step_dict_(Id, Closer, Lang, No-Step, Dict) :-
    scenario(Id, Section, _, _),
    documented_step(Id, No, Heading, Body),
    step_base_(No, Step, Closer, Base),
    documented_body_(Body, Id, Section, No, Heading, Step, Lang, Fields),
    Dict = Base.put(Fields).

documented_body_(no_pmo(Quote), _, Section, _, Heading, _, _, Fields) :-
    Fields = _{registrant: Heading, note: null, decided: true, gaps: [],
               no_pmo: _{section: Section, quote: Quote}, registrations: [], rules: []}.
documented_body_(registers(Note), Id, Section, No, Heading, Step, Lang, Fields) :-
    findall(Alt-Lead-Bullets, documented_alternative(Id, No, Alt, Lead, Bullets), Alts),
    Step = step(_, _, _, _, _, Replaces),
    select_alternatives_(Alts, Replaces, No, Lang, Selected),
    note_value_(Note, NoteValue),
    maplist(documented_registration_(Section, Heading, Note), Selected, Regs),
    Fields = _{registrant: Heading, note: NoteValue, decided: true, gaps: [],
               no_pmo: null, registrations: Regs, rules: []}.

note_value_(none, null) :- !.
note_value_(Note, Note).

documented_registration_(Section, Heading, Note, Alt-Lead-Bullets, Reg) :-
    maplist(bullet_meaning, Bullets, Meanings),
    memberchk(contact_type(Type), Meanings),
    contact_type(Type, Label, _, _),
    flag_(attribute, Meanings, HasAttribute),
    flag_(journal, Meanings, Journal),
    flag_(diagnosis_kva, Meanings, Diagnosis),
    attribute_value_(HasAttribute, Attribute),
    kva_(Diagnosis, Kva),
    replaces_json_(Alt, ReplacesJson),
    exclude(==(none), [Heading, Note, Lead|Bullets], Quotes),
    maplist(source_dict_(Section), Quotes, Sources),
    Reg = _{alternative: Alt, replaces_visit: ReplacesJson, contact_type: Label,
            contact_type_id: Type, attribute: Attribute, journal: Journal,
            diagnosis: Diagnosis, kva: Kva, lead: Lead, sources: Sources, rules: []}.

flag_(Meaning, Meanings, true) :- memberchk(Meaning, Meanings), !.
flag_(_, _, false).

attribute_value_(true, Label) :- attribute_label(Label).
attribute_value_(false, null).

kva_(true, optional).
kva_(false, none).

replaces_json_(not_replaces_visit, false).
replaces_json_(replaces_visit, true).
replaces_json_(ordinary_visit, null).

source_dict_(Section, Quote, _{section: Section, quote: Quote}).

% The closer is the step whose own role the closing bullets name; where the
% text names nobody in the chain, the scenario's interpretation decides.
documented_closer_(Id, Steps, Closer, Questions) :-
    findall(No, text_closer_(Id, Steps, No), Nos0),
    sort(Nos0, Nos),
    closer_choice_(Id, Nos, Closer, Questions).

text_closer_(Id, Steps, No) :-
    documented_alternative(Id, No, _, _, Bullets),
    member(Bullet, Bullets),
    bullet_meaning(Bullet, closes(Subject)),
    closer_subject(Subject, _, Roles),
    nth1(No, Steps, step(Role, _, _, _, _, _)),
    memberchk(Role, Roles).

closer_choice_(_, [No], No, []).
% INTERPRETATION (closer_interpretation/2, e.g. q_closer_3_1_3b): the
% closing bullet names no role in the chain; the reading in force of the
% scenario's closer question decides (scenarios:closer_reading/3). A KB
% without closer readings (older revisions) has the step-1 handler close.
closer_choice_(Id, [], Closer, [Question]) :-
    closer_interpretation(Id, Question),
    (   catch(( questions:in_force(Question, Reading),
                scenarios:closer_reading(Question, Reading, Choice) ),
              error(existence_error(_, _), _), fail)
    ->  closer_step_(Choice, Closer)
    ;   Closer = 1
    ).

closer_step_(step(No), No).
closer_step_(none, null).

% --- derived answers: the general rules ----------------------------------

derived_answer_(Steps, Lang, Want, Core) :-
    numbered_(Steps, Numbered),
    maplist(derive_step_(Steps), Numbered, Derived),
    (   member(_-gap(_)-_, Derived)
    ->  Status = gap, Closer = null, CloserRules = []
    ;   Status = inferred,
        (   derive_closer(Steps, Closer, CloserRules)
        ->  true
        ;   Closer = null, CloserRules = []   % a reading that names no closer
        )
    ),
    maplist(derived_step_dict_(Closer, Lang), Derived, StepDicts),
    findall(R, ( member(D, StepDicts), member(R, D.rules) ), StepRules),
    append(StepRules, CloserRules, Rules0),
    sort(Rules0, Rules),
    findall(Q, ( member(R, Rules), rule_question(R, Q) ), Qs0),
    sort(Qs0, GapQs),
    guideline_reading_(Status, GuideQs),
    append(Qs0, GuideQs, Qs1),
    sort(Qs1, Qs),
    interpretations_(Qs, Lang, Interpretations),
    findall(Near, near_scenario_(Steps, Near), Nears0),
    sort(Nears0, Nears),
    warnings_(Want, derived_warnings_(Status, Rules, StepDicts, Nears, Steps, GapQs, Lang), Warnings),
    step_role_(Steps, Closer, CloserRole),
    Core = _{scenario: null, section: null, title: null, status: Status,
             closed_by_step: Closer, closed_by_role: CloserRole,
             steps: StepDicts, rules_used: Rules, interpretations: Interpretations,
             nearest_scenarios: Nears, warnings: Warnings}.

derived_warnings_(Status, Rules, StepDicts, Nears, Steps, GapQs, Lang, Warnings) :-
    status_warnings_(Status, Rules, StepDicts, Lang, StatusWarnings0),
    near_warnings_(Nears, Lang, NearWarnings),
    guidance_warnings_(Status, Steps, GapQs, Lang, GuideWarnings),
    append([StatusWarnings0, NearWarnings, GuideWarnings], StatusWarnings),
    selection_warnings_(StepDicts, Lang, SelWarnings),
    append([StatusWarnings, SelWarnings], Warnings).

% A documented scenario whose chain equals Steps but for the purposes:
% named so that a user who left out (or mistyped) a purpose sees it.
near_scenario_(Steps, Id) :-
    near_(step_matches_any_purpose_, Steps, Id).

% near_(+Match, +Steps, -Id): documented scenario Id has as many steps as
% Steps, each of which Match(PatternStep, Step) accepts.
near_(Match, Steps, Id) :-
    scenario(Id, _, _, Pattern),
    length(Pattern, N),
    length(Steps, N),
    maplist(Match, Pattern, Steps).

step_matches_any_purpose_(pstep(Roles, Channel, _, Days, Units), step(Role, Channel, _, Day, Unit, _)) :-
    memberchk(Role, Roles),
    memberchk(Day, Days),
    memberchk(Unit, Units).

% A gap answer points to the general registration guideline that §5 links
% to, under the KB's reading (guideline:general_guideline/2, e.g.
% q_general_guideline), to the nearest documented scenarios and to the open
% questions — as a reading, not as the text's own words.
guideline_reading_(gap, Qs) :-
    !,
    findall(Q, kb_optional_(guideline:general_guideline(_, Q)), Qs).
guideline_reading_(_, []).

guidance_warnings_(gap, Steps, Qs, Lang, [_{code: general_guideline, message: Message}]) :-
    kb_optional_(guideline:general_guideline(Title, Reading)),
    kb_optional_(guideline:link(_, Title, Target)),
    !,
    (   Target == none -> render_message(link_no_target, [], Lang, TargetText) ; TargetText = Target ),
    render_message(general_guideline, [Reading, Title, TargetText], Lang, Main),
    findall(Id, near_chain_(Steps, Id), Ids0),
    sort(Ids0, Ids),
    (   Ids == []
    ->  NearText = ""
    ;   atomic_list_concat(Ids, ', ', IdsText),
        render_message(general_guideline_near, [IdsText], Lang, NearText)
    ),
    (   Qs == []
    ->  QText = ""
    ;   atomic_list_concat(Qs, ', ', QsText),
        render_message(general_guideline_questions, [QsText], Lang, QText)
    ),
    atomic_list_concat([Main, NearText, QText], Message).
guidance_warnings_(_, _, _, _, []).

% A documented scenario whose chain has the same channels, days and units
% as Steps (any roles and purposes).
near_chain_(Steps, Id) :-
    near_(step_matches_any_role_, Steps, Id).

step_matches_any_role_(pstep(_, Channel, _, Days, Units), step(_, Channel, _, Day, Unit, _)) :-
    memberchk(Day, Days),
    memberchk(Unit, Units).

near_warnings_([], _, []).
near_warnings_([N|Ns], Lang, [_{code: nearest_scenarios, message: M}]) :-
    atomic_list_concat([N|Ns], ', ', Text),
    render_message(nearest_scenarios, [Text], Lang, M).

derive_step_(Steps, No-Step, (No-Step)-Outcome-Rules) :-
    derive_step(Steps, No, Outcome, Rules).

derived_step_dict_(Closer, Lang, (No-Step)-Outcome-Rules, Dict) :-
    step_base_(No, Step, Closer, Base),
    derived_body_(Outcome, Rules, No, Step, Lang, Fields),
    Dict = Base.put(Fields).

derived_body_(gap(Gaps), Rules, _, _, Lang, Fields) :-
    maplist(gap_dict_(Lang), Gaps, GapDicts),
    Fields = _{registrant: null, note: null, decided: false, gaps: GapDicts,
               no_pmo: null, registrations: null, rules: Rules}.
derived_body_(no_pmo, Rules, _, _, _, Fields) :-
    Rules = [Rule|_],
    rule_source(Rule, Section, Quote), !,
    Fields = _{registrant: null, note: null, decided: true, gaps: [],
               no_pmo: _{section: Section, quote: Quote}, registrations: [], rules: Rules}.
derived_body_(registers(Alts), StepRules, No, Step, Lang, Fields) :-
    Step = step(_, Channel, _, _, _, Replaces),
    findall(Alt-none-none, member(Alt, Alts), Candidates),
    select_alternatives_(Candidates, Replaces, No, Lang, Selected),
    maplist(derived_registration_(Channel, StepRules), Selected, Regs),
    findall(R, ( member(Reg, Regs), member(R, Reg.rules) ), RegRules),
    append(StepRules, RegRules, AllRules0),
    sort(AllRules0, AllRules),
    Fields = _{registrant: null, note: null, decided: true, gaps: [],
               no_pmo: null, registrations: Regs, rules: AllRules}.

derived_registration_(Channel, StepRules, Alt-_-_, Reg) :-
    derive_registration(Channel, Alt, reg(Alt, Type, HasAttribute, Journal, Diagnosis), RegRules),
    contact_type(Type, Label, _, _),
    attribute_value_(HasAttribute, Attribute),
    kva_(Diagnosis, Kva),
    replaces_json_(Alt, ReplacesJson),
    label(alternative, Alt, sv, LeadText),
    append(StepRules, RegRules, Rules0),
    sort(Rules0, Rules),
    findall(_{section: S, quote: Q}, ( member(R, Rules), rule_source(R, S, Q) ), Sources),
    Reg = _{alternative: Alt, replaces_visit: ReplacesJson, contact_type: Label,
            contact_type_id: Type, attribute: Attribute, journal: Journal,
            diagnosis: Diagnosis, kva: Kva, lead: LeadText, sources: Sources, rules: Rules}.

gap_dict_(Lang, Rule, _{rule: Rule, reason: Reason, question: Question, sources: Sources}) :-
    rule_text(Rule, Lang, Reason),
    (   rule_question(Rule, Question) -> true ; Question = null ),
    findall(_{section: S, quote: Q}, rule_source(Rule, S, Q), Sources).

status_warnings_(inferred, Rules, _, Lang, [_{code: inferred, message: M}]) :-
    atomic_list_concat(Rules, ', ', RulesText),
    render_message(inferred, [RulesText], Lang, M).
status_warnings_(gap, _, StepDicts, Lang, Warnings) :-
    findall(_{code: gap, message: M},
            ( member(D, StepDicts),
              member(G, D.gaps),
              render_message(gap, [D.step, G.reason], Lang, M) ),
            Warnings).

% --- shared helpers --------------------------------------------------------

step_base_(No, step(Role, Channel, Purpose, Day, Unit, Replaces), Closer, Base) :-
    maplist(null_if_none_, [Purpose, Day, Unit, Replaces], [P, D, U, R]),
    (   No == Closer -> Closes = true ; Closes = false ),
    (   in_1177_channel(Channel) -> In1177 = true ; In1177 = false ),
    Base = _{step: No, role: Role, channel: Channel, purpose: P, day: D, unit: U,
             replaces_visit: R, in_1177: In1177, closes_case: Closes}.

null_if_none_(none, null) :- !.
null_if_none_(Value, Value).

step_role_(_, null, null) :- !.
step_role_(Steps, No, Role) :-
    nth1(No, Steps, step(Role, _, _, _, _, _)).

% replaces_visit picks one alternative; none keeps all.
select_alternatives_(Alts, none, _, _, Alts) :- !.
select_alternatives_(Alts, Replaces, No, _, Selected) :-
    wanted_alternative(Replaces, Wanted),
    include(alt_is_(Wanted), Alts, Selected0),
    (   Selected0 \== []
    ->  Selected = Selected0
    ;   findall(A, member(A-_-_, Alts), Available),
        throw(py1177_error(err_no_such_alternative, [No, Replaces, alternatives(Available)]))
    ).

alt_is_(Wanted, Alt-_-_) :- Alt == Wanted.

selection_warnings_(StepDicts, Lang, Warnings) :-
    findall(_{code: replaces_visit_ignored, message: M},
            ( member(D, StepDicts),
              D.replaces_visit \== null,
              D.registrations == [],
              render_message(replaces_visit_ignored, [D.step], Lang, M) ),
            Warnings).

% The open policy questions an answer rests on; listed with the answer
% (not as warnings) so that readers see which reading of the text it uses.
% decides: false for a reading that only explains the text's layout or a
% role's scope (questions:reading_effect/2).
interpretations_(Qs, Lang, Dicts) :-
    findall(_{id: Q, question: Text, reading: Reading, decides: Decides},
            ( member(Q, Qs), question_text(Q, Lang, Text, Reading),
              (   kb_optional_(questions:reading_effect(Q, Effect)), Effect \== decides
              ->  Decides = false
              ;   Decides = true
              ) ),
            Dicts).

% INTERPRETATION (q_validity): outside the validity period the answer is
% still given, with a warning.
date_warnings_(Date, _, [], []) :-
    valid_on(Date), !.
date_warnings_(Date, Lang, [_{code: outside_validity, message: M}], [q_validity]) :-
    date_text_(Date, Text),
    guideline(version, Version),
    guideline(valid_from, From), date_text_(From, FromText),
    guideline(valid_to, To), date_text_(To, ToText),
    render_message(outside_validity, [Text, Version, FromText, ToText], Lang, M).

date_text_(date(Y, M, D), Text) :-
    format(string(Text), "~d-~|~`0t~d~2+-~|~`0t~d~2+", [Y, M, D]).

guideline_summary_(_{version: V, valid_from: F, valid_to: T, title: Title}) :-
    guideline(version, V),
    guideline(valid_from, FD), date_text_(FD, F),
    guideline(valid_to, TD), date_text_(TD, T),
    guideline(title, Title).

% --- listings ---------------------------------------------------------------

%!  scenarios_json(-Json) is det.
%
%   True when Json lists every documented scenario with id, section,
%   title, step patterns and the interpretations its answer rests on.

scenarios_json(Json) :-
    findall(D, scenario_dict_(D), Ds),
    dict_json_(Ds, Json).

scenario_dict_(_{id: Id, section: Section, title: Title, steps: Steps, interpretations: Qs,
                 closer_interpretations: CloserQs, example: Example,
                 closed_by_step: Closer, closed_by_roles: CloserRoles}) :-
    scenario(Id, Section, Title, Pattern),
    maplist(pattern_dict_, Pattern, Steps),
    maplist(canonical_step_, Pattern, Chain),
    documented_closer_(Id, Chain, Closer, _),
    (   Closer == null   % a reading in force names no closer in the chain
    ->  CloserRoles = []
    ;   nth1(Closer, Pattern, pstep(CloserRoles, _, _, _, _))
    ),
    findall(Q, ( scenario_interpretation(Id, Q) ; closer_interpretation(Id, Q) ), Qs),
    findall(Q, closer_interpretation(Id, Q), CloserQs),
    numbered_(Pattern, Numbered),
    maplist(example_step_, Numbered, Example).

% The scenario's first listed chain, every value given (day and unit from
% step 2 on), so that no answer rests on a default (see assumed_values_).
example_step_(_-pstep([Role|_], Channel, Purpose, [Day|_], [Unit|_]), Dict) :-
    findall(K-V, ( member(K-V, [purpose-Purpose, day-Day, unit-Unit]), V \== none ), Pairs),
    dict_pairs(Dict, _, [role-Role, channel-Channel|Pairs]).

pattern_dict_(pstep(Roles, Channel, Purpose, Days, Units),
              _{roles: Roles, channel: Channel, purpose: P, day: D, unit: U}) :-
    null_if_none_(Purpose, P),
    list_or_null_(Days, D),
    list_or_null_(Units, U).

list_or_null_([none], null) :- !.
list_or_null_(List, List).

%!  guideline_json(-Json) is det.
%
%   True when Json holds the guideline's metadata and section list.

guideline_json(Json) :-
    findall(K-V, ( guideline(K, V0), meta_value_(V0, V) ), Pairs),
    dict_pairs(Meta, _, Pairs),
    findall(_{number: N, title: T}, section(N, T), Sections),
    findall(_{key: K, section: S, quote: Q}, kb_optional_(guideline:guideline_fact(K, S, Q)), Facts),
    findall(_{section: S, title: T, target: Target},
            ( kb_optional_(guideline:link(S, T, Target0)), null_if_none_(Target0, Target) ), Links),
    dict_json_(Meta.put(_{sections: Sections, facts: Facts, links: Links}), Json).

meta_value_(date(Y, M, D), Text) :- !, date_text_(date(Y, M, D), Text).
meta_value_(V, V).

%!  errata_json(-Json) is det.
%
%   True when Json lists the source's errata and their normalisation.

errata_json(Json) :-
    findall(_{id: Id, section: S, kind: Kind, found: F, normalised: N, note: Note},
            ( erratum(Id, S, F, N, Note), erratum_kind_(F, N, Kind) ), Ds),
    dict_json_(Ds, Json).

% layout: no text changes; observation: the text is kept (Found = Normalised)
% and the note says what is missing; text: a typo the KB normalises.
erratum_kind_("", _, layout) :- !.
erratum_kind_(F, F, observation) :- !.
erratum_kind_(_, _, text).

%!  questions_json(+Lang, -Json) is det.
%
%   True when Json lists every open policy question in Lang with the
%   reading in force, every declared reading (id, text, chosen, in_force),
%   and the rules and scenarios that rest on it.

questions_json(Lang, Json) :-
    check_value(lang, Lang),
    findall(_{id: Id, sections: Ss, kind: Kind, kind_label: KindLabel, question: Q, reading: R,
              rules: Rules, scenarios: Scenarios, readings: Readings},
            ( policy_question(Id, Ss, Kind),
              label(question_kind, Kind, Lang, KindLabel),
              question_text(Id, Lang, Q, R),
              question_readings_(Id, Lang, Readings),
              findall(Rule, rule_question(Rule, Id), Rules),
              findall(Sc, ( scenario_interpretation(Sc, Id) ; closer_interpretation(Sc, Id) ), Scenarios) ),
            Ds),
    dict_json_(Ds, Json).

% Every declared reading of question Id (questions:reading_text/4), with
% the chosen one and the one in force marked; [] for a KB that declares none.
question_readings_(Id, Lang, Readings) :-
    findall(_{id: R, text: T, chosen: C, in_force: F},
            ( catch(questions:reading_text(Id, R, Lang, T), error(existence_error(_, _), _), fail),
              ( questions:chosen_reading(Id, R) -> C = true ; C = false ),
              ( questions:in_force(Id, R) -> F = true ; F = false ) ),
            Readings).

%!  vocabulary_json(-Json) is det.
%
%   True when Json gives, per input key, the allowed values with their
%   Swedish and English labels, and the contact types.

vocabulary_json(Json) :-
    findall(Key-Values,
            ( vocabulary(Key, Vs), maplist(value_dict_(Key), Vs, Values) ), Pairs),
    dict_pairs(Inputs, _, Pairs),
    findall(_{id: Id, label: Label, channel: Ch, alternative: Alt},
            contact_type(Id, Label, Ch, Alt), Types),
    findall(K-_{sv: Sv, en: En},
            ( member(Kind, [status, alternative, obligation, bullet_prefix]),
              label(Kind, V, sv, Sv), label(Kind, V, en, En),
              atomic_list_concat([Kind, V], ':', K) ), LabelPairs),
    dict_pairs(Labels, _, LabelPairs),
    max_steps(Max),
    dict_json_(_{inputs: Inputs, contact_types: Types, labels: Labels, max_steps: Max}, Json).

value_dict_(Key, Value, _{value: Value, sv: Sv, en: En}) :-
    (   label(Key, Value, sv, Sv) -> true ; Sv = Value ),
    (   label(Key, Value, en, En) -> true ; En = Value ).

%!  pmo_json(-Json) is det.
%
%   True when Json describes the §4 PMO items and the contact types on which
%   the attribute "1177 direkt" is ticked.

pmo_json(Json) :-
    findall(_{id: Id, section: S, name: N, quote: Q, properties: Props},
            ( pmo_item(Id, S, N, Q),
              findall(P-V, pmo_property(Id, P, V), PVs),
              dict_pairs(Props, _, PVs) ),
            Items),
    findall(_{id: T, label: L, quote: Q}, ( attribute_contact_type(T, Q), contact_type(T, L, _, _) ), Types),
    findall(_{number: N, title: Title},
            ( section(N, Title), sub_atom(N, 0, _, _, '4') ), Sections),
    dict_json_(_{items: Items, attribute_contact_types: Types, sections: Sections}, Json).

%!  citations_json(-Json) is det.
%
%   True when Json lists every quote the KB cites, as {section, quote,
%   origin}: scenario headings, "Registreras av" headings, notes, leads and
%   bullets of §3.1, the rules' sources, and the §4 items.

citations_json(Json) :-
    findall(_{section: S, quote: Q, origin: O}, citation_(S, Q, O), Ds),
    dict_json_(Ds, Json).

%!  citation(?Section, ?Quote, ?Origin) is nondet.
%
%   True when the KB cites Quote from Section; Origin says which fact.

citation(Section, Quote, Origin) :-
    citation_(Section, Quote, Origin).

citation_(S, Q, Origin) :-
    scenario(Id, S, Q, _),
    format(string(Origin), "scenario ~w title", [Id]).
citation_(S, Q, Origin) :-
    documented_step(Id, No, Heading, Body),
    scenario(Id, S, _, _),
    body_quote_(Heading, Body, Q),
    format(string(Origin), "scenario ~w step ~w", [Id, No]).
citation_(S, Q, Origin) :-
    documented_alternative(Id, No, Alt, Lead, Bullets),
    scenario(Id, S, _, _),
    member(Q, [Lead|Bullets]),
    format(string(Origin), "scenario ~w step ~w ~w", [Id, No, Alt]).
citation_(S, Q, Origin) :-
    rule_source(Rule, S, Q),
    format(string(Origin), "rule ~w", [Rule]).
citation_(S, Q, Origin) :-
    pmo_item(Id, S, _, Q),
    format(string(Origin), "pmo ~w", [Id]).
citation_('4.3', Q, Origin) :-
    attribute_contact_type(Type, Q),
    format(string(Origin), "attribute contact type ~w", [Type]).
citation_(S, Q, Origin) :-
    kb_optional_(guideline:guideline_fact(Key, S, Q)),
    format(string(Origin), "guideline ~w", [Key]).
citation_(S, Q, Origin) :-
    kb_optional_(guideline:link(S, Q, _)),
    format(string(Origin), "link ~w", [Q]).

body_quote_(Heading, _, Heading).
body_quote_(_, registers(Note), Note) :- Note \== none.
body_quote_(_, no_pmo(Quote), Quote).

%!  scenario_blocks_json(-Json) is det.
%
%   True when Json lists, per scenario in document order, the lines of its
%   text as the KB holds them: title, then per step the "Registreras av"
%   heading, note or no-PMO sentence, and each alternative's lead and
%   bullets. Tests compare these lines with the source, block by block.

scenario_blocks_json(Json) :-
    findall(_{id: Id, section: S, lines: Lines},
            ( scenario(Id, S, Title, _), scenario_lines_(Id, Title, Lines) ), Ds),
    dict_json_(Ds, Json).

%!  wording_json(-Json) is det.
%
%   True when Json holds the words `py1177 render` regenerates the bullets
%   of §3.1 from: the obligations' labels ({Id: Label}), the bullets'
%   prefixes ({contact_type: "Vårdkontakt: ", attribute: …}), the closing
%   bullets' subjects ({Subject: Label}), which alternative of which step of
%   which scenario carries a closing bullet and for whom (its meaning per
%   bullet_meaning/2), and every stored bullet that no meaning reads (a
%   label changed in the vocabulary but not in the scenarios' text).

wording_json(Json) :-
    findall(Id-Label, obligation(Id, Label), Obligations),
    dict_pairs(ObligationDict, _, Obligations),
    findall(Kind-Prefix, bullet_prefix(Kind, Prefix), Prefixes),
    dict_pairs(PrefixDict, _, Prefixes),
    findall(S-Label, closer_subject(S, Label, _), Subjects),
    dict_pairs(SubjectDict, _, Subjects),
    findall(_{scenario: Id, step: No, alternative: Alt, subject: Subject},
            ( documented_alternative(Id, No, Alt, _, Bullets),
              member(Bullet, Bullets),
              bullet_meaning(Bullet, closes(Subject)) ),
            Closing),
    findall(_{scenario: Id, step: No, bullet: Bullet},
            ( documented_alternative(Id, No, _, _, Bullets),
              member(Bullet, Bullets),
              \+ bullet_meaning(Bullet, _) ),
            Unreadable),
    dict_json_(_{obligations: ObligationDict, prefixes: PrefixDict, closer_subjects: SubjectDict,
                 closing: Closing, unreadable: Unreadable}, Json).

%!  scenario_text_lines(?Id, -Lines) is nondet.
%
%   True when Lines are the line dicts {kind, text, step, alternative,
%   unindented} of documented scenario Id, in document order.

scenario_text_lines(Id, Lines) :-
    scenario(Id, _, Title, _),
    scenario_lines_(Id, Title, Lines).

scenario_lines_(Id, Title, [_{kind: title, text: Title, step: null, alternative: null, unindented: false}|Lines]) :-
    findall(StepLines,
            ( documented_step(Id, No, Heading, Body), step_lines_(Id, No, Heading, Body, StepLines) ),
            Nested),
    append(Nested, Lines).

step_lines_(_, No, Heading, no_pmo(Quote), [H, Q]) :-
    line_(heading, Heading, No, null, false, H),
    line_(no_pmo, Quote, No, null, false, Q).
step_lines_(Id, No, Heading, registers(Note), [H|Lines]) :-
    line_(heading, Heading, No, null, false, H),
    findall(AltLines, alternative_lines_(Id, No, AltLines), Nested),
    append(Nested, AltLines0),
    (   Note == none
    ->  Lines = AltLines0
    ;   line_(note, Note, No, null, false, N),
        Lines = [N|AltLines0]
    ).

alternative_lines_(Id, No, [L|Bs]) :-
    documented_alternative(Id, No, Alt, Lead, Bullets),
    line_(lead, Lead, No, Alt, false, L),
    findall(B, ( member(Bullet, Bullets),
                 (   unindented_bullet(Id, No, Alt, Bullet) -> U = true ; U = false ),
                 line_(bullet, Bullet, No, Alt, U, B) ), Bs).

line_(Kind, Text, Step, Alt, Unindented,
      _{kind: Kind, text: Text, step: Step, alternative: Alt, unindented: Unindented}).
