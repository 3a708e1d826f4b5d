:- encoding(utf8).
:- module(vocabulary,
          [ vocabulary/2,             % ?Key, ?Values
            role/1,                   % ?Role
            channel/1,                % ?Channel
            purpose/1,                % ?Purpose
            relation/1,               % ?Relation
            alternative/1,            % ?Alternative
            in_1177_channel/1,        % ?Channel
            contact_type/4,           % ?Id, ?Label, ?Channel, ?Alternative
            attribute_label/1,        % ?Label
            obligation/2,             % ?Id, ?Label
            bullet_prefix/2,          % ?Kind, ?Prefix
            closer_subject/3,         % ?Subject, ?Label, ?Roles
            label/4,                  % ?Kind, ?Value, ?Lang, ?Text
            lang/1,                   % ?Lang
            check_value/2             % +Key, +Value
          ]).

:- use_module(library(error), [domain_error/2, must_be/2]).
:- use_module(library(lists), [member/2]).
:- use_module(questions, [in_force/2]).

/** <module> Vocabulary: the closed sets of input and output values

Roles, channels, purposes and day/unit relations that describe a step of a
case; the vårdkontakt types with their exact Swedish labels (§3.1, §4.3);
the attribute "1177 direkt"; the obligations; display labels in Swedish and
English. Input values are validated here with domain_error/2.
*/

%!  vocabulary(?Key, ?Values) is nondet.
%
%   True when Values is the closed list of allowed values for input Key.

vocabulary(role, [nurse, doctor, other_clinician]).
vocabulary(channel, [digital, physical, phone]).
vocabulary(purpose, [self_care_advice, treatment, prescription_renewal, referral, redirect]).
vocabulary(day, [same, other]).
vocabulary(unit, [same, other]).
vocabulary(replaces_visit, [true, false]).
vocabulary(lang, [sv, en]).

%!  check_value(+Key, +Value) is det.
%
%   True when Value is allowed for Key; throws domain_error(Key, Value)
%   otherwise (type_error when Value is not an atom).

check_value(Key, Value) :-
    must_be(atom, Value),
    vocabulary(Key, Values),
    (   member(Value, Values)
    ->  true
    ;   domain_error(Key, Value)
    ).

%!  role(?Role) is nondet.
%
%   True when Role is a care role: sjuksköterska, läkare, or annan
%   (legitimerad) hälso- och sjukvårdspersonal (see question
%   q_other_includes_nurse: the KB reads the latter as excluding nurses).

role(Role) :- vocabulary(role, Roles), member(Role, Roles).

%!  channel(?Channel) is nondet.
%
%   True when Channel is how the step meets the patient: via 1177 direkt,
%   a physical visit, or telephone (§4.3: used when 1177 direkt has trouble).

channel(Channel) :- vocabulary(channel, Channels), member(Channel, Channels).

%!  purpose(?Purpose) is nondet.
%
%   True when Purpose is one of the purposes named in the §3.1 headings.

purpose(Purpose) :- vocabulary(purpose, Purposes), member(Purpose, Purposes).

%!  relation(?Relation) is nondet.
%
%   True when Relation compares a step's day or unit with the previous step.

relation(Relation) :- vocabulary(day, Relations), member(Relation, Relations).

%!  alternative(?Alternative) is nondet.
%
%   True when Alternative is a registration alternative: "Ersätter inte ett
%   besök", "Ersätter ett besök", or "Registreras som ett ordinarie
%   mottagningsbesök".

alternative(not_replaces_visit).
alternative(replaces_visit).
alternative(ordinary_visit).

%!  in_1177_channel(?Channel) is nondet.
%
%   True when a step on Channel is a contact in the case in 1177 direkt.
%   INTERPRETATION (q_phone): a telephone contact made because 1177 direkt
%   has trouble (§4.3) stands in for a contact via 1177 direkt (reading
%   as_1177; with not_1177 it does not, and no rule decides such a step).

in_1177_channel(digital).
in_1177_channel(phone) :-
    in_force(q_phone, as_1177).

%!  contact_type(?Id, ?Label, ?Channel, ?Alternative) is nondet.
%
%   True when Label is the exact Swedish name of vårdkontakt type Id, used
%   on a step on Channel for registration Alternative.
%   Source: §3.1 bullets "Vårdkontakt: …" and the list in §4.3.

contact_type(text_not_replacing_visit, "Text som inte ersätter besök", digital, not_replaces_visit).
contact_type(distance_realtime, "Distanskontakt realtid bild/ljud/chatt", digital, replaces_visit).
contact_type(clinic_visit, "Mottagningsbesök", physical, ordinary_visit).
contact_type(phone_call, "Telefonsamtal", phone, not_replaces_visit).
contact_type(phone_call_replacing_visit, "Telefonsamtal som ersätter besök", phone, replaces_visit).

%!  attribute_label(?Label) is det.
%
%   True when Label is the PMO attribute ticked for 1177 direkt contacts.

attribute_label("1177 direkt").

%!  obligation(?Id, ?Label) is nondet.
%
%   True when Label is the guideline's wording of obligation Id.

obligation(journal, "Dokumentera i journalen").
obligation(diagnosis_kva, "Registrera diagnos och eventuellt KVÅ-kod").
obligation(close_case, "avslutar ärendet i 1177 direkt").

