:- encoding(utf8).
:- module(kb_vet,
          [ vet_kb/3,                 % +KBDir, +EngineDir, -Messages
            vet_bodies/2              % +EngineDir, -Messages
          ]).

:- use_module(library(lists), [member/2, append/3, list_to_set/2]).
:- use_module(library(occurs), [sub_term/2]).
:- use_module(library(apply), [maplist/2, exclude/3]).

/** <module> Vetting a KB before it is loaded

A KB directory that is not the bundled one (a draft given with --kb, an old
git revision for diff) may hold anything. Loading Prolog runs its
directives, so vet_kb/3 reads every term of every KB file that can be loaded
first, WITHOUT loading anything, and refuses any term that could run code or
change how the rest is read or loaded:

  - directives other than module/2 (as the first term), encoding/1,
    discontiguous/1, multifile/1, dynamic/1, use_module/1,2 and
    ensure_loaded/1 of KB files or of allowed libraries, and include/1 of
    KB files; so no halt, initialization, shell, op/3, set_prolog_flag,
    if/elif (conditional compilation runs its goal), table, `:- X`, `?- G`;
  - clauses of term_expansion/2,4 and goal_expansion/2,4 (run while
    loading), and clauses for modules other than the KB's own (hooks such
    as user:message_hook/3, user:prolog_load_file/2,
    user:file_search_path/2, sandbox:safe_primitive/1);
  - operators in export lists, module names that are taken (a library, an
    engine module, user/system), quasi-quotations (their parser runs when
    read);
  - references to files outside the KB directory, to files that are not
    regular files or are too large.

vet_bodies/2 runs after a vetted KB was loaded (in the child process, and
again in the caller's) and refuses a KB predicate the engine calls whose
body may call what library(sandbox) does not allow (shell, halt, files,
assert on other modules …): the KB is then never loaded into the caller's
process, or not handed out there.
*/

:- dynamic term_/4.          % File, Line, Term, Context
:- dynamic file_/2.          % File, Kind (module(Name) | include | missing)
:- dynamic message_/1.
:- dynamic include_of_/2.    % Included, Includer

%!  max_file_bytes(-Bytes) is det.
%
%   True when Bytes is the largest KB file that is read.

max_file_bytes(16 000 000).

%!  max_term_depth(-Depth) is det.
%
%   True when Depth is the deepest nesting of a KB term (list elements,
%   conjunctions and disjunctions count as one level): the reader of the
%   caller's process, with no C-stack guard under pyswip, can crash on
%   terms that the child's reader still accepts (about 10 000 levels).

max_term_depth(1000).

%!  allowed_library(?Library) is nondet.
%
%   True when library(Library) may be loaded by a KB file: pure libraries.

allowed_library(lists).
allowed_library(apply).
allowed_library(pairs).
allowed_library(error).
allowed_library(aggregate).
allowed_library(yall).
allowed_library(ordsets).
allowed_library(assoc).
allowed_library(option).
allowed_library(occurs).
allowed_library(solution_sequences).
allowed_library(dcg/basics).

%!  vet_kb(+KBDir, +EngineDir, -Messages) is det.
%
%   True when Messages lists, as "File:Line: error: text" strings, every
%   term of the KB files in KBDir that a KB may not hold; nothing is
%   loaded. The files vetted are those that can be loaded: Name.pl for
%   every rulebook(Name) the engine in EngineDir loads, and every file they
%   load or include (other files of KBDir are never loaded, e.g. the engine
%   files an old revision of kb/ still holds). The engine's module names
%   are taken.

vet_kb(Dir0, EngineDir, Messages) :-
    retractall(term_(_, _, _, _)),
    retractall(file_(_, _)),
    retractall(message_(_)),
    retractall(include_of_(_, _)),
    absolute_file_name(Dir0, Dir, [file_type(directory)]),
    findall(File, ( engine_rulebook_name_(EngineDir, Name),
                    file_name_extension(Name, pl, Base),
                    directory_file_path(Dir, Base, File) ),
            Roots0),
    sort(Roots0, Roots),
    read_all_(Roots, Dir),
    check_all_(Dir, EngineDir),
    check_names_,
    findall(M, message_(M), Messages0),
    list_to_set(Messages0, Messages),
    retractall(term_(_, _, _, _)),
    retractall(file_(_, _)),
    retractall(message_(_)),
    retractall(include_of_(_, _)).

