:- encoding(utf8).
:- module(load, []).

/** <module> Loads the whole rulebook

The single file that the bridge loads (through strict.pl). It pulls in the
public API. The files of this directory (py1177/engine/) are the engine:
api, batch, card, check, find, interview, json_text, limits, query, strict,
ui_messages, why, whynot and this file. Every file of a KB directory (kb/, or a draft
made with `cp -r kb draft`) is policy, found through the file search path
alias rulebook/1, which the loader points at the KB directory in use (the
bundled one, or a draft given with --kb). So a draft, or an old git
revision, is always read by the current engine.
*/

:- use_module(library(lists), [member/2]).

:- multifile user:file_search_path/2.
:- dynamic user:file_search_path/2.

% Without a loader that set it, the bundled KB is used: py1177/kb in an
% installed wheel, kb/ at the top of a source tree.
:- (   user:file_search_path(rulebook, _)
   ->  true
   ;   prolog_load_context(directory, Dir),
       member(Relative, ['../kb', '../../kb']),
       directory_file_path(Dir, Relative, KB),
       directory_file_path(KB, 'rules.pl', Marker),
       exists_file(Marker)
   ->  absolute_file_name(KB, Abs, [file_type(directory)]),
       assertz(user:file_search_path(rulebook, Abs))
   ;   true
   ).

:- use_module(api, []).

% The other engine modules (check.pl, why.pl, whynot.pl, find.pl, query.pl)
% are loaded, just as strictly, when first used (Bridge.require), so that
% answering a case starts fast.
