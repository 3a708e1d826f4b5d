:- encoding(utf8).
:- module(kb_check,
          [ check_report/2,           % +Options, -Report
            check_json/2,             % +Options, -Json
            check_cost_json/2,        % +Options, -Json
            dump_json/3,              % +Options, +Dir, -Json
            chain/3,                  % +ChoiceSteps, +Length, -Steps
            chain_count/3,            % +ChoiceSteps, +Length, -Count
            chains_total/3,           % +MaxSteps, +ChoiceSteps, -Count
            chain_spec/2,             % +Steps, -Specs
            scenario_instance/2,      % ?Id, -Steps
            work_items/2,             % +MaxSteps, -Items
            registration_table/1,     % -Table
            chosen_alternatives/3     % +Choice, +Alternatives0, -Alternatives
          ]).

:- use_module(library(lists), [member/2, nth1/3, append/2, append/3, sum_list/2,
                               max_member/2, subtract/3, last/2, numlist/3]).
:- use_module(library(apply), [maplist/2, maplist/3, maplist/4, foldl/4, include/3, exclude/3]).
:- use_module(library(pairs), [pairs_keys/2, pairs_values/2]).
:- use_module(library(thread), [concurrent_maplist/3]).
:- use_module(library(readutil), [read_file_to_string/3]).
:- use_module(json_text, [json_text/2]).
:- use_module(readings, [current_readings/1, in_readings/4]).
:- use_module(library(option), [option/3]).
:- use_module(library(assoc), [empty_assoc/1, get_assoc/3, put_assoc/4, assoc_to_list/2]).
:- use_module(rulebook(vocabulary), [vocabulary/2, contact_type/4, in_1177_channel/1, closer_subject/3,
                                     label/4, alternative/1]).
:- use_module(rulebook(guideline), [erratum/5, guideline/2, section/2, guideline_fact/3, link/3]).
:- use_module(rulebook(scenarios), [scenario/4, documented_alternative/5, bullet_meaning/2, documented_step/4,
                                    scenario_interpretation/2, closer_interpretation/2, unindented_bullet/4]).
:- use_module(rulebook(section_4), [attribute_contact_type/2, pmo_item/4, pmo_property/3]).
:- use_module(rulebook(rules), [general_rule/2, rule_source/3, rule_question/2, step_outcomes/3,
                      wanted_alternative/2, step_context/3,
                      derive_registration/4, derive_closer/3]).
:- use_module(rulebook(questions), [policy_question/3, question_text/4, role_question/2]).
:- use_module(rulebook(messages), [rule_text/3]).
:- use_module(api, [advise/4, scenario_match/2, scenario_text_lines/2, citation/3]).

/** <module> kb_check: exhaustive consistency and completeness of the rulebook

Runs inside Prolog over every step chain the vocabulary allows up to
MaxSteps steps (every role, channel, purpose, day and unit; replaces_visit
choices on chains of up to ChoiceSteps steps), and reports:

  - conflicts: a step with two different outcomes, or an alternative with
    two different registrations;
  - gaps, grouped by gap rule, with the first example of each;
  - documented scenarios the general rules do not reproduce exactly, chains
    that match two scenarios, scenarios with no instance;
  - invariants (one closer in 1177 direkt, journal, diagnosis, attribute,
    same-day forwarding, treatment/referral) and static checks (citations
    occur in the source, rules have sources, texts and questions);
  - a coverage matrix from each line of §3.1 and §4 to the KB facts that
    encode it, with untraced lines;
  - general rules that never fire for any examined chain (dead rules).

Work is split by first step over the machine's cores
(concurrent_maplist/3); each worker keeps its tallies thread-locally.
*/

:- thread_local fired_/1, fired_list_/1.
:- dynamic fired_clause_/1, unfired_list_/1.

% --- entry points -----------------------------------------------------------

%!  check_json(+Options, -Json) is det.
%
%   True when Json is the JSON text of check_report/2.

check_json(Options, Json) :-
    check_report(Options, Report),
    json_text(Report, Json).

%!  check_cost_json(+Options, -Json) is det.
%
%   True when Json gives the number of chains check_report/2 examines with
%   Options ({"chains": N}), counted without enumerating them.

check_cost_json(Options, Json) :-
    option(max_steps(Max), Options, 3),
    DefaultChoice is min(Max, 2),
    option(choice_steps(ChoiceSteps), Options, DefaultChoice),
    chains_total(Max, ChoiceSteps, Chains),
    json_text(_{chains: Chains}, Json).

%!  check_report(+Options, -Report) is det.
%
%   True when Report (a dict) is the result of checking the KB over every
%   chain of up to max_steps(N) steps (default 3), with replaces_visit
%   choices on chains of up to choice_steps(M) steps (default min(N, 2));
%   texts in lang(L) (sv or en, default sv). With progress(Format, Millis),
%   a line format(user_error, Format, [Done, Total, Percent, Seconds,
%   TimeLeft]) is written every Millis milliseconds while the chains
%   are examined, and once at the end.

check_report(Options, Report) :-
    option(max_steps(Max), Options, 3),
    DefaultChoice is min(Max, 2),
    option(choice_steps(ChoiceSteps), Options, DefaultChoice),
    option(lang(Lang), Options, sv),
    get_time(T0),
    work_items_(Max, Items),
    registration_table_(Table),
    current_readings(Readings),
    reset_clause_coverage_,
    (   option(progress(Format, Millis), Options)
    ->  chains_total(Max, ChoiceSteps, Total),
        Every is Millis / 1000,
        with_progress_(Format, Every, Total,
                       concurrent_maplist(in_readings(Readings, examine_item_(ChoiceSteps, Table)), Items, Summaries))
    ;   concurrent_maplist(in_readings(Readings, examine_item_(ChoiceSteps, Table)), Items, Summaries)
    ),
    merge_summaries_(Summaries, Counts, Examples, Fired),
    get_time(T1),
    Seconds is round((T1 - T0) * 1000) / 1000,
    chain_section_(Max, ChoiceSteps, Lang, Counts, Examples, ChainPart),
    reproduction_(Lang, Repro),
    static_checks_(Lang, Static),
    coverage_(Lang, Coverage),
    (   Max >= 2 -> dead_rules_(Fired, Dead) ; Dead = [] ),
    verdict_(ChainPart, Repro, Static, Coverage, Dead, Ok),
    Report = ChainPart.put(_{ok: Ok, seconds: Seconds, reproduction: Repro,
                             static: Static, coverage: Coverage, dead_rules: Dead}).

verdict_(Chains, Repro, Static, Coverage, Dead, Ok) :-
    (   Chains.conflicts == [],
        forall(member(I, Chains.invariants), I.holds == true),
        Repro.mismatches == [], Repro.overlaps == [], Repro.without_instances == [],
        forall(member(S, Static), S.holds == true),
        Coverage.untraced_source == [], Coverage.unsourced_kb == [],
        Dead == []
    ->  Ok = true
    ;   Ok = false
    ).

% --- enumeration --------------------------------------------------------------

%!  chain(+ChoiceSteps, +Length, -Steps) is nondet.
%
%   True when Steps is a chain of Length steps over the vocabulary, as
%   api:advise/4 accepts it after validation: no purpose or replaces_visit
%   on a physical step, no day/unit on step 1. replaces_visit choices are
%   enumerated only when Length =< ChoiceSteps.

chain(ChoiceSteps, Length, Steps) :-
    length(Steps, Length),
    foldl(chain_step_(ChoiceSteps, Length), Steps, 1, _).

chain_step_(ChoiceSteps, Length, Step, No, Next) :-
    Next is No + 1,
    step_value_(No, ChoiceSteps, Length, Step0),
    Step = Step0.

