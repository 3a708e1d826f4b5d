:- encoding(utf8).
:- module(why,
          [ why_tree/5,               % +Spec, +Date, +Lang, +StepNo, -Tree
            why_json/5                % +Spec, +Date, +Lang, +StepNo, -Json
          ]).

:- use_module(library(lists), [member/2, nth1/3, append/3]).
:- use_module(library(apply), [maplist/3, include/3, foldl/4]).
:- use_module(json_text, [json_text/2]).
:- use_module(rulebook(vocabulary), [label/4, contact_type/4, closer_subject/3]).
:- use_module(rulebook(scenarios), [scenario/4, documented_step/4, documented_alternative/5,
                                    bullet_meaning/2, closer_interpretation/2]).
:- use_module(rulebook(guideline), [erratum/5]).
:- use_module(rulebook(section_4), [attribute_contact_type/2, pmo_item/4]).
:- use_module(rulebook(rules), [rule_source/3, registration_reasons/4]).
:- use_module(rulebook(questions), [policy_question/3]).
:- use_module(ui_messages, [why_template/3]).
:- use_module(rulebook(messages), [rule_text/3]).
:- use_module(api, [advise/4]).

/** <module> why: justification trees for answers

Explains an answer of api:advise/4 as a tree of nodes
{kind, conclusion, rule, section, quote, because}: for documented chains
from the scenario's own headings and bullets (§3.1), for other chains from
the general rules that fired (the rule ids advise/4 records), each node
quoting the section it rests on. Sentences come from
ui_messages:why_template/3, one per kind of node.
*/

%!  why_json(+Spec, +Date, +Lang, +StepNo, -Json) is det.
%
%   True when Json is the JSON text of why_tree/5, or {"error": …} for bad
%   input (as api:advise_json/4).

why_json(Spec, Date, Lang, StepNo, Json) :-
    catch(why_tree(Spec, Date, Lang, StepNo, Tree), Error, api:error_answer_(Error, Lang, Tree)),
    json_text(Tree, Json).

%!  why_tree(+Spec, +Date, +Lang, +StepNo, -Tree) is det.
%
%   True when Tree is the justification of the answer to case Spec: a root
%   node for the case, with one child per step (only step StepNo when
%   StepNo > 0) and one per interpretation the answer rests on.

why_tree(Spec, Date, Lang, StepNo, Tree) :-
    advise(Spec, Date, Lang, Answer),
    length(Answer.steps, N),
    (   StepNo =:= 0 -> true
    ;   between(1, N, StepNo) -> true
    ;   throw(py1177_error(err_step_no, [StepNo, N]))
    ),
    include(wanted_step_(StepNo), Answer.steps, Steps),
    maplist(step_node_(Answer, Lang), Steps, StepNodes),
    (   Answer.scenario == null -> Preferred = null ; scenario(Answer.scenario, Preferred, _, _) ),
    maplist(interpretation_node_(Lang, Preferred), Answer.interpretations, Interpretations),
    append(StepNodes, Interpretations, Children),
    case_node_(Answer, Lang, Children, Tree0),
    (   Answer.status == documented
    ->  Tree1 = Tree0
    ;   marked_(sections, Tree0, Tree1)
    ),
    Tree = Tree1.put(_{status: Answer.status, scenario: Answer.scenario, date: Answer.date}).

wanted_step_(0, _) :- !.
wanted_step_(No, Step) :- get_dict(step, Step, No).

node_(Kind, Conclusion, Rule, Section, Quote, Because,
      _{kind: Kind, conclusion: Conclusion, rule: Rule, section: Section, quote: Quote, because: Because}).

sentence_(Kind, Lang, Args, Text) :-
    why_template(Kind, Lang, Format),
    format(string(Text0), Format, Args),
    capitalise_(Text0, Text).

capitalise_(Text0, Text) :-
    sub_string(Text0, 0, 1, _, First),
    sub_string(Text0, 1, _, 0, Rest),
    string_upper(First, Upper),
    string_concat(Upper, Rest, Text).

% --- the case ----------------------------------------------------------------