% --- reading ---------------------------------------------------------------

read_all_([], _).
read_all_([File|Files], Dir) :-
    (   file_(File, _)
    ->  New = []
    ;   read_file_(File, Dir),
        findall(Ref, referenced_(File, Dir, Ref), New)
    ),
    append(Files, New, Rest),
    read_all_(Rest, Dir).

read_file_(File, _) :-
    \+ exists_file(File),
    !,
    assertz(file_(File, missing)),
    (   access_file(File, exist)
    ->  add_(File, 0, "not a regular file (a directory, FIFO or device)", [])
    ;   add_(File, 0, "missing (the loader would take another file in its place, or none)", [])
    ).
read_file_(File, _) :-
    size_file(File, Size),
    max_file_bytes(Max),
    Size > Max,
    !,
    assertz(file_(File, missing)),
    add_(File, 0, "~D bytes: larger than a KB file may be (~D bytes)", [Size, Max]).
read_file_(File, _) :-
    assertz(file_(File, read)),
    catch(setup_call_cleanup(open(File, read, Stream),   % as the loader opens it (encoding flag, BOM)
                             read_terms_(Stream, File),
                             close(Stream)),
          Error,
          read_error_(File, 0, Error)).

%   Reading stops at the first error (the KB is refused then); an error
%   without a position (C-stack overflow on a deeply nested term) is placed
%   on the line where the term began.
read_terms_(Stream, File) :-
    skip_layout_(Stream),
    line_count(Stream, Before),
    catch(read_term(Stream, Term, [ term_position(Pos), syntax_errors(error), quasi_quotations(QQ),
                                    module(user), variable_names(_) ]),
          Error,
          ( read_error_(File, Before, Error), Term = end_of_file, QQ = [] )),
    (   Term == end_of_file
    ->  true
    ;   stream_position_data(line_count, Pos, Line),
        max_term_depth(MaxDepth),
        (   QQ \== []
        ->  add_(File, Line, "quasi-quotations are not allowed in a KB (their parser runs when read)", [])
        ;   deeper_than_(Term, MaxDepth)
        ->  add_(File, Line, "a term nested more than ~D levels deep (a KB needs far fewer; a deeper one can crash the process that loads it)", [MaxDepth])
        ;   assertz(term_(File, Line, Term, none)),
            (   nonvar(Term), Term = (:- encoding(Enc)), atom(Enc)
            ->  catch(set_stream(Stream, encoding(Enc)), _, true)
            ;   true
            ),
            read_terms_(Stream, File)
        )
    ).

%   True when Term is nested more than Max levels deep (the tails of lists
%   and of right-nested control, as in a long clause body, stay on one level).
deeper_than_(Term, Max) :-
    compound(Term),
    (   Max =< 0
    ->  true
    ;   Max1 is Max - 1,
        (   right_nested_(Term, Left, Right)
        ->  (   deeper_than_(Left, Max1)
            ->  true
            ;   deeper_than_(Right, Max)
            )
        ;   arg(_, Term, Arg),
            deeper_than_(Arg, Max1)
        ->  true
        )
    ).

right_nested_([H|T], H, T).
right_nested_((A, B), A, B).
right_nested_((A ; B), A, B).
right_nested_((A | B), A, B).
right_nested_((A -> B), A, B).

skip_layout_(Stream) :-
    peek_char(Stream, C),
    (   C \== end_of_file, char_type(C, space)
    ->  get_char(Stream, _),
        skip_layout_(Stream)
    ;   true
    ).

read_error_(File, Before, Error) :-
    (   Error = error(_, stream(_, Line, _, _)) -> true
    ;   Error = error(_, file(_, Line, _, _)) -> true
    ;   Line = Before
    ),
    message_text_(Error, Text),
    add_(File, Line, "~w", [Text]).

%   A file a term of File loads or includes (relative to File), when it
%   lies in the KB directory; the others are refused by check_term_/4.
referenced_(File, Dir, Ref) :-
    term_(File, _, (:- Directive), _),
    nonvar(Directive),
    directive_file_(Directive, Kind, Spec),
    local_file_(Spec, File, Dir, Ref),
    (   Kind == include -> assertz(include_of_(Ref, File)) ; true ).