%!  chain_count(+ChoiceSteps, +Length, -Count) is det.
%
%   True when Count is the number of chains chain/3 enumerates for
%   ChoiceSteps and Length, computed without enumerating them (each step's
%   values are independent of the others').

chain_count(ChoiceSteps, Length, Count) :-
    numlist(1, Length, Nos),
    foldl(step_count_(ChoiceSteps, Length), Nos, 1, Count).

step_count_(ChoiceSteps, Length, No, Count0, Count) :-
    aggregate_all(count, step_value_(No, ChoiceSteps, Length, _), N),
    Count is Count0 * N.

%!  chains_total(+MaxSteps, +ChoiceSteps, -Count) is det.
%
%   True when Count is the number of chains of 1 to MaxSteps steps that
%   check_report/2 examines with these options.

chains_total(Max, ChoiceSteps, Count) :-
    aggregate_all(sum(N), ( between(1, Max, L), chain_count(ChoiceSteps, L, N) ), Count).

step_value_(No, ChoiceSteps, Length, step(Role, Channel, Purpose, Day, Unit, Choice)) :-
    vocabulary(role, Roles), member(Role, Roles),
    vocabulary(channel, Channels), member(Channel, Channels),
    purpose_value_(Channel, Purpose),
    relation_value_(No, day, Day),
    relation_value_(No, unit, Unit),
    choice_value_(Channel, Length, ChoiceSteps, Choice).

purpose_value_(physical, none) :- !.
purpose_value_(_, none).
purpose_value_(_, Purpose) :- vocabulary(purpose, Ps), member(Purpose, Ps).

relation_value_(1, _, none) :- !.
relation_value_(_, Key, Value) :- vocabulary(Key, Values), member(Value, Values).

choice_value_(physical, _, _, none) :- !.
choice_value_(_, _, _, none).
choice_value_(_, Length, ChoiceSteps, Choice) :-
    Length =< ChoiceSteps,
    vocabulary(replaces_visit, Choices),
    member(Choice, Choices).

%!  work_items(+MaxSteps, -Items) is det.
%
%   True when Items are the Length-FirstStep pairs that split the chains of
%   up to MaxSteps steps into independent pieces of work.

work_items(Max, Items) :-
    work_items_(Max, Items).

work_items_(Max, Items) :-
    findall(Length-First,
            ( between(1, Max, Length), step_value_(1, Max, Length, First) ),
            Items).

% --- examining chains -----------------------------------------------------------

examine_item_(ChoiceSteps, Table, Length-First, summary(Counts, Examples, Fired)) :-
    retractall(fired_(_)), retractall(fired_list_(_)),
    empty_assoc(Empty),
    nb_setval(kb_check_tally, Empty),
    Steps = [First|_],
    Done = done(0),
    forall(chain(ChoiceSteps, Length, Steps), ( examine_(Table, Steps), tick_(Done) )),
    arg(1, Done, Rest),
    flag(kb_check_done, D, D + Rest),
    nb_getval(kb_check_tally, Tally),
    assoc_to_list(Tally, Cells),
    findall(K-N, member(K-cell(N, _), Cells), Counts),
    findall(K-E, member(K-cell(_, E), Cells), Examples),
    findall(R, fired_(R), Fired),
    retractall(fired_(_)), retractall(fired_list_(_)),
    nb_delete(kb_check_tally).

% --- progress -------------------------------------------------------------------

% Chains examined are counted per worker and added to the flag
% kb_check_done every 4 096 chains, which a progress thread reads.
tick_(Done) :-
    arg(1, Done, N0),
    N is N0 + 1,
    (   N >= 4096
    ->  flag(kb_check_done, D, D + N),
        nb_setarg(1, Done, 0)
    ;   nb_setarg(1, Done, N)
    ).

with_progress_(Format, Every, Total, Goal) :-
    flag(kb_check_done, _, 0),
    get_time(T0),
    setup_call_cleanup(
        thread_create(progress_loop_(Format, Every, Total, T0), Id, []),
        Goal,
        ( thread_send_message(Id, stop), thread_join(Id, _) )),
    progress_line_(Format, Total, Total, T0).

progress_loop_(Format, Every, Total, T0) :-
    thread_self(Me),
    (   thread_get_message(Me, stop, [timeout(Every)])
    ->  true
    ;   flag(kb_check_done, Done, Done),
        progress_line_(Format, Done, Total, T0),
        progress_loop_(Format, Every, Total, T0)
    ).

progress_line_(Format, Done, Total, T0) :-
    get_time(T),
    Seconds is round(T - T0),
    Percent is min(100, Done * 100 // max(1, Total)),
    (   Done > 0
    ->  Rest is round((T - T0) * (Total - Done) / Done),
        (   Rest >= 120 -> Minutes is round(Rest / 60), format(atom(Left), "~w min", [Minutes])
        ;   format(atom(Left), "~w s", [Rest])
        )
    ;   Left = '?'
    ),
    grouped_(Done, DoneText),
    grouped_(Total, TotalText),
    catch(( format(user_error, Format, [DoneText, TotalText, Percent, Seconds, Left]),
            flush_output(user_error) ),
          _, true).

% 1234567 as '1 234 567'.
grouped_(N, Text) :-
    format(atom(A), "~D", [N]),
    atomic_list_concat(Parts, ',', A),
    atomic_list_concat(Parts, ' ', Text).

% Clause coverage: each clause of the step rules (step_gap_/2,
% step_outcome_/3) is tried on each step until it has fired once, so that a
% clause that never fires is found even when it reuses a rule id. The state
% is shared by all workers: once every clause has fired, nothing is tried.
step_rule_clause_(Ref) :-
    member(Head, [rules:step_gap_(_, _), rules:step_outcome_(_, _, _)]),
    clause(Head, _, Ref).

reset_clause_coverage_ :-
    retractall(fired_clause_(_)),
    retractall(unfired_list_(_)),
    findall(Ref, step_rule_clause_(Ref), Refs),
    assertz(unfired_list_(Refs)),
    length(Refs, N),
    flag(kb_check_unfired, _, N).

clause_coverage_(Steps, No) :-
    flag(kb_check_unfired, Unfired, Unfired),
    (   Unfired > 0
    ->  once(unfired_list_(Refs)),
        step_context(Steps, No, Ctx),
        forall(( member(Ref, Refs),
                 clause(rules:Head, Body, Ref),
                 arg(1, Head, Ctx),
                 catch(once(rules:Body), _, fail) ),
               with_mutex(kb_check_coverage, clause_fired_(Ref)))
    ;   true
    ).

% Readers take the list without the mutex: the new list is added before the
% old one is removed, so there is always one to read.
clause_fired_(Ref) :-
    (   fired_clause_(Ref)
    ->  true
    ;   assertz(fired_clause_(Ref)),
        once(unfired_list_(Refs0)),
        subtract(Refs0, [Ref], Refs),
        asserta(unfired_list_(Refs)),
        retract(unfired_list_(Refs0)),
        flag(kb_check_unfired, U, U - 1)
    ).

% Counting with mutable cells in a thread's global variable: a key's cell
% cell(Count, FirstExample) is created once and then updated in place.
tally_(Key, Example) :-
    nb_getval(kb_check_tally, Tally),
    (   get_assoc(Key, Tally, Cell)
    ->  arg(1, Cell, N),
        N1 is N + 1,
        nb_setarg(1, Cell, N1)
    ;   put_assoc(Key, Tally, cell(1, Example), Tally1),
        nb_setval(kb_check_tally, Tally1)
    ).

% Record the rules that fired; each distinct list of rules only once.
fire_(Rules) :-
    (   fired_list_(Rules)
    ->  true
    ;   assertz(fired_list_(Rules)),
        forall(( member(R, Rules), \+ fired_(R) ), assertz(fired_(R)))
    ).

examine_(Table, Steps) :-
    length(Steps, Length),
    tally_(examined(Length), Steps),
    decisions_(Steps, Table, Steps, 1, Decisions, [], Gaps),
    chain_status_(Steps, Gaps, Status),
    tally_(status(Status), Steps),
    chain_closer_(Status, Steps),
    forall(member(D, Decisions), step_invariants_(Steps, D)).

decisions_([], _, _, _, [], Gaps, Gaps).
decisions_([Step|Rest], Table, Steps, No, [No-Step-Outcome|Decisions], Gaps0, Gaps) :-
    step_decision_(Steps, Table, No, Step, Outcome),
    clause_coverage_(Steps, No),
    (   Outcome = gap(Gs) -> append(Gs, Gaps0, Gaps1) ; Gaps1 = Gaps0 ),
    Next is No + 1,
    decisions_(Rest, Table, Steps, Next, Decisions, Gaps1, Gaps).

% The first outcome is the answer; any other, different outcome is a
% conflict.
step_decision_(Steps, Table, No, Step, Outcome) :-
    step_outcomes(Steps, No, Outcomes),
    Outcomes = [Outcome-Rules|_],
    fire_(Rules),
    (   Outcomes = [_, _|_]
    ->  pairs_keys(Outcomes, Keys0),
        sort(Keys0, Keys),
        (   Keys = [_, _|_]
        ->  tally_(conflict(step), Steps-No-Keys)
        ;   true
        )
    ;   true
    ),
    registrations_(Steps, Table, No, Step, Outcome).

registrations_(Steps, Table, No, step(_, Channel, _, _, _, _), registers(Alternatives)) :-
    !,
    forall(member(Alt, Alternatives), registration_(Steps, Table, No, Channel, Alt)).
registrations_(_, _, _, _, _).

% derive_registration/4 is a function of channel and alternative alone, so
% its answers (and their problems) are worked out once, in
% registration_table_/1; each chain only counts them.
registration_(Steps, Table, No, Channel, Alt) :-
    memberchk(reg(Channel, Alt, _, Rules, Problems), Table),
    fire_(Rules),
    forall(member(P-Detail, Problems), problem_tally_(P, Steps, No, Detail)).

problem_tally_(conflict(Kind), Steps, No, Detail) :- !, tally_(conflict(Kind), Steps-No-Detail).
problem_tally_(Key, Steps, No, _) :- tally_(Key, Steps-No).

%!  registration_table(-Table) is det.
%
%   True when Table holds, for every channel and alternative,
%   reg(Channel, Alt, Registration, Rules, Problems) from
%   derive_registration/4 (a function of channel and alternative alone).

registration_table(Table) :-
    registration_table_(Table).

registration_table_(Table) :-
    findall(reg(Channel, Alt, Reg, Rules, Problems),
            ( vocabulary(channel, Channels), member(Channel, Channels),
              member(Alt, [not_replaces_visit, replaces_visit, ordinary_visit]),
              registration_entry_(Channel, Alt, Reg, Rules, Problems) ),
            Table).

registration_entry_(Channel, Alt, Reg, Rules, Problems) :-
    findall(Reg0-Rs, derive_registration(Channel, Alt, Reg0, Rs), Pairs),
    (   Pairs == []
    ->  Reg = none, Rules = [], Problems = [conflict(no_registration)-[Channel-Alt]]
    ;   Pairs = [Reg-Rules|_],
        pairs_keys(Pairs, Regs0),
        sort(Regs0, Regs),
        (   Regs = [_, _|_] -> P0 = [conflict(registration)-Regs] ; P0 = [] ),
        findall(violation(V)-[], registration_violation_(Channel, Reg, V), P1),
        append(P0, P1, Problems)
    ).

chain_status_(Steps, [G|Gs], gap) :-
    !,
    sort([G|Gs], Gaps),
    forall(member(Gap, Gaps), tally_(gap(Gap), Steps)).
chain_status_(Steps, [], documented) :-
    once(scenario_match(Steps, _)),
    !.
chain_status_(_, [], inferred).

chain_closer_(gap, _) :- !.
chain_closer_(_, Steps) :-
    findall(No-Rules, derive_closer(Steps, No, Rules), Closers),
    pairs_keys(Closers, Nos0),
    sort(Nos0, Nos),
    (   Nos = [No]
    ->  Closers = [_-Rules|_],
        fire_(Rules),
        nth1(No, Steps, Step),
        (   Step = step(_, Channel, _, _, _, _), in_1177_channel(Channel)
        ->  true
        ;   tally_(violation(one_closer_in_1177), Steps)
        )
    ;   tally_(violation(one_closer_in_1177), Steps)
    ).

% --- invariants ------------------------------------------------------------------

%!  invariant(?Id, ?Lang, ?Text) is nondet.
%
%   True when Id is an invariant every examined chain must satisfy, stated
%   as Text in Lang.

invariant(one_closer_in_1177, sv, "Varje avgjort ärende har exakt ett steg som avslutar det, och det steget är i 1177 direkt (via 1177 direkt, eller per telefon enligt tolkningen q_phone).").
invariant(one_closer_in_1177, en, "Every decided case has exactly one step that closes it, and that step is in 1177 direkt (via 1177 direkt, or by telephone under the reading q_phone).").
invariant(journal_always, sv, "Varje registrering i PMO dokumenteras i journalen.").
invariant(journal_always, en, "Every registration in PMO includes journal documentation.").
invariant(diagnosis_iff_visit, sv, "Diagnos (och eventuellt KVÅ-kod) krävs exakt för vårdkontakter som ersätter ett besök och för mottagningsbesök.").
invariant(diagnosis_iff_visit, en, "A diagnosis (and optionally a KVÅ code) is required exactly for contact types that replace a visit and for clinic visits.").
invariant(attribute_exactly_4_3, sv, "Attributet 1177 direkt kryssas i exakt på vårdkontakterna i 4.3, aldrig på Mottagningsbesök.").
invariant(attribute_exactly_4_3, en, "The attribute 1177 direkt is ticked exactly on the contact types of 4.3, never on Mottagningsbesök.").
invariant(physical_is_clinic_visit, sv, "Ett fysiskt besök registreras som Mottagningsbesök.").
invariant(physical_is_clinic_visit, en, "A physical visit is registered as Mottagningsbesök.").
invariant(nurse_forward_no_pmo, sv, "En sjuksköterska som skickar ärendet vidare via 1177 direkt till läkare eller annan hälso- och sjukvårdspersonal samma dag på samma enhet registrerar inget i PMO.").
invariant(nurse_forward_no_pmo, en, "A nurse who forwards the case via 1177 direkt to a doctor or other clinician on the same unit the same day registers nothing in PMO.").
invariant(treatment_referral_replace, sv, "Åtgärd/behandling och remiss ersätter alltid ett besök (inget alternativ \"ersätter inte besök\").").
invariant(treatment_referral_replace, en, "Treatment and referral always replace a visit (no \"does not replace a visit\" alternative).").

registration_violation_(_, reg(_, _, _, Journal, _), journal_always) :-
    Journal \== true.
registration_violation_(_, reg(Alt, Type, _, _, Diagnosis), diagnosis_iff_visit) :-
    (   visit_like_(Alt, Type) -> Want = true ; Want = false ),
    Diagnosis \== Want.
registration_violation_(_, reg(_, Type, Attribute, _, _), attribute_exactly_4_3) :-
    (   attribute_contact_type(Type, _) -> Want = true ; Want = false ),
    \+ ( Attribute == Want, \+ ( Type == clinic_visit, Attribute == true ) ).
registration_violation_(Channel, reg(_, Type, _, _, _), physical_is_clinic_visit) :-
    \+ ( Channel == physical, Type == clinic_visit
        ; Channel \== physical, Type \== clinic_visit
        ).

visit_like_(replaces_visit, _).
visit_like_(_, Type) :- contact_type(Type, _, _, replaces_visit).
visit_like_(_, clinic_visit).

step_invariants_(Steps, No-step(nurse, digital, none, _, _, Choice)-Outcome) :-
    Choice \== true,
    Next is No + 1,
    nth1(Next, Steps, step(Receiver, digital, _, same, same, _)),
    memberchk(Receiver, [doctor, other_clinician]),
    Outcome = registers(_),
    !,
    tally_(violation(nurse_forward_no_pmo), Steps-No).
step_invariants_(Steps, No-step(_, _, Purpose, _, _, _)-registers(Alternatives)) :-
    memberchk(Purpose, [treatment, referral]),
    memberchk(not_replaces_visit, Alternatives),
    !,
    tally_(violation(treatment_referral_replace), Steps-No).
step_invariants_(_, _).

% --- merging and reporting -------------------------------------------------

merge_summaries_(Summaries, Counts, Examples, Fired-FiredClauses) :-
    findall(C, fired_clause_(C), FiredClauses),
    findall(K-N, ( member(summary(Cs, _, _), Summaries), member(K-N, Cs) ), AllCounts),
    keysort(AllCounts, SortedCounts),
    group_sum_(SortedCounts, Counts),
    findall(K-E, ( member(summary(_, Es, _), Summaries), member(K-E, Es) ), AllExamples),
    first_per_key_(AllExamples, Examples),
    findall(R, ( member(summary(_, _, Rs), Summaries), member(R, Rs) ), Fired0),
    sort(Fired0, Fired).

group_sum_([], []).
group_sum_([K-N|T], [K-Sum|R]) :-
    take_key_(K, T, Ns, Rest),
    sum_list([N|Ns], Sum),
    group_sum_(Rest, R).

take_key_(K, [K1-N|T], [N|Ns], Rest) :- K1 == K, !, take_key_(K, T, Ns, Rest).
take_key_(_, Rest, [], Rest).

first_per_key_(Pairs, Firsts) :-
    foldl(first_, Pairs, [], Rev),
    reverse(Rev, Firsts).

first_(K-_, Acc, Acc) :- memberchk(K-_, Acc), !.
first_(K-E, Acc, [K-E|Acc]).

count_of_(Counts, Key, N) :- ( memberchk(Key-N0, Counts) -> N = N0 ; N = 0 ).

chain_section_(Max, ChoiceSteps, Lang, Counts, Examples, Part) :-
    findall(L-N, ( between(1, Max, L), count_of_(Counts, examined(L), N) ), ByLength),
    pairs_values(ByLength, Ns), sum_list(Ns, Total),
    findall(LA-N, ( member(L-N, ByLength), atom_number(LA, L) ), ByLengthAtoms),
    dict_pairs(ByLengthDict, _, ByLengthAtoms),
    count_of_(Counts, status(documented), Documented),
    count_of_(Counts, status(inferred), Inferred),
    count_of_(Counts, status(gap), Gap),
    findall(_{kind: Kind, count: N, example: Ex},
            ( member(conflict(Kind)-N, Counts), memberchk(conflict(Kind)-E, Examples), conflict_example_(E, Ex) ),
            Conflicts),
    findall(_{rule: Rule, count: N, example: Spec},
            ( member(gap(Rule)-N, Counts), memberchk(gap(Rule)-E, Examples), chain_spec(E, Spec) ),
            Gaps),
    findall(_{id: Id, description: Text, holds: Holds, violations: N, example: Ex},
            ( invariant(Id, Lang, Text),
              count_of_(Counts, violation(Id), N),
              (   N =:= 0 -> Holds = true, Ex = null
              ;   Holds = false, memberchk(violation(Id)-E, Examples), violation_example_(E, Ex)
              ) ),
            Invariants),
    Part = _{max_steps: Max, choice_steps: ChoiceSteps,
             examined: _{total: Total, by_length: ByLengthDict},
             status: _{documented: Documented, inferred: Inferred, gap: Gap},
             conflicts: Conflicts, gaps: Gaps, invariants: Invariants}.

conflict_example_(Steps-No-Outcomes, _{chain: Spec, step: No, outcomes: Texts}) :-
    chain_spec(Steps, Spec),
    maplist(term_text_, Outcomes, Texts).

violation_example_(Steps-No, _{chain: Spec, step: No}) :- !, chain_spec(Steps, Spec).
violation_example_(Steps, _{chain: Spec, step: null}) :- chain_spec(Steps, Spec).

term_text_(Term, Text) :- format(string(Text), "~q", [Term]).

%!  chain_spec(+Steps, -Specs) is det.
%
%   True when Specs are the steps written as the CLI's --step specs, e.g.
%   "doctor:digital:day=other".

chain_spec(Steps, Specs) :-
    maplist(step_spec_, Steps, Specs).

step_spec_(step(Role, Channel, Purpose, Day, Unit, Choice), Spec) :-
    findall(Part, ( member(K-V, [purpose-Purpose, day-Day, unit-Unit, replaces_visit-Choice]),
                    V \== none, format(string(Part), ":~w=~w", [K, V]) ), Parts),
    atomic_list_concat([Role, ':', Channel|Parts], Atom),
    atom_string(Atom, Spec).

% --- documented scenarios against the general rules ---------------------------

reproduction_(Lang, _{scenarios: NScenarios, instances: NInstances, mismatches: Mismatches,
                overlaps: Overlaps, without_instances: Without}) :-
    findall(Id-Steps, scenario_instance_(Id, Steps), Instances),
    length(Instances, NInstances),
    aggregate_all(count, scenario(_, _, _, _), NScenarios),
    findall(_{chain: Spec, scenarios: Ids},
            ( member(_-Steps, Instances),
              findall(I, scenario_match(Steps, I), Ids0), sort(Ids0, Ids), Ids = [_, _|_],
              chain_spec(Steps, Spec) ),
            Overlaps0),
    sort(Overlaps0, Overlaps),
    findall(M, ( member(Id-Steps, Instances),
                 \+ ( findall(I, scenario_match(Steps, I), [_, _|_]) ),
                 mismatch_(Lang, Id, Steps, M) ),
            Mismatches),
    findall(Id, ( scenario(Id, _, _, _), \+ memberchk(Id-_, Instances) ), Without).

%!  scenario_instance(?Id, -Steps) is nondet.
%
%   True when Steps is a concrete chain that documented scenario Id covers
%   (each role, day and unit its heading allows).

scenario_instance(Id, Steps) :-
    scenario_instance_(Id, Steps).

scenario_instance_(Id, Steps) :-
    scenario(Id, _, _, Pattern),
    \+ ( nth1(No, Pattern, PStep), pattern_problem_(No, PStep, _) ),
    maplist(pattern_instance_, Pattern, Steps).

pattern_instance_(pstep(Roles, Channel, Purpose, Days, Units), step(Role, Channel, Purpose, Day, Unit, none)) :-
    member(Role, Roles), member(Day, Days), member(Unit, Units).

mismatch_(Lang, Id, Steps, _{scenario: Id, chain: Spec, differences: Diffs}) :-
    catch(( advise(steps(Steps), date(2023, 9, 1), sv, Documented),
            advise(rules_only(steps(Steps)), date(2023, 9, 1), sv, Derived),
            findall(D, answer_difference_(Lang, Documented, Derived, D), Diffs) ),
          Error,
          ( error_text_(Error, Text), problem_(Lang, answer_error, [Text], D0), Diffs = [D0] )),
    Diffs \== [],
    chain_spec(Steps, Spec).

error_text_(py1177_error(Code, Args), Text) :- !, format(string(Text), "~w ~q", [Code, Args]).
error_text_(Error, Text) :- format(string(Text), "~q", [Error]).

answer_difference_(Lang, A, B, Text) :-
    A.closed_by_step \== B.closed_by_step,
    problem_(Lang, closer_differs, [A.closed_by_step, B.closed_by_step], Text).
answer_difference_(Lang, A, B, Text) :-
    A.scenario \== null, B.status \== inferred,
    problem_(Lang, rules_status, [B.status], Text).
answer_difference_(Lang, A, B, Text) :-
    nth1(I, A.steps, SA), nth1(I, B.steps, SB),
    registration_summary_(SA, RA), registration_summary_(SB, RB),
    RA \== RB,
    problem_(Lang, step_differs, [I, RA, RB], Text).

registration_summary_(Step, Summary) :-
    get_dict(registrations, Step, Regs),
    (   Regs == null
    ->  Summary = none
    ;   maplist(registration_tuple_, Regs, Summary)
    ).

registration_tuple_(R, r(Alt, Type, Attribute, Journal, Diagnosis, Kva)) :-
    get_dict(alternative, R, Alt), get_dict(contact_type_id, R, Type),
    get_dict(attribute, R, Attribute), get_dict(journal, R, Journal),
    get_dict(diagnosis, R, Diagnosis), get_dict(kva, R, Kva).

% --- static checks ---------------------------------------------------------------

static_checks_(Lang, Checks) :-
    source_sections_(Sections),
    findall(C, static_check_(Lang, Sections, C), Checks0),
    evidence_checks_(Lang, Evidence),
    append(Checks0, Evidence, Checks).

static_check_(Lang, Sections, _{id: citations_in_source, holds: Holds, problems: Problems}) :-
    findall(P, ( citation(Section, Quote, Origin),
                 \+ quote_in_section_(Sections, Section, Quote),
                 problem_(Lang, citation_missing, [Origin, Section, Quote], P) ),
            Problems),
    holds_(Problems, Holds).
static_check_(Lang, _, _{id: rules_have_sources_and_texts, holds: Holds, problems: Problems}) :-
    findall(P, ( general_rule(R, _),
                 (   \+ rule_source(R, _, _) -> problem_(Lang, rule_no_source, [R], P)
                 ;   member(L, [sv, en]), \+ rule_text(R, L, _),
                     problem_(Lang, rule_no_text, [R, L], P)
                 ) ),
            Problems),
    holds_(Problems, Holds).
static_check_(Lang, _, _{id: rule_ids_declared, holds: Holds, problems: Problems}) :-
    findall(P, ( ( rule_source(R, _, _) ; rule_question(R, _) ; rule_text(R, _, _) ),
                 \+ general_rule(R, _),
                 problem_(Lang, rule_undeclared, [R], P) ),
            Problems0),
    sort(Problems0, Problems),
    holds_(Problems, Holds).
static_check_(Lang, _, _{id: questions_defined, holds: Holds, problems: Problems}) :-
    findall(P, ( ( rule_question(_, Q) ; policy_question(Q, _, _) ),
                 member(L, [sv, en]),
                 \+ question_text(Q, L, _, _),
                 problem_(Lang, question_no_text, [Q, L], P) ),
            Problems0),
    findall(P, ( rule_question(R, Q), \+ policy_question(Q, _, _),
                 problem_(Lang, question_unknown, [R, Q], P) ),
            Problems1),
    % a question that is worded, has readings or a chosen reading is declared
    % (an older revision without readings has nothing to check here)
    findall(P, ( worded_question_(Q), \+ policy_question(Q, _, _),
                 problem_(Lang, question_undeclared, [Q], P) ),
            Problems3),
    append([Problems0, Problems1, Problems3], Problems2),
    sort(Problems2, Problems),
    holds_(Problems, Holds).
% Every question has exactly one chosen reading, a declared one, and every
% declared reading has a text in both languages (a KB without readings,
% an older revision, has nothing to check here).
static_check_(Lang, _, _{id: readings_declared, holds: Holds, problems: Problems}) :-
    findall(P, ( policy_question(Q, _, _),
                 catch(findall(R, questions:chosen_reading(Q, R), Rs), error(existence_error(_, _), _), fail),
                 length(Rs, N), N =\= 1,
                 problem_(Lang, reading_chosen_count, [Q, N], P) ),
            Problems0),
    findall(P, ( catch(questions:chosen_reading(Q, R), error(existence_error(_, _), _), fail),
                 \+ questions:reading(Q, R),
                 problem_(Lang, reading_chosen_undeclared, [Q, R], P) ),
            Problems1),
    findall(P, ( catch(questions:reading_text(Q, R, _, _), error(existence_error(_, _), _), fail),
                 member(L, [sv, en]),
                 \+ questions:reading_text(Q, R, L, _),
                 problem_(Lang, reading_no_text, [Q, R, L], P) ),
            Problems2),
    % the two languages of a reading name the same contact types (labels are Swedish in both)
    findall(P, ( catch(questions:reading_text(Q, R, sv, Sv), error(existence_error(_, _), _), fail),
                 questions:reading_text(Q, R, en, En),
                 all_labels_named_(Sv, InSv), all_labels_named_(En, InEn), InSv \== InEn,
                 problem_(Lang, reading_labels_differ, [Q, R, InSv, InEn], P) ),
            Problems4),
    append([Problems0, Problems1, Problems2, Problems4], Problems3),
    sort(Problems3, Problems),
    holds_(Problems, Holds).
static_check_(Lang, _, _{id: documented_bullets_have_meaning, holds: Holds, problems: Problems}) :-
    findall(P, ( documented_alternative(Id, No, Alt, _, Bullets),
                 (   member(B, Bullets), \+ bullet_meaning(B, _),
                     problem_(Lang, bullet_no_meaning, [Id, No, Alt, B], P)
                 ;   findall(T, ( member(B, Bullets), bullet_meaning(B, contact_type(T)) ), Ts),
                     length(Ts, NT), NT =\= 1,
                     problem_(Lang, bullet_contact_types, [Id, No, Alt, NT], P)
                 ) ),
            Problems),
    holds_(Problems, Holds).
static_check_(Lang, _, _{id: scenario_patterns_valid, holds: Holds, problems: Problems}) :-
    findall(P, ( scenario(Id, _, _, Pattern), nth1(No, Pattern, PStep),
                 pattern_problem_(No, PStep, What),
                 problem_(Lang, bad_pattern, [Id, No, What], P) ),
            Problems),
    holds_(Problems, Holds).
static_check_(Lang, _, _{id: contact_type_labels_in_source, holds: Holds, problems: Problems}) :-
    findall(P, ( contact_type(Type, Label, _, _),
                 \+ label_sourced_(Type, Label),
                 problem_(Lang, label_not_sourced, [Type, Label], P) ),
            Problems),
    holds_(Problems, Holds).
static_check_(Lang, _, _{id: vocabulary_labels, holds: Holds, problems: Problems}) :-
    findall(P, ( vocabulary(Key, Values), Key \== replaces_visit, Key \== lang,
                 member(V, Values), member(L, [sv, en]), \+ label(Key, V, L, _),
                 problem_(Lang, value_no_label, [Key, V, L], P) ),
            Problems),
    holds_(Problems, Holds).
static_check_(Lang, _, _{id: attribute_never_on_clinic_visit, holds: Holds, problems: Problems}) :-
    findall(P, ( attribute_contact_type(T, _), contact_type(T, _, physical, _),
                 problem_(Lang, attribute_physical, [T], P) ),
            Problems),
    holds_(Problems, Holds).
static_check_(Lang, _, _{id: closing_bullets_name_roles, holds: Holds, problems: Problems}) :-
    findall(P, ( closer_subject(S, _, Roles), member(R, Roles),
                 \+ ( vocabulary(role, Rs), memberchk(R, Rs) ),
                 problem_(Lang, closer_unknown_role, [S, R], P) ),
            Problems),
    holds_(Problems, Holds).

% A label is sourced by its §4.3 list item (which starts with it) or, for a
% type not on that list, by a bullet "Vårdkontakt: Label" of §3.1.
label_sourced_(Type, Label) :-
    attribute_contact_type(Type, Quote),
    !,
    sub_string(Quote, 0, _, After, Label),
    (   After =:= 0 -> true ; sub_string(Quote, _, After, 0, Rest), sub_string(Rest, 0, 1, _, " ") ).
label_sourced_(_, Label) :-
    atom_concat('Vårdkontakt: ', Label, Bullet0),
    atom_string(Bullet0, Bullet),
    documented_alternative(_, _, _, _, Bullets),
    memberchk(Bullet, Bullets),
    !.

pattern_problem_(No, pstep(Roles, Channel, Purpose, Days, Units), What) :-
    (   member(R, Roles), \+ ( vocabulary(role, Rs), memberchk(R, Rs) ), What = role(R)
    ;   \+ ( vocabulary(channel, Cs), memberchk(Channel, Cs) ), What = channel(Channel)
    ;   Purpose \== none, \+ ( vocabulary(purpose, Ps), memberchk(Purpose, Ps) ), What = purpose(Purpose)
    ;   No =:= 1, ( Days \== [none] ; Units \== [none] ), What = first_step_relation(Days, Units)
    ;   No > 1, member(D, Days), \+ ( vocabulary(day, Ds), memberchk(D, Ds) ), What = day(D)
    ;   No > 1, member(U, Units), \+ ( vocabulary(unit, Us), memberchk(U, Us) ), What = unit(U)
    ).

holds_([], true) :- !.
holds_(_, false).

quote_in_section_(Sections, Section, Quote) :-
    memberchk(Section-Text, Sections),
    normalize_space(string(Q), Quote),
    sub_string(Text, _, _, _, Q),
    !.

% --- independent evidence: the source text's own words ---------------------------
%
% The checks above compare the KB with itself (documented answers and derivations read
% the same vocabulary). These read what the anvisning's words say — the roles a
% scenario heading and a "Registreras av …" heading name, the channel and day/unit words
% of a heading, the obligations each bullet states, the §4.3 list — with the engine's
% own reading of those Swedish phrases (not the vocabulary's labels or flags), and
% compare it with what the KB encodes and answers. The quoted lines themselves are the
% source's (the coverage matrix traces each to its source line).

evidence_checks_(Lang, Checks) :-
    findall(C, evidence_check_(Lang, C), Checks).

evidence_check_(Lang, _{id: scenario_headings_match_patterns, holds: Holds, problems: Problems}) :-
    findall(P, ( scenario(Id, _, Title, Pattern), heading_problem_(Id, Title, Pattern, Key, Args),
                 problem_(Lang, Key, Args, P) ),
            Problems),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: registrant_headings_match_patterns, holds: Holds, problems: Problems}) :-
    findall(P, ( documented_step(Id, No, Heading, _), registrant_problem_(Id, No, Heading, Key, Args),
                 problem_(Lang, Key, Args, P) ),
            Problems),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: answers_state_the_bullets, holds: Holds, problems: Problems}) :-
    findall(P, ( scenario_instance_(Id, Steps), bullet_problem_(Id, Steps, Key, Args),
                 problem_(Lang, Key, Args, P) ),
            Problems0),
    sort(Problems0, Problems),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: attribute_list_4_3, holds: Holds, problems: Problems}) :-
    list_4_3_(Listed),
    findall(L, ( attribute_contact_type(T, _), contact_type(T, L, _, _) ), Kb0),
    msort(Kb0, Kb), msort(Listed, ListedSorted),
    (   Kb == ListedSorted
    ->  Problems = []
    ;   atomic_list_concat(Listed, "; ", LT), atomic_list_concat(Kb, "; ", KT),
        problem_(Lang, list_4_3_differs, [LT, KT], P), Problems = [P]
    ),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: both_languages_name_the_same_labels, holds: Holds, problems: Problems}) :-
    findall(P, ( bilingual_text_(What, Sv, En),
                 labels_named_(Sv, LSv), labels_named_(En, LEn), LSv \== LEn,
                 problem_(Lang, labels_differ, [What, LSv, LEn], P) ),
            Problems),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: metadata_rests_on_quotes, holds: Holds, problems: Problems}) :-
    findall(P, ( guideline(Key, Value), metadata_part_(Value, Part),
                 \+ ( guideline_fact(Key, _, Quote), normalize_space(string(Q), Quote),
                      ( Part == null -> true ; sub_string(Q, _, _, _, Part) ) ),
                 \+ memberchk(Key, [title, issuer, department, version]),
                 problem_(Lang, metadata_no_quote, [Key, Part], P) ),
            Problems0),
    findall(P, ( ( link(S, T, _), \+ guideline_fact(link, S, T)
                 ; guideline_fact(link, S, T), \+ link(S, T, _) ),
                 problem_(Lang, link_differs, [S, T], P) ),
            Problems1a),
    source_lines_(Lines),
    findall(P, ( member(_-Line, Lines), string_concat("[", Rest, Line),
                 sub_string(Rest, B, _, A, "]("), sub_string(Rest, 0, B, _, T),
                 sub_string(Rest, _, A, 0, Tail), sub_string(Tail, 0, _, 1, Href),
                 (   Href == "#" -> Want = none ; atom_string(Want, Href) ),
                 \+ ( link(_, T, Got), Got == Want ),
                 problem_(Lang, link_target, [T, Want], P) ),
            Problems1b),
    append(Problems1a, Problems1b, Problems1),
    append(Problems0, Problems1, Problems),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: pmo_properties_from_source, holds: Holds, problems: Problems}) :-
    findall(P, ( pmo_item(Id, _, _, Quote), pmo_phrase_(Property, Value, Phrase),
                 sub_string(Quote, _, _, _, Phrase), \+ pmo_property(Id, Property, Value),
                 problem_(Lang, pmo_property_missing, [Id, Phrase, Property, Value], P) ),
            Problems0),
    findall(P, ( pmo_property(Id, Property, Value),
                 \+ ( pmo_item(Id, _, _, Quote), pmo_phrase_(Property, Value, Phrase),
                      sub_string(Quote, _, _, _, Phrase) ),
                 problem_(Lang, pmo_property_unsourced, [Id, Property, Value], P) ),
            Problems1),
    append(Problems0, Problems1, Problems),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: alternatives_declared, holds: Holds, problems: Problems}) :-
    findall(A, ( label(alternative, A, _, _) ; documented_alternative(_, _, A, _, _)
               ; contact_type(_, _, _, A) ), Used0),
    sort(Used0, Used),
    findall(A, alternative(A), Declared0),
    msort(Declared0, Declared),
    (   Used == Declared
    ->  Problems = []
    ;   problem_(Lang, alternatives_differ, [Declared, Used], P), Problems = [P]
    ),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: errata_notes_name_their_labels, holds: Holds, problems: Problems}) :-
    findall(P, ( erratum(Id, _, _, Normalised, Note),
                 all_labels_named_(Note, InNote), all_labels_named_(Normalised, InText),
                 member(L, InNote), \+ memberchk(L, InText),
                 problem_(Lang, erratum_note_label, [Id, L, Normalised], P) ),
            Problems0),
    sort(Problems0, Problems),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: interpretations_are_questions, holds: Holds, problems: Problems}) :-
    findall(P, ( ( scenario_interpretation(Id, Q) ; closer_interpretation(Id, Q) ),
                 \+ policy_question(Q, _, _),
                 problem_(Lang, interpretation_unknown, [Id, Q], P) ),
            Problems0),
    findall(P, ( general_rule(R, gap), \+ rule_question(R, _),
                 problem_(Lang, gap_no_question, [R], P) ),
            Problems1),
    findall(P, ( rule_source(R, S, Q), aggregate_all(count, rule_source(R, S, Q), N), N > 1,
                 problem_(Lang, source_twice, [R, S, Q], P) ),
            Problems7),
    findall(P, ( role_question(Role, Q), \+ policy_question(Q, _, _),
                 problem_(Lang, role_question_unknown, [Role, Q], P) ),
            Problems5),
    findall(P, ( closer_subject(S, Label, Roles0), msort(Roles0, Roles),
                 (   \+ phrase_roles_(Label, Roles), problem_(Lang, closer_subject_roles, [S, Label, Roles], P)
                 ;   string_lower(Label, Lower),
                     \+ ( ( label(role_subject, S, sv, Shown) ; label(closer_subject, S, sv, Shown) ),
                          string_lower(Shown, Lower) ),
                     problem_(Lang, closer_subject_label, [S, Label], P)
                 ;   aggregate_all(count, closer_subject(S, _, _), N), N > 1,
                     problem_(Lang, closer_subject_twice, [S], P)
                 ) ),
            Problems6),
    findall(P, ( unindented_bullet(Id, _, _, _), \+ scenario_interpretation(Id, _),
                 problem_(Lang, layout_no_question, [Id], P) ),
            Problems3),
    findall(P, ( policy_question(Q, _, Kind), memberchk(Kind, [generalised, ambiguous]),
                 \+ rule_question(_, Q), \+ scenario_interpretation(_, Q), \+ closer_interpretation(_, Q),
                 \+ role_question(_, Q),
                 problem_(Lang, question_unused, [Kind, Q], P) ),
            Problems4),
    append([Problems0, Problems1, Problems3, Problems4, Problems5, Problems6, Problems7], Problems2),
    sort(Problems2, Problems),
    holds_(Problems, Holds).

