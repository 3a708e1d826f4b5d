:- encoding(utf8).
:- module(interview,
          [ next_question/4,          % +Answers, +Date, +Lang, -Next
            next_question_json/4      % +Answers, +Date, +Lang, -Json
          ]).

:- use_module(library(lists), [member/2, max_member/2, append/3, nth1/3]).
:- use_module(library(apply), [maplist/3]).
:- use_module(library(error), [must_be/2, domain_error/2]).
:- use_module(json_text, [json_text/2]).
:- use_module(api, [case_signature/2, max_steps/1]).
:- use_module(rulebook(vocabulary), [vocabulary/2, label/4, check_value/2]).
:- use_module(rulebook(scenarios), [scenario/4]).

/** <module> The interview behind `py1177 ask`

Which question to ask next, given the answers so far, is decided here, not
in Python. The decision order follows the anvisning's scenarios: first the
chain of the case — who handled it in 1177 direkt, how, whether it went on,
to whom, the same day, the same unit (the hand-over facts that §3.1.2 and
§3.1.3 turn on) — then, step by step, what the contact was about and
whether it replaced a visit ("Registreringen skiljer sig åt beroende på
innehållet i ärendet, om det ersätter ett besök eller inte", §3.1).

A question is asked only when it still matters: every allowed answer is
tried on the case as known so far (unanswered content left open; the
question's partner — unit for day, replaces_visit for purpose — under each
of its values while it is unanswered), and the question is skipped when all
answers give the same answer: the documented scenario it is (or none),
what each step registers (or that it registers nothing in PMO, or is
undecided) and who closes the case. Which gap rules make a step undecided
is explanation, not answer. Skipped day/unit
questions take the input default (same); skipped content questions stay
open (none). tests/test_ask.py checks on random cases that answering
truthfully always reaches the answer of the true case.

Answers is a list of a(StepNo, Field, Value); Field is role, channel, day,
unit, more, purpose or replaces_visit.
*/

%!  next_question_json(+Answers, +Date, +Lang, -Json) is det.
%
%   True when Json is the JSON text of next_question/4, or
%   {"error": {code, message}} when an answer is not allowed.

next_question_json(Answers, Date, Lang, Json) :-
    catch(next_question(Answers, Date, Lang, Next), Error, error_(Error, Lang, Next)),
    json_text(Next, Json).

error_(Error, Lang, _{error: _{code: Code, message: Message, messages: _{sv: Sv, en: En}}}) :-
    error_text_(Error, Code, sv, Sv),
    !,
    error_text_(Error, Code, en, En),
    (   Lang == en -> Message = En ; Message = Sv ).
error_(Error, _, _) :-
    throw(Error).

error_text_(error(domain_error(interview_sequence, a(Step, Field)), _), domain_error, Lang, Text) :-
    !,
    message_(bad_sequence, Lang, Template),
    format(string(Text), Template, [Step, Field]).
error_text_(error(domain_error(interview_field, Field), _), domain_error, Lang, Text) :-
    !,
    findall(F, choices_(F, _), Fields),
    atomic_list_concat(Fields, ', ', Allowed),
    message_(bad_field, Lang, Template),
    format(string(Text), Template, [Field, Allowed]).
error_text_(error(domain_error(interview_step, Step), _), domain_error, Lang, Text) :-
    !,
    max_steps(Max),
    message_(bad_step, Lang, Template),
    format(string(Text), Template, [Step, Max]).
error_text_(error(domain_error(Key, Value), _), domain_error, Lang, Text) :-
    message_(bad_answer, Lang, Template),
    format(string(Text), Template, [Value, Key]).
error_text_(error(type_error(Type, Value), _), type_error, Lang, Text) :-
    message_(bad_answer, Lang, Template),
    format(string(Text), Template, [Value, Type]).

%!  next_question(+Answers, +Date, +Lang, -Next) is det.
%
%   True when Next is _{done: false, question: Q, asked: N} with the next
%   question Q (id, step, field, text, choices [{value, label}], default),
%   or _{done: true, steps: Steps, skipped: Skipped} when the case is known
%   (Steps as step dicts for advise). Throws domain_error for an answer
%   outside the allowed choices.