directive_file_(use_module(Spec), load, Spec).
directive_file_(use_module(Spec, _), load, Spec).
directive_file_(ensure_loaded(Spec), load, Spec).
directive_file_(include(Spec), include, Spec).

%   Spec (a plain relative path: atom or a/b/c of atoms) resolved against
%   the directory of File, inside Dir, with extension .pl.
local_file_(Spec, File, Dir, Abs) :-
    plain_path_(Spec),
    path_text_(Spec, Text),
    file_directory_name(File, Here),
    (   file_name_extension(_, pl, Text) -> Name = Text ; file_name_extension(Text, pl, Name) ),
    directory_file_path(Here, Name, Abs0),
    absolute_file_name(Abs0, Abs),
    atom_concat(Dir, '/', Prefix),
    sub_atom(Abs, 0, _, _, Prefix).

plain_path_(Spec) :-
    atom(Spec),
    !,
    \+ sub_atom(Spec, 0, _, _, '/').
plain_path_(A/B) :-
    plain_path_(A),
    atom(B).

path_text_(Spec, Spec) :-
    atom(Spec),
    !.
path_text_(A/B, Text) :-
    path_text_(A, T),
    atomic_list_concat([T, B], '/', Text).

% --- which file the loader picks ---------------------------------------------

%   The loader resolves rulebook(Name) and a relative use_module(Name) by
%   trying Name.pl, Name.prolog, Name.qlf and Name, and loads a compiled
%   Name.qlf in place of an older Name.pl: so every Name the engine or a
%   KB file loads must exist as Name.pl (vetted; read_file_/2 reports a
%   missing one), and no .qlf or .prolog may stand beside a vetted file,
%   else an unvetted file would be loaded.
check_names_ :-
    forall(( file_(File, _),
             file_name_extension(Base, pl, File),
             member(Ext, [qlf, prolog]),
             file_name_extension(Base, Ext, Other),
             access_file(Other, exist) ),
           add_(Other, 0, "a .~w file beside ~w would be loaded in its place; remove it", [Ext, File])).

engine_rulebook_name_(EngineDir, Name) :-
    directory_files(EngineDir, Entries),
    member(E, Entries),
    file_name_extension(_, pl, E),
    directory_file_path(EngineDir, E, Path),
    catch(setup_call_cleanup(open(Path, read, S),
                             findall(N, engine_reference_(S, N), Names),
                             close(S)), _, Names = []),
    member(Name, Names).

engine_reference_(S, Name) :-
    repeat,
    read_term(S, Term, [syntax_errors(quiet)]),
    (   Term == end_of_file
    ->  !,
        fail
    ;   nonvar(Term),
        Term = (:- Directive),
        nonvar(Directive),
        directive_file_(Directive, load, Spec),
        nonvar(Spec),
        Spec = rulebook(Name),
        atom(Name)
    ).

% --- checking --------------------------------------------------------------

check_all_(Dir, EngineDir) :-
    findall(File, file_(File, read), Files),
    maplist(file_kind_, Files),
    findall(Name-File, file_(File, module(Name)), Modules),
    forall(file_(File, read), check_file_(File, Dir, EngineDir, Modules)).

%   module(Name) when the file's first term (after encoding/1) declares one.
file_kind_(File) :-
    (   first_term_(File, (:- module(Name, _)), _),
        atom(Name)
    ->  assertz(file_(File, module(Name)))
    ;   true
    ).

first_term_(File, Term, Line) :-
    term_(File, Line0, Term0, _),
    \+ ( nonvar(Term0), Term0 = (:- encoding(_)) ),
    !,
    Term = Term0,
    Line = Line0.

check_file_(File, Dir, EngineDir, Modules) :-
    (   include_of_(File, _)
    ->  true
    ;   file_(File, module(_))
    ->  true
    ;   first_term_(File, _, Line)
    ->  add_(File, Line, "a KB file that is not included must begin with :- module(Name, Exports)", [])
    ;   add_(File, 0, "an empty KB file that is not included must begin with :- module(Name, Exports)", [])
    ),
    forall(term_(File, Line, Term, _),
           check_term_(Term, File, Line, ctx(Dir, EngineDir, Modules))).

check_term_(Term, File, Line, _) :-
    var(Term),
    !,
    add_(File, Line, "a clause that is a variable", []).