evidence_check_(Lang, _{id: metadata_from_source, holds: Holds, problems: Problems}) :-
    source_header_(Pairs, HeaderLines, Raw),
    findall(P, ( header_key_(Swedish, Key), metadata_problem_(Pairs, Swedish, Key, Want, Got),
                 problem_(Lang, metadata_differs, [Key, Swedish, Want, Got], P) ),
            Problems0),
    findall(P, ( member(Key, [title, issuer, department]),
                 \+ ( guideline(Key, V), memberchk(V, HeaderLines) ),
                 problem_(Lang, metadata_not_in_header, [Key], P) ),
            Problems1),
    findall(P, ( member(Key, [scope_note]),
                 \+ ( guideline(Key, V), sub_string(Raw, _, _, _, V) ),
                 problem_(Lang, metadata_not_in_header, [Key], P) ),
            Problems2),
    append([Problems0, Problems1, Problems2], Problems),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: sections_match_source, holds: Holds, problems: Problems}) :-
    source_lines_(Lines),
    findall(N-T, ( member(_-L, Lines), heading_(L, N, T0), normalize_space(string(T), T0) ), Headings),
    findall(N-T, section(N, T), Encoded),
    findall(P, ( member(N-T, Headings), \+ memberchk(N-T, Encoded),
                 problem_(Lang, section_differs, [N, T], P) ), Problems0),
    findall(P, ( member(N-T, Encoded), \+ memberchk(N-T, Headings),
                 problem_(Lang, section_not_in_source, [N, T], P) ), Problems1),
    append(Problems0, Problems1, Problems),
    holds_(Problems, Holds).