next_question(Answers, Date, Lang, Next) :-
    must_be(list, Answers),
    check_value(lang, Lang),
    maplist(valid_answer_, Answers),
    consistent_(Answers),
    (   structure_question_(Answers, Date, Step, Field)
    ->  question_(Step, Field, Answers, Lang, Q),
        summary_(Answers, false, Lang, Summary),
        Next = _{done: false, question: Q, summary: Summary}
    ;   content_question_(Answers, Date, Step, Field)
    ->  question_(Step, Field, Answers, Lang, Q),
        summary_(Answers, false, Lang, Summary),
        Next = _{done: false, question: Q, summary: Summary}
    ;   chain_(Answers, Steps),
        maplist(step_dict_, Steps, Dicts),
        summary_(Answers, true, Lang, Summary),
        Next = _{done: true, steps: Dicts, summary: Summary}
    ).

% --- the order of the questions -------------------------------------------

% Phase 1: step by step, in the order a person tells it: who, how, (from
% step 2) the same day and the same unit, what the contact was about and
% whether it replaced a visit, then whether the case went on. The content
% of the step being told is asked when it matters for the chain known so
% far; content that only matters once later steps are known is asked in
% phase 2, so no question that can change the answer is ever skipped.
structure_question_(Answers, Date, Step, Field) :-
    step_count_(Answers, Known),
    max_steps(Max),
    between(1, Max, Step),
    (   Step =< Known -> true ; Step =:= Known + 1, went_on_(Answers, Known) ),
    structure_field_(Step, Field),
    \+ answered_(Answers, Step, Field),
    ask_now_(Answers, Date, Known, Step, Field),
    !.

structure_field_(_, role).
structure_field_(_, channel).
structure_field_(Step, day) :- Step > 1.
structure_field_(Step, unit) :- Step > 1.
structure_field_(_, purpose).
structure_field_(_, replaces_visit).
structure_field_(Step, more) :- max_steps(Max), Step < Max.

ask_now_(Answers, Date, _, Step, Field) :-
    memberchk(Field, [day, unit]),
    !,
    \+ settled_(Answers, Date, Step, Field).
ask_now_(Answers, Date, Known, Step, Field) :-
    memberchk(Field, [purpose, replaces_visit]),
    !,
    Step =:= Known,
    answer_(Answers, Step, channel, Channel),
    Channel \== physical,
    \+ answered_(Answers, Step, more),
    matters_(Answers, Date, Step, Field).
ask_now_(_, _, _, _, _).

% Phase 2: what each non-physical step was about, and whether it replaced a
% visit — asked only when the answer changes the registration.
% (Called only when no structure question is left.)
content_question_(Answers, Date, Step, Field) :-
    step_count_(Answers, Count),
    between(1, Count, Step),
    answer_(Answers, Step, channel, Channel),
    Channel \== physical,
    member(Field, [purpose, replaces_visit]),
    \+ answered_(Answers, Step, Field),
    matters_(Answers, Date, Step, Field),
    !.

% A day or unit question that no answer can change (for the chain known so
% far) is settled: it takes the input default.
settled_(Answers, Date, Step, Field) :-
    memberchk(Field, [day, unit]),
    answered_(Answers, Step, channel),
    \+ matters_(Answers, Date, Step, Field).

%!  matters_(+Answers, +Date, +Step, +Field) is semidet.
%
%   True when two allowed answers to Field of Step give different answers
%   (scenario, registrations, no PMO, undecided, closer) for the case known so far,
%   for some value of the field's partner if that is still unanswered.

matters_(Answers, Date, Step, Field) :-
    choices_(Field, Values),
    partner_answers_(Answers, Step, Field, Partners),
    member(Partner, Partners),
    findall(Signature,
            ( member(Value, Values),
              append([a(Step, Field, Value)|Partner], Answers, Trial),
              signature_(Trial, Date, Signature) ),
            Signatures0),
    sort(Signatures0, Signatures),
    Signatures = [_, _|_],
    !.

