:- encoding(utf8).
:- module(whynot,
          [ whynot_json/6,            % +Spec, +Date, +Lang, +Expect, +StepNo, -Json
            whynot_json/7             % +Spec, +Date, +Lang, +Expect, +StepNo, +Millis, -Json
          ]).

:- use_module(library(lists), [member/2, nth1/3, append/3, sum_list/2, max_list/2]).
:- use_module(library(apply), [maplist/2, maplist/3, include/3, exclude/3, foldl/4]).
:- use_module(library(pairs), [pairs_values/2]).
:- use_module(json_text, [json_text/2]).
:- use_module(rulebook(vocabulary), [vocabulary/2, label/4, contact_type/4]).
:- use_module(ui_messages, [whynot_template/3]).
:- use_module(api, [normalise_case/2, max_steps/1]).
:- use_module(check, [chain/3, chain_count/3, chain_spec/2, registration_table/1]).
:- use_module(library(time), [call_with_time_limit/2]).
:- use_module(find, [case_summary/3]).
:- use_module(why, [why_tree/5]).

/** <module> whynot: why an expected registration does not hold, and the smallest change that would make it hold

An expectation is a list of conditions on one step (or any step):
contact_type(Id), registers(Bool), closes(Bool), attribute(Bool),
diagnosis(Bool), and on the case: status(S), scenario(Id). When it does
not hold, the answer explains what the step gets instead (the why tree of
that step) and searches the smallest change to the case that makes it
hold: every single edit of one step's role, channel, purpose, day, unit or
replaces_visit, the removal of a step or the insertion of one; then every
pair of single field edits; and if neither works, every chain of up to
max(2, length) steps, to say whether any case within the vocabulary makes
it hold. The search runs under a time limit: one cut short says so
(complete: false, with how far it got), and only a complete search may
say that no case within the vocabulary makes the expectation hold.
*/

%!  whynot_json(+Spec, +Date, +Lang, +Expect, +StepNo, -Json) is det.
%
%   As whynot_json/7 with a search of at most 10 seconds.

whynot_json(Spec, Date, Lang, Expect, StepNo, Json) :-
    whynot_json(Spec, Date, Lang, Expect, StepNo, 10000, Json).

%!  whynot_json(+Spec, +Date, +Lang, +Expect, +StepNo, +Millis, -Json) is det.
%
%   True when Json answers whether expectation Expect holds for case Spec at
%   step StepNo (0: any step), why not, and which smallest changes make it
%   hold, searched for at most Millis milliseconds (complete: false when the
%   search was cut short).

whynot_json(Spec, Date, Lang, Expect, StepNo, Millis, Json) :-
    catch(whynot_(Spec, Date, Lang, Expect, StepNo, Millis, Answer), Error, api:error_answer_(Error, Lang, Answer)),
    json_text(Answer, Json).

whynot_(Spec, Date, Lang, Expect, StepNo, Millis, Answer) :-
    normalise_case(Spec, Steps),
    length(Steps, N),
    (   StepNo =:= 0 -> true
    ;   between(1, N, StepNo) -> true
    ;   throw(py1177_error(err_step_no, [StepNo, N]))
    ),
    registration_table(Table),
    case_summary(Table, Steps, Summary),
    expectation_text_(Expect, Lang, ExpectText),
    (   holds_(Summary, Expect, StepNo)
    ->  Answer = _{holds: true, expect: ExpectText, actual: null, because: null, changes: [],
                   searched: null, impossible: false, witness: null, complete: true}
    ;   actual_text_(Summary, StepNo, Lang, Actual),
        why_tree(steps(Steps), Date, Lang, StepNo, Why),
        Seconds is Millis / 1000,
        Progress = progress(1, 0),              % the search's phase, chains examined
        catch(call_with_time_limit(Seconds, search_(Table, Steps, Expect, StepNo, Lang, Progress,
                                                    Changes, Searched0, Impossible, Witness)),
              time_limit_exceeded,
              cut_short_(Progress, Steps, StepNo, Seconds, Changes, Searched0, Impossible, Witness)),
        get_dict(complete, Searched0, Complete),
        Searched = Searched0.put(seconds, Seconds),
        Answer = _{holds: false, expect: ExpectText, actual: Actual, because: Why, changes: Changes,
                   searched: Searched, impossible: Impossible, witness: Witness, complete: Complete}
    ).