evidence_check_(Lang, _{id: labels_in_both_languages, holds: Holds, problems: Problems}) :-
    findall(P, ( label(Kind, Value, L1, _), member(L2, [sv, en]), L2 \== L1,
                 \+ label(Kind, Value, L2, _),
                 problem_(Lang, label_one_language, [Kind, Value, L1, L2], P) ),
            Problems0),
    sort(Problems0, Problems),
    holds_(Problems, Holds).

% The title page of the source: the Key<TAB>Value cells of its table, its lines, and the text.
source_header_(Pairs, HeaderLines, Raw) :-
    absolute_file_name(rulebook('source/anvisning-1177-direkt-v1.0.txt'), File, [access(read)]),
    read_file_to_string(File, Raw, [encoding(utf8)]),
    split_string(Raw, "\n", "", Lines0),
    (   append(Header, ["Innehåll"|_], Lines0) -> true ; Header = Lines0 ),
    findall(L, ( member(L0, Header), normalize_space(string(L), L0), L \== "" ), HeaderLines),
    findall(K-V, ( member(Row, Header), sub_string(Row, _, _, _, "\t"),
                   split_string(Row, "\t", " ", Cells0), exclude(==(""), Cells0, Cells),
                   cell_pair_(Cells, K, V) ),
            Pairs).