case_node_(Answer, Lang, Children, Node) :-
    Answer.status == documented,
    !,
    Id = Answer.scenario,
    scenario(Id, Section, Title, _),
    sentence_(case_documented, Lang, [Id, Section, Title], Text),
    atom_concat('scenario ', Id, Rule),
    node_(case, Text, Rule, Section, Title, Children, Node).
case_node_(Answer, Lang, Children, Node) :-
    Status = Answer.status,
    atom_concat(case_, Status, Kind),
    sentence_(Kind, Lang, [], Text),
    rule_source(r_alternatives, Section, Quote),
    node_(case, Text, Status, Section, Quote, Children, Node).

% --- one step ----------------------------------------------------------------------

step_node_(Answer, Lang, Step, Node) :-
    Answer.status == documented,
    !,
    Id = Answer.scenario,
    No = Step.step,
    scenario(Id, Section, _, _),
    documented_step(Id, No, Heading, Body),
    step_title_(Step, Lang, Title),
    atom_concat('scenario ', Id, Rule),
    documented_body_node_(Body, Id, Section, Heading, Step, Lang, BodyNode),
    closer_node_(Answer, Step, Lang, CloserNode),
    node_(step, Title, Rule, Section, Heading, [BodyNode, CloserNode], Node0),
    marked_(scenario(Id, No), Node0, Node).
step_node_(Answer, Lang, Step, Node) :-
    step_title_(Step, Lang, Title),
    derived_body_nodes_(Step, Lang, BodyNodes),
    (   Answer.closed_by_step == null
    ->  Children = BodyNodes
    ;   closer_node_(Answer, Step, Lang, CloserNode),
        append(BodyNodes, [CloserNode], Children)
    ),
    Step.rules = [Rule|_],
    rule_source(Rule, Section, Quote), !,
    node_(step, Title, Rule, Section, Quote, Children, Node).

step_title_(Step, Lang, Title) :-
    label(role, Step.role, Lang, Role),
    label(channel, Step.channel, Lang, Channel),
    sentence_(step, Lang, [Step.step, Role, Channel], Title).

subject_(Role, Lang, Subject) :-
    label(role_subject, Role, Lang, Subject).

% Documented: the step's heading, note, alternatives and bullets.
documented_body_node_(no_pmo(Quote), Id, Section, _, Step, Lang, Node) :-
    subject_(Step.role, Lang, Who),
    sentence_(no_pmo, Lang, [Who], Text),
    atom_concat('scenario ', Id, Rule),
    node_(no_pmo, Text, Rule, Section, Quote, [], Node).
documented_body_node_(registers(Note), Id, Section, Heading, Step, Lang, Node) :-
    subject_(Step.role, Lang, Who),
    sentence_(registers, Lang, [Who], Text),
    atom_concat('scenario ', Id, Rule),
    (   Note == none
    ->  NoteNodes = []
    ;   sentence_(note, Lang, [], NoteText),
        node_(note, NoteText, Rule, Section, Note, [], NoteNode),
        NoteNodes = [NoteNode]
    ),
    findall(A, ( member(R, Step.registrations), atom_string(A, R.alternative) ), Alts),
    findall(AltNode, ( member(Alt, Alts),
                       documented_alternative(Id, Step.step, Alt, Lead, Bullets),
                       documented_alternative_node_(Id, Section, Alt, Lead, Bullets, Lang, AltNode) ),
            AltNodes),
    append(NoteNodes, AltNodes, Children),
    node_(registers, Text, Rule, Section, Heading, Children, Node).

documented_alternative_node_(Id, Section, Alt, Lead, Bullets, Lang, Node) :-
    label(alternative, Alt, Lang, AltLabel),
    sentence_(alternative, Lang, [AltLabel], Text),
    atom_concat('scenario ', Id, Rule),
    findall(B, ( member(Bullet, Bullets), bullet_node_(Rule, Section, Bullet, Lang, B) ), Children),
    node_(alternative, Text, Rule, Section, Lead, Children, Node0),
    Node = Node0.put(alternative, Alt).

bullet_node_(Rule, Section, Bullet, Lang, Node) :-
    bullet_meaning(Bullet, Meaning),
    bullet_node_meaning_(Meaning, Rule, Section, Bullet, Lang, Node).

