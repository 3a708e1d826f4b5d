:- encoding(utf8).
:- module(find,
          [ find_json/5,              % +Filters, +Mode, +Limit, +Lang, -Json
            case_summary/3            % +Table, +Steps, -Summary
          ]).

:- use_module(library(lists), [member/2, nth1/3, append/3, sum_list/2, list_to_set/2]).
:- use_module(library(apply), [maplist/3, include/3, exclude/3, partition/4]).
:- use_module(library(thread), [concurrent_maplist/3]).
:- use_module(library(pairs), [pairs_keys/2]).
:- use_module(json_text, [json_text/2]).
:- use_module(readings, [current_readings/1, in_readings/4]).
:- use_module(rulebook(vocabulary), [label/4, contact_type/4]).
:- use_module(rulebook(rules), [step_outcomes/3, derive_closer/3]).
:- use_module(ui_messages, [find_template/3]).
:- use_module(api, [advise/4, scenario_match/2]).
:- use_module(check, [chain/3, chain_spec/2, scenario_instance/2, work_items/2,
                      registration_table/1, chosen_alternatives/3]).

/** <module> find: complete answers to reverse questions

"Which cases never need a nurse registration?" Every case of the chosen
space is examined — the documented scenarios' chains, or every chain of up
to N steps — and each one that satisfies all filters is returned with a
one-line reason. The documented scenarios are answered per scenario (a
scenario matches only when every chain of it matches) unless asked chain
by chain. Cases the rules leave undecided (gaps) are counted apart; a gap
is listed only when a step of it matches a filter about one step, and then
as a gap.

Filters: never_registers(Role), always_registers(Role), contact_type(Id),
closer(Role), closer_not_first, only_replaces_visit, no_pmo_step,
status(Status).
*/

