:- encoding(utf8).
:- module(query,
          [ query_json/6,             % +Text, +Limit, +Millis, +Inferences, +Lang, -Json
            query_json/7,             % +Text, +Limit, +Millis, +Inferences, +Lang, +MaxChars, -Json
            public_predicates_json/1  % -Json
          ]).

:- use_module(library(lists), [member/2, append/3, nth1/3]).
:- use_module(library(apply), [maplist/3, include/3, foldl/4]).
:- use_module(library(sandbox), [safe_goal/1]).
:- use_module(library(time), [call_with_time_limit/2]).
:- use_module(library(readutil), [read_file_to_string/3]).
:- use_module(json_text, [json_text/2]).
:- use_module(rulebook(guideline), []).
:- use_module(rulebook(vocabulary), []).
:- use_module(rulebook(scenarios), []).
:- use_module(rulebook(section_4), []).
:- use_module(rulebook(rules), []).
:- use_module(rulebook(questions), []).
:- use_module(api, []).

/** <module> query: a sandboxed Prolog query over the rulebook for policy authors

A goal given as text is read without running it, checked against a white
list — the KB's documented public predicates and plain control, comparison,
arithmetic and list predicates — and then by library(sandbox)'s
safe_goal/1, and run under a time limit and an inference limit. Anything
else (shell, halt, assert, files, flags, consult …) is refused before it
runs. Only one goal is read: text after it is refused.

py1177 runs this in a child process of its own (query_child.pl), whose
memory, CPU time, wall-clock time and output the caller bounds too: a goal
that still takes Prolog down (a C-stack overflow, memory outside the
stacks) takes down only that child.
*/

%!  public_predicate(?Module, ?Name, ?Arity) is nondet.
%
%   True when Module:Name/Arity may be called from a query: an exported,
%   documented predicate of the policy modules, or of the API.

public_predicate(M, N, A) :-
    member(M, [guideline, vocabulary, scenarios, section_4, rules, questions, api]),
    module_property(M, exports(Exports)),
    member(N/A, Exports),
    \+ hidden_(M, N/A),
    pldoc_(M, N, A, _, _).

% JSON builders and input normalisation are not questions about the policy;
% advise/4 and decision/4 build dicts the sandbox cannot analyse (use py1177 advise).
hidden_(api, Name/_) :- sub_atom(Name, _, _, 0, '_json').
hidden_(api, normalise_case/2).
hidden_(api, advise/4).
hidden_(api, decision/4).
hidden_(api, case_signature/2).
hidden_(vocabulary, check_value/2).

%!  allowed_builtin(?Name, ?Arity) is nondet.
%
%   True when Name/Arity is a control, comparison, arithmetic or list
%   predicate a query may use around the public predicates.

allowed_builtin(Name, Arity) :-
    member(Name/Arity,
           [ true/0, fail/0, false/0, (',')/2, (;)/2, (->)/2, (*->)/2, (\+)/1,
             (=)/2, (\=)/2, (==)/2, (\==)/2, (@<)/2, (@>)/2, (@=<)/2, (@>=)/2,
             (is)/2, (=:=)/2, (=\=)/2, (<)/2, (>)/2, (=<)/2, (>=)/2,
             findall/3, findall/4, aggregate_all/3, forall/2, between/3, succ/2, plus/3,
             member/2, memberchk/2, length/2, nth0/3, nth1/3, last/2, msort/2, sort/2, sort/4,
             list_to_set/2, sum_list/2, max_list/2, min_list/2, reverse/2, append/3,
             atom/1, number/1, integer/1, string/1, is_list/1, var/1, nonvar/1, is_dict/1,
             atom_string/2, atom_length/2, string_length/2, sub_atom/5, sub_string/5,
             string_concat/3, atomic_list_concat/2, atomic_list_concat/3, split_string/4,
             string_lower/2, string_upper/2, term_to_atom/2, get_dict/3, dict_pairs/3
           ]).

% Arguments of these are goals (the index of each goal argument).
goal_argument_(findall/3, [2]).
goal_argument_(findall/4, [2]).
goal_argument_(aggregate_all/3, [2]).
goal_argument_(forall/2, [1, 2]).
goal_argument_((',')/2, [1, 2]).
goal_argument_((;)/2, [1, 2]).
goal_argument_((->)/2, [1, 2]).
goal_argument_((*->)/2, [1, 2]).
goal_argument_((\+)/1, [1]).