bullet_node_meaning_(contact_type(Type), Rule, Section, Bullet, Lang, Node) :-
    contact_type(Type, Label, _, _),
    sentence_(contact_type, Lang, [Label], Text),
    node_(contact_type, Text, Rule, Section, Bullet, [], Node).
bullet_node_meaning_(attribute, Rule, Section, Bullet, Lang, Node) :-
    sentence_(attribute, Lang, [], Text),
    node_(attribute, Text, Rule, Section, Bullet, [], Node).
bullet_node_meaning_(journal, Rule, Section, Bullet, Lang, Node) :-
    sentence_(journal, Lang, [], Text),
    node_(journal, Text, Rule, Section, Bullet, [], Node).
bullet_node_meaning_(diagnosis_kva, Rule, Section, Bullet, Lang, Node) :-
    sentence_(diagnosis, Lang, [], Text),
    node_(diagnosis, Text, Rule, Section, Bullet, [], Node).
bullet_node_meaning_(closes(Subject), Rule, Section, Bullet, Lang, Node) :-
    closer_subject(Subject, _, Roles),
    Roles = [Role|_],
    subject_(Role, Lang, Who0),
    (   Roles = [_, _|_] -> label(closer_subject, Subject, Lang, Who) ; Who = Who0 ),
    sentence_(closing_bullet, Lang, [Who], Text),
    node_(closing_bullet, Text, Rule, Section, Bullet, [], Node).

% Derived: the general rules recorded for the step.
derived_body_nodes_(Step, Lang, Nodes) :-
    Step.decided == false,
    !,
    findall(N, ( member(G, Step.gaps), gap_node_(Step, G, Lang, N) ), Nodes).
derived_body_nodes_(Step, Lang, [Node]) :-
    Step.registrations == [],
    !,
    subject_(Step.role, Lang, Who),
    sentence_(no_pmo, Lang, [Who], Text),
    rule_node_base_(r_forward_same_unit_day, Lang, Section, Quote),
    node_(no_pmo, Text, r_forward_same_unit_day, Section, Quote, [], Node0),
    with_explanation_(Node0, r_forward_same_unit_day, Lang, Node).
derived_body_nodes_(Step, Lang, [Node]) :-
    subject_(Step.role, Lang, Who),
    sentence_(registers, Lang, [Who], Text),
    alternatives_rule_(Step, AltRule),
    rule_node_base_(AltRule, Lang, Section, Quote),
    findall(F, ( memberchk(r_forward_registers, Step.rules), forward_node_(Step, Lang, F) ), ForwardNodes),
    findall(A, ( member(R, Step.registrations), derived_alternative_node_(Step, R, AltRule, Lang, A) ), AltNodes),
    append(ForwardNodes, AltNodes, Children),
    node_(registers, Text, AltRule, Section, Quote, Children, Node0),
    with_explanation_(Node0, AltRule, Lang, Node).

alternatives_rule_(Step, Rule) :-
    member(Rule, [r_physical_visit, r_visit_replacing_purpose, r_alternatives]),
    memberchk(Rule, Step.rules),
    !.

forward_node_(Step, Lang, Node) :-
    Step.unit == other,
    !,
    rule_quote_containing_(r_forward_registers, "annan enhet", Section, Quote),
    rule_text(r_forward_registers, Lang, Text),
    node_(forward, Text, r_forward_registers, Section, Quote, [], Node).
forward_node_(_, Lang, Node) :-
    rule_quote_containing_(r_forward_registers, "annan dag", Section, Quote),
    rule_text(r_forward_registers, Lang, Text),
    node_(forward, Text, r_forward_registers, Section, Quote, [], Node).

derived_alternative_node_(Step, R, AltRule, Lang, Node) :-
    atom_string(Alt, R.alternative),
    atom_string(Channel, Step.channel),
    registration_reasons(Channel, Alt, reg(_, Type, Attribute, _, _), Reasons),
    label(alternative, Alt, Lang, AltLabel),
    sentence_(alternative, Lang, [AltLabel], Text),
    rule_node_base_(AltRule, Lang, Section, Quote),
    findall(N, ( member(Part-Rule, Reasons), reason_node_(Part, Rule, Type, Attribute, Lang, N) ), Children),
    node_(alternative, Text, AltRule, Section, Quote, Children, Node0),
    Node = Node0.put(alternative, Alt).