cell_pair_([K, V|_], K, V).
cell_pair_([_, _|Rest], K, V) :- cell_pair_(Rest, K, V).

% What the words of §4.1 and §4.2 say about the PMO item they describe.
pmo_phrase_(used_for, schedule_block, "Används till schemaläggning").
pmo_phrase_(visible_in_1177_eservices, false, "Är inte synlig i e-tjänsterna").
pmo_phrase_(keywords, none, "är utan sökord").
pmo_phrase_(used_for, copy_paste_from_1177_direkt, "kopiera och klistra in dokumentationen från 1177 direkt").

metadata_part_(null, null).
metadata_part_(Value, Value) :- string(Value).
metadata_part_(Values, Value) :- is_list(Values), member(Value, Values), string(Value).

header_key_("Process", process).
header_key_("Skapad av", created_by).
header_key_("Godkänd av", approved_by).
header_key_("Version", version).
header_key_("Godkänt datum", approved).
header_key_("Gäller för", scope).
header_key_("Gäller fr.o.m.", valid_from).
header_key_("Gäller t.o.m.", valid_to).

metadata_problem_(Pairs, Swedish, Key, Want, Got) :-
    (   memberchk(Swedish-Text, Pairs) -> header_value_(Text, Want) ; Want = missing ),
    (   guideline(Key, Got0) -> Got = Got0 ; Got = missing ),
    Want \== Got.

header_value_(Text, date(Y, M, D)) :-
    split_string(Text, "-", "", [YS, MS, DS]),
    maplist(number_string, [Y, M, D], [YS, MS, DS]), !.
header_value_(Text, Text).

% The care roles a phrase of the anvisning names, read from its first words
% (longest phrase first). These are the text's words, not the vocabulary's labels.
role_phrase_("sjuksköterska eller läkare", [nurse, doctor]).
role_phrase_("sjuksköterska", [nurse]).
role_phrase_("sjuksköterskan", [nurse]).
role_phrase_("mottagande enhets läkare eller annan hälso- och sjukvårdspersonal", [doctor, other_clinician]).
role_phrase_("läkare eller annan hälso- och sjukvårdspersonal", [doctor, other_clinician]).
role_phrase_("läkaren eller annan hälso- och sjukvårdspersonal", [doctor, other_clinician]).
role_phrase_("läkare", [doctor]).
role_phrase_("läkaren", [doctor]).

phrase_roles_(Text, Roles) :-
    string_lower(Text, Lower),
    findall(N-R, ( role_phrase_(Phrase, R), string_concat(Phrase, Rest, Lower),
                   ( Rest == "" ; sub_string(Rest, 0, 1, _, C), memberchk(C, [" ", ",", ":"]) ),
                   string_length(Phrase, N) ),
            Found),
    Found \== [],
    max_member(_-Roles0, Found),
    msort(Roles0, Roles).

% A scenario heading: steps separated by " → "; a part that names no role is not a
% step (it says what the step before does, e.g. "Hänvisar till annan enhet …").
heading_steps_(Title, Steps) :-
    atomic_list_concat(Parts, ' → ', Title),
    findall(h(Roles, Channel, Days, Units),
            ( member(PartA, Parts), atom_string(PartA, Part), phrase_roles_(Part, Roles),
              string_lower(Part, Lower), heading_channel_(Lower, Channel),
              heading_days_(Lower, Days), heading_units_(Lower, Units) ),
            Steps).

heading_channel_(Text, digital) :- sub_string(Text, _, _, _, "via 1177 direkt"), !.
heading_channel_(Text, physical) :- sub_string(Text, _, _, _, "fysiskt"), !.
heading_channel_(_, unstated).

heading_days_(Text, [same, other]) :- sub_string(Text, _, _, _, "alternativt annan dag"), !.
heading_days_(Text, [other]) :- sub_string(Text, _, _, _, "annan dag"), !.
heading_days_(Text, [same]) :- sub_string(Text, _, _, _, "dag"), !.
heading_days_(_, unstated).

heading_units_(Text, [other]) :- sub_string(Text, _, _, _, "annan enhet"), !.
heading_units_(Text, [same]) :- sub_string(Text, _, _, _, "enhet"), !.
heading_units_(_, unstated).

heading_problem_(Id, Title, Pattern, Key, Args) :-
    heading_steps_(Title, HSteps),
    length(HSteps, NH), length(Pattern, NP),
    (   NH =\= NP
    ->  Key = heading_steps, Args = [Id, NH, NP]
    ;   nth1(No, Pattern, pstep(Roles0, Channel, _, Days0, Units0)),
        nth1(No, HSteps, h(HRoles, HChannel, HDays, HUnits)),
        msort(Roles0, Roles), msort(Days0, Days), msort(Units0, Units),
        (   HRoles \== Roles, Key = heading_roles, Args = [Id, No, HRoles, Roles]
        ;   HChannel \== unstated, HChannel \== Channel, Key = heading_channel, Args = [Id, No, HChannel, Channel]
        ;   No > 1, HDays \== unstated, msort(HDays, HD), HD \== Days, Key = heading_days, Args = [Id, No, HD, Days]
        ;   No > 1, HUnits \== unstated, HUnits \== Units, Key = heading_units, Args = [Id, No, HUnits, Units]
        )
    ).

registrant_problem_(Id, No, Heading, Key, Args) :-
    scenario(Id, _, _, Pattern),
    (   \+ nth1(No, Pattern, _)
    ->  Key = registrant_no_step, Args = [Id, No]
    ;   nth1(No, Pattern, pstep(Roles0, Channel, _, _, _)),
        msort(Roles0, Roles),
        string_concat("Registreras av ", Rest, Heading),
        (   phrase_roles_(Rest, HRoles), HRoles \== Roles, Key = heading_roles, Args = [Id, No, HRoles, Roles]
        ;   string_lower(Rest, Lower), registrant_channel_(Lower, HChannel), HChannel \== Channel,
            Key = heading_channel, Args = [Id, No, HChannel, Channel]
        )
    ).

registrant_channel_(Text, physical) :- sub_string(Text, _, _, _, "fysiskt"), !.
registrant_channel_(Text, digital) :- sub_string(Text, _, _, _, "digitalt").

% What the bullets under step No of scenario Id say is registered: one
% e(ReplacesVisit, ContactType, Attribute, Journal, Diagnosis, Kva) per alternative.
text_registrations_(Id, No, Regs) :-
    findall(E, ( documented_alternative(Id, No, _, Lead, Bullets), text_registration_(Lead, Bullets, E) ), Regs0),
    msort(Regs0, Regs).

text_registration_(Lead, Bullets, e(Replaces, Type, Attribute, Journal, Diagnosis, Kva)) :-
    (   sub_string(Lead, 0, _, _, "Ersätter inte ett besök") -> Replaces = false
    ;   sub_string(Lead, 0, _, _, "Ersätter ett besök") -> Replaces = true
    ;   sub_string(Lead, 0, _, _, "Registreras som ett ordinarie mottagningsbesök") -> Replaces = null
    ;   Replaces = unknown(Lead)
    ),
    (   member(B1, Bullets), string_concat("Vårdkontakt: ", Type, B1) -> true ; Type = null ),
    (   member(B2, Bullets), string_concat("Attribut: ", Attribute, B2) -> true ; Attribute = null ),
    (   memberchk("Dokumentera i journalen", Bullets) -> Journal = true ; Journal = false ),
    (   member(B3, Bullets), sub_string(B3, 0, _, _, "Registrera diagnos")
    ->  Diagnosis = true,
        ( sub_string(B3, _, _, _, "eventuellt KVÅ-kod") -> Kva = optional ; Kva = required )
    ;   Diagnosis = false, Kva = none
    ).

answer_registrations_(Answer, No, Regs) :-
    nth1(No, Answer.steps, Step),
    get_dict(registrations, Step, Regs0),
    (   Regs0 == null
    ->  Regs = undecided
    ;   findall(e(R, T, A, J, D, K),
                ( member(Reg, Regs0),
                  get_dict(replaces_visit, Reg, R), get_dict(contact_type, Reg, T),
                  get_dict(attribute, Reg, A), get_dict(journal, Reg, J),
                  get_dict(diagnosis, Reg, D), get_dict(kva, Reg, K) ),
                Regs1),
        msort(Regs1, Regs)
    ).

