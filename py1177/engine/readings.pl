:- encoding(utf8).
:- module(readings,
          [ with_readings_json/4,     % +Readings, +Module, +Goal, -Json
            with_readings/2,          % +Readings, :Goal
            current_readings/1,       % -Readings
            in_readings/4,            % +Readings, :Closure, ?A, ?B
            readings_json/2           % +Lang, -Json
          ]).

:- use_module(library(lists), [member/2]).
:- use_module(library(error), [must_be/2]).
:- use_module(json_text, [json_text/2]).

:- meta_predicate
    with_readings(+, 0),
    in_readings(+, 2, ?, ?).

/** <module> readings: one call under other readings of the open questions

`py1177 --reading Q=R` and Rulebook(readings=...) answer under readings of
the open policy questions other than the ones the KB chose
(questions:chosen_reading/2). The readings are an ARGUMENT of the call:
with_readings_json/4 takes them as a list of Q-R pairs and holds them, for
the duration of the call, in the global variable py1177_readings, which in
SWI-Prolog is local to the calling thread (and restored when the call
ends), so threads answering other calls never see them; nothing is
asserted. questions:in_force/2 reads it. Work handed to other threads
(concurrent_maplist/3 in check, find, batch) carries the readings along
with in_readings/4. No policy lives here.
*/

%!  with_readings_json(+Readings, +Module, +Goal, -Json) is det.
%
%   True when Json is the JSON text that call(Module:Goal, Json) gives with
%   the Q-R pairs Readings in force. Python has validated Readings against
%   the KB's declared readings; an unknown pair is refused here too.

with_readings_json(Readings, Module, Goal, Json) :-
    must_be(list, Readings),
    must_be(atom, Module),
    forall(member(Pair, Readings), known_pair_(Pair)),
    with_readings(Readings, call(Module:Goal, Json)).

known_pair_(Q-R) :-
    atom(Q), atom(R),
    catch(questions:reading(Q, R), error(existence_error(_, _), _), fail),
    !.
known_pair_(Pair) :-
    throw(error(domain_error(reading, Pair), _)).

%!  with_readings(+Readings, :Goal) is semidet.
%
%   True when Goal succeeds with Readings in force (in this thread).

with_readings([], Goal) :-
    \+ nb_current(py1177_readings, _),
    !,
    call(Goal).
with_readings(Readings, Goal) :-
    current_readings(Old),
    setup_call_cleanup(nb_setval(py1177_readings, Readings),
                       once(Goal),
                       restore_(Old)).

restore_([]) :- !, nb_delete(py1177_readings).
restore_(Old) :- nb_setval(py1177_readings, Old).

%!  current_readings(-Readings) is det.
%
%   True when Readings are the Q-R pairs in force in this thread ([] when
%   the KB's chosen readings hold).

current_readings(Readings) :-
    (   nb_current(py1177_readings, Readings0) -> Readings = Readings0 ; Readings = [] ).

%!  in_readings(+Readings, :Closure, ?A, ?B) is semidet.
%
%   True when call(Closure, A, B) succeeds with Readings in force: for work
%   that concurrent_maplist/3 hands to other threads.

in_readings(Readings, Closure, A, B) :-
    with_readings(Readings, call(Closure, A, B)).

%!  readings_json(+Lang, -Json) is det.
%
%   True when Json lists every open policy question with its declared
%   readings [{id, text, chosen, in_force}], in Lang.

readings_json(Lang, Json) :-
    findall(_{id: Q, readings: Rs},
            ( catch(questions:policy_question(Q, _, _), error(existence_error(_, _), _), fail),
              findall(_{id: R, text: T, chosen: C, in_force: F},
                      ( catch(questions:reading_text(Q, R, Lang, T), error(existence_error(_, _), _), fail),
                        ( questions:chosen_reading(Q, R) -> C = true ; C = false ),
                        ( questions:in_force(Q, R) -> F = true ; F = false ) ),
                      Rs) ),
            Ds),
    json_text(Ds, Json).