% --- does the expectation hold? ------------------------------------------------------

holds_(S, Expect, StepNo) :-
    partition_(Expect, CaseConds, StepConds),
    forall(member(C, CaseConds), case_holds_(S, C)),
    (   StepConds == []
    ->  true
    ;   get_dict(steps, S, Infos),
        (   StepNo =:= 0 -> member(I, Infos) ; nth1(StepNo, Infos, I) ),
        forall(member(C, StepConds), step_holds_(S, I, C))
    ),
    !.

partition_([], [], []).
partition_([C|Cs], [C|Case], Step) :- case_condition_(C), !, partition_(Cs, Case, Step).
partition_([C|Cs], Case, [C|Step]) :- partition_(Cs, Case, Step).

case_condition_(status(_)).
case_condition_(scenario(_)).

case_holds_(S, status(Status)) :- get_dict(status, S, Status).
case_holds_(S, scenario(Id)) :- get_dict(scenario, S, Sc), Sc \== null, atom_string(Id, Sc).

step_holds_(_, I, contact_type(Type)) :-
    get_dict(regs, I, Regs), is_list(Regs), memberchk(r(_, Type, _, _), Regs).
step_holds_(_, I, registers(true)) :-
    get_dict(regs, I, Regs), is_list(Regs), Regs \== [].
step_holds_(_, I, registers(false)) :-
    get_dict(regs, I, []).
step_holds_(S, I, closes(Bool)) :-
    get_dict(closer, S, Closer), get_dict(no, I, No),
    (   Closer == No -> Bool == true ; Bool == false, Closer \== null ).
step_holds_(_, I, attribute(Bool)) :-
    get_dict(regs, I, Regs), is_list(Regs), Regs \== [],
    (   Bool == true -> memberchk(r(_, _, true, _), Regs) ; \+ memberchk(r(_, _, true, _), Regs) ).
step_holds_(_, I, diagnosis(Bool)) :-
    get_dict(regs, I, Regs), is_list(Regs), Regs \== [],
    (   Bool == true -> memberchk(r(_, _, _, true), Regs) ; \+ memberchk(r(_, _, _, true), Regs) ).

% --- the smallest change --------------------------------------------------------------

search_(Table, Steps, Expect, StepNo, Lang, _, Changes, Searched, false, null) :-
    findall(Edits-New-Target, single_change_(Steps, StepNo, Edits, New, Target), Singles),
    holding_(Table, Expect, Singles, Found1),
    length(Singles, N1),
    Found1 \== [],
    !,
    describe_all_(Found1, Steps, Lang, Changes),
    Searched = _{distance: 1, candidates: N1, complete: true}.
search_(Table, Steps, Expect, StepNo, Lang, Progress, Changes, Searched, false, null) :-
    nb_setarg(1, Progress, 2),
    findall(Edits-New-StepNo, double_change_(Steps, Edits, New), Doubles),
    holding_(Table, Expect, Doubles, Found2),
    length(Doubles, N2),
    Found2 \== [],
    !,
    describe_all_(Found2, Steps, Lang, Changes),
    Searched = _{distance: 2, candidates: N2, complete: true}.
search_(Table, Steps, Expect, StepNo, _, Progress, [], Searched, Impossible, Witness) :-
    nb_setarg(1, Progress, 3),
    exhaustive_max_(Steps, Max),
    (   once(( between(1, Max, L), L >= StepNo, chain(Max, L, Chain),
               arg(2, Progress, N0), N is N0 + 1, nb_setarg(2, Progress, N),
               case_summary(Table, Chain, S), holds_(S, Expect, StepNo) ))
    ->  Impossible = false, chain_spec(Chain, Witness)
    ;   StepNo > Max
    ->  Impossible = null, Witness = null      % chains that long were not searched
    ;   Impossible = true, Witness = null
    ),
    arg(2, Progress, Examined),
    exhaustive_total_(Max, StepNo, Total),
    Searched = _{distance: exhaustive, max_steps: Max, complete: true, examined: Examined, total: Total}.

