:- encoding(utf8).
:- module(json_text,
          [ json_text/2               % +Term, -Json
          ]).

/** <module> JSON text of the KB's answers

A small writer for the data the tool modules hand to Python: dicts, lists,
strings, atoms, numbers and the literals true, false and null. It replaces
library(http/json), whose loading cost about 13 ms of every cold start
(bench/bench.py measures the start; tests/test_startup.py checks, on random
nestings, that both writers give the same JSON for the same terms). Output is compact (no
spaces); text is written as it is, except for the characters JSON requires
to be escaped.
*/

%!  json_text(+Term, -Json) is det.
%
%   True when Json is the JSON text (a string) of Term: a dict becomes an
%   object (keys in standard order), a list an array, a string or an atom
%   other than true/false/null a string, a number a number. Raises
%   type_error(json_term, T) for any other term (variables, compounds).

json_text(Term, Json) :-
    phrase(value_(Term), Codes),
    string_codes(Json, Codes).

value_(T) --> { var(T) }, !, { type_error(json_term, T) }.
value_(T) --> { is_dict(T) }, !, { dict_pairs(T, _, Pairs) }, "{", pairs_(Pairs), "}".
value_(T) --> { is_list(T) }, !, "[", items_(T), "]".
value_(T) --> { string(T) }, !, string_(T).
value_(T) --> { atom(T) }, !, atom_(T).
value_(T) --> { integer(T) }, !, { number_codes(T, Cs) }, Cs.
value_(T) --> { float(T) }, !, float_(T).
value_(T) --> { type_error(json_term, T) }.

atom_(true) --> !, "true".
atom_(false) --> !, "false".
atom_(null) --> !, "null".
atom_(A) --> string_(A).

float_(F) -->
    { (   F =:= inf ; F =:= -inf ; F =\= F )
    ->  type_error(json_number, F)
    ;   format(codes(Codes), "~w", [F])
    },
    Codes.

pairs_([]) --> [].
pairs_([K-V|T]) --> key_(K), ":", value_(V), more_pairs_(T).
more_pairs_([]) --> [].
more_pairs_([K-V|T]) --> ",", key_(K), ":", value_(V), more_pairs_(T).

key_(K) --> { integer(K) }, !, { number_codes(K, Cs) }, "\"", Cs, "\"".
key_(K) --> string_(K).

items_([]) --> [].
items_([H|T]) --> value_(H), more_items_(T).
more_items_([]) --> [].
more_items_([H|T]) --> ",", value_(H), more_items_(T).

string_(Text) -->
    { atom_codes(Text, Codes) },
    "\"", escaped_(Codes), "\"".

escaped_([]) --> [].
escaped_([C|Cs]) --> escape_(C), escaped_(Cs).

escape_(0'") --> !, "\\\"".
escape_(0'\\) --> !, "\\\\".
escape_(0'\n) --> !, "\\n".
escape_(0'\r) --> !, "\\r".
escape_(0'\t) --> !, "\\t".
escape_(0'\b) --> !, "\\b".
escape_(0'\f) --> !, "\\f".
escape_(C) --> { C < 0x20 }, !, { format(codes(Hex), "\\u~|~`0t~16r~4+", [C]) }, Hex.
escape_(C) --> [C].
