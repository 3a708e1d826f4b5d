:- encoding(utf8).
:- module(strict,
          [ strict_load/2,            % +File, -Messages
            strict_load/3,            % +File, +Options, -Messages
            undefined_scan/1,         % -Messages
            loaded_files/2            % -Paths, -Modified
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
%   (undefined_scan/1). With undefined(skip) the scan is left to the caller:
%   the bridge runs it unless the exact files loaded (loaded_files/1) passed
%   it before under the same SWI-Prolog version (its verification cache).
%   Errors and warnings are recorded either way.

strict_load(File, Options, Messages) :-
    (   memberchk(undefined(skip), Options) -> Scan = false ; Scan = true ),
    retractall(recorded_(_)),
    assertz(recording_),
    catch(load_files(File, [if(true)]), Error, record_error_(Error)),
    (   Scan == true -> scan_ ; true ),
    retractall(recording_),
    findall(M, recorded_(M), Messages),
    retractall(recorded_(_)).

%!  undefined_scan(-Messages) is det.
%
%   True when Messages lists every call to an undefined procedure in the
%   loaded program, as "File:Line: error: undefined procedure PI" strings
%   (library(check), loaded only now: it costs about 14 ms).

undefined_scan(Messages) :-
    retractall(recorded_(_)),
    assertz(recording_),
    scan_,
    retractall(recording_),
    findall(M, recorded_(M), Messages),
    retractall(recorded_(_)).

scan_ :-
    catch(( use_module(library(check), []), check:list_undefined([]) ), Error, record_error_(Error)).

%!  loaded_files(-Paths, -Modified) is det.
%
%   True when Paths lists every source file loaded so far, included files
%   too, outside SWI-Prolog's own home (whose files its version stands for),
%   and Modified, in the same order, each file's time stamp when it was
%   loaded. (Two flat lists: they cross the bridge as plain values.)

loaded_files(Paths, Modified) :-
    current_prolog_flag(home, Home0),
    atom_concat(Home0, '/', Home),
    findall(file(Path, Modified),
            ( (   source_file(Path),
                  source_file_property(Path, modified(Modified))
              ;   source_file(Parent),
                  source_file_property(Parent, includes(Path, Modified))
              ),
              \+ sub_atom(Path, 0, _, _, Home) ),
            Files0),
    sort(Files0, Files),
    findall(P, member(file(P, _), Files), Paths),
    findall(M, member(file(_, M), Files), Modified).

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
