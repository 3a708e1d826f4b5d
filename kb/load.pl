:- encoding(utf8).
:- module(load, []).

/** <module> Loads the whole rulebook

The single file that the bridge loads (through strict.pl). It pulls in the
public API, which loads every other KB file, and the checker (check.pl).
*/

:- use_module(api, []).
:- use_module(check, []).