%!  query_json(+Text, +Limit, +Millis, +Inferences, +Lang, -Json) is det.
%
%   As query_json/7 with at most 1 000 000 characters of JSON.

query_json(Text, Limit, Millis, Inferences, Lang, Json) :-
    query_json(Text, Limit, Millis, Inferences, Lang, 1000000, Json).

%!  query_json(+Text, +Limit, +Millis, +Inferences, +Lang, +MaxChars, -Json) is det.
%
%   True when Json holds up to Limit solutions of the goal in Text, each as
%   {Var: value text}, or {"error": {code, message}} when the text is not
%   one goal, calls anything outside the white list or the sandbox, runs
%   past Millis milliseconds or Inferences inferences, or its answer would
%   be longer than MaxChars characters; messages in sv and en. The time
%   limit covers reading, checking, running and formatting the answer or
%   the error.

query_json(Text, Limit, Millis, Inferences, _Lang, MaxChars, Json) :-
    Seconds is Millis / 1000,
    catch(call_with_time_limit(Seconds, answer_json_(Text, Limit, Inferences, MaxChars, Json0)),
          Error, refusal_json_(Error, Seconds, Json0)),
    Json = Json0.

answer_json_(Text, Limit, Inferences, MaxChars, Json) :-
    catch(query_(Text, Limit, Inferences, MaxChars, Answer0), Error, true),
    (   var(Error)
    ->  Answer = Answer0
    ;   Error == time_limit_exceeded
    ->  throw(Error)
    ;   query_error_(Error, Answer)          % formatted inside the time limit
    ),
    json_text(Answer, Json),
    string_length(Json, Length),
    (   Length > MaxChars -> throw(query_refused(output_limit, MaxChars)) ; true ).

refusal_json_(time_limit_exceeded, Seconds, Json) :-
    !,
    refusal_json_(query_refused(time_limit, Seconds), Seconds, Json).
refusal_json_(Error, _, Json) :-
    query_error_(Error, Answer),
    json_text(Answer, Json).

query_(Text, Limit, Inferences, MaxChars, _{solutions: Solutions, count: Count, more: More}) :-
    read_goal_(Text, Goal, Bindings),
    (   var(Goal) -> throw(query_refused(variable_goal, Text)) ; true ),
    resolve_(Goal, Resolved),
    (   catch(safe_goal(Resolved), SandboxError, throw(query_refused(sandbox, SandboxError)))
    ->  true
    ;   throw(query_refused(sandbox, Text))
    ),
    Max is Limit + 1,
    call_with_inference_limit(findnsols(Max, Bindings, Resolved, Found0), Inferences, Result),
    (   Result == inference_limit_exceeded -> throw(query_refused(inference_limit, Inferences)) ; true ),
    !,
    length(Found0, N),
    (   N > Limit -> More = true, length(Found, Limit), append(Found, _, Found0) ; More = false, Found = Found0 ),
    length(Found, Count),
    solutions_(Found, MaxChars, 0, Solutions).
query_(_, _, _, _, _{solutions: [], count: 0, more: false}).

% The solutions as dicts, their names and values counted as they are
% formatted: past MaxChars characters the answer is refused before its JSON
% is built (the JSON writer needs many times that on the stacks).
solutions_([], _, _, []).
solutions_([Bindings|Found], MaxChars, Size0, [Dict|Dicts]) :-
    solution_dict_(Bindings, Dict),
    dict_pairs(Dict, _, Pairs),
    foldl(pair_size_, Pairs, Size0, Size),
    (   Size > MaxChars -> throw(query_refused(output_limit, MaxChars)) ; true ),
    solutions_(Found, MaxChars, Size, Dicts).

pair_size_(Name-Value, Size0, Size) :-
    atom_length(Name, N),
    string_length(Value, V),
    Size is Size0 + N + V + 8.

