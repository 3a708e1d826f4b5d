:- encoding(utf8).
:- module(section_4,
          [ pmo_item/4,               % ?Id, ?Section, ?Name, ?Quote
            pmo_property/3,           % ?Id, ?Property, ?Value
            attribute_contact_type/2  % ?TypeId, ?Quote
          ]).

/** <module> §4 Registrering i PMO

§4.1 Tidbokstyp 1177 direkt, §4.2 Anteckningsmall, and §4.3 the four
vårdkontakt types on which the attribute "1177 direkt" is ticked (two of
them telephone types for when the 1177 direkt service has trouble).
*/

%!  pmo_item(?Id, ?Section, ?Name, ?Quote) is nondet.
%
%   True when the PMO set-up item Id is named Name in Section and described
%   by the verbatim Quote.

pmo_item(booking_type_1177_direkt, '4.1', "Tidbokstyp 1177 direkt",
    "Används till schemaläggning då personal ska arbeta med 1177 direkt för att spärra i schemat. Är inte synlig i e-tjänsterna på 1177.").
pmo_item(note_template_1177_direkt, '4.2', "Anteckningsmall, 1177 direkt",
    "Anteckningsmall, 1177 direkt, är utan sökord vilket gör det möjligt för personalen att kopiera och klistra in dokumentationen från 1177 direkt.").
pmo_item(attribute_1177_direkt, '4.3', "Attribut 1177 direkt",
    "Attribut ska kryssas i vid kontakt med patienten via 1177 direkt på följande vårdkontakter:").

%!  pmo_property(?Id, ?Property, ?Value) is nondet.
%
%   True when PMO item Id has Property with Value, as its quote states.

% "Används till schemaläggning då personal ska arbeta med 1177 direkt för att spärra i schemat."
pmo_property(booking_type_1177_direkt, used_for, schedule_block).
% "Är inte synlig i e-tjänsterna på 1177."
pmo_property(booking_type_1177_direkt, visible_in_1177_eservices, false).
% "är utan sökord"
pmo_property(note_template_1177_direkt, keywords, none).
% "gör det möjligt för personalen att kopiera och klistra in dokumentationen från 1177 direkt"
pmo_property(note_template_1177_direkt, used_for, copy_paste_from_1177_direkt).

%!  attribute_contact_type(?TypeId, ?Quote) is nondet.
%
%   True when the attribute "1177 direkt" must be ticked on vårdkontakt
%   type TypeId, listed in §4.3 as Quote (erratum e2 normalised).
%   "Attribut ska kryssas i vid kontakt med patienten via 1177 direkt på
%   följande vårdkontakter:"

attribute_contact_type(text_not_replacing_visit, "Text som inte ersätter besök").
attribute_contact_type(distance_realtime, "Distanskontakt realtid bild/ljud/chatt").
attribute_contact_type(phone_call, "Telefonsamtal (kan komma att användas vid bekymmer med tjänsten 1177 direkt)").
attribute_contact_type(phone_call_replacing_visit, "Telefonsamtal som ersätter besök (kan komma att användas vid bekymmer med tjänsten 1177 direkt)").
