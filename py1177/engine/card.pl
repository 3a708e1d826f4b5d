:- encoding(utf8).
:- module(card,
          [ answer_card/4             % +Answer, +Assumptions, +Lang, -Card
          ]).

:- use_module(library(lists), [nth1/3, member/2, append/3]).
:- use_module(library(apply), [maplist/3]).
:- use_module(rulebook(vocabulary), [label/4]).
:- use_module(ui_messages, [render_message/4]).

/** <module> The answer card: one plain sentence per person in the chain

Built from the answer advise/4 gives (the KB's structured answer), so the
card says nothing the answer does not: per step the contact type of each
alternative (label from the KB), the attribute, the journal, the diagnosis
and KVÅ code, and whether the step closes the case in 1177 direkt or who
does. The sentences are the engine's templates (ui_messages.pl, card_*);
the labels are the KB's (vocabulary.pl). No policy is decided here.
*/

%!  answer_card(+Answer, +Assumptions, +Lang, -Card) is det.
%
%   True when Card is a list of dicts {step, role, text}, one per step of
%   the advise/4 dict Answer, each text a plain sentence in Lang saying
%   what that person registers in PMO and whether they close the case,
%   then, in words, what was assumed for the step (Assumptions, a list of
%   StepNo-WarningCode: assumed_day, assumed_unit, purpose_not_given).

answer_card(Answer, Assumptions, Lang, Card) :-
    get_dict(steps, Answer, Steps),
    get_dict(closed_by_step, Answer, Closer),
    maplist(step_card_(Steps, Closer, Assumptions, Lang), Steps, Card).

step_card_(Steps, Closer, Assumptions, Lang, Step, _{step: No, role: Role, text: Text}) :-
    get_dict(step, Step, No),
    get_dict(role, Step, Role),
    label(role_subject, Role, Lang, Subject0),
    capitalise_(Subject0, Subject),
    body_(Step, Lang, Body),
    closing_(Step, Steps, Closer, Lang, Closing),
    render_message(card_step, [Subject, Body, Closing], Lang, Text0),
    findall(Note, ( member(No-Code, Assumptions), assumption_text_(Code, No, Lang, Note) ), Notes),
    atomic_list_concat([Text0|Notes], ' ', Text1),
    atom_string(Text1, Text).

assumption_text_(purpose_not_given, _, Lang, Text) :-
    !,
    render_message(card_purpose_not_given, [], Lang, Text).
assumption_text_(Code, No, Lang, Text) :-
    atom_concat(card_, Code, Template),
    Previous is No - 1,
    render_message(Template, [Previous], Lang, Text).

% What the step registers: a gap, nothing in PMO, or its alternatives.
body_(Step, Lang, Body) :-
    get_dict(decided, Step, false),
    !,
    get_dict(gaps, Step, Gaps),
    findall(R, ( member(G, Gaps), get_dict(reason, G, R) ), Reasons),
    atomic_list_concat(Reasons, ' ', ReasonText),
    (   general_guideline_(Title)
    ->  render_message(card_gap_guideline, [ReasonText, Title], Lang, Body)
    ;   render_message(card_gap, [ReasonText], Lang, Body)
    ).

body_(Step, Lang, Body) :-
    get_dict(registrations, Step, []),
    !,
    render_message(card_no_pmo, [], Lang, Body).
body_(Step, Lang, Body) :-
    get_dict(registrations, Step, [First|Rest]),
    registration_text_(First, full, Lang, FirstText),
    (   Rest == []
    ->  Body = FirstText
    ;   maplist(other_alternative_(Lang), Rest, RestTexts),
        atomic_list_concat([FirstText|RestTexts], '', Body)
    ).

other_alternative_(Lang, Reg, Text) :-
    get_dict(alternative, Reg, Alt),
    registration_text_(Reg, short, Lang, RegText),
    render_message(card_or, [], Lang, Or),
    (   condition_(Alt, Lang, Condition)
    ->  format(string(Text), "~w~w, ~w", [Or, Condition, RegText])
    ;   format(string(Text), "~w~w", [Or, RegText])
    ).

condition_(replaces_visit, Lang, C) :- render_message(card_if_replaces, [], Lang, C).
condition_(not_replaces_visit, Lang, C) :- render_message(card_if_not_replaces, [], Lang, C).

% One alternative: the contact type, then every further obligation. The
% full form is the first alternative ("registrera vårdkontakt X, kryssa i
% attributet … och dokumentera i journalen"); the short form an alternative
% after "eller, om …" ("X, attributet …, journalen, och registrera diagnos …").
registration_text_(Reg, Form, Lang, Text) :-
    get_dict(contact_type, Reg, Type),
    findall(Part, obligation_part_(Reg, Form, Lang, Part), Parts),
    contact_part_(Form, Type, Lang, TypePart),
    join_parts_([TypePart|Parts], Form, Lang, Text).

contact_part_(full, Type, Lang, Part) :- render_message(card_contact, [Type], Lang, Part).
contact_part_(short, Type, Lang, Part) :- render_message(card_contact_short, [Type], Lang, Part).

obligation_part_(Reg, Form, Lang, Part) :-
    get_dict(attribute, Reg, Attribute),
    Attribute \== null,
    form_code_(Form, card_attribute, Code),
    render_message(Code, [Attribute], Lang, Part).
obligation_part_(Reg, Form, Lang, Part) :-
    get_dict(journal, Reg, true),
    form_code_(Form, card_journal, Code),
    render_message(Code, [], Lang, Part).
obligation_part_(Reg, _, Lang, Part) :-
    get_dict(diagnosis, Reg, true),
    render_message(card_diagnosis, [], Lang, Part).

form_code_(full, Code, Code).
form_code_(short, Code0, Code) :- atom_concat(Code0, '_short', Code).

% "a, b och c" in the full form; "a, b, c, och d" (the last one a verb
% phrase) in the short form, as the issue's example words it.
join_parts_([One], _, _, One) :- !.
join_parts_(Parts, Form, Lang, Text) :-
    append_last_(Init, Last, Parts),
    atomic_list_concat(Init, ', ', Head),
    form_code_(Form, card_and, Code),
    render_message(Code, [Head, Last], Lang, Text).

append_last_(Init, Last, List) :-
    append(Init, [Last], List), !.

% Whether the step closes the case in 1177 direkt, or who does.
closing_(Step, _, _, Lang, Text) :-
    get_dict(closes_case, Step, true),
    !,
    render_message(card_closes, [], Lang, Text).
closing_(_, _, null, Lang, Text) :-
    !,
    render_message(card_closer_unknown, [], Lang, Text).
closing_(_, Steps, Closer, Lang, Text) :-
    nth1(Closer, Steps, CloserStep),
    get_dict(role, CloserStep, Role),
    label(role_subject, Role, Lang, Subject),
    render_message(card_not_closes, [Subject, Closer], Lang, Text).

% What to do with a step the guideline does not decide: the general
% registration guideline §5 links to, under the KB's reading (an older KB
% may lack guideline:general_guideline/2; then the card says to ask).
general_guideline_(Title) :-
    catch(guideline:general_guideline(Title, _), error(existence_error(procedure, _), _), fail),
    !.

capitalise_(Text, Capital) :-
    string_chars(Text, [C|Cs]),
    upcase_atom(C, U),
    atom_chars(U, [UC]),
    string_chars(Capital, [UC|Cs]).