% Exactly one goal, with or without a closing full stop; text after it
% ("true. shell(ls)") is refused, never dropped.
read_goal_(Text, Goal, Bindings) :-
    (   catch(read_terms_(Text, [Goal-Bindings]), _, fail)
    ->  true
    ;   string_concat(Text, "\n.", Closed),
        catch(read_terms_(Closed, Terms), error(syntax_error(What), _),
              throw(query_refused(syntax, What))),
        (   Terms = [Goal-Bindings]
        ->  true
        ;   Terms == []
        ->  throw(query_refused(syntax, end_of_file))
        ;   throw(query_refused(trailing, Text))
        )
    ).

% The terms of Text, each with its variable names; at most two are read.
read_terms_(Text, Terms) :-
    setup_call_cleanup(open_string(Text, Stream),
                       read_terms_(Stream, 2, Terms),
                       close(Stream)).

read_terms_(Stream, Left, Terms) :-
    read_term(Stream, Term, [variable_names(Bindings), syntax_errors(error)]),
    (   Term == end_of_file
    ->  Terms = []
    ;   Left =< 1
    ->  Terms = [Term-Bindings, more]
    ;   Terms = [Term-Bindings|More],
        Left1 is Left - 1,
        read_terms_(Stream, Left1, More)
    ).

% Variables left unbound (e.g. the template of a findall) are not shown.
solution_dict_(Bindings, Dict) :-
    findall(Name-Text, ( member(Name=Value, Bindings), nonvar(Value), value_text_(Value, Text) ), Pairs),
    dict_pairs(Dict, _, Pairs).

% At most 10 000 characters of a value (and at most 50 levels or elements,
% 5 000 nodes in all).
value_text_(Value, Text) :-
    bounded_(Value, 5000, 10000, Shown),
    format(string(Full), "~W", [Shown, [quoted(true), max_depth(50), portray(false)]]),
    string_length(Full, Length),
    (   Length > 10000
    ->  sub_string(Full, 0, 10000, _, Head), string_concat(Head, "…", Text)
    ;   Text = Full
    ).

% Check every goal in the term against the white list and qualify public
% predicates with their module.
resolve_(Goal, _) :-
    var(Goal),
    !,
    throw(query_refused(variable_goal, Goal)).
resolve_(M:G, M:G1) :-
    !,
    (   atom(M), callable(G), functor(G, N, A), public_predicate(M, N, A)
    ->  G1 = G
    ;   refuse_(M:G)
    ).
resolve_(G, Resolved) :-
    callable(G),
    functor(G, N, A),
    arithmetic_(N/A),
    !,
    G =.. [_|Args],
    forall(member(E, Args), safe_expression_(E)),
    Resolved = G.
resolve_(G, Resolved) :-
    callable(G),
    functor(G, N, A),
    (   goal_argument_(N/A, Positions)
    ->  G =.. [N|Args0],
        resolve_args_(Args0, 1, Positions, Args),
        G1 =.. [N|Args],
        Resolved = G1
    ;   allowed_builtin(N, A)
    ->  Resolved = G
    ;   findall(M, public_predicate(M, N, A), [M])
    ->  Resolved = M:G
    ;   refuse_(G)
    ),
    !.
resolve_(G, _) :-
    refuse_(G).

arithmetic_((is)/2).
arithmetic_((=:=)/2).
arithmetic_((=\=)/2).
arithmetic_((<)/2).
arithmetic_((>)/2).
arithmetic_((=<)/2).
arithmetic_((>=)/2).
arithmetic_(succ/2).
arithmetic_(plus/3).