% An unanswered partner field is tried at each of its values.
partner_answers_(Answers, Step, Field, Partners) :-
    (   partner_(Field, Other),
        \+ answered_(Answers, Step, Other)
    ->  choices_(Other, Values),
        findall([a(Step, Other, V)], member(V, Values), Partners)
    ;   Partners = [[]]
    ).

partner_(day, unit).
partner_(purpose, replaces_visit).

% The answer the interview must get right (api:case_signature/2): the
% scenario, and per step what it registers (or that it registers nothing,
% or is undecided) and whether it closes the case. Why a step is undecided
% (which gap rules) is explanation, not answer.
signature_(Answers, _Date, Signature) :-
    chain_(Answers, Chain),
    case_signature(Chain, Signature).

% --- answers --------------------------------------------------------------

choices_(role, Roles) :- vocabulary(role, Roles).
choices_(channel, Channels) :- vocabulary(channel, Channels).
choices_(day, Relations) :- vocabulary(day, Relations).
choices_(unit, Relations) :- vocabulary(unit, Relations).
choices_(more, [no, yes]).
choices_(purpose, [none|Purposes]) :- vocabulary(purpose, Purposes).
choices_(replaces_visit, [none, false, true]).

default_(role, nurse).
default_(channel, digital).
default_(day, same).
default_(unit, same).
default_(more, no).
default_(purpose, none).
default_(replaces_visit, none).

valid_answer_(a(Step, Field, Value)) :-
    !,
    must_be(positive_integer, Step),
    must_be(atom, Field),
    (   choices_(Field, Values) -> true ; domain_error(interview_field, Field) ),
    (   memberchk(Value, Values) -> true ; domain_error(Field, Value) ),
    max_steps(Max),
    (   Step =< Max -> true ; domain_error(interview_step, Step) ).
valid_answer_(Other) :-
    domain_error(interview_answer, Other).

% The answers must describe one chain, as the interview asks it: each
% question answered once, a step only after the previous one went on, and
% only the questions that apply to the step (day and unit from step 2,
% content only for a step that is not physical).
consistent_(Answers) :-
    forall(nth1(I, Answers, a(Step, Field, _)),
           (   consistent_answer_(Answers, I, Step, Field)
           ->  true
           ;   domain_error(interview_sequence, a(Step, Field))
           )).

consistent_answer_(Answers, I, Step, Field) :-
    \+ ( nth1(J, Answers, a(Step, Field, _)), J \== I ),
    (   Field == role
    ->  (   Step =:= 1
        ->  true
        ;   Previous is Step - 1,
            answer_(Answers, Previous, more, yes)
        )
    ;   answered_(Answers, Step, role),
        applies_(Answers, Step, Field)
    ).

applies_(_, _, channel).
applies_(_, Step, more) :- max_steps(Max), Step < Max.
applies_(_, Step, day) :- Step > 1.
applies_(_, Step, unit) :- Step > 1.
applies_(Answers, Step, Field) :-
    memberchk(Field, [purpose, replaces_visit]),
    \+ answer_(Answers, Step, channel, physical).

answered_(Answers, Step, Field) :-
    memberchk(a(Step, Field, _), Answers).

answer_(Answers, Step, Field, Value) :-
    memberchk(a(Step, Field, Value), Answers).

step_count_(Answers, Count) :-
    findall(S, member(a(S, role, _), Answers), Steps),
    (   Steps == [] -> Count = 0 ; max_member(Count, Steps) ).

went_on_(_, 0) :- !.
went_on_(Answers, Step) :-
    answer_(Answers, Step, more, yes).

% The chain of steps the answers describe (the last step may lack its
% channel). Unanswered day/unit are same; unanswered content is none.
chain_(Answers, Steps) :-
    step_count_(Answers, Count),
    findall(Step, ( between(1, Count, No), step_(Answers, No, Step) ), Steps).

step_(Answers, No, step(Role, Channel, Purpose, Day, Unit, Replaces)) :-
    answer_(Answers, No, role, Role),
    value_or_(Answers, No, channel, digital, Channel),
    (   No =:= 1
    ->  Day = none, Unit = none
    ;   value_or_(Answers, No, day, same, Day),
        value_or_(Answers, No, unit, same, Unit)
    ),
    (   Channel == physical
    ->  Purpose = none, Replaces = none
    ;   value_or_(Answers, No, purpose, none, Purpose),
        value_or_(Answers, No, replaces_visit, none, Replaces)
    ).

