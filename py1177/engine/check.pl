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
                                     label/4]).
:- use_module(rulebook(guideline), [erratum/5]).
:- use_module(rulebook(scenarios), [scenario/4, documented_alternative/5, bullet_meaning/2]).
:- use_module(rulebook(section_4), [attribute_contact_type/2, pmo_item/4]).
:- use_module(rulebook(rules), [general_rule/2, rule_source/3, rule_question/2, step_outcomes/3,
                      wanted_alternative/2, step_context/3,
                      derive_registration/4, derive_closer/3]).
:- use_module(rulebook(questions), [policy_question/3, question_text/4]).
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
    findall(C, static_check_(Lang, Sections, C), Checks).

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
    append(Problems0, Problems1, Problems2),
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
    append([Problems0, Problems1, Problems2], Problems3),
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
problem_text_(reading_chosen_undeclared, sv, "policyfrågan ~w väljer läsningen ~w, som inte deklareras (reading_text/4)").
problem_text_(reading_chosen_undeclared, en, "policy question ~w chooses the reading ~w, which is not declared (reading_text/4)").
problem_text_(reading_no_text, sv, "läsningen ~w=~w saknar text på ~w").
problem_text_(reading_no_text, en, "reading ~w=~w has no ~w text").
problem_text_(question_no_text, sv, "policyfrågan ~w saknar text på ~w").
problem_text_(question_no_text, en, "policy question ~w has no ~w text").
problem_text_(question_unknown, sv, "regeln ~w hänvisar till okänd fråga ~w").
problem_text_(question_unknown, en, "rule ~w names unknown question ~w").
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
