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
    with_output_to(string(Json), value_(Term)).

% Written to current_output (a string buffer): no list of codes is built,
% and a string without a character to escape is written whole.
value_(T) :- var(T), !, type_error(json_term, T).
value_(T) :- is_dict(T), !, dict_pairs(T, _, Pairs), put_char('{'), pairs_(Pairs), put_char('}').
value_(T) :- is_list(T), !, put_char('['), items_(T), put_char(']').
value_(T) :- string(T), !, string_(T).
value_(T) :- atom(T), !, atom_(T).
value_(T) :- integer(T), !, write(T).
value_(T) :- float(T), !, float_(T).
value_(T) :- type_error(json_term, T).

atom_(true) :- !, write(true).
atom_(false) :- !, write(false).
atom_(null) :- !, write(null).
atom_(A) :- string_(A).

float_(F) :-
    (   ( F =:= inf ; F =:= -inf ; F =\= F )
    ->  type_error(json_number, F)
    ;   format("~w", [F])
    ).

pairs_([]).
pairs_([K-V|T]) :- key_(K), put_char(':'), value_(V), more_pairs_(T).
more_pairs_([]).
more_pairs_([K-V|T]) :- put_char(','), key_(K), put_char(':'), value_(V), more_pairs_(T).

key_(K) :- integer(K), !, put_char('"'), write(K), put_char('"').
key_(K) :- string_(K).

items_([]).
items_([H|T]) :- value_(H), more_items_(T).
more_items_([]).
more_items_([H|T]) :- put_char(','), value_(H), more_items_(T).

string_(Text) :-
    special_chars_(Specials),
    (   split_string(Text, Specials, "", [_]),
        \+ sub_string(Text, _, _, _, "\x0\")
    ->  put_char('"'), write(Text), put_char('"')
    ;   atom_codes(Text, Codes),
        put_char('"'), escaped_(Codes), put_char('"')
    ).

% The characters JSON requires to be escaped but NUL (split_string/4 reads
% its separators up to a NUL): the quote, the backslash and U+0001..U+001F.
special_chars_("\"\\\x1\\x2\\x3\\x4\\x5\\x6\\x7\\x8\\x9\\xA\\xB\\xC\\xD\\xE\\xF\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1A\\x1B\\x1C\\x1D\\x1E\\x1F\").

escaped_([]).
escaped_([C|Cs]) :- escape_(C), escaped_(Cs).

escape_(0'") :- !, write('\\"').
escape_(0'\\) :- !, write('\\\\').
escape_(0'\n) :- !, write('\\n').
escape_(0'\r) :- !, write('\\r').
escape_(0'\t) :- !, write('\\t').
escape_(0'\b) :- !, write('\\b').
escape_(0'\f) :- !, write('\\f').
escape_(C) :- C < 0x20, !, format("\\u~|~`0t~16r~4+", [C]).
escape_(C) :- put_code(C).