value_or_(Answers, No, Field, Default, Value) :-
    (   answer_(Answers, No, Field, V) -> Value = V ; Value = Default ).

step_dict_(step(Role, Channel, Purpose, Day, Unit, Replaces), Dict) :-
    findall(K-V, ( member(K-V, [purpose-Purpose, day-Day, unit-Unit, replaces_visit-Replaces]),
                   V \== none ),
            Pairs),
    dict_pairs(Dict, _, [role-Role, channel-Channel|Pairs]).

% --- the questions' words ---------------------------------------------------

question_(Step, Field, Answers, Lang, _{id: Id, step: Step, field: Field, text: Text,
                                         choices: Choices, default: Default}) :-
    format(atom(Id), "~w_~w", [Field, Step]),
    question_text_(Field, Step, Answers, Lang, Text),
    choices_(Field, Values),
    maplist(choice_(Field, Lang), Values, Choices0),
    role_marks_(Field, Step, Answers, Lang, Choices0, Choices),
    default_(Field, Default).

% Purposes are offered as the guideline describes them per role: a purpose
% no documented scenario gives the step's role is marked ("beskrivs inte för
% sjuksköterska"), read from the scenario patterns of the KB.
role_marks_(purpose, Step, Answers, Lang, Choices0, Choices) :-
    answer_(Answers, Step, role, Role),
    !,
    maplist(role_mark_(Role, Lang), Choices0, Choices).
role_marks_(_, _, _, _, Choices, Choices).

role_mark_(_, _, C, C) :-
    get_dict(value, C, none), !.
role_mark_(Role, _, C, C) :-
    get_dict(value, C, Purpose),
    scenario(_, _, _, Pattern),
    member(pstep(Roles, _, Purpose, _, _), Pattern),
    memberchk(Role, Roles), !.
role_mark_(Role, Lang, C, Marked) :-
    get_dict(label, C, Label0),
    label(role, Role, Lang, Who),
    message_(purpose_not_described, Lang, Template),
    format(string(Label), Template, [Label0, Who]),
    put_dict(label, C, Label, Marked).

%!  summary_(+Answers, +Done, +Lang, -Summary) is det.
%
%   Summary lists the answers so far in the interview's order, each
%   {step, field, text, value, label, skipped}; when Done, also every
%   question that applied but was not asked, as skipped (it cannot change
%   the answer: "spelar ingen roll här").
summary_(Answers, Done, Lang, Summary) :-
    step_count_(Answers, Count),
    findall(Item,
            ( between(1, Count, Step),
              structure_field_(Step, Field),
              summary_item_(Answers, Done, Lang, Step, Field, Item) ),
            Summary).

summary_item_(Answers, _, Lang, Step, Field, Item) :-
    answer_(Answers, Step, Field, Value),
    !,
    question_(Step, Field, Answers, Lang, Q),
    get_dict(choices, Q, Choices),
    get_dict(text, Q, Text),
    member(C, Choices),
    get_dict(value, C, Value),
    !,
    get_dict(label, C, Label),
    Item = _{step: Step, field: Field, text: Text, value: Value, label: Label, skipped: false}.
summary_item_(Answers, true, Lang, Step, Field, Item) :-
    Field \== more,
    Field \== role,
    answered_(Answers, Step, role),
    applies_(Answers, Step, Field),
    question_(Step, Field, Answers, Lang, Q),
    get_dict(text, Q, Text),
    message_(skipped, Lang, Label),
    Item = _{step: Step, field: Field, text: Text, value: null, label: Label, skipped: true}.

choice_(Field, Lang, Value, _{value: Value, label: Label}) :-
    (   choice_label_(Field, Value, Lang, Label0) -> Label = Label0 ; atom_string(Value, Label) ).