% The exhaustive search covers chains of up to max(2, length) steps (at
% most 3), with replaces_visit choices.
exhaustive_max_(Steps, Max) :-
    length(Steps, Len),
    max_list([2, Len], Max0),
    Max is min(Max0, 3).

exhaustive_total_(Max, StepNo, Total) :-
    aggregate_all(sum(N), ( between(1, Max, L), L >= StepNo, chain_count(Max, L, N) ), Total).

% The time limit ran out: nothing is claimed beyond what was searched.
cut_short_(Progress, Steps, StepNo, _, [], Searched, null, null) :-
    arg(1, Progress, Phase),
    arg(2, Progress, Examined),
    exhaustive_max_(Steps, Max),
    exhaustive_total_(Max, StepNo, Total),
    phase_distance_(Phase, Distance),
    Searched = _{distance: Distance, max_steps: Max, complete: false, examined: Examined, total: Total}.

phase_distance_(1, 1).
phase_distance_(2, 2).
phase_distance_(3, exhaustive).

holding_(Table, Expect, Candidates, Found) :-
    findall(Rank-(Edits-New-Summary),
            ( member(Edits-New0-Target, Candidates),
              catch(normalise_case(steps(New0), New), _, fail),
              case_summary(Table, New, Summary),
              holds_(Summary, Expect, Target),
              rank_(Edits, Summary, Rank) ),
            Ranked0),
    keysort(Ranked0, Ranked),
    pairs_values(Ranked, All),
    take_(5, All, Found).

take_(N, List, Taken) :-
    length(List, Len),
    (   Len =< N -> Taken = List ; length(Taken, N), append(Taken, _, List) ).

% Documented outcomes first, then the kind of edit: hand-over details
% (day, unit) before who, how, what.
rank_(Edits, Summary, r(DocRank, EditRanks)) :-
    (   get_dict(status, Summary, documented) -> DocRank = 0 ; DocRank = 1 ),
    maplist(edit_rank_, Edits, EditRanks0),
    msort(EditRanks0, EditRanks).

edit_rank_(edit(_, Field, _, _), R) :- field_rank_(Field, R), !.
edit_rank_(remove(_), 7).
edit_rank_(insert(_, _), 8).

field_rank_(day, 1).
field_rank_(unit, 2).
field_rank_(role, 3).
field_rank_(channel, 4).
field_rank_(purpose, 5).
field_rank_(replaces_visit, 6).

single_change_(Steps, StepNo, [Edit], New, StepNo) :-
    field_edit_(Steps, Edit, New).
single_change_(Steps, StepNo, [remove(I)], New, Target) :-
    length(Steps, N), N > 1,
    nth1(I, Steps, _),
    I =\= StepNo,
    remove_nth_(I, Steps, New),
    (   StepNo =:= 0 -> Target = 0 ; I < StepNo -> Target is StepNo - 1 ; Target = StepNo ).
single_change_(Steps, StepNo, [insert(I, Step)], New, Target) :-
    length(Steps, N),
    max_steps(Max), N < Max,
    N1 is N + 1,
    between(1, N1, I),
    inserted_step_(I, Step),
    insert_nth_(I, Step, Steps, New),
    (   StepNo =:= 0 -> Target = 0 ; I =< StepNo -> Target is StepNo + 1 ; Target = StepNo ).

double_change_(Steps, [E1, E2], New) :-
    field_edit_(Steps, E1, Mid),
    field_edit_(Mid, E2, New),
    E1 = edit(I1, F1, _, _), E2 = edit(I2, F2, _, _),
    I1-F1 @< I2-F2.

% One field of one step changed to another value the vocabulary allows.
field_edit_(Steps, edit(I, Field, From, To), New) :-
    nth1(I, Steps, Step),
    Step = step(Role, Channel, Purpose, Day, Unit, Choice),
    member(Field-From, [role-Role, channel-Channel, purpose-Purpose, day-Day, unit-Unit,
                        replaces_visit-Choice]),
    field_values_(Field, I, Values),
    member(To, Values),
    To \== From,
    set_field_(Field, To, Step, Step1),
    valid_step_(Step1, Step2),
    replace_nth_(I, Steps, Step2, New).

