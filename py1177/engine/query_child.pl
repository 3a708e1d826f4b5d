:- encoding(utf8).
:- module(query_child, []).

/** <module> query_child: the process that runs one sandboxed query

`py1177 query` and Rulebook.query start `swipl` on this file, with the
process's memory, CPU time and output bounded by the caller (see
py1177/sandbox.py), so that a goal that takes Prolog down (a C-stack
overflow, memory outside the stacks) takes down only this process. It
loads the engine and the KB in use strictly (any error or warning refuses
the KB), reads the goal text from standard input — as data, never as part
of a command line or of query text — runs query:query_json/7 and writes
the JSON answer to standard output, after a line "ready" that says the KB
is loaded and the goal may come.

Arguments (all written by py1177): KBDir Limit Millis Inferences Lang
MaxChars MaxInput.
*/

:- initialization(main, main).

:- prolog_load_context(directory, Dir),
   retractall(user:file_search_path(py1177_engine, _)),
   assertz(user:file_search_path(py1177_engine, Dir)).

main :-
    set_prolog_flag(debug_on_error, false),
    set_stream(user_input, encoding(utf8)),
    set_stream(user_output, encoding(utf8)),
    current_prolog_flag(argv, [KB, LimitA, MillisA, InferencesA, Lang, MaxCharsA, MaxInputA]),
    maplist(atom_number, [LimitA, MillisA, InferencesA, MaxCharsA, MaxInputA],
            [Limit, Millis, Inferences, MaxChars, MaxInput]),
    asserta(user:file_search_path(rulebook, KB)),
    load_engine_(Messages),
    (   Messages == []
    ->  format(user_output, "ready~n", []),       % the caller's clock for the goal starts now
        flush_output(user_output),
        read_string(user_input, MaxInput, Text),
        query:query_json(Text, Limit, Millis, Inferences, Lang, MaxChars, Json),
        write(user_output, Json),
        flush_output(user_output)
    ;   forall(member(M, Messages), format(user_error, "~w~n", [M])),
        halt(3)                     % the KB does not load cleanly: the caller says so
    ).

load_engine_(Messages) :-
    absolute_file_name(py1177_engine('strict.pl'), Strict, [access(read)]),
    load_files(Strict, []),
    absolute_file_name(py1177_engine('load.pl'), Load, [access(read)]),
    absolute_file_name(py1177_engine('query.pl'), Query, [access(read)]),
    strict:strict_load(Load, [undefined(skip)], M1),
    strict:strict_load(Query, [undefined(skip)], M2),
    append(M1, M2, Messages).
