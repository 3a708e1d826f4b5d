:- encoding(utf8).
:- module(json_probe, [json_probe/3]).

/** <module> Test helper: the same term through py1177/engine/json_text.pl and library(http/json)

The test builds terms from quoted atoms: string(A) is the string of A,
float(A) the float A spells, dict([pair(K, V), ...]) a dict; anything else is itself.
*/

:- use_module(library(http/json), [json_write_dict/3]).
:- use_module(library(apply), [maplist/3]).

json_probe(Spec, Ours, Theirs) :-
    build_(Spec, Term),
    json_text:json_text(Term, Ours),
    with_output_to(string(Theirs), json_write_dict(current_output, Term, [width(0)])).

build_(string(A), S) :- !, atom_string(A, S).
build_(float(A), F) :- !, atom_number(A, F0), F is float(F0).
build_(dict(Pairs), D) :- !, maplist(pair_, Pairs, Built), dict_pairs(D, _, Built).
build_(List, Built) :- is_list(List), !, maplist(build_, List, Built).
build_(X, X).

pair_(pair(K, V), K-B) :- build_(V, B).