choice_label_(more, Value, Lang, Label) :- message_(Value, Lang, Label).
choice_label_(replaces_visit, none, Lang, Label) :- message_(replaces_unknown, Lang, Label).
choice_label_(replaces_visit, true, Lang, Label) :- label(alternative, replaces_visit, Lang, Label).
choice_label_(replaces_visit, false, Lang, Label) :- label(alternative, not_replaces_visit, Lang, Label).
choice_label_(purpose, none, Lang, Label) :- message_(purpose_none, Lang, Label).
choice_label_(Field, Value, Lang, Label) :-
    \+ memberchk(Field, [more, replaces_visit]),
    Value \== none,
    label(Field, Value, Lang, Label).

question_text_(role, 1, _, Lang, Text) :- !, message_(q_role_first, Lang, Text).
question_text_(role, Step, _, Lang, Text) :- !, message_(q_role_next, Lang, T), format(string(Text), T, [Step]).
question_text_(Field, Step, Answers, Lang, Text) :-
    answer_(Answers, Step, role, Role),
    label(role, Role, Lang, Who),
    Previous is Step - 1,
    message_(Field, Lang, Template),
    format(string(Text), Template, [Step, Who, Previous]).

% ~1: step, ~2: who (role label), ~3: previous step.
message_(q_role_first, sv, "Vem hanterade ärendet först i 1177 direkt?").
message_(q_role_first, en, "Who handled the case first in 1177 direkt?").
message_(q_role_next, sv, "Vem tog över ärendet i steg ~w?").
message_(q_role_next, en, "Who took over the case in step ~w?").
message_(channel, sv, "Steg ~w (~w): hur skedde kontakten med patienten?~i").
message_(channel, en, "Step ~w (~w): how did the contact with the patient take place?~i").
message_(day, sv, "Steg ~w (~w): samma dag som steg ~w?").
message_(day, en, "Step ~w (~w): the same day as step ~w?").
message_(unit, sv, "Steg ~w (~w): samma enhet som steg ~w?").
message_(unit, en, "Step ~w (~w): the same unit as step ~w?").
message_(more, sv, "Steg ~w (~w): gick ärendet vidare efter detta steg – till någon annan, eller till ett fysiskt besök?~i").
message_(more, en, "Step ~w (~w): did the case go on after this step – to someone else, or to a physical visit?~i").
message_(purpose, sv, "Steg ~w (~w): vad gällde kontakten?~i").
message_(purpose, en, "Step ~w (~w): what was the contact about?~i").
message_(replaces_visit, sv, "Steg ~w (~w): ersatte kontakten ett besök (t.ex. video, viss behandling/åtgärd)?~i").
message_(replaces_visit, en, "Step ~w (~w): did the contact replace a visit (e.g. video, some treatment)?~i").
message_(no, sv, "nej").
message_(no, en, "no").
message_(yes, sv, "ja").
message_(yes, en, "yes").
message_(replaces_unknown, sv, "vet inte – visa båda alternativen").
message_(replaces_unknown, en, "don't know – show both alternatives").
message_(purpose_none, sv, "inget av dessa / vet inte").
message_(purpose_none, en, "none of these / don't know").
message_(purpose_not_described, sv, "~w (beskrivs inte för ~w)").
message_(purpose_not_described, en, "~w (not described for ~w)").
message_(skipped, sv, "(spelar ingen roll här)").
message_(skipped, en, "(does not matter here)").
message_(bad_field, sv, "okänd fråga ~q i ett svar (tillåtet: ~w)").
message_(bad_field, en, "unknown question ~q in an answer (allowed: ~w)").
message_(bad_step, sv, "steg ~w finns inte i intervjun: ett ärende har högst ~w steg").
message_(bad_step, en, "there is no step ~w in the interview: a case has at most ~w steps").
message_(bad_answer, sv, "otillåtet svar ~q på frågan om ~w").
message_(bad_answer, en, "answer ~q is not allowed for ~w").
message_(bad_sequence, sv, "svaret för steg ~w, ~w, hör inte till intervjun: varje fråga besvaras en gång, ett steg bara efter att ärendet gått vidare, dag och enhet från steg 2, innehåll bara för steg som inte är fysiska").
message_(bad_sequence, en, "the answer for step ~w, ~w, does not fit the interview: each question is answered once, a step only after the case went on, day and unit from step 2, content only for steps that are not physical").