%!  find_json(+Filters, +Mode, +Limit, +Lang, -Json) is det.
%
%   True when Json reports the cases of Mode that satisfy every filter of
%   Filters. Mode is documented (the documented scenarios, answered per
%   scenario: a scenario matches only when every chain of it matches),
%   chains (the documented scenarios' chains, one by one) or cases(N)
%   (every chain of up to N steps, one by one). A filter status(S) keeps
%   only chains whose answer has status S (documented, inferred, gap).
%   Json: {mode, level, examined, scenarios_examined, undecided, matched,
%   gap_matched, matches: [{scenario, steps, reason, status, vacuous, chains}],
%   scenarios: [{id, matched, of}], truncated}; at most Limit matches are
%   listed, all are counted. A gap chain matches only filters about one
%   step (contact_type, no_pmo_step) or status(gap): it is listed as a gap.

find_json(Filters, Mode, Limit, Lang, Json) :-
    space_(Mode, Space, Level),
    cases_(Space, Filters, Lang, Examined, Undecided, ChainMatches, Documented),
    scenario_counts_(ChainMatches, Documented, Scenarios),
    level_matches_(Level, Filters, Lang, ChainMatches, Scenarios, Matches0),
    length(Matches0, Matched),
    include(gap_match_, Matches0, GapMatches), length(GapMatches, GapMatched),
    take_(Limit, Matches0, Matches),
    (   Matched > Limit -> Truncated = true ; Truncated = false ),
    mode_dict_(Space, ModeDict),
    msort(Documented, DocIds), clumped_(DocIds, DocClumps), length(DocClumps, ScenariosExamined),
    json_text(_{mode: ModeDict, level: Level, examined: Examined, scenarios_examined: ScenariosExamined,
                undecided: Undecided, matched: Matched, gap_matched: GapMatched, matches: Matches,
                scenarios: Scenarios, truncated: Truncated},
              Json).

gap_match_(M) :- get_dict(status, M, gap).

space_(documented, documented, scenario).
space_(chains, documented, chain).
space_(cases(N), cases(N), chain).

mode_dict_(documented, _{kind: documented}).
mode_dict_(cases(N), _{kind: cases, max_steps: N, choice_steps: C}) :- C is min(N, 2).

% Scenario level: a scenario matches when all of its chains match; its
% reason gathers the chains' distinct reasons; it is vacuous when every
% chain matched only because a role named by never_registers is absent.
level_matches_(chain, _, _, Matches, _, Matches).
level_matches_(scenario, Filters, Lang, ChainMatches, Counts, Matches) :-
    findall(M, ( member(C, Counts), get_dict(matched, C, N), get_dict(of, C, N),
                 get_dict(id, C, Id),
                 scenario_level_match_(Id, N, Filters, Lang, ChainMatches, M) ),
            Matches).

scenario_level_match_(Id, N, Filters, Lang, ChainMatches, Match) :-
    atom_string(Id, IdText),
    include(match_of_(IdText), ChainMatches, Mine),
    Mine = [First|_],
    (   forall(member(M, Mine), get_dict(vacuous, M, true))
    ->  Vacuous = true,
        findall(RoleLabel, ( member(never_registers(Role), Filters), label(role, Role, Lang, RoleLabel) ), Roles),
        atomic_list_concat(Roles, ', ', RolesText),
        reason_(vacuous, Lang, [RolesText], Reason)
    ;   Vacuous = false,
        findall(R, ( member(M, Mine), get_dict(reason, M, R) ), Rs0),
        list_to_set(Rs0, Rs),
        atomic_list_concat(Rs, '; ', Reason)
    ),
    Match = _{scenario: IdText, steps: First.steps, reason: Reason, status: documented,
              vacuous: Vacuous, chains: N}.

match_of_(Id, M) :- get_dict(scenario, M, Sc), Sc \== null, atom_string(Sc, Id).

take_(N, List, Taken) :-
    length(List, Len),
    (   Len =< N -> Taken = List ; length(Taken, N), append(Taken, _, List) ).

% --- the case spaces --------------------------------------------------------------

% Documented: every chain of every scenario. Documented also returns the
% scenario id of each documented case examined (for "k of n" counts).
cases_(documented, Filters, Lang, Examined, Undecided, Matches, Documented) :-
    findall(Id-Steps, scenario_instance(Id, Steps), Instances),
    length(Instances, Examined),
    pairs_keys(Instances, Documented),
    findall(M-U, ( member(_-Steps, Instances), documented_summary_(Steps, S),
                   examine_(Filters, Lang, S, M, U) ), Results),
    collect_(Results, Undecided, Matches).
cases_(cases(N), Filters, Lang, Examined, Undecided, Matches, Documented) :-
    work_items(N, Items),
    registration_table(Table),
    Choice is min(N, 2),
    current_readings(Readings),
    concurrent_maplist(in_readings(Readings, examine_item_(Filters, Lang, Table, Choice)), Items, Parts),
    findall(C, member(part(C, _, _, _), Parts), Counts), sum_list(Counts, Examined),
    findall(U, member(part(_, U, _, _), Parts), Us), sum_list(Us, Undecided),
    findall(M, ( member(part(_, _, Ms, _), Parts), member(M, Ms) ), Matches),
    findall(D, ( member(part(_, _, _, Ds), Parts), member(D, Ds) ), Documented).

examine_item_(Filters, Lang, Table, Choice, Length-First, part(Count, Undecided, Matches, Documented)) :-
    Steps = [First|_],
    findall(M-U-Sc, ( chain(Choice, Length, Steps),
                      chain_summary_(Table, Steps, S),
                      get_dict(scenario, S, Sc),
                      examine_(Filters, Lang, S, M, U) ), Results0),
    length(Results0, Count),
    findall(M-U, member(M-U-_, Results0), Results),
    findall(Id, ( member(_-_-Sc, Results0), Sc \== null, atom_string(Id, Sc) ), Documented),
    collect_(Results, Undecided, Matches).

collect_(Results, Undecided, Matches) :-
    findall(x, member(_-1, Results), Us), length(Us, Undecided),
    findall(M, ( member(M-_, Results), M \== none ), Matches).

examine_(Filters0, Lang, S, Match, Undecided) :-
    get_dict(status, S, Status),
    (   Status == gap -> Undecided = 1 ; Undecided = 0 ),
    partition(status_filter_, Filters0, StatusFilters, Filters),
    (   forall(member(status(Wanted), StatusFilters), Status == Wanted),
        matches_(Status, StatusFilters, Filters, S, Lang, Reason)
    ->  get_dict(chain, S, Chain),
        get_dict(scenario, S, Scenario),
        chain_spec(Chain, Specs),
        (   member(never_registers(Role), Filters), role_absent_(S, Role) -> Vacuous = true ; Vacuous = false ),
        Match = _{scenario: Scenario, steps: Specs, reason: Reason, status: Status, vacuous: Vacuous, chains: 1}
    ;   Match = none
    ).

status_filter_(status(_)).

% A decided chain matches when every filter holds. A gap chain matches
% only filters about one step, judged on its decided steps (or no filter
% when status(gap) was asked): it is listed as a gap, never as an answer.
matches_(Status, _, Filters, S, Lang, Reason) :-
    Status \== gap,
    maplist(filter_reason_(S, Lang), Filters, Reasons),
    exclude(==(""), Reasons, Parts),
    atomic_list_concat(Parts, '; ', Reason).
matches_(gap, StatusFilters, Filters, S, Lang, Reason) :-
    (   Filters == [] -> StatusFilters \== [] ; true ),
    forall(member(F, Filters), step_filter_(F)),
    maplist(filter_reason_(S, Lang), Filters, Reasons),
    exclude(==(""), Reasons, Parts),
    (   Parts == []
    ->  reason_(gap_chain, Lang, [], Reason)
    ;   atomic_list_concat(Parts, '; ', Reason0),
        reason_(gap_step_matches, Lang, [Reason0], Reason)
    ).

step_filter_(contact_type(_)).
step_filter_(no_pmo_step).

role_absent_(S, Role) :-
    get_dict(steps, S, Infos),
    \+ ( member(I, Infos), get_dict(role, I, Role) ).

% A case as {chain, status, scenario, closer, steps: [step{no, role, regs}]}
% (see case_summary/3).
documented_summary_(Steps, S) :-
    advise(steps(Steps), date(2023, 9, 1), sv, A),
    get_dict(steps, A, AnswerSteps),
    maplist(answer_step_info_, AnswerSteps, StepInfos),
    findall(Q, ( member(I, A.interpretations), atom_string(Q, I.id) ), Qs),
    S = _{chain: Steps, status: documented, scenario: A.scenario, closer: A.closed_by_step, steps: StepInfos,
          interpretations: Qs}.

answer_step_info_(St, _{no: N, role: R, regs: Regs}) :-
    get_dict(step, St, N),
    get_dict(role, St, RoleText), atom_string(R, RoleText),
    get_dict(registrations, St, Registrations),
    (   Registrations == null
    ->  Regs = gap
    ;   maplist(answer_reg_, Registrations, Regs)
    ).

answer_reg_(Reg, r(Alt, Type, Attribute, Diagnosis)) :-
    get_dict(alternative, Reg, AltText), atom_string(Alt, AltText),
    get_dict(contact_type_id, Reg, TypeText), atom_string(Type, TypeText),
    get_dict(attribute, Reg, A), ( A == null -> Attribute = false ; Attribute = true ),
    get_dict(diagnosis, Reg, Diagnosis).

%!  case_summary(+Table, +Steps, -Summary) is det.
%
%   True when Summary describes the answer to the normalised chain Steps:
%   {chain, status, scenario, closer, steps: [{no, role, regs}]}, regs being
%   gap, [] (nothing in PMO) or a list of r(Alt, Type, Attribute, Diagnosis).
%   Documented chains are summarised from advise/4 (the text), others from
%   the general rules (Table from check:registration_table/1).

case_summary(Table, Steps, S) :-
    chain_summary_(Table, Steps, S).

chain_summary_(Table, Steps, S) :-
    (   once(scenario_match(Steps, _))
    ->  documented_summary_(Steps, S)
    ;   findall(Info, ( nth1(No, Steps, Step), step_info_(Table, Steps, No, Step, Info) ), Infos),
        (   member(I, Infos), get_dict(regs, I, gap)
        ->  Status = gap, Closer = null
        ;   Status = inferred,
            ( derive_closer(Steps, Closer, _) -> true ; Closer = null )
        ),
        (   Status == inferred -> Qs = [q_closer_last_in_1177] ; Qs = [] ),
        S = _{chain: Steps, status: Status, scenario: null, closer: Closer, steps: Infos, interpretations: Qs}
    ).

step_info_(Table, Steps, No, step(Role, Channel, _, _, _, Choice), _{no: No, role: Role, regs: Regs}) :-
    step_outcomes(Steps, No, [Outcome-_|_]),
    outcome_regs_(Outcome, Table, Channel, Choice, Regs).

outcome_regs_(gap(_), _, _, _, gap).
outcome_regs_(no_pmo, _, _, _, []).
outcome_regs_(registers(Alts0), Table, Channel, Choice, Regs) :-
    chosen_alternatives(Choice, Alts0, Alts),
    findall(r(Alt, Type, Attribute, Diagnosis),
            ( member(Alt, Alts), memberchk(reg(Channel, Alt, reg(_, Type, Attribute, _, Diagnosis), _, _), Table) ),
            Regs).

% --- filters -------------------------------------------------------------------------

filter_reason_(S, Lang, never_registers(Role), Reason) :-
    get_dict(steps, S, Infos),
    role_steps_(Infos, Role, Mine),
    forall(member(I, Mine), get_dict(regs, I, [])),
    label(role_subject, Role, Lang, Who),
    (   Mine == []
    ->  label(role, Role, Lang, Plain),
        reason_(role_absent, Lang, [Plain], Reason)
    ;   numbers_(Mine, NosText),
        reason_(never_registers, Lang, [Who, NosText], Reason)
    ).
filter_reason_(S, Lang, always_registers(Role), Reason) :-
    get_dict(steps, S, Infos),
    role_steps_(Infos, Role, Mine),
    Mine \== [],
    forall(member(I, Mine), registers_(I)),
    label(role_subject, Role, Lang, Who),
    numbers_(Mine, NosText),
    reason_(always_registers, Lang, [Who, NosText], Reason).
filter_reason_(S, Lang, contact_type(Type), Reason) :-
    get_dict(steps, S, Infos),
    include(has_type_(Type), Infos, With),
    With \== [],
    contact_type(Type, Label, _, _),
    numbers_(With, NosText),
    reason_(contact_type, Lang, [NosText, Label], Reason).
filter_reason_(S, Lang, closer(Role), Reason) :-
    get_dict(closer, S, Closer),
    Closer \== null,
    get_dict(steps, S, Infos),
    nth1(Closer, Infos, I),
    get_dict(role, I, Role),
    label(role_subject, Role, Lang, Who),
    reason_(closer, Lang, [Who, Closer], Reason0),
    closer_reading_note_(S, Lang, Reason0, Reason).

filter_reason_(S, Lang, closer_not_first, Reason) :-
    get_dict(closer, S, Closer),
    Closer \== null,
    get_dict(steps, S, Infos),
    once(( member(I, Infos), registers_(I) )),
    get_dict(no, I, First),
    First =\= Closer,
    reason_(closer_not_first, Lang, [First, Closer], Reason).
filter_reason_(S, Lang, only_replaces_visit, Reason) :-
    get_dict(steps, S, Infos),
    findall(Alt, ( member(I, Infos), get_dict(regs, I, Regs), is_list(Regs), member(r(Alt, _, _, _), Regs) ), Alts),
    Alts \== [],
    \+ memberchk(not_replaces_visit, Alts),
    reason_(only_replaces_visit, Lang, [], Reason).
filter_reason_(S, Lang, no_pmo_step, Reason) :-
    get_dict(steps, S, Infos),
    include(no_pmo_info_, Infos, None),
    None \== [],
    numbers_(None, NosText),
    reason_(no_pmo_step, Lang, [NosText], Reason).

% Where who closes rests on a reading of the text, say which.
closer_reading_note_(S, Lang, Reason0, Reason) :-
    get_dict(interpretations, S, Qs),
    include(closer_question_, Qs, [Q|_]),
    !,
    reason_(closer_reading, Lang, [Reason0, Q], Reason).
closer_reading_note_(_, _, Reason, Reason).

closer_question_(q_closer_3_1_3b).
closer_question_(q_closer_last_in_1177).

role_steps_(Infos, Role, Mine) :-
    include(has_role_(Role), Infos, Mine).

has_role_(Role, I) :- get_dict(role, I, Role).

no_pmo_info_(I) :- get_dict(regs, I, []).

registers_(I) :-
    get_dict(regs, I, Regs),
    Regs \== [],
    Regs \== gap.

has_type_(Type, I) :-
    get_dict(regs, I, Regs),
    is_list(Regs),
    memberchk(r(_, Type, _, _), Regs).

numbers_(Infos, Text) :-
    findall(N, ( member(I, Infos), get_dict(no, I, N) ), Nos),
    atomic_list_concat(Nos, ', ', Text).

reason_(Kind, Lang, Args, Text) :-
    find_template(Kind, Lang, Format),
    format(string(Text), Format, Args).

% --- per scenario ---------------------------------------------------------------------

scenario_counts_(Matches, Documented, Counts) :-
    findall(Id, ( member(M, Matches), get_dict(scenario, M, Sc), Sc \== null, atom_string(Id, Sc) ), Ids0),
    msort(Ids0, Ids),
    clumped_(Ids, Clumps),
    msort(Documented, AllIds),
    clumped_(AllIds, AllClumps),
    findall(_{id: Id, matched: N, of: Of},
            ( member(Id-N, Clumps), memberchk(Id-Of, AllClumps) ), Counts).

clumped_([], []).
clumped_([X|Xs], [X-N|Rest]) :-
    take_same_(X, Xs, 1, N, Tail),
    clumped_(Tail, Rest).

take_same_(X, [Y|Ys], N0, N, Tail) :- X == Y, !, N1 is N0 + 1, take_same_(X, Ys, N1, N, Tail).
take_same_(_, Tail, N, N, Tail).
