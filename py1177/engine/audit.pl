:- encoding(utf8).
:- module(audit,
          [ audit_chains_json/3,      % +Chains, +Lang, -Json
            audit_chain/3             % +Steps, +Lang, -Dict
          ]).

:- use_module(library(apply), [maplist/3, maplist/4, foldl/4]).
:- use_module(library(assoc), [empty_assoc/1, get_assoc/3, put_assoc/4, assoc_to_list/2]).
:- use_module(library(pairs), [pairs_values/2]).
:- use_module(library(lists), [append/3, member/2, nth1/3]).
:- use_module(library(thread), [concurrent_maplist/3]).
:- use_module(readings, [current_readings/1, in_readings/4]).
:- use_module(json_text, [json_text/2]).
:- use_module(api, [decision/4]).
:- use_module(why, []).
:- use_module(rulebook(section_4), [pmo_item/4]).

/** <module> audit: what a PMO audit checks, per distinct chain

For each distinct chain of steps found in a PMO export, the expected
registrations per step and alternative — contact type (the label as in
§3–4), attribute, journal, diagnosis — who closes the case, the status
and the readings the answer rests on, and for every obligation the rule,
section and verbatim quote that creates it (taken from the why tree, so
an audit finding cites exactly what `py1177 why` shows). The audit itself
(joining the registered contacts with these answers) runs in SQL.

Many chains share steps: a step of a derived answer is explained from its
own answer, the closer's step number and role, and the language alone, so
within one call of audit_chains_json/3 (one KB, one set of readings) each
distinct such step is explained once (memo_key_/4).
*/

%!  audit_chains_json(+Chains, +Lang, -Json) is det.
%
%   True when Json is {"parts": [Part, ...]}, each Part {"values": Values,
%   "chains": Rows}, the parts' rows in the order of Chains: one compact row
%   per chain of Chains (each a list of step/6 terms), or {"error": {…}}
%   for a chain that is not allowed. A row is [Status, Scenario, Closer,
%   Readings, Gaps, AttributeTypes, Steps], a step [No, Decided, Registers,
%   Closes, Registration, Closer, Alternatives], an alternative [Alt,
%   ContactType, Attribute, Journal, Diagnosis, CT, AT, JO, DI]; Readings,
%   Gaps and every citation (AttributeTypes, Registration, Closer, CT, AT,
%   JO, DI) are indices into its part's Values, where a citation is [Rule,
%   Section, Quote], readings [{id, reading}] and gaps a list of reasons (so
%   that each quote crosses the bridge once per part). Uses both cores: one
%   part per core, each written as JSON by the thread that answered it,
%   under the readings in force in the calling thread.

audit_chains_json(Chains, Lang, Json) :-
    length(Chains, N),
    Half is N // 2,
    length(First, Half),
    append(First, Second, Chains),
    current_readings(Readings),
    concurrent_maplist(in_readings(Readings, part_json_(Lang)), [First, Second], [Json1, Json2]),
    atomics_to_string(["{\"parts\":[", Json1, ",", Json2, "]}"], Json).

part_json_(Lang, Chains, Json) :-
    chain_rows_(Lang, Chains, Rows0),
    empty_assoc(Empty),
    foldl(intern_row_, Rows0, Rows, Empty-0, Table-_),
    assoc_to_list(Table, Pairs),
    findall(I-V, member(V-I, Pairs), Numbered),
    keysort(Numbered, Sorted),
    pairs_values(Sorted, Values),
    json_text(_{values: Values, chains: Rows}, Json).

% One memo of explained steps per worker and call.
chain_rows_(Lang, Chains, Rows) :-
    empty_assoc(Memo),
    foldl(chain_row_(Lang), Chains, Rows, Memo, _).

chain_row_(Lang, Steps, Row, Memo0, Memo) :-
    catch(once(audit_chain_(Steps, Lang, Row, Memo0, Memo)), Error,   % no choice points kept
          ( api:error_answer_(Error, Lang, Row), Memo = Memo0 )).

% A chain's dict as a compact row, its texts and citations interned.
intern_row_(Dict, Row, S0, S) :-
    (   get_dict(error, Dict, _)
    ->  Row = Dict, S = S0
    ;   intern_(Dict.readings, R, S0, S1),
        intern_(Dict.gaps, G, S1, S2),
        intern_(Dict.attribute_types, A, S2, S3),
        foldl(intern_step_, Dict.steps, Steps, S3, S),
        Row = [Dict.status, Dict.scenario, Dict.closer, R, G, A, Steps]
    ).

intern_step_(Step, [Step.step, Step.decided, Step.registers, Step.closes, R, C, Alts], S0, S) :-
    intern_(Step.registration, R, S0, S1),
    intern_(Step.closer, C, S1, S2),
    foldl(intern_alt_, Step.alternatives, Alts, S2, S).

intern_alt_(Alt, [Alt.alternative, Alt.contact_type, Alt.attribute, Alt.journal, Alt.diagnosis,
                  CT, AT, JO, DI], S0, S) :-
    Cites = Alt.cites,
    intern_(Cites.contact_type, CT, S0, S1),
    intern_(Cites.attribute, AT, S1, S2),
    intern_(Cites.journal, JO, S2, S3),
    intern_(Cites.diagnosis, DI, S3, S).

intern_(null, null, S, S) :- !.
intern_(Value, Id, A0-N0, S) :-
    (   get_assoc(Value, A0, Id0)
    ->  Id = Id0, S = A0-N0
    ;   Id = N0, N is N0 + 1, put_assoc(Value, A0, Id, A), S = A-N
    ).

