:- encoding(utf8).
:- module(batch,
          [ advise_many_json/2        % +Cases, -Json
          ]).

:- use_module(library(apply), [maplist/3]).
:- use_module(library(lists), [append/2, append/3]).
:- use_module(library(thread), [concurrent_maplist/3]).
:- use_module(json_text, [json_text/2]).
:- use_module(readings, [current_readings/1, in_readings/4]).
:- use_module(api, [normalise_case/2]).
:- use_module(check, [registration_table/1]).
:- use_module(find, [case_summary/3]).

/** <module> batch: many cases in one call

Answers a list of cases with compact summaries — status, scenario,
closer, and per step the registrations (alternative, contact type,
attribute, diagnosis), [] for no PMO registration, or "gap" — through the
same derivation as check and find (documented chains from the text).
*/

%!  advise_many_json(+Cases, -Json) is det.
%
%   True when Json is a JSON array with one row per case of Cases (each a
%   list of step/6 terms): [Status, Scenario, Closer, Steps], or
%   {"error": {code, message, messages}} for a case that is not allowed.

advise_many_json(Cases, Json) :-
    registration_table(Table),
    halves_(Cases, Halves),
    current_readings(Readings),
    concurrent_maplist(in_readings(Readings, rows_(Table)), Halves, RowParts),
    append(RowParts, Rows),
    json_text(Rows, Json).

% Two pieces of work, one per core (the machine has two).
halves_(Cases, [First, Second]) :-
    length(Cases, N),
    Half is N // 2,
    length(First, Half),
    append(First, Second, Cases).

rows_(Table, Cases, Rows) :-
    maplist(case_row_(Table), Cases, Rows).

case_row_(Table, Steps0, Row) :-
    catch(( normalise_case(steps(Steps0), Steps),
            case_summary(Table, Steps, S),
            summary_row_(S, Row) ),
          Error,
          api:error_answer_(Error, sv, Row)).

summary_row_(S, [Status, Scenario, Closer, StepRows]) :-
    get_dict(status, S, Status),
    get_dict(scenario, S, Scenario),
    get_dict(closer, S, Closer),
    get_dict(steps, S, Infos),
    maplist(step_row_, Infos, StepRows).

step_row_(Info, Row) :-
    get_dict(regs, Info, Regs),
    (   Regs == gap -> Row = gap ; maplist(reg_row_, Regs, Row) ).

reg_row_(r(Alt, Type, Attribute, Diagnosis), [Alt, Type, Attribute, Diagnosis]).
