:- encoding(utf8).
:- module(strict,
          [ strict_load/2,            % +File, -Messages
            strict_load/3             % +File, +Options, -Messages
          ]).

:- use_module(library(lists), [member/2]).

/** <module> Strict loading of the rulebook

consult/1 prints a syntax error and skips the clause, leaving a silently
partial KB. strict_load/2 instead records every error and warning printed
while loading (and the undefined predicates found afterwards) and returns
them as "File:Line: kind: text" strings, so the caller can refuse the KB.
*/

:- dynamic recording_/0.
:- dynamic recorded_/1.

:- multifile user:message_hook/3.
:- dynamic user:message_hook/3.

% Undefined predicates: one message per reference, "File:Line: error:
% undefined procedure M:N/A" (list_undefined/1 groups them in one warning).
user:message_hook(check(undefined_procedures, Grouped), warning, _) :-
    recording_,
    !,
    forall(( member(PI-Refs, Grouped), member(Ref, Refs) ),
           (   reference_location_(Ref, Location),
               format(string(Entry), "~w: error: undefined procedure ~q", [Location, PI]),
               assertz(recorded_(Entry))
           )).
user:message_hook(Term, Kind, Lines) :-
    recording_,
    memberchk(Kind, [error, warning]),
    message_location_(Term, Location),
    lines_text_(Lines, Text),
    format(string(Entry), "~w: ~w: ~w", [Location, Kind, Text]),
    assertz(recorded_(Entry)).

%!  strict_load(+File, -Messages) is det.
%
%   True when File has been loaded and Messages lists every error and
%   warning printed while loading it, plus each undefined predicate called
%   from it; the KB is sound only when Messages is [].

%!  strict_load(+File, -Messages) is det.
%
%   As strict_load/3 with the undefined-procedure scan on.

strict_load(File, Messages) :-
    strict_load(File, [undefined(check)], Messages).

%!  strict_load(+File, +Options, -Messages) is det.
%
%   True when File has been loaded and Messages lists, as "File:Line: kind:
%   text" strings, every error and warning printed while loading and, with
%   the option undefined(check), every call to an undefined procedure
%   (library(check), loaded only then: it costs about 14 ms). The bridge
%   passes undefined(skip) only for a set of files whose exact bytes passed
%   the scan before, under the same SWI-Prolog version (its verification
%   cache); errors and warnings are recorded either way.

strict_load(File, Options, Messages) :-
    (   memberchk(undefined(skip), Options) -> Scan = false ; Scan = true ),
    retractall(recorded_(_)),
    assertz(recording_),
    catch(load_files(File, [if(true)]), Error, record_error_(Error)),
    (   Scan == true
    ->  catch(( use_module(library(check), []), check:list_undefined([]) ), Error2, record_error_(Error2))
    ;   true
    ),
    retractall(recording_),
    findall(M, recorded_(M), Messages),
    retractall(recorded_(_)).

record_error_(Error) :-
    message_location_(Error, Location),
    (   catch('$messages':translate_message(Error, Lines, []), _, fail)
    ->  lines_text_(Lines, Text)
    ;   format(string(Text), "~q", [Error])
    ),
    format(string(Entry), "~w: error: ~w", [Location, Text]),
    assertz(recorded_(Entry)).

reference_location_(clause_term_position(Clause, _), Location) :-
    catch(( clause_property(Clause, file(File)), clause_property(Clause, line_count(Line)) ), _, fail),
    !,
    format(string(Location), "~w:~w", [File, Line]).
reference_location_(Ref, Location) :-
    format(string(Location), "~q", [Ref]).

message_location_(error(_, file(File, Line, _, _)), Location) :-
    !,
    format(string(Location), "~w:~w", [File, Line]).
message_location_(error(_, stream(Stream, Line, _, _)), Location) :-
    catch(stream_property(Stream, file_name(File)), _, fail),
    !,
    format(string(Location), "~w:~w", [File, Line]).
message_location_(_, Location) :-
    source_location(File, Line),
    !,
    format(string(Location), "~w:~w", [File, Line]).
message_location_(_, "kb").

lines_text_(Lines, Text) :-
    catch(with_output_to(string(Text0), print_message_lines(current_output, '', Lines)), _, fail),
    !,
    split_string(Text0, "\n", " \t", Parts0),
    exclude_empty_(Parts0, Parts),
    atomic_list_concat(Parts, ' ', Text).
lines_text_(Lines, Text) :-
    format(string(Text), "~q", [Lines]).

exclude_empty_([], []).
exclude_empty_([""|T], R) :- !, exclude_empty_(T, R).
exclude_empty_([H|T], [H|R]) :- exclude_empty_(T, R).