% The roles the closing bullets ("… avslutar ärendet i 1177 direkt") of step No name.
text_closers_(Id, No, Roles) :-
    findall(R, ( documented_alternative(Id, No, _, _, Bullets), member(B, Bullets),
                 sub_string(B, Before, _, _, " avslutar ärendet"),
                 sub_string(B, 0, Before, _, Who), phrase_roles_(Who, Rs), member(R, Rs) ),
            Roles0),
    sort(Roles0, Roles).

bullet_problem_(Id, Steps, Key, Args) :-
    chain_spec(Steps, Spec),
    member(Kind-Goal, [documented-steps(Steps), derived-rules_only(steps(Steps))]),
    (   catch(advise(Goal, date(2023, 9, 1), sv, Answer), Error, true)
    ->  (   nonvar(Error)
        ->  error_text_(Error, Text), Key = text_no_answer, Args = [Id, Spec, Kind, Text]
        ;   answer_problem_(Id, Steps, Spec, Kind, Answer, Key, Args)
        )
    ;   Key = text_no_answer, Args = [Id, Spec, Kind, failed]
    ).

answer_problem_(Id, _, Spec, documented, Answer, Key, Args) :-
    ( Answer.status \== documented ; Answer.scenario \== Id ),
    Key = text_status, Args = [Id, Spec, Answer.status, Answer.scenario].
answer_problem_(Id, Steps, Spec, Kind, Answer, Key, Args) :-
    nth1(No, Steps, _),
    text_registrations_(Id, No, Want),
    answer_registrations_(Answer, No, Got),
    Want \== Got,
    Key = text_registrations, Args = [Id, Spec, Kind, No, Want, Got].
answer_problem_(Id, Steps, Spec, Kind, Answer, Key, Args) :-
    findall(No, ( nth1(No, Steps, step(Role, _, _, _, _, _)), text_closers_(Id, No, Rs), Rs \== [],
                  memberchk(Role, Rs) ), Named),
    findall(No, ( nth1(No, Steps, _), text_closers_(Id, No, Rs), Rs \== [] ), WithBullets),
    Closer = Answer.closed_by_step,
    (   Named \== []
    ->  \+ memberchk(Closer, Named)
    ;   \+ ( closer_interpretation(Id, _), memberchk(Closer, WithBullets) )
    ),
    Key = text_closer, Args = [Id, Spec, Kind, Closer, Named].

% The labels of §4.3's list, read from the source (text errata applied).
list_4_3_(Labels) :-
    source_lines_(Lines),
    append(_, [_-Heading|After], Lines), heading_(Heading, '4.3', _), !,
    (   append(Body, [_-Next|_], After), heading_(Next, _, _) -> true ; Body = After ),
    !,
    findall(L, ( member(_-Line, Body), string_concat("- ", Item, Line), item_label_(Item, L) ), Labels).

item_label_(Item, Label) :-
    (   sub_string(Item, B, _, _, " (") -> sub_string(Item, 0, B, _, L0) ; L0 = Item ),
    normalize_space(string(Label), L0).

bilingual_text_(rule(R), Sv, En) :-
    rule_text(R, sv, Sv), rule_text(R, en, En).
bilingual_text_(question(Q), Sv, En) :-
    question_text(Q, sv, QSv, RSv), question_text(Q, en, QEn, REn),
    atomic_list_concat([QSv, RSv], ' ', Sv), atomic_list_concat([QEn, REn], ' ', En).

% The contact-type labels of more than one word a text names, in order (a label inside a
% longer one is the longer). A one-word label is also an ordinary Swedish noun
% ("ett mottagningsbesök", "telefonsamtal"), which the English text translates.
labels_named_(Text, Labels) :-
    string_lower(Text, Lower),
    findall(S-E-Label, ( contact_type(_, Label, _, _), sub_string(Label, _, _, _, " "), string_lower(Label, L),
                         sub_string(Lower, S, Len, _, L), E is S + Len ),
            Found),
    exclude(inside_longer_(Found), Found, Outer),
    msort(Outer, Sorted),
    findall(L, member(_-_-L, Sorted), Labels).