%!  bullet_prefix(?Kind, ?Prefix) is nondet.
%
%   True when the §3.1 bullets naming a contact type or the attribute start
%   with Prefix ("Vårdkontakt: Text som inte ersätter besök", "Attribut:
%   1177 direkt").

bullet_prefix(contact_type, "Vårdkontakt: ").
bullet_prefix(attribute, "Attribut: ").

%!  closer_subject(?Subject, ?Label, ?Roles) is nondet.
%
%   True when the closing bullet "Label avslutar ärendet i 1177 direkt"
%   names Subject, which covers the care roles Roles.

closer_subject(nurse, "Sjuksköterskan", [nurse]).
closer_subject(doctor, "Läkaren", [doctor]).
closer_subject(doctor_or_other, "Läkaren eller annan hälso- och sjukvårdspersonal", [doctor, other_clinician]).

%!  lang(?Lang) is nondet.
%
%   True when Lang is a language the KB can answer in.

lang(Lang) :- vocabulary(lang, Langs), member(Lang, Langs).

%!  label(?Kind, ?Value, ?Lang, ?Text) is nondet.
%
%   True when Text names vocabulary Value of Kind in language Lang.

label(role, nurse, sv, "sjuksköterska").
label(role, nurse, en, "nurse").
label(role, doctor, sv, "läkare").
label(role, doctor, en, "doctor").
label(role, other_clinician, sv, "annan hälso- och sjukvårdspersonal").
label(role, other_clinician, en, "other health-care staff").
label(role_subject, nurse, sv, "sjuksköterskan").
label(role_subject, nurse, en, "the nurse").
label(role_subject, doctor, sv, "läkaren").
label(role_subject, doctor, en, "the doctor").
label(role_subject, other_clinician, sv, "annan hälso- och sjukvårdspersonal").
label(role_subject, other_clinician, en, "the other clinician").
label(closer_subject, doctor_or_other, sv, "läkaren eller annan hälso- och sjukvårdspersonal").
label(closer_subject, doctor_or_other, en, "the doctor or other clinician").
label(channel, digital, sv, "via 1177 direkt").
label(channel, digital, en, "via 1177 direkt").
label(channel, physical, sv, "fysiskt").
label(channel, physical, en, "in person").
label(channel, phone, sv, "per telefon (vid bekymmer med 1177 direkt)").
label(channel, phone, en, "by telephone (when 1177 direkt has trouble)").
label(purpose, self_care_advice, sv, "egenvårdsråd").
label(purpose, self_care_advice, en, "self-care advice").
label(purpose, treatment, sv, "åtgärd/behandling").
label(purpose, treatment, en, "treatment").
label(purpose, prescription_renewal, sv, "receptförnyelse").
label(purpose, prescription_renewal, en, "prescription renewal").
label(purpose, referral, sv, "remiss, efter bedömning, till annan enhet").
label(purpose, referral, en, "referral to another unit after assessment").
label(purpose, redirect, sv, "hänvisar till annan enhet som inte har 1177 direkt").
label(purpose, redirect, en, "redirects to a unit without 1177 direkt").
label(day, same, sv, "samma dag").
label(day, same, en, "same day").
label(day, other, sv, "annan dag").
label(day, other, en, "another day").
label(unit, same, sv, "samma enhet").
label(unit, same, en, "same unit").
label(unit, other, sv, "annan enhet").
label(unit, other, en, "another unit").
label(alternative, not_replaces_visit, sv, "Ersätter inte ett besök").
label(alternative, not_replaces_visit, en, "Does not replace a visit").
label(alternative, replaces_visit, sv, "Ersätter ett besök").
label(alternative, replaces_visit, en, "Replaces a visit").
label(alternative, ordinary_visit, sv, "Registreras som ett ordinarie mottagningsbesök").
label(alternative, ordinary_visit, en, "Registered as an ordinary clinic visit").
% The Swedish labels of the obligations and bullet prefixes are the
% guideline's own words (obligation/2, bullet_prefix/2), kept once.
label(obligation, Id, sv, Text) :- obligation(Id, Text), Id \== close_case.
label(obligation, journal, en, "Document in the patient record").
label(obligation, diagnosis_kva, en, "Register a diagnosis and, optionally, a KVÅ code").
label(bullet_prefix, Kind, sv, Prefix) :- bullet_prefix(Kind, Prefix).
label(bullet_prefix, contact_type, en, "Contact type: ").
label(bullet_prefix, attribute, en, "Attribute: ").
label(question_kind, ambiguous, sv, "tvetydig").
label(question_kind, ambiguous, en, "ambiguous").
label(question_kind, silent, sv, "tyst").
label(question_kind, silent, en, "silent").
label(question_kind, generalised, sv, "generaliserad").
label(question_kind, generalised, en, "generalised").
label(status, documented, sv, "beskrivet i anvisningen").
label(status, documented, en, "described in the guideline").
label(status, inferred, sv, "härlett – beskrivs inte i anvisningen").
label(status, inferred, en, "inferred – not described in the guideline").
label(status, gap, sv, "lucka – anvisningen avgör inte fallet").
label(status, gap, en, "gap – the guideline does not decide this case").