check_term_((:- Directive), File, Line, Ctx) :-
    !,
    check_directive_(Directive, File, Line, Ctx).
check_term_((?- _), File, Line, _) :-
    !,
    add_(File, Line, "a query (?- Goal) is not allowed in a KB: it runs when loaded", []).
check_term_((Head :- _), File, Line, Ctx) :-
    !,
    check_head_(Head, 0, File, Line, Ctx).
check_term_((Head --> _), File, Line, Ctx) :-
    !,
    (   nonvar(Head), Head = (Head1, _) -> true ; Head1 = Head ),
    check_head_(Head1, 2, File, Line, Ctx).
check_term_(M:Clause, File, Line, Ctx) :-
    !,
    (   kb_module_(M, Ctx)
    ->  (   nonvar(Clause), ( Clause = (:- _) ; Clause = (?- _) ; Clause = _:_ )
        ->  add_(File, Line, "a module-qualified directive or query is not allowed in a KB", [])
        ;   check_term_(Clause, File, Line, Ctx)
        )
    ;   refuse_module_(M, File, Line)
    ).
check_term_(Head, File, Line, Ctx) :-
    check_head_(Head, 0, File, Line, Ctx).

%   Extra is 2 for a DCG rule's head (its clause has two more arguments).
check_head_(Head, _, File, Line, _) :-
    var(Head),
    !,
    add_(File, Line, "a clause head that is a variable", []).
check_head_(M:Head, Extra, File, Line, Ctx) :-
    !,
    (   kb_module_(M, Ctx)
    ->  check_head_(Head, Extra, File, Line, Ctx)
    ;   refuse_module_(M, File, Line)
    ).
check_head_(Head, Extra, File, Line, _) :-
    callable(Head),
    functor(Head, Name, Arity0),
    Arity is Arity0 + Extra,
    expansion_hook_(Name, Arity),
    !,
    add_(File, Line, "clauses of ~w/~w are not allowed in a KB: they run while it is loaded",
         [Name, Arity]).
check_head_(_, _, _, _, _).

expansion_hook_(term_expansion, 2).
expansion_hook_(term_expansion, 4).
expansion_hook_(goal_expansion, 2).
expansion_hook_(goal_expansion, 4).

kb_module_(M, ctx(_, _, Modules)) :-
    atom(M),
    memberchk(M-_, Modules).

refuse_module_(M, File, Line) :-
    (   var(M)
    ->  add_(File, Line, "a clause for a module given by a variable", [])
    ;   add_(File, Line, "a clause or declaration for module ~q, which is not a module of this KB", [M])
    ).

% Directives ---------------------------------------------------------------

check_directive_(D, File, Line, _) :-
    var(D),
    !,
    add_(File, Line, "a directive that is a variable (:- X) is not allowed in a KB", []).
check_directive_(encoding(E), _, _, _) :-
    atom(E),
    !.
check_directive_(module(Name, Exports), File, Line, Ctx) :-
    !,
    (   first_term_(File, (:- module(N1, _)), Line), N1 == Name
    ->  check_module_name_(Name, File, Line, Ctx),
        check_exports_(Exports, File, Line)
    ;   add_(File, Line, ":- module/2 is allowed only as the first term of a KB file", [])
    ).
check_directive_(D, File, Line, Ctx) :-
    D =.. [Decl, Specs],
    memberchk(Decl, [discontiguous, multifile, dynamic]),
    !,
    (   pi_specs_(Specs, PIs),
        maplist(pi_ok_(Ctx), PIs)
    ->  true
    ;   add_(File, Line, ":- ~w takes Name/Arity (of this KB's modules) only", [Decl])
    ).
check_directive_(D, File, Line, Ctx) :-
    directive_file_(D, Kind, Spec),
    D \= use_module(_, _),
    !,
    check_spec_(Kind, Spec, File, Line, Ctx).
check_directive_(use_module(Spec, Imports), File, Line, Ctx) :-
    !,
    check_spec_(load, Spec, File, Line, Ctx),
    (   imports_ok_(Imports)
    ->  true
    ;   add_(File, Line, ":- use_module/2 takes a list of Name/Arity to import", [])
    ).