reason_node_(contact_type, Rule, Type, _, Lang, Node) :-
    contact_type(Type, Label, _, _),
    sentence_(contact_type, Lang, [Label], Text),
    (   rule_quote_containing_(Rule, Label, Section, Quote) -> true ; rule_source(Rule, Section, Quote), ! ),
    node_(contact_type, Text, Rule, Section, Quote, [], Node0),
    with_explanation_(Node0, Rule, Lang, Node).
reason_node_(attribute, Rule, Type, true, Lang, Node) :-
    sentence_(attribute, Lang, [], Text),
    rule_node_base_(Rule, Lang, Section, Quote),
    attribute_contact_type(Type, ItemQuote),
    contact_type(Type, Label, _, _),
    sentence_(attribute_listed, Lang, [Label], ItemText),
    node_(attribute_listed, ItemText, 'section 4.3', '4.3', ItemQuote, [], Item),
    node_(attribute, Text, Rule, Section, Quote, [Item], Node).
reason_node_(attribute, Rule, Type, false, Lang, Node) :-
    contact_type(Type, Label, _, _),
    sentence_(no_attribute, Lang, [Label], Text),
    rule_node_base_(Rule, Lang, Section, Quote),
    node_(attribute, Text, Rule, Section, Quote, [], Node).
reason_node_(journal, Rule, _, _, Lang, Node) :-
    sentence_(journal, Lang, [], Text),
    rule_node_base_(Rule, Lang, Section, Quote),
    node_(journal, Text, Rule, Section, Quote, [], Node).
reason_node_(diagnosis, Rule, _, _, Lang, Node) :-
    sentence_(diagnosis, Lang, [], Text),
    rule_node_base_(Rule, Lang, Section, Quote),
    node_(diagnosis, Text, Rule, Section, Quote, [], Node).

gap_node_(Step, Gap, Lang, Node) :-
    atom_string(Rule, Gap.rule),
    sentence_(undecided, Lang, [Step.step, Gap.reason], Text),
    rule_node_base_(Rule, Lang, Section, Quote),
    node_(undecided, Text, Rule, Section, Quote, [], Node0),
    Node = Node0.put(question, Gap.question).

rule_node_base_(Rule, _, Section, Quote) :-
    rule_source(Rule, Section, Quote),
    !.

rule_quote_containing_(Rule, Needle, Section, Quote) :-
    rule_source(Rule, Section, Quote),
    sub_string(Quote, _, _, _, Needle),
    !.

with_explanation_(Node0, Rule, Lang, Node) :-
    (   rule_text(Rule, Lang, Text) -> Node = Node0.put(explanation, Text) ; Node = Node0 ).

% --- who closes ----------------------------------------------------------------------

closer_node_(Answer, Step, Lang, Node) :-
    Closer = Answer.closed_by_step,
    nth1(Closer, Answer.steps, CloserStep),
    subject_(CloserStep.role, Lang, CloserWho),
    subject_(Step.role, Lang, Who),
    (   Step.step =:= Closer
    ->  sentence_(closes, Lang, [Who, Closer], Text), Kind = closes
    ;   sentence_(not_closes, Lang, [Who, Step.step, CloserWho, Closer], Text), Kind = not_closes
    ),
    closer_citation_(Answer, Step, CloserStep, Lang, Rule, Section, Quote, Extra),
    node_(Kind, Text, Rule, Section, Quote, Extra, Node).

% Documented: the closing bullet under this step's own alternatives (which
% names who closes), else the closer step's own closing bullet.
closer_citation_(Answer, Step, CloserStep, Lang, Rule, Section, Quote, Extra) :-
    Answer.status == documented,
    !,
    Id = Answer.scenario,
    scenario(Id, Section, _, _),
    atom_concat('scenario ', Id, Rule),
    (   closing_bullet_(Id, Step.step, Quote)
    ->  true
    ;   closing_bullet_(Id, CloserStep.step, Quote)
    ),
    closer_extra_(Answer, Step, CloserStep, Lang, Extra).
