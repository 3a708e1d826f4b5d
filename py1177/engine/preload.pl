:- encoding(utf8).
:- module(kb_preload, [preload_main/0]).

:- use_module(library(lists), [append/3, member/2]).
:- use_module(strict, [strict_load/3]).
:- use_module(vet, [vet_kb/3, vet_bodies/2]).

/** <module> Loading an untrusted KB in a child process first

The bridge runs this file in a `swipl` child process before it loads a KB
directory other than the bundled one (a draft given with --kb, an old git
revision for diff) into its own process:

    swipl -f none --no-packs -q -g kb_preload:preload_main -t halt(3) preload.pl -- KBDIR

It vets every term of the KB (vet.pl; nothing is loaded when a term is
refused), then loads the whole rulebook strictly (strict.pl) and checks the
bodies of the predicates the engine calls (vet_bodies/2). It writes one line per finding on
standard output, "message<TAB>File:Line: kind: text", "phase<TAB>Phase" as
it starts vetting, loading and checking bodies, one "loading<TAB>File" line
as each file of the KB starts to load, and "done" as its last line. A KB that
halts, crashes the reader or runs out of time never writes "done": the
bridge then refuses it, naming the file that was loading.
*/

:- multifile user:message_hook/3.
:- dynamic user:message_hook/3.

:- dynamic kb_prefix_/1.

user:message_hook(load_file(start(_, file(_, Path))), _, _) :-
    kb_prefix_(Prefix),
    sub_atom(Path, 0, _, _, Prefix),
    format(user_output, "loading\t~w~n", [Path]),
    flush_output(user_output),
    fail.

:- prolog_load_context(directory, Dir),
   assertz(engine_dir_(Dir)).

%!  preload_main is det.
%
%   True when the KB directory given after `--` has been vetted and, if no
%   term was refused, loaded, and every finding has been written.

preload_main :-
    current_prolog_flag(argv, Argv),
    append(_, [KB0], Argv),
    !,
    absolute_file_name(KB0, KB, [file_type(directory)]),
    engine_dir_(Engine),
    assertz(user:file_search_path(rulebook, KB)),
    atom_concat(KB, '/', Prefix),
    assertz(kb_prefix_(Prefix)),
    phase_(vetting),
    vet_kb(KB, Engine, Refused),
    (   Refused == []
    ->  directory_file_path(Engine, 'load.pl', Load),
        phase_(loading),
        strict_load(Load, [undefined(check)], Problems),
        (   Problems == []
        ->  phase_(bodies),
            vet_bodies(Engine, Messages)
        ;   Messages = Problems
        )
    ;   Messages = Refused
    ),
    length(Messages, Count),
    (   Count > 50
    ->  length(Shown, 50),
        append(Shown, _, Messages),
        Hidden is Count - 50,
        format(string(More), "kb: error: ~D more problem(s) not shown", [Hidden]),
        append(Shown, [More], Emitted)
    ;   Emitted = Messages
    ),
    forall(member(M, Emitted), emit_(M)),
    format(user_output, "done~n", []),
    flush_output(user_output).
preload_main :-
    format(user_output, "message\tkb: error: no KB directory given~ndone~n", []).

phase_(Phase) :-
    format(user_output, "phase\t~w~n", [Phase]),
    flush_output(user_output).

emit_(Message) :-
    split_string(Message, "\n\t", "", Parts),
    atomic_list_concat(Parts, ' ', Line0),
    (   sub_atom(Line0, 0, 600, _, Start)   % an atom in a refused term may be megabytes long
    ->  atom_concat(Start, ' ...', Line)
    ;   Line = Line0
    ),
    format(user_output, "message\t~w~n", [Line]).
