:- encoding(utf8).
:- module(scenarios,
          [ scenario/4,               % ?Id, ?Section, ?Title, ?Pattern
            documented_step/4,        % ?Id, ?StepNo, ?Heading, ?Body
            documented_alternative/5, % ?Id, ?StepNo, ?Alternative, ?Lead, ?Bullets
            scenario_interpretation/2,% ?Id, ?Question
            closer_interpretation/2,  % ?Id, ?Question
            closer_reading/3,         % ?Question, ?Reading, ?Closer
            unindented_bullet/4,      % ?Id, ?StepNo, ?Alternative, ?Bullet
            normalised_quote/3,       % ?Id, ?StepNo, ?Erratum
            bullet_meaning/2,         % ?Bullet, ?Meaning
            scenario_step_count/2     % ?Id, ?Count
          ]).

:- use_module(library(lists), [member/2]).
:- use_module(vocabulary, [contact_type/4, attribute_label/1, obligation/2, closer_subject/3,
                            bullet_prefix/2]).

/** <module> The documented scenarios of §3.1, as the text states them

NOT ENCODED: "samma besvär" (the same complaint) in the headings of the
hand-over scenarios is not an input: every chain is read as one complaint
(policy question q_same_complaint).

The schema for the twelve scenarios of §3.1.1–§3.1.4. The facts live in
one file per section (section_3_1_1.pl … section_3_1_4.pl); each stores
the scenario's heading, its step pattern, and for every step the
"Registreras av …" heading and the bullets verbatim (errata normalised).
bullet_meaning/2 gives each bullet phrase its meaning, once.
*/

%!  scenario(?Id, ?Section, ?Title, ?Pattern) is nondet.
%
%   True when scenario Id of Section has the heading Title (verbatim) and
%   Pattern, a list of pstep(Roles, Channel, Purpose, Days, Units): the
%   roles that may take the step, its channel, its purpose (none when the
%   heading names none) and the allowed day and unit relations to the
%   previous step ([none] for step 1).

%!  documented_step(?Id, ?StepNo, ?Heading, ?Body) is nondet.
%
%   True when step StepNo of scenario Id is introduced by Heading
%   ("Registreras av …") and Body is registers(Note) — Note is none or the
%   explanatory sentence under the heading — or no_pmo(Quote) when the text
%   says nothing is registered in PMO.

%!  documented_alternative(?Id, ?StepNo, ?Alternative, ?Lead, ?Bullets) is nondet.
%
%   True when step StepNo of scenario Id has registration Alternative,
%   introduced by Lead ("Ersätter inte ett besök:" …) with the bullet list
%   Bullets, each a verbatim quote.

%!  scenario_interpretation(?Id, ?Question) is nondet.
%
%   True when every answer for scenario Id rests on the reading recorded as
%   policy question Question.

%!  closer_interpretation(?Id, ?Question) is nondet.
%
%   True when, in scenario Id, a closing bullet that names no role of the
%   chain is read by policy question Question (closer_reading/3 says who
%   closes under each of its readings). Answers list Question only when
%   this reading is used.

%!  closer_reading(?Question, ?Reading, ?Closer) is nondet.
%
%   True when, under Reading of the closer question Question, the case is
%   closed by Closer: step(No), the handler of step No, or none (no step
%   of the chain closes it).

%!  normalised_quote(?Id, ?StepNo, ?Erratum) is nondet.
%
%   True when the lines stored for step StepNo of scenario Id normalise the
%   source's text by Erratum (e.g. "KVVÅ-kod" stored as "KVÅ-kod"): where
%   such a line is quoted, the answer says so and gives the source's words.

%!  unindented_bullet(?Id, ?StepNo, ?Alternative, ?Bullet) is nondet.
%
%   True when the source prints Bullet of that alternative without its
%   indent (erratum e7, question q_layout_bullets); the KB reads it as a
%   bullet of Alternative.

:- multifile scenario/4, documented_step/4, documented_alternative/5, scenario_interpretation/2,
             closer_interpretation/2, closer_reading/3, unindented_bullet/4, normalised_quote/3.
:- dynamic scenario_interpretation/2, closer_interpretation/2, closer_reading/3, unindented_bullet/4,
           normalised_quote/3.

%!  scenario_step_count(?Id, ?Count) is nondet.
%
%   True when scenario Id has Count steps.

scenario_step_count(Id, Count) :-
    scenario(Id, _, _, Pattern),
    length(Pattern, Count).

%!  bullet_meaning(?Bullet, ?Meaning) is nondet.
%
%   True when the bullet text Bullet of §3.1 means Meaning: contact_type(Id),
%   attribute, journal, diagnosis_kva or closes(Subject).

bullet_meaning(Bullet, contact_type(Id)) :-
    contact_type(Id, Label, _, _),
    bullet_prefix(contact_type, Prefix),
    string_concat(Prefix, Label, Bullet).
bullet_meaning(Bullet, attribute) :-
    attribute_label(Label),
    bullet_prefix(attribute, Prefix),
    string_concat(Prefix, Label, Bullet).
bullet_meaning(Bullet, journal) :-
    obligation(journal, Bullet).
bullet_meaning(Bullet, diagnosis_kva) :-
    obligation(diagnosis_kva, Bullet).
bullet_meaning(Bullet, closes(Subject)) :-
    closer_subject(Subject, Who, _),
    obligation(close_case, Closes),
    atomics_to_string([Who, " ", Closes], Bullet).

:- use_module(section_3_1_1, []).
:- use_module(section_3_1_2, []).
:- use_module(section_3_1_3, []).
:- use_module(section_3_1_4, []).