check_directive_(D, File, Line, _) :-
    add_(File, Line,
         "directive not allowed in a KB: ~W (allowed: module/2, encoding/1, discontiguous/1, multifile/1, dynamic/1, use_module/1,2 and ensure_loaded/1 of KB files or allowed libraries, include/1 of KB files)",
         [(:- D), [quoted(true), max_depth(4), portray(false)]]).

check_spec_(Kind, library(Lib), File, Line, _) :-
    !,
    (   Kind == load, ground(Lib), allowed_library(Lib)
    ->  true
    ;   findall(L, allowed_library(L), Ls),
        format(atom(Allowed), "~w", [Ls]),
        add_(File, Line, "~W may not be loaded by a KB (allowed libraries: ~w)",
             [library(Lib), [quoted(true), max_depth(4), portray(false)], Allowed])
    ).
check_spec_(_, Spec, File, Line, ctx(Dir, _, _)) :-
    (   local_file_(Spec, File, Dir, _)
    ->  true
    ;   add_(File, Line, "~W is not a file of this KB directory (a relative path inside ~w)",
             [Spec, [quoted(true), max_depth(4), portray(false)], Dir])
    ).

check_module_name_(Name, File, Line, ctx(_, EngineDir, Modules)) :-
    (   \+ atom(Name)
    ->  add_(File, Line, "a module name must be an atom", [])
    ;   findall(F, member(Name-F, Modules), [_, _|_])
    ->  add_(File, Line, "module ~q is declared by more than one KB file", [Name])
    ;   taken_module_(Name, EngineDir)
    ->  add_(File, Line, "module name ~q is taken (by SWI-Prolog, a library or the engine)", [Name])
    ;   true
    ).

taken_module_(Name, _) :-
    memberchk(Name, [user, system, prolog]).
taken_module_(Name, _) :-
    sub_atom(Name, 0, _, _, '$').
taken_module_(Name, _) :-
    current_module(Name),
    \+ ( module_property(Name, file(F)), file_(F, _) ).
taken_module_(Name, _) :-
    absolute_file_name(library(Name), _, [file_type(prolog), access(read), file_errors(fail)]).
taken_module_(Name, EngineDir) :-
    directory_files(EngineDir, Entries),
    member(E, Entries),
    file_name_extension(_, pl, E),
    directory_file_path(EngineDir, E, Path),
    catch(setup_call_cleanup(open(Path, read, S),
                             engine_module_(S, Name1),
                             close(S)), _, fail),
    Name1 == Name,
    !.

engine_module_(S, Name) :-
    between(1, 3, _),
    read_term(S, Term, []),
    (   Term = (:- module(Name, _)) -> ! ; Term == end_of_file -> !, fail ; fail ).

check_exports_(Exports, File, Line) :-
    (   is_list(Exports), maplist(pi_, Exports)
    ->  true
    ;   add_(File, Line, "an export list may hold Name/Arity and Name//Arity only (no op/3)", [])
    ).

pi_specs_(Specs, [Specs]) :-
    var(Specs),
    !.
pi_specs_((A, B), PIs) :-
    !,
    pi_specs_(A, PA),
    pi_specs_(B, PB),
    append(PA, PB, PIs).
pi_specs_(List, List) :-
    is_list(List),
    !.
pi_specs_(PI, [PI]).

pi_ok_(Ctx, M:PI) :-
    !,
    kb_module_(M, Ctx),
    pi_(PI).
pi_ok_(_, PI) :-
    pi_(PI).