%!  audit_chain(+Steps, +Lang, -Dict) is det.
%
%   True when Dict holds what an audit of chain Steps expects: status,
%   scenario, closer (step number or null), readings [{id, reading}],
%   gaps (reasons of an undecided chain), the §4.3 citation of the
%   attribute's contact types, and per step {step, decided, registers,
%   registration: Cite, closes, closer: Cite, alternatives: [{alternative,
%   contact_type, attribute, journal, diagnosis, cites: {contact_type,
%   attribute, journal, diagnosis}}]} where Cite is [Rule, Section, Quote].

audit_chain(Steps, Lang, Dict) :-
    empty_assoc(Memo),
    audit_chain_(Steps, Lang, Dict, Memo, _).

audit_chain_(Steps, Lang, Dict, Memo0, Memo) :-
    Date = date(2023, 9, 1),                 % inside validity: dates are judged apart
    decision(steps(Steps), Date, Lang, Answer),
    foldl(step_dict_(Answer, Lang), Answer.steps, StepDicts, Memo0, Memo),
    findall(reading{id: Id, reading: R},   % tagged: a ground term, so interned once per call
            ( member(I, Answer.interpretations), get_dict(id, I, Id), get_dict(reading, I, R) ),
            Readings),
    findall(Reason,
            ( member(S, Answer.steps), get_dict(gaps, S, Gs), member(G, Gs), get_dict(reason, G, Reason) ),
            Gaps),
    pmo_item(attribute_1177_direkt, Section, _, Quote),
    Dict = _{status: Answer.status, scenario: Answer.scenario, closer: Answer.closed_by_step,
             readings: Readings, gaps: Gaps, steps: StepDicts,
             attribute_types: ['section 4.3', Section, Quote]}.

cite_(Node, [Node.rule, Node.section, Node.quote]).

% A step's dict, from the memo when an equal step was explained before.
step_dict_(Answer, Lang, Step, Dict, Memo0, Memo) :-
    (   memo_key_(Answer, Lang, Step, Key)
    ->  (   get_assoc(Key, Memo0, Dict0)
        ->  Dict = Dict0, Memo = Memo0
        ;   explained_step_(Answer, Lang, Step, Dict),
            put_assoc(Key, Memo0, Dict, Memo)
        )
    ;   explained_step_(Answer, Lang, Step, Dict),
        Memo = Memo0
    ).

% What why:step_node_/4 reads for a step of a derived (not documented)
% answer: the step's own answer, the closer's step and role, the language.
% A documented answer's steps also quote the scenario and its readings:
% they are explained each time (few chains are documented).
memo_key_(Answer, Lang, Step, Key) :-
    get_dict(status, Answer, Status),
    Status \== documented,
    get_dict(closed_by_step, Answer, Closer),
    (   Closer == null
    ->  CloserRole = null
    ;   nth1(Closer, Answer.steps, CloserStep),
        get_dict(role, CloserStep, CloserRole)
    ),
    variant_sha1(step(Lang, Closer, CloserRole, Step), Key).

% The why tree's step node for this answer (why:why_tree/5 without asking
% advise/4 again), as the audit's step dict.
explained_step_(Answer, Lang, Step, Dict) :-
    why:step_node_(Answer, Lang, Step, Node),
    step_row_(Step, Node, Dict).

step_row_(Step, Node, Dict) :-
    body_(Node, Body),
    cite_(Body, RegCite),
    (   Body.kind == registers -> Registers = true ; Registers = false ),
    (   member(C, Node.because), get_dict(kind, C, K), memberchk(K, [closes, not_closes])
    ->  cite_(C, CloserCite)
    ;   CloserCite = null
    ),
    (   Step.decided == true, Step.registrations \== null
    ->  maplist(alternative_dict_(Body), Step.registrations, Alts)
    ;   Alts = []
    ),
    Dict = _{step: Step.step, decided: Step.decided, registers: Registers,
             registration: RegCite, closes: Step.closes_case, closer: CloserCite,
             alternatives: Alts}.

% The step's body node: registers, no_pmo or (the first) undecided.
body_(Node, Body) :-
    member(Body, Node.because),
    get_dict(kind, Body, K),
    memberchk(K, [registers, no_pmo, undecided]),
    !.

alternative_dict_(Body, Reg, Dict) :-
    atom_string(Alt, Reg.alternative),
    (   member(AltNode, Body.because),
        get_dict(alternative, AltNode, A), atom_string(Alt, A)
    ->  true
    ;   AltNode = Body.put(because, [])
    ),
    maplist(obligation_cite_(AltNode), [contact_type, attribute, journal, diagnosis], Cites),
    Cites = [CT, AT, JO, DI],
    (   Reg.attribute == null -> Attribute = false ; Attribute = true ),
    Dict = _{alternative: Alt, contact_type: Reg.contact_type, attribute: Attribute,
             journal: Reg.journal, diagnosis: Reg.diagnosis,
             cites: _{contact_type: CT, attribute: AT, journal: JO, diagnosis: DI}}.

% The node that creates an obligation, else the alternative's own.
obligation_cite_(AltNode, Kind, Cite) :-
    (   member(N, AltNode.because), get_dict(kind, N, Kind)
    ->  cite_(N, Cite)
    ;   cite_(AltNode, Cite)
    ).