field_values_(role, _, Values) :- vocabulary(role, Values).
field_values_(channel, _, Values) :- vocabulary(channel, Values).
field_values_(purpose, _, [none|Values]) :- vocabulary(purpose, Values).
field_values_(day, I, Values) :- I > 1, vocabulary(day, Values).
field_values_(unit, I, Values) :- I > 1, vocabulary(unit, Values).
field_values_(replaces_visit, _, [none|Values]) :- vocabulary(replaces_visit, Values).

set_field_(role, V, step(_, C, P, D, U, X), step(V, C, P, D, U, X)).
set_field_(channel, V, step(R, _, P, D, U, X), step(R, V, P, D, U, X)).
set_field_(purpose, V, step(R, C, _, D, U, X), step(R, C, V, D, U, X)).
set_field_(day, V, step(R, C, P, _, U, X), step(R, C, P, V, U, X)).
set_field_(unit, V, step(R, C, P, D, _, X), step(R, C, P, D, V, X)).
set_field_(replaces_visit, V, step(R, C, P, D, U, _), step(R, C, P, D, U, V)).

% A physical step has no purpose and no replaces_visit choice (as
% api:advise/4 requires); a change to physical drops them.
valid_step_(step(R, physical, _, D, U, _), step(R, physical, none, D, U, none)) :- !.
valid_step_(Step, Step).

inserted_step_(I, step(R, C, P, D, U, none)) :-
    vocabulary(role, Rs), member(R, Rs),
    vocabulary(channel, Cs), member(C, Cs),
    (   C == physical -> P = none ; ( P = none ; vocabulary(purpose, Ps), member(P, Ps) ) ),
    (   I =:= 1 -> D = none, U = none ; vocabulary(day, Ds), member(D, Ds), vocabulary(unit, Us), member(U, Us) ).

replace_nth_(I, List, X, New) :-
    nth1(I, List, _, Rest),
    nth1(I, New, X, Rest).

% Day and unit are relative to the previous step: when a step goes, the
% step after it is now compared with the one before — same+same is same,
% one other makes other, other+other is unknown (such a removal is not tried).
remove_nth_(I, List, New) :-
    nth1(I, List, step(_, _, _, D1, U1, _), New0),
    relink_(I, New0, compose_, D1, U1, New1),
    first_step_(New1, New).

compose_(none, R, R) :- !.
compose_(same, R, R) :- !.
compose_(other, same, other).

% An inserted step must leave the following step's relation to the one
% before it as it was: same+R is R, other+same is other; an inserted step on
% another day or unit before a step on yet another is not tried.
insert_nth_(I, X, List, New) :-
    nth1(I, New0, X, List),
    X = step(_, _, _, D1, U1, _),
    J is I + 1,
    relink_(J, New0, decompose_, D1, U1, New1),
    first_step_(New1, New).

decompose_(none, R, R) :- !.
decompose_(same, R, R) :- !.
decompose_(other, other, same).

% The step at position K (if any) gets the day and unit that Relate gives
% from the removed or inserted step's (D1, U1) and its own; fails where
% Relate has no answer.
relink_(K, List, Relate, D1, U1, New) :-
    (   nth1(K, List, step(R, C, P, D0, U0, X))
    ->  call(Relate, D1, D0, D),
        call(Relate, U1, U0, U),
        replace_nth_(K, List, step(R, C, P, D, U, X), New)
    ;   New = List
    ).

% Step 1 has no day or unit.
first_step_([step(R, C, P, _, _, X)|Rest], [step(R, C, P, none, none, X)|Rest]).
first_step_([], []).

% --- texts ------------------------------------------------------------------------------

describe_all_(Found, Steps, Lang, Changes) :-
    maplist(describe_(Steps, Lang), Found, Changes).

