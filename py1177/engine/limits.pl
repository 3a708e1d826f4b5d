:- encoding(utf8).
:- module(limits,
          [ within_json/4             % +Millis, +Module, +Goal, -Json
          ]).

:- use_module(library(time), [call_with_time_limit/2]).
:- use_module(library(error), [must_be/2]).
:- use_module(json_text, [json_text/2]).

/** <module> limits: a time limit around one engine call

Used by `py1177 serve` (Rulebook(time_limit=...)): every answer the HTTP
server asks for runs inside call_with_time_limit/2, so that a costly
question (a deep why-not, find over long chains) cannot hold a worker.
The limit is enforced here, in Prolog, where the work is done; the engine
predicates themselves are unchanged. No policy lives here.
*/

%!  within_json(+Millis, +Module, +Goal, -Json) is det.
%
%   True when Json is the JSON text that call(Module:Goal, Json) gives, or,
%   when that call runs longer than Millis milliseconds, the JSON text
%   {"error": {"code": "time_limit", "millis": Millis}}.

within_json(Millis, Module, Goal, Json) :-
    must_be(positive_integer, Millis),
    must_be(atom, Module),
    must_be(callable, Goal),
    Seconds is Millis / 1000,
    catch(call_with_time_limit(Seconds, call(Module:Goal, Json)),
          time_limit_exceeded,
          json_text(_{error: _{code: time_limit, millis: Millis}}, Json)).
