:- encoding(utf8).
:- module(load, []).

/** <module> Loads the whole rulebook

The single file that the bridge loads (through strict.pl). It pulls in the
public API. api.pl, check.pl, why.pl, whynot.pl, find.pl and query.pl, with
strict.pl and this file, are the tool; every other file in kb/ is policy, found through the file search
path alias rulebook/1, which the loader points at the KB directory in use
(the bundled one, or a draft given with --kb). So a draft, or an old git
revision, is always read by the current tool.
*/

:- multifile user:file_search_path/2.
:- dynamic user:file_search_path/2.

% Without a loader that set it, the policy files stand beside this file.
:- (   user:file_search_path(rulebook, _)
   ->  true
   ;   prolog_load_context(directory, Dir),
       assertz(user:file_search_path(rulebook, Dir))
   ).

:- use_module(api, []).

% The other tool modules (check.pl, why.pl, whynot.pl, find.pl, query.pl)
% are loaded, just as strictly, when first used (Bridge.require), so that
% answering a case starts fast.