pi_(PI) :-
    nonvar(PI),
    (   PI = Name/Arity ; PI = Name//Arity ),
    atom(Name),
    integer(Arity),
    Arity >= 0.

imports_ok_(Imports) :-
    is_list(Imports),
    maplist(import_, Imports).
imports_ok_(except(List)) :-
    is_list(List),
    maplist(import_, List).

import_(PI) :-
    pi_(PI),
    !.
import_(PI as Name) :-
    pi_(PI),
    atom(Name).

% --- bodies (after loading, in the child process) --------------------------

%!  vet_bodies(+EngineDir, -Messages) is det.
%
%   True when Messages lists, as "File:Line: error: text" strings, every
%   predicate of the loaded KB (the modules loaded from the rulebook/1
%   directory) that the engine in EngineDir calls — those its files import
%   from rulebook(Name), and those they name as Module:Goal — whose body
%   may call something library(sandbox) does not allow. safe_goal/1 walks
%   everything such a predicate may call, so whatever the engine can reach
%   in the KB is checked; what it cannot reach is never run (a query goes
%   through library(sandbox) itself), so e.g. an old revision's own message
%   renderer with a format template taken from data is left alone.

vet_bodies(EngineDir, Messages) :-
    use_module(library(sandbox), [safe_goal/1]),
    user:file_search_path(rulebook, Dir0),
    !,
    absolute_file_name(Dir0, Dir, [file_type(directory)]),
    atom_concat(Dir, '/', Prefix),
    findall(M-MF, ( current_module(M), module_property(M, file(MF)), sub_atom(MF, 0, _, _, Prefix) ),
            Modules),
    engine_terms_(EngineDir, Terms),
    findall(M:Name/Arity, ( member(Term, Terms), engine_calls_(Term, Dir, Modules, M, Name, Arity) ),
            Called0),
    sort(Called0, Called),
    findall(Message,
            ( member(M:Name/Arity, Called),
              memberchk(M-MF, Modules),
              functor(Head, Name, Arity),
              predicate_property(M:Head, defined),
              unsafe_(M:Head, Text),
              predicate_location_(M:Head, MF, Location),
              format(string(Message), "~w: error: ~q may call what a KB must not: ~w",
                     [Location, Name/Arity, Text]) ),
            Messages).
vet_bodies(_, []).

engine_terms_(EngineDir, Terms) :-
    directory_files(EngineDir, Entries),
    findall(Term,
            ( member(E, Entries),
              file_name_extension(_, pl, E),
              directory_file_path(EngineDir, E, Path),
              catch(setup_call_cleanup(open(Path, read, S),
                                       findall(T, stream_term_(S, T), Ts),
                                       close(S)), _, Ts = []),
              member(Term, Ts) ),
            Terms).

stream_term_(S, Term) :-
    repeat,
    read_term(S, Term0, [syntax_errors(quiet)]),
    (   Term0 == end_of_file
    ->  !,
        fail
    ;   Term = Term0
    ).

%   M:Name/Arity is a KB predicate the engine term Term imports or names.
engine_calls_((:- Directive), Dir, Modules, M, Name, Arity) :-
    nonvar(Directive),
    (   Directive = use_module(Spec, Imports) -> true ; Directive = use_module(Spec), Imports = all ),
    nonvar(Spec),
    Spec = rulebook(Base),
    atom(Base),
    file_name_extension(Base, pl, FileName),
    directory_file_path(Dir, FileName, File),
    member(M-File, Modules),
    (   is_list(Imports)
    ->  member(Import, Imports),
        (   Import = (PI as _) -> true ; PI = Import ),
        PI = Name/Arity
    ;   module_property(M, exports(Exports)),
        member(Name/Arity, Exports)
    ).
engine_calls_(Term, _, Modules, M, Name, Arity) :-
    sub_term(Sub, Term),
    nonvar(Sub),
    Sub = M0:Goal,
    atom(M0),
    memberchk(M0-_, Modules),
    callable(Goal),
    M = M0,
    functor(Goal, Name, Arity).

unsafe_(Goal, Text) :-
    catch(( sandbox:safe_goal(Goal) -> fail ; Text = "not provably safe" ), Error, true),
    (   var(Error) -> true ; message_text_(Error, Text) ).

predicate_location_(Goal, Default, Location) :-
    (   predicate_property(Goal, file(F)), predicate_property(Goal, line_count(L))
    ->  format(string(Location), "~w:~w", [F, L])
    ;   format(string(Location), "~w", [Default])
    ).

% --- messages --------------------------------------------------------------

add_(File, Line, Format, Args) :-
    format(string(Text), Format, Args),
    format(string(Entry), "~w:~w: error: ~w", [File, Line, Text]),
    assertz(message_(Entry)).

message_text_(Error, Text) :-
    catch('$messages':translate_message(Error, Lines, []), _, fail),
    catch(with_output_to(string(Text0), print_message_lines(current_output, '', Lines)), _, fail),
    !,
    split_string(Text0, "\n", " \t", Parts0),
    exclude(==(""), Parts0, Parts),
    atomic_list_concat(Parts, ' ', Text).
message_text_(Error, Text) :-
    format(string(Text), "~W", [Error, [quoted(true), max_depth(6)]]).