describe_(_, Lang, Edits-New-Summary, _{edits: EditDicts, steps: Specs, status: Status,
                                        scenario: Scenario, sentence: Sentence}) :-
    maplist(edit_dict_, Edits, EditDicts),
    chain_spec(New, Specs),
    get_dict(status, Summary, Status),
    get_dict(scenario, Summary, Scenario),
    maplist(edit_phrase_(Lang), Edits, Phrases),
    atomic_list_concat(Phrases, ' och ', Joined0),
    (   Lang == en -> atomic_list_concat(Phrases, ' and ', Joined) ; Joined = Joined0 ),
    outcome_phrase_(Lang, Status, Scenario, Outcome),
    whynot_template(change, Lang, Format),
    format(string(Sentence), Format, [Joined, Outcome]).

edit_dict_(edit(I, Field, From, To), _{step: I, field: Field, from: From, to: To}).
edit_dict_(remove(I), _{step: I, field: remove, from: null, to: null}).
edit_dict_(insert(I, Step), _{step: I, field: insert, from: null, to: Spec}) :-
    chain_spec([Step], [Spec]).

edit_phrase_(Lang, edit(I, Field, From, To), Phrase) :-
    value_label_(Field, From, Lang, FromText),
    value_label_(Field, To, Lang, ToText),
    atom_concat(edit_, Field, Kind),
    whynot_template(Kind, Lang, Format),
    format(string(Phrase), Format, [I, ToText, FromText]).
edit_phrase_(Lang, insert(I, step(R, C, P, D, U, _)), Phrase) :-
    !,
    label(role, R, Lang, Role),
    label(channel, C, Lang, Channel),
    findall(T, ( member(K-V, [purpose-P, day-D, unit-U]), V \== none, label(K, V, Lang, T) ), Extra),
    atomic_list_concat([Role, Channel], ' ', Head),
    atomic_list_concat([Head|Extra], ', ', Words),
    whynot_template(edit_insert, Lang, Format),
    format(string(Phrase), Format, [Words, I]).
edit_phrase_(Lang, remove(I), Phrase) :-
    whynot_template(edit_remove, Lang, Format),
    format(string(Phrase), Format, [I]).


value_label_(Field, Value, Lang, Text) :-
    (   Value == none
    ->  atom_concat(none_, Field, Key), whynot_template(Key, Lang, Text)
    ;   Field == replaces_visit
    ->  atom_concat(replaces_, Value, Key), whynot_template(Key, Lang, Text)
    ;   label(Field, Value, Lang, Text) -> true
    ;   Text = Value
    ).

outcome_phrase_(Lang, documented, Scenario, Text) :-
    !,
    whynot_template(outcome_documented, Lang, Format),
    format(string(Text), Format, [Scenario]).
outcome_phrase_(Lang, Status, _, Text) :-
    atom_concat(outcome_, Status, Key),
    whynot_template(Key, Lang, Text).

expectation_text_(Expect, Lang, Text) :-
    maplist(condition_text_(Lang), Expect, Parts),
    atomic_list_concat(Parts, ', ', Text).

condition_text_(_, contact_type(Type), Text) :- !,
    contact_type(Type, Label, _, _),
    format(string(Text), "contact_type=~w", [Label]).
condition_text_(_, C, Text) :-
    C =.. [K, V],
    format(string(Text), "~w=~w", [K, V]).

actual_text_(S, StepNo, Lang, Text) :-
    get_dict(steps, S, Infos),
    findall(T, ( member(I, Infos), get_dict(no, I, No), ( StepNo =:= 0 ; No =:= StepNo ),
                 step_actual_(S, I, Lang, T) ), Ts),
    atomic_list_concat(Ts, '; ', Text).

step_actual_(S, I, Lang, Text) :-
    get_dict(no, I, No),
    get_dict(regs, I, Regs),
    (   Regs == gap -> whynot_template(actual_gap, Lang, F), format(string(T0), F, [No])
    ;   Regs == [] -> whynot_template(actual_no_pmo, Lang, F), format(string(T0), F, [No])
    ;   findall(L, ( member(r(_, Type, _, _), Regs), contact_type(Type, L, _, _) ), Ls),
        atomic_list_concat(Ls, ' / ', LText),
        whynot_template(actual_registers, Lang, F), format(string(T0), F, [No, LText])
    ),
    get_dict(closer, S, Closer),
    (   Closer == No -> whynot_template(actual_closes, Lang, C), atomic_list_concat([T0, C], ' ', Text)
    ;   Text = T0
    ).
