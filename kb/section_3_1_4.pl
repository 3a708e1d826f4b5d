:- encoding(utf8).
:- module(section_3_1_4, []).

:- discontiguous scenarios:scenario/4, scenarios:documented_step/4,
                 scenarios:documented_alternative/5, scenarios:scenario_interpretation/2,
                 scenarios:closer_interpretation/2, scenarios:unindented_bullet/4,
                 scenarios:normalised_quote/3.

/** <module> §3.1.4 Ärende som enbart tas om hand av Läkare eller annan legitimerad hälso- och sjukvårdspersonal

Scenarios 3.1.4a (åtgärd/behandling), 3.1.4b (receptförnyelse, läkare only)
and 3.1.4c (remiss, efter bedömning, till annan enhet). Clauses of the
multifile predicates documented in scenarios.pl. The source writes
"KVVÅ-kod" in 3.1.4a (erratum e1) and flattens the bullets of 3.1.4b
(erratum e6).
*/

% "Läkare eller annan hälso- och sjukvårdspersonal via 1177 direkt
% (åtgärd/behandling)" — only "Ersätter ett besök".
scenarios:scenario('3.1.4a', '3.1.4', "Läkare eller annan hälso- och sjukvårdspersonal via 1177 direkt (åtgärd/behandling)",
    [ pstep([doctor, other_clinician], digital, treatment, [none], [none]) ]).
scenarios:documented_step('3.1.4a', 1, "Registreras av läkare eller annan hälso- och sjukvårdspersonal", registers(none)).
scenarios:documented_alternative('3.1.4a', 1, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).

% The source writes "KVVÅ-kod" here (erratum e1).
scenarios:normalised_quote('3.1.4a', 1, e1).

% "Läkare via 1177 direkt (receptförnyelse)"
scenarios:scenario('3.1.4b', '3.1.4', "Läkare via 1177 direkt (receptförnyelse)",
    [ pstep([doctor], digital, prescription_renewal, [none], [none]) ]).
scenarios:documented_step('3.1.4b', 1, "Registreras av läkare", registers(none)).
% INTERPRETATION (q_layout_bullets): the source prints "Ersätter inte ett
% besök: Vårdkontakt: …" on one line and the next three bullets unindented;
% they are read as the bullets of this alternative (errata e6, e7).
scenarios:documented_alternative('3.1.4b', 1, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Läkaren avslutar ärendet i 1177 direkt" ]).
scenarios:scenario_interpretation('3.1.4b', q_layout_bullets).
scenarios:unindented_bullet('3.1.4b', 1, not_replaces_visit, "Vårdkontakt: Text som inte ersätter besök").
scenarios:unindented_bullet('3.1.4b', 1, not_replaces_visit, "Attribut: 1177 direkt").
scenarios:unindented_bullet('3.1.4b', 1, not_replaces_visit, "Dokumentera i journalen").
scenarios:unindented_bullet('3.1.4b', 1, not_replaces_visit, "Läkaren avslutar ärendet i 1177 direkt").
scenarios:documented_alternative('3.1.4b', 1, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren avslutar ärendet i 1177 direkt" ]).

% "Läkare eller annan hälso- och sjukvårdspersonal: (remiss, efter
% bedömning, till annan enhet)" — only "Ersätter ett besök".
scenarios:scenario('3.1.4c', '3.1.4', "Läkare eller annan hälso- och sjukvårdspersonal: (remiss, efter bedömning, till annan enhet)",
    [ pstep([doctor, other_clinician], digital, referral, [none], [none]) ]).
scenarios:documented_step('3.1.4c', 1, "Registreras av läkare eller annan hälso- och sjukvårdspersonal", registers(none)).
scenarios:documented_alternative('3.1.4c', 1, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