% The same over every label, one-word labels too (an erratum's note names the label it fixes).
all_labels_named_(Text, Labels) :-
    string_lower(Text, Lower),
    findall(S-E-Label, ( contact_type(_, Label, _, _), string_lower(Label, L),
                         sub_string(Lower, S, Len, _, L), E is S + Len ),
            Found),
    exclude(inside_longer_(Found), Found, Outer),
    findall(L, member(_-_-L, Outer), Labels0),
    sort(Labels0, Labels).

inside_longer_(Found, S-E-_) :-
    member(S2-E2-_, Found), S2 =< S, E =< E2, (E2 - S2) > (E - S).

% --- the source text --------------------------------------------------------------

%!  source_lines_(-Lines) is det.
%
%   Lines of the anvisning's body (after the table of contents), Markdown
%   emphasis removed and text errata applied, as Number-Text pairs.

source_lines_(Numbered) :-
    absolute_file_name(rulebook('source/anvisning-1177-direkt-v1.0.txt'), File, [access(read)]),
    read_file_to_string(File, Raw, [encoding(utf8)]),
    replace_all_(Raw, "*", "", NoEmphasis),
    findall(F-N, ( erratum(_, _, F, N, _), F \== "" ), Errata),
    foldl(apply_erratum_, Errata, NoEmphasis, Text),
    split_string(Text, "\n", "", Lines),
    findall(I-L, nth1(I, Lines, L), All),
    append(_, [Start-First|Rest], All),
    heading_(First, '1', _),
    !,
    Numbered = [Start-First|Rest].

apply_erratum_(From-To, In, Out) :- replace_all_(In, From, To, Out).

replace_all_(In, From, To, Out) :-
    atomic_list_concat(Parts, From, In),
    atomic_list_concat(Parts, To, Atom),
    atom_string(Atom, Out).

% A body heading: "3.1.2 Title" (the table of contents uses tabs).
heading_(Line, Number, Title) :-
    sub_string(Line, Before, 1, After, " "),
    !,
    sub_string(Line, 0, Before, _, NumberText),
    NumberText \== "",
    string_codes(NumberText, Codes),
    Codes = [C0|_], code_type(C0, digit),
    forall(member(C, Codes), ( code_type(C, digit) ; C == 0'. )),
    last(Codes, CL), CL \== 0'.,
    sub_string(Line, _, After, 0, Title),
    Title \== "",
    atom_string(Number, NumberText).

source_sections_([title_page-TitlePage|Sections]) :-
    source_lines_(Lines),
    findall(Number-Text, section_text_(Lines, Number, Text), Sections),
    title_page_text_(TitlePage).

% The header block before the table of contents ("Innehåll"), as one
% space-normalised text: the section title_page of guideline_fact/3.
title_page_text_(Text) :-
    absolute_file_name(rulebook('source/anvisning-1177-direkt-v1.0.txt'), File, [access(read)]),
    read_file_to_string(File, Raw, [encoding(utf8)]),
    replace_all_(Raw, "*", "", NoEmphasis),
    split_string(NoEmphasis, "\n", "", Lines),
    append(Before, ["Innehåll"|_], Lines),
    !,
    atomic_list_concat(Before, ' ', Joined),
    normalize_space(string(Text), Joined).

section_text_(Lines, Number, Text) :-
    append(_, [_-Heading|After], Lines),
    heading_(Heading, Number, _),
    depth_(Number, Depth),
    section_body_(After, Depth, Body),
    pairs_values(Body, BodyLines),
    atomic_list_concat([Heading|BodyLines], ' ', Joined),
    normalize_space(string(Text), Joined).

section_body_([], _, []).
section_body_([I-L|T], Depth, Body) :-
    (   heading_(L, N, _), depth_(N, D), D =< Depth
    ->  Body = []
    ;   Body = [I-L|Rest],
        section_body_(T, Depth, Rest)
    ).

depth_(Number, Depth) :-
    atomic_list_concat(Parts, '.', Number),
    length(Parts, Depth).

% --- coverage matrix ------------------------------------------------------------

coverage_(Lang, _{rows: Rows, untraced_source: Untraced, unsourced_kb: Unsourced}) :-
    source_lines_(Lines),
    tag_lines_(Lines, none, none, Tagged),
    include(covered_section_, Tagged, InScope),
    findall(Id, scenario(Id, _, _, _), Ids),
    foldl(scenario_alignment_(InScope), Ids, [], Aligned),
    maplist(coverage_row_(Aligned), InScope, Rows),
    include(untraced_row_, Rows, UntracedRows),
    maplist(row_text_(Lang), UntracedRows, Untraced),
    findall(U, ( member(unsourced(Id, Text), Aligned),
                 problem_(Lang, line_not_in_block, [Id, Text], U) ),
            Unsourced0),
    findall(U, ( scenario(Id, _, Title, _),
                 \+ member(t(_, _, Id, _, _, _), InScope),
                 problem_(Lang, title_not_in_source, [Id, Title], U) ),
            Unsourced1),
    append(Unsourced0, Unsourced1, Unsourced).

untraced_row_(Row) :- get_dict(encoded_by, Row, []).

row_text_(Lang, Row, Text) :-
    get_dict(section, Row, S), get_dict(line, Row, I), get_dict(text, Row, T),
    problem_(Lang, untraced_line, [S, I, T], Text).

% t(Section, LineNo, Scenario, Level, Text, Kind): a non-empty body line with
% the section and scenario block it stands in.
tag_lines_([], _, _, []).
tag_lines_([I-L|T], Section, Scenario, Tagged) :-
    (   heading_(L, Number, _)
    ->  tag_lines_(T, Number, none, Tagged)
    ;   line_level_(L, Level, Text),
        (   Text == ""
        ->  tag_lines_(T, Section, Scenario, Tagged)
        ;   scenario(Id, _, Text, _)
        ->  Tagged = [t(Section, I, Id, Level, Text, title)|Rest],
            tag_lines_(T, Section, Id, Rest)
        ;   Tagged = [t(Section, I, Scenario, Level, Text, line)|Rest],
            tag_lines_(T, Section, Scenario, Rest)
        )
    ).

line_level_(Line, Level, Text) :-
    (   sub_string(Line, 0, 2, _, "- ") -> Level = 0, sub_string(Line, 2, _, 0, T0)
    ;   sub_string(Line, 0, 3, _, " - ") -> Level = 1, sub_string(Line, 3, _, 0, T0)
    ;   Level = null, T0 = Line
    ),
    normalize_space(string(Text), T0).

covered_section_(t(Section, _, _, _, _, _)) :-
    memberchk(Section, ['3.1', '3.1.1', '3.1.2', '3.1.3', '3.1.4', '4.1', '4.2', '4.3']).

% Align a scenario's KB lines with the source lines of its block, in order.
scenario_alignment_(InScope, Id, Acc0, Acc) :-
    include(in_block_(Id), InScope, Block),
    scenario_text_lines(Id, KbLines),
    align_(Block, KbLines, Id, Acc0, Acc).

align_([], Kb, Id, Acc0, Acc) :-
    foldl(unsourced_(Id), Kb, Acc0, Acc).
align_([t(_, I, _, Level, Text, _)|Src], Kb, Id, Acc0, Acc) :-
    (   append(Skipped, [L|KbRest], Kb), get_dict(text, L, Text), expected_level_(L, Level)
    ->  foldl(unsourced_(Id), Skipped, Acc0, Acc1),
        line_ref_(Id, L, Ref),
        align_(Src, KbRest, Id, [traced(I, Ref)|Acc1], Acc)
    ;   align_(Src, Kb, Id, Acc0, Acc)
    ).

in_block_(Id, t(_, _, Scenario, _, _, _)) :-
    Scenario == Id.

unsourced_(Id, Line, Acc, [unsourced(Id, Text)|Acc]) :-
    get_dict(text, Line, Text).

expected_level_(L, Level) :-
    (   memberchk(L.kind, [heading, note, no_pmo]) -> Level == null
    ;   L.kind == title -> Level == 0
    ;   L.kind == lead -> Level == 0
    ;   L.unindented == true -> Level == 0
    ;   Level == 1
    ).

line_ref_(Id, L, Ref) :-
    (   L.step == null
    ->  format(string(Ref), "scenario ~w ~w", [Id, L.kind])
    ;   L.alternative == null
    ->  format(string(Ref), "scenario ~w step ~w ~w", [Id, L.step, L.kind])
    ;   format(string(Ref), "scenario ~w step ~w ~w ~w", [Id, L.step, L.alternative, L.kind])
    ).

coverage_row_(Aligned, t(Section, I, _, _, Text, _),
              _{section: Section, line: I, text: Text, encoded_by: Refs, cited_by: Cited}) :-
    findall(R, member(traced(I, R), Aligned), Refs0),
    findall(R, other_encoding_(Section, Text, R), Refs1),
    append(Refs0, Refs1, Refs),
    findall(R, rule_citing_(Section, Text, R), Cited).

% General rules that quote the line (listed; they encode it only in §3.1's
% introduction, which has no facts of its own).
rule_citing_(Section, Text, Ref) :-
    rule_source(Rule, Section, Quote),
    normalize_space(string(Q), Quote),
    Q == Text,
    format(string(Ref), "rule ~w", [Rule]).

% Lines outside scenario blocks: §3.1's introduction (the rules' sources)
% and §4 (the PMO items and the attribute's contact types).
other_encoding_('3.1', Text, Ref) :-
    rule_citing_('3.1', Text, Ref).
other_encoding_(Section, Text, Ref) :-
    pmo_item(Id, Section, _, Quote),
    normalize_space(string(Q), Quote),
    Q == Text,
    format(string(Ref), "pmo ~w", [Id]).
other_encoding_('4.3', Text, Ref) :-
    attribute_contact_type(Type, Quote),
    normalize_space(string(Q), Quote),
    Q == Text,
    format(string(Ref), "attribute contact type ~w", [Type]).

% --- dumps for the semantic diff ------------------------------------------------

%!  dump_json(+Options, +Dir, -Json) is det.
%
%   True when every chain of check_report/2's space has been written to
%   Dir/part-NNNNNN.tsv, one line per chain in enumeration order:
%   "Specs<TAB>Summary", where Summary is
%   "Status|Scenario|Closer|Step1;Step2;…|Citations". Json gives the number
%   of parts and chains. Two KB versions with the same vocabulary write
%   their chains in the same order, so a diff can compare line by line.

dump_json(Options, Dir, Json) :-
    option(max_steps(Max), Options, 3),
    DefaultChoice is min(Max, 2),
    option(choice_steps(ChoiceSteps), Options, DefaultChoice),
    work_items_(Max, Items),
    findall(N-Item, nth1(N, Items, Item), Numbered),
    registration_table_(Table),
    current_readings(Readings),
    concurrent_maplist(in_readings(Readings, dump_item_(ChoiceSteps, Table, Dir)), Numbered, Counts),
    sum_list(Counts, Chains),
    length(Items, Parts),
    json_text(_{parts: Parts, chains: Chains}, Json).

dump_item_(ChoiceSteps, Table, Dir, N-(Length-First), Count) :-
    format(atom(File), '~w/part-~|~`0t~d~6+.tsv', [Dir, N]),
    Steps = [First|_],
    setup_call_cleanup(
        open(File, write, Out, [encoding(utf8)]),
        aggregate_all(count,
                      ( chain(ChoiceSteps, Length, Steps),
                        chain_summary_(Table, Steps, Summary),
                        chain_spec(Steps, Specs),
                        atomic_list_concat(Specs, ' ', SpecText),
                        format(Out, "~w\t~w~n", [SpecText, Summary]) ),
                      Count),
        close(Out)).

chain_summary_(Table, Steps, Summary) :-
    summary_steps_(Steps, Table, Steps, 1, Parts),
    findall(G, ( member(gap(Gs)-_-_, Parts), member(G, Gs) ), Gaps),
    findall(T, member(_-T-_, Parts), StepTexts),
    findall(R, ( member(_-_-Rs, Parts), member(R, Rs) ), Rules),
    summary_status_(Steps, Gaps, Status, Scenario),
    summary_body_(Status, Scenario, Steps, StepTexts, Rules, Closer, Texts, Citations),
    atomic_list_concat(Texts, ';', StepsText),
    atomic_list_concat([Status, Scenario, Closer, StepsText, Citations], '|', Summary).

% Per step: Outcome-Text-Rules, by the general rules.
summary_steps_([], _, _, _, []).
summary_steps_([Step|Rest], Table, Steps, No, [Outcome-Text-Rules|Parts]) :-
    step_outcomes(Steps, No, [Outcome-StepRules|_]),
    outcome_text_(Outcome, Step, Table, Text, RegRules),
    append(StepRules, RegRules, Rules),
    Next is No + 1,
    summary_steps_(Rest, Table, Steps, Next, Parts).

outcome_text_(gap(Gs), _, _, Text, []) :-
    atomic_list_concat(Gs, ',', G),
    format(atom(Text), "gap(~w)", [G]).
outcome_text_(no_pmo, _, _, no_pmo, []).
outcome_text_(registers(Alts0), step(_, Channel, _, _, _, Choice), Table, Text, Rules) :-
    chosen_alternatives_(Choice, Alts0, Alts),
    findall(T-Rs, ( member(Alt, Alts),
                    memberchk(reg(Channel, Alt, Reg, Rs, _), Table),
                    registration_text_(Reg, T) ), Pairs),
    pairs_keys(Pairs, Ts), pairs_values(Pairs, RuleLists),
    append(RuleLists, Rules),
    atomic_list_concat(Ts, ',', Text).

%!  chosen_alternatives(+Choice, +Alternatives0, -Alternatives) is det.
%
%   True when Alternatives are those of Alternatives0 that the
%   replaces_visit Choice keeps (all for none), as advise/4 does.

chosen_alternatives(Choice, Alts0, Alts) :-
    chosen_alternatives_(Choice, Alts0, Alts).

chosen_alternatives_(none, Alts, Alts) :- !.
chosen_alternatives_(Choice, Alts0, Alts) :-
    wanted_alternative(Choice, Wanted),
    include(==(Wanted), Alts0, Alts).

registration_text_(none, none).
registration_text_(reg(Alt, Type, Attribute, Journal, Diagnosis), Text) :-
    contact_type(Type, Label, _, _),
    registration_flags_(Attribute, Journal, Diagnosis, Flags),
    format(atom(Text), "~w=~w[~w]", [Alt, Label, Flags]).

registration_flags_(Attribute, Journal, Diagnosis, Flags) :-
    findall(F, ( member(F-V, [attribute-Attribute, journal-Journal, diagnosis-Diagnosis]), V == true ), Fs),
    atomic_list_concat(Fs, '+', Flags).

summary_status_(_, [_|_], gap, '-') :- !.
summary_status_(Steps, [], documented, Id) :-
    once(scenario_match(Steps, Id)),
    !.
summary_status_(_, [], inferred, '-').

% Documented chains are summarised from the text (advise/4), others from the
% general rules. Citations: a hash of every (section, quote) behind the answer.
summary_body_(documented, Id, Steps, _, _, Closer, Texts, Citations) :-
    !,
    advise(steps(Steps), date(2023, 9, 1), sv, Answer),
    (   Answer.closed_by_step == null -> Closer = '-' ; Closer = Answer.closed_by_step ),
    maplist(documented_step_text_, Answer.steps, Texts),
    findall(S-Q, ( member(St, Answer.steps), step_source_(St, S, Q) ), Sources),
    term_hash(Id-Sources, Citations).
summary_body_(gap, _, _, Texts, Rules, '-', Texts, Citations) :-
    !,
    rules_citations_(Rules, Citations).
summary_body_(inferred, _, Steps, Texts, Rules0, Closer, Texts, Citations) :-
    (   derive_closer(Steps, Closer, CloserRules) -> true ; Closer = '-', CloserRules = [] ),
    append(Rules0, CloserRules, Rules),
    rules_citations_(Rules, Citations).

rules_citations_(Rules0, Hash) :-
    sort(Rules0, Rules),
    findall(R-S-Q, ( member(R, Rules), rule_source(R, S, Q) ), Sources),
    term_hash(Sources, Hash).

documented_step_text_(Step, Text) :-
    get_dict(registrations, Step, Regs),
    (   Regs == []
    ->  Text = no_pmo
    ;   maplist(documented_registration_text_, Regs, Ts),
        atomic_list_concat(Ts, ',', Text)
    ).

documented_registration_text_(R, Text) :-
    get_dict(alternative, R, Alt), get_dict(contact_type_id, R, Type),
    get_dict(attribute, R, A), get_dict(journal, R, J), get_dict(diagnosis, R, D),
    (   A == null -> Attribute = false ; Attribute = true ),
    registration_text_(reg(Alt, Type, Attribute, J, D), Text).

step_source_(Step, S, Q) :-
    get_dict(registrations, Step, Regs),
    member(R, Regs),
    get_dict(sources, R, Sources),
    member(Src, Sources),
    get_dict(section, Src, S), get_dict(quote, Src, Q).
step_source_(Step, S, Q) :-
    get_dict(no_pmo, Step, Src),
    Src \== null,
    get_dict(section, Src, S), get_dict(quote, Src, Q).

% --- texts ---------------------------------------------------------------------

% worded_question_(-Q) is nondet: Q has a wording, a reading text or a chosen reading.
worded_question_(Q) :-
    member(Goal, [questions:question_wording(Q, _, _), questions:reading_text(Q, _, _, _),
                  questions:chosen_reading(Q, _)]),
    catch(Goal, error(existence_error(_, _), _), fail).

problem_(Lang, Key, Args, Text) :-
    problem_text_(Key, Lang, Format),
    format(string(Text), Format, Args).

problem_text_(citation_missing, sv, "~w: §~w innehåller inte \"~w\"").
problem_text_(citation_missing, en, "~w: §~w does not contain \"~w\"").
problem_text_(rule_no_source, sv, "regeln ~w saknar källcitat").
problem_text_(rule_no_source, en, "rule ~w has no source quote").
problem_text_(rule_no_text, sv, "regeln ~w saknar text på ~w").
problem_text_(rule_no_text, en, "rule ~w has no ~w text").
problem_text_(rule_undeclared, sv, "~w är inte deklarerad med general_rule/2").
problem_text_(rule_undeclared, en, "~w is not declared by general_rule/2").
problem_text_(reading_chosen_count, sv, "policyfrågan ~w har ~w valda läsningar (chosen_reading/2), ska ha en").
problem_text_(reading_chosen_count, en, "policy question ~w has ~w chosen readings (chosen_reading/2), should have one").
problem_text_(reading_labels_differ, sv, "läsningen ~w=~w nämner olika vårdkontakter på svenska (~w) och engelska (~w)").
problem_text_(reading_labels_differ, en, "reading ~w=~w names different contact types in Swedish (~w) and English (~w)").
problem_text_(reading_chosen_undeclared, sv, "policyfrågan ~w väljer läsningen ~w, som inte deklareras (reading_text/4)").
problem_text_(reading_chosen_undeclared, en, "policy question ~w chooses the reading ~w, which is not declared (reading_text/4)").
problem_text_(reading_no_text, sv, "läsningen ~w=~w saknar text på ~w").
problem_text_(reading_no_text, en, "reading ~w=~w has no ~w text").
problem_text_(question_no_text, sv, "policyfrågan ~w saknar text på ~w").
problem_text_(question_no_text, en, "policy question ~w has no ~w text").
problem_text_(question_unknown, sv, "regeln ~w hänvisar till okänd fråga ~w").
problem_text_(question_unknown, en, "rule ~w names unknown question ~w").
problem_text_(question_undeclared, sv, "frågan ~w har formulering eller läsningar men deklareras inte (policy_question/3)").
problem_text_(question_undeclared, en, "question ~w is worded or has readings but is not declared (policy_question/3)").
problem_text_(bullet_no_meaning, sv, "~w steg ~w ~w: ingen betydelse för \"~w\"").
problem_text_(bullet_no_meaning, en, "~w step ~w ~w: no meaning for \"~w\"").
problem_text_(bullet_contact_types, sv, "~w steg ~w ~w: ~w vårdkontakttyper").
problem_text_(bullet_contact_types, en, "~w step ~w ~w: ~w contact types").
problem_text_(attribute_physical, sv, "listan i 4.3 innehåller den fysiska vårdkontakten ~w").
problem_text_(attribute_physical, en, "the 4.3 list contains the physical contact type ~w").
problem_text_(closer_unknown_role, sv, "avslutaren ~w nämner okänd roll ~w").
problem_text_(closer_unknown_role, en, "closer ~w names unknown role ~w").
problem_text_(closer_differs, sv, "avslutande steg: texten ~w, reglerna ~w").
problem_text_(closer_differs, en, "closed_by_step: text ~w, rules ~w").
problem_text_(rules_status, sv, "reglerna svarar ~w, inte härlett").
problem_text_(rules_status, en, "the rules answer ~w, not inferred").
problem_text_(step_differs, sv, "steg ~w: texten ~q, reglerna ~q").
problem_text_(step_differs, en, "step ~w: text ~q, rules ~q").
problem_text_(line_not_in_block, sv, "~w: \"~w\" finns inte i scenariots stycke i källan").
problem_text_(line_not_in_block, en, "~w: \"~w\" is not in its block of the source").
problem_text_(title_not_in_source, sv, "~w: rubriken \"~w\" finns inte i källan").
problem_text_(title_not_in_source, en, "~w: heading \"~w\" is not in the source").
problem_text_(answer_error, sv, "svaret kunde inte beräknas: ~w").
problem_text_(answer_error, en, "the answer could not be computed: ~w").
problem_text_(bad_pattern, sv, "scenario ~w steg ~w: ogiltigt värde i mönstret: ~q").
problem_text_(bad_pattern, en, "scenario ~w step ~w: invalid value in the pattern: ~q").
problem_text_(label_not_sourced, sv, "vårdkontakten ~w har etiketten \"~w\", som inte står i listan i 4.3 eller i en punkt \"Vårdkontakt: …\"").
problem_text_(label_not_sourced, en, "contact type ~w is labelled \"~w\", which is neither on the 4.3 list nor in a bullet \"Vårdkontakt: …\"").
problem_text_(value_no_label, sv, "~w-värdet ~w saknar etikett på ~w").
problem_text_(value_no_label, en, "~w value ~w has no ~w label").
problem_text_(untraced_line, sv, "§~w rad ~w: ~w").
problem_text_(untraced_line, en, "§~w line ~w: ~w").
problem_text_(heading_steps, sv, "scenario ~w: rubriken namnger ~w steg, mönstret har ~w").
problem_text_(heading_steps, en, "scenario ~w: the heading names ~w steps, the pattern has ~w").
problem_text_(heading_roles, sv, "scenario ~w steg ~w: texten namnger rollerna ~w, regelboken har ~w").
problem_text_(heading_roles, en, "scenario ~w step ~w: the text names the roles ~w, the KB has ~w").
problem_text_(heading_channel, sv, "scenario ~w steg ~w: texten säger kanalen ~w, regelboken har ~w").
problem_text_(heading_channel, en, "scenario ~w step ~w: the text says channel ~w, the KB has ~w").
problem_text_(heading_days, sv, "scenario ~w steg ~w: rubriken säger dag ~w, mönstret har ~w").
problem_text_(heading_days, en, "scenario ~w step ~w: the heading says day ~w, the pattern has ~w").
problem_text_(heading_units, sv, "scenario ~w steg ~w: rubriken säger enhet ~w, mönstret har ~w").
problem_text_(heading_units, en, "scenario ~w step ~w: the heading says unit ~w, the pattern has ~w").
problem_text_(registrant_no_step, sv, "scenario ~w: rubriken \"Registreras av …\" för steg ~w har inget steg i mönstret").
problem_text_(registrant_no_step, en, "scenario ~w: the heading \"Registreras av …\" of step ~w has no step in the pattern").
problem_text_(text_status, sv, "scenario ~w, ~w: svaret är ~w (~w), inte det beskrivna scenariot").
problem_text_(text_status, en, "scenario ~w, ~w: the answer is ~w (~w), not the documented scenario").
problem_text_(text_registrations, sv, "scenario ~w, ~w (~w svar) steg ~w: punkterna säger ~q, svaret ger ~q").
problem_text_(text_registrations, en, "scenario ~w, ~w (~w answer) step ~w: the bullets say ~q, the answer gives ~q").
problem_text_(text_closer, sv, "scenario ~w, ~w (~w svar): steg ~w avslutar, men punkterna \"… avslutar ärendet\" namnger steg ~w").
problem_text_(text_closer, en, "scenario ~w, ~w (~w answer): step ~w closes, but the bullets \"… avslutar ärendet\" name steps ~w").
problem_text_(text_no_answer, sv, "scenario ~w, ~w: inget ~w svar (~w)").
problem_text_(text_no_answer, en, "scenario ~w, ~w: no ~w answer (~w)").
problem_text_(metadata_differs, sv, "~w: titelsidan säger \"~w\" ~q, regelboken har ~q").
problem_text_(metadata_differs, en, "~w: the title page says \"~w\" ~q, the KB has ~q").
problem_text_(metadata_not_in_header, sv, "~w: saknas eller står inte i källtexten").
problem_text_(metadata_not_in_header, en, "~w: missing, or not in the source text").
problem_text_(section_differs, sv, "källtextens rubrik ~w ~w saknas i section/2").
problem_text_(section_differs, en, "the source's heading ~w ~w is not in section/2").
problem_text_(section_not_in_source, sv, "section(~w, ~q) är ingen rubrik i källtexten").
problem_text_(section_not_in_source, en, "section(~w, ~q) is not a heading of the source").
problem_text_(label_one_language, sv, "etiketten ~w ~w finns på ~w men inte på ~w").
problem_text_(label_one_language, en, "label ~w ~w exists in ~w but not in ~w").
problem_text_(layout_no_question, sv, "scenario ~w läser punkter utan indrag (unindented_bullet/4) utan en tolkning (scenario_interpretation/2)").
problem_text_(layout_no_question, en, "scenario ~w reads unindented bullets (unindented_bullet/4) without an interpretation (scenario_interpretation/2)").
problem_text_(question_unused, sv, "den ~w frågan ~w läses av ingen regel och inget scenario").
problem_text_(question_unused, en, "the ~w question ~w is read by no rule and no scenario").
problem_text_(erratum_note_label, sv, "rättelsen ~w förklarar etiketten \"~w\", men rättar till \"~w\"").
problem_text_(erratum_note_label, en, "erratum ~w explains the label \"~w\" but corrects to \"~w\"").
problem_text_(alternatives_differ, sv, "alternative/1 räknar upp ~q, men etiketter, scenarier och vårdkontakter använder ~q").
problem_text_(alternatives_differ, en, "alternative/1 lists ~q, but labels, scenarios and contact types use ~q").
problem_text_(metadata_no_quote, sv, "guideline(~w): \"~w\" vilar inte på något citat (guideline_fact/3)").
problem_text_(metadata_no_quote, en, "guideline(~w): \"~w\" rests on no quote (guideline_fact/3)").
problem_text_(link_differs, sv, "§~w: länken \"~w\" finns inte både som link/3 och som guideline_fact/3").
problem_text_(link_differs, en, "§~w: the link \"~w\" is not both a link/3 and a guideline_fact/3").
problem_text_(role_question_unknown, sv, "rollen ~w läses enligt okänd fråga ~w").
problem_text_(role_question_unknown, en, "role ~w is read by unknown question ~w").
problem_text_(pmo_property_missing, sv, "~w: texten säger \"~w\", men pmo_property(~w, ~w) saknas").
problem_text_(pmo_property_missing, en, "~w: the text says \"~w\", but pmo_property(~w, ~w) is missing").
problem_text_(pmo_property_unsourced, sv, "pmo_property(~w, ~w, ~w) står inte i texten för posten").
problem_text_(pmo_property_unsourced, en, "pmo_property(~w, ~w, ~w) is not what the item's text says").
problem_text_(closer_subject_label, sv, "closer_subject ~w: visas inte som \"~w\" (label/4)").
problem_text_(closer_subject_label, en, "closer_subject ~w: not shown as \"~w\" (label/4)").
problem_text_(source_twice, sv, "regeln ~w citerar §~w \"~w\" mer än en gång").
problem_text_(source_twice, en, "rule ~w cites §~w \"~w\" more than once").
problem_text_(link_target, sv, "länken \"~w\": källtexten ger målet ~w, regelboken ett annat").
problem_text_(link_target, en, "link \"~w\": the source gives target ~w, the KB another").
problem_text_(closer_subject_roles, sv, "closer_subject ~w: \"~w\" namnger inte rollerna ~w").
problem_text_(closer_subject_roles, en, "closer_subject ~w: \"~w\" does not name the roles ~w").
problem_text_(closer_subject_twice, sv, "closer_subject ~w är definierad mer än en gång").
problem_text_(closer_subject_twice, en, "closer_subject ~w is defined more than once").
problem_text_(list_4_3_differs, sv, "listan i 4.3 räknar upp ~w; regelboken kryssar attributet på ~w").
problem_text_(list_4_3_differs, en, "the 4.3 list names ~w; the KB ticks the attribute on ~w").
problem_text_(labels_differ, sv, "~w: svenska texten namnger vårdkontakterna ~q, engelska ~q").
problem_text_(labels_differ, en, "~w: the Swedish text names the contact types ~q, the English ~q").
problem_text_(interpretation_unknown, sv, "scenario ~w läses enligt okänd fråga ~w").
problem_text_(interpretation_unknown, en, "scenario ~w is read by unknown question ~w").
problem_text_(gap_no_question, sv, "luckregeln ~w saknar en öppen policyfråga (rule_question/2)").
problem_text_(gap_no_question, en, "gap rule ~w has no open policy question (rule_question/2)").

% --- dead rules --------------------------------------------------------------------

dead_rules_(Fired-FiredClauses, Dead) :-
    findall(_{rule: R, kind: K, file: null, line: null},
            ( general_rule(R, K), K \== fallback, \+ memberchk(R, Fired) ),
            DeadRules),
    findall(_{rule: Id, kind: clause, file: File, line: Line},
            ( step_rule_clause_(Ref), \+ memberchk(Ref, FiredClauses),
              clause(rules:Head, _, Ref), clause_rule_id_(Head, Id),
              clause_property(Ref, file(File)), clause_property(Ref, line_count(Line)) ),
            DeadClauses),
    append(DeadRules, DeadClauses, Dead).

clause_rule_id_(step_gap_(_, Id), Id) :- atom(Id), !.
clause_rule_id_(step_outcome_(_, _, [Id|_]), Id) :- atom(Id), !.
clause_rule_id_(Head, Name) :- functor(Head, Name, _).