closer_citation_(_, _, CloserStep, _, r_closer_last_in_1177, Section, Quote, []) :-
    (   CloserStep.role == nurse
    ->  rule_quote_containing_(r_closer_last_in_1177, "Sjuksköterskan", Section, Quote)
    ;   rule_quote_containing_(r_closer_last_in_1177, "Läkaren", Section, Quote)
    ).

closing_bullet_(Id, No, Bullet) :-
    documented_alternative(Id, No, _, _, Bullets),
    member(Bullet, Bullets),
    bullet_meaning(Bullet, closes(_)),
    !.

% The reading used when the closing bullet names no role in the chain.
closer_extra_(Answer, Step, CloserStep, Lang, [Node]) :-
    Step.step =:= CloserStep.step,
    closer_interpretation(Answer.scenario, Question),
    member(I, Answer.interpretations),
    atom_string(Question, I.id),
    !,
    interpretation_node_(Lang, I, Node).
closer_extra_(_, _, _, _, []).

% --- quotes normalised by an erratum ------------------------------------------------

% A quote that normalises the source's text (erratum, e.g. "KVVÅ-kod" stored
% as "KVÅ-kod") is marked where it is quoted: errata names the errata and
% source_quote gives the words as the source prints them. Which quotes are
% normalised: those of a documented scenario's step by normalised_quote/3,
% others by the section the erratum is recorded for.
marked_(Scope, Node0, Node) :-
    get_dict(because, Node0, Kids0),
    maplist(marked_(Scope), Kids0, Kids),
    Node1 = Node0.put(because, Kids),
    get_dict(quote, Node1, Quote),
    findall(E-(Found-Norm),
            ( string(Quote),
              erratum_applies_(Scope, Node1, E),
              erratum(E, _, Found0, Norm0, _),
              Found0 \== "", Found0 \== Norm0,
              trimmed_(Found0, Found), trimmed_(Norm0, Norm),
              sub_string(Quote, _, _, _, Norm) ),
            Hits0),
    sort(Hits0, Hits),
    (   Hits == []
    ->  Node = Node1
    ;   pairs_keys_values_(Hits, Errata, Swaps),
        foldl(swap_back_, Swaps, Quote, SourceQuote),
        Node = Node1.put(_{errata: Errata, source_quote: SourceQuote})
    ).

% (scenarios:normalised_quote/3 may be absent from an older KB.)
erratum_applies_(scenario(Id, No), _, E) :-
    Goal = normalised_quote(Id, No, E),
    catch(call(scenarios:Goal), error(existence_error(procedure, _), _), fail).
erratum_applies_(sections, Node, E) :-
    get_dict(section, Node, Section),
    Section \== null,
    erratum(E, ErratumSection, _, _, _),
    atom_string(ErratumSection, S), atom_string(Section, S).

trimmed_(Text, Trimmed) :-
    split_string(Text, "", " \n", [Trimmed]).

pairs_keys_values_([], [], []).
pairs_keys_values_([K-V|T], [K|Ks], [V|Vs]) :- pairs_keys_values_(T, Ks, Vs).

swap_back_(Found-Norm, In, Out) :-
    atomic_list_concat(Parts, Norm, In),
    atomic_list_concat(Parts, Found, Atom),
    atom_string(Atom, Out).

% --- interpretations ----------------------------------------------------------------

interpretation_node_(Lang, I, Node) :-
    interpretation_node_(Lang, null, I, Node).

% Cite the section the answer is about when the question concerns it.
interpretation_node_(Lang, Preferred, I, Node) :-
    atom_string(Q, I.id),
    policy_question(Q, Sections, _),
    (   Preferred \== null, memberchk(Preferred, Sections) -> Section = Preferred ; Sections = [Section|_] ),
    sentence_(interpretation, Lang, [Q, I.question, I.reading], Text),
    node_(interpretation, Text, Q, Section, null, [], Node).