% Arithmetic without operators that can build numbers of millions of digits
% (exponentiation, shifts) in one step.
safe_expression_(E) :- var(E), !.
safe_expression_(E) :- number(E), !.
safe_expression_(E) :-
    compound(E),
    functor(E, N, A),
    memberchk(N/A, [(+)/2, (-)/2, (*)/2, (/)/2, (//)/2, mod/2, rem/2, abs/1, (-)/1, (+)/1,
                    min/2, max/2, sign/1, truncate/1, integer/1, float/1, round/1, floor/1, ceiling/1]),
    !,
    E =.. [_|Args],
    forall(member(X, Args), safe_expression_(X)).
safe_expression_(E) :-
    throw(query_refused(not_allowed, E)).

resolve_args_([], _, _, []).
resolve_args_([A|As], I, Positions, [R|Rs]) :-
    (   memberchk(I, Positions) -> resolve_(A, R) ; R = A ),
    I1 is I + 1,
    resolve_args_(As, I1, Positions, Rs).

refuse_(G) :-
    (   G = M:G0, callable(G0) -> functor(G0, N, A), Indicator = M:N/A
    ;   callable(G) -> functor(G, N, A), Indicator = N/A
    ;   Indicator = G
    ),
    throw(query_refused(not_allowed, Indicator)).

query_error_(query_refused(Code, Detail), _{error: _{code: Code, messages: _{sv: Sv, en: En}}}) :-
    !,
    refusal_text_(Code, Detail, sv, Sv),
    refusal_text_(Code, Detail, en, En).
query_error_(error(resource_error(Resource), _), Answer) :-
    !,
    query_error_(query_refused(resource, Resource), Answer).
query_error_(Error, _{error: _{code: error, messages: _{sv: Message, en: Message}}}) :-
    bounded_(Error, 100, 200, Shown),
    message_to_text_(Shown, Message).

% bounded_(+Term, +Nodes, +Chars, -Shown) is det.
%
%   True when Shown is Term cut down to at most Nodes atoms, numbers and
%   compounds (the rest replaced by '…'), each atom or string cut to Chars
%   characters and each integer to 60 digits. A goal can build a term of
%   2^40 nodes (shared subterms) or a 1 GB atom, which a message or an
%   answer would otherwise print whole.
bounded_(Term, Nodes, Chars, Shown) :-
    Budget = budget(Nodes),
    bounded_term_(Term, Budget, Chars, Shown).

bounded_term_(T, _, _, T) :- var(T), !.
bounded_term_(T, Budget, Chars, Shown) :-
    arg(1, Budget, Left),
    (   Left =< 0
    ->  Shown = '…'
    ;   Left1 is Left - 1,
        nb_setarg(1, Budget, Left1),
        bounded_node_(T, Budget, Chars, Shown)
    ).

bounded_node_(T, _, Chars, Shown) :-
    atom(T), !,
    (   atom_length(T, L), L > Chars -> sub_atom(T, 0, Chars, _, H), atom_concat(H, '…', Shown) ; Shown = T ).
bounded_node_(T, _, Chars, Shown) :-
    string(T), !,
    (   string_length(T, L), L > Chars -> sub_string(T, 0, Chars, _, H), string_concat(H, "…", Shown) ; Shown = T ).
bounded_node_(T, _, _, Shown) :-
    integer(T), !,
    (   abs(T) >= 10^60 -> Shown = '…' ; Shown = T ).
bounded_node_(T, _, _, T) :-
    atomic(T), !.
bounded_node_(T, Budget, Chars, Shown) :-
    compound_name_arguments(T, Name, Args),
    bounded_args_(Args, Budget, Chars, Shown0),
    compound_name_arguments(Shown, Name, Shown0).

bounded_args_([], _, _, []).
bounded_args_([A|As], Budget, Chars, [S|Ss]) :-
    bounded_term_(A, Budget, Chars, S),
    bounded_args_(As, Budget, Chars, Ss).

refusal_text_(Code, Detail, Lang, Text) :-
    refusal_template_(Code, Lang, Format),
    refusal_detail_(Code, Detail, Arg),
    format(string(Text), Format, [Arg]).

refusal_detail_(not_allowed, Indicator, Text) :- !, format(string(Text), "~q", [Indicator]).
refusal_detail_(sandbox, Detail, Text) :- !, bounded_(Detail, 200, 200, Shown), message_to_text_(Shown, Text).
refusal_detail_(trailing, Text, Shown) :- !, bounded_(Text, 1, 200, Shown).
refusal_detail_(_, Detail, Detail).

refusal_template_(syntax, sv, "inget giltigt Prolog-mål (syntaxfel: ~w)").
refusal_template_(syntax, en, "not a valid Prolog goal (syntax error: ~w)").
refusal_template_(variable_goal, sv, "målet (eller ett mål i det) är en variabel ~w; ange ett predikat").
refusal_template_(variable_goal, en, "the goal (or a goal inside it) is a variable ~w; name a predicate").
refusal_template_(not_allowed, sv, "inte tillåtet: ~w (bara regelbokens publika predikat och enkla kontroll-, jämförelse-, aritmetik- och listpredikat; se py1177 query --help)").
refusal_template_(not_allowed, en, "not allowed: ~w (only the KB's public predicates and plain control, comparison, arithmetic and list predicates; see py1177 query --help)").
refusal_template_(sandbox, sv, "vägrat av sandlådan: ~w").
refusal_template_(sandbox, en, "refused by the sandbox: ~w").
refusal_template_(time_limit, sv, "avbrutet efter ~w s (tidsgräns)").
refusal_template_(time_limit, en, "stopped after ~w s (time limit)").
refusal_template_(inference_limit, sv, "avbrutet efter ~D inferenser (inferensgräns)").
refusal_template_(inference_limit, en, "stopped after ~D inferences (inference limit)").
refusal_template_(trailing, sv, "bara ett mål i taget: text efter det första målet vägras (~w)").
refusal_template_(trailing, en, "one goal at a time: text after the first goal is refused (~w)").
refusal_template_(output_limit, sv, "svaret blev längre än ~D tecken (gräns för svarets storlek); använd --limit eller en mindre fråga").
refusal_template_(output_limit, en, "the answer grew past ~D characters (output limit); use --limit or a smaller query").
refusal_template_(resource, sv, "avbrutet: målet nådde en resursgräns (~w)").
refusal_template_(resource, en, "stopped: the goal reached a resource limit (~w)").

message_to_text_(Error, Text) :-
    (   catch('$messages':translate_message(Error, Lines, []), _, fail)
    ->  with_output_to(string(Text0), print_message_lines(current_output, '', Lines)),
        normalize_space(string(Text), Text0)
    ;   format(string(Text), "~q", [Error])
    ).

% --- documentation --------------------------------------------------------------------

%!  public_predicates_json(-Json) is det.
%
%   True when Json lists the predicates a query may call, each with its
%   module, PlDoc signature line and first sentence.

public_predicates_json(Json) :-
    findall(_{module: M, name: N, arity: A, signature: Sig, summary: Summary},
            ( public_predicate(M, N, A), pldoc_(M, N, A, Sig, Summary) ),
            Ds0),
    sort(name, @=<, Ds0, Ds),
    json_text(Ds, Json).

% The "%!  name(Args) is det." line of a predicate's PlDoc comment and the
% first sentence of its text.
pldoc_(M, N, A, Signature, Summary) :-
    module_property(M, file(File)),
    read_file_to_string(File, Text, [encoding(utf8)]),
    split_string(Text, "\n", "", Lines),
    atom_concat('%!  ', N, Prefix0),
    atom_concat(Prefix0, '(', Prefix),
    nth1(I, Lines, Line),
    sub_string(Line, 0, _, _, Prefix),
    arity_of_signature_(Line, A),
    !,
    sub_string(Line, 4, _, 0, Signature),
    I1 is I + 1,
    doc_text_(Lines, I1, Words),
    first_sentence_(Words, Summary).

arity_of_signature_(Line, A) :-
    sub_string(Line, B, _, _, "("),
    sub_string(Line, E, _, _, ")"),
    E > B, !,
    Len is E - B - 1,
    B1 is B + 1,
    sub_string(Line, B1, Len, _, Args),
    split_string(Args, ",", " ", Parts),
    length(Parts, A).

doc_text_(Lines, I, Text) :-
    doc_lines_(Lines, I, Parts),
    atomic_list_concat(Parts, ' ', Joined),
    normalize_space(string(Text), Joined).

doc_lines_(Lines, I, Parts) :-
    (   nth1(I, Lines, L), sub_string(L, 0, 1, _, "%")
    ->  sub_string(L, 1, _, 0, Rest),
        I1 is I + 1,
        doc_lines_(Lines, I1, More),
        Parts = [Rest|More]
    ;   Parts = []
    ).

first_sentence_(Text, Sentence) :-
    (   sub_string(Text, B, _, _, ". ")
    ->  E is B + 1, sub_string(Text, 0, E, _, Sentence)
    ;   Sentence = Text
    ).
