:- encoding(utf8).
:- module(section_3_1_2, []).

:- discontiguous scenarios:scenario/4, scenarios:documented_step/4,
                 scenarios:documented_alternative/5, scenarios:scenario_interpretation/2,
                 scenarios:closer_interpretation/2, scenarios:unindented_bullet/4,
                 scenarios:normalised_quote/3.

/** <module> §3.1.2 Ärende som överlämnas till läkare eller annan hälso- och sjukvårdspersonal

Scenarios 3.1.2a (then läkare/annan fysiskt), 3.1.2b (forwarded via 1177
direkt the same day/unit: the nurse registers nothing), 3.1.2c (forwarded
to another day: both register, the doctor closes) and 3.1.2d (forwarded the
same day, then a physical visit). Clauses of the multifile predicates
documented in scenarios.pl.
*/

% "Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och
% sjukvårdspersonal fysiskt, samma besvär/enhet/dag alternativt annan dag"
scenarios:scenario('3.1.2a', '3.1.2', "Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och sjukvårdspersonal fysiskt, samma besvär/enhet/dag alternativt annan dag",
    [ pstep([nurse], digital, none, [none], [none]),
      pstep([doctor, other_clinician], physical, none, [same, other], [same]) ]).
scenarios:documented_step('3.1.2a', 1, "Registreras av sjuksköterska", registers(none)).
scenarios:documented_alternative('3.1.2a', 1, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Sjuksköterskan avslutar ärendet i 1177 direkt" ]).
scenarios:documented_alternative('3.1.2a', 1, replaces_visit, "Ersätter ett besök (exempelvis om sjuksköterskan kopplar upp sig på video eller ger viss behandling/åtgärd):",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Sjuksköterskan avslutar ärendet i 1177 direkt" ]).
% The source writes "Vårdkontakt: Mottagningsbesök." (erratum e3).
scenarios:normalised_quote('3.1.2a', 2, e3).
scenarios:documented_step('3.1.2a', 2, "Registreras av läkare eller annan hälso- och sjukvårdspersonal som träffar patienten fysiskt", registers(none)).
scenarios:documented_alternative('3.1.2a', 2, ordinary_visit, "Registreras som ett ordinarie mottagningsbesök:",
    [ "Vårdkontakt: Mottagningsbesök",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod" ]).

% "Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och
% sjukvårdspersonal via 1177 direkt, samma dag/besvär/enhet"
scenarios:scenario('3.1.2b', '3.1.2', "Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och sjukvårdspersonal via 1177 direkt, samma dag/besvär/enhet",
    [ pstep([nurse], digital, none, [none], [none]),
      pstep([doctor, other_clinician], digital, none, [same], [same]) ]).
scenarios:documented_step('3.1.2b', 1, "Registreras av sjuksköterska",
    no_pmo("Sjuksköterskan skickar ärendet vidare via 1177 direkt. Ingen dokumentation i PMO eftersom det är läkare eller annan hälso- och sjukvårdspersonal på samma enhet och samma dag som hanterar ärendet.")).
scenarios:documented_step('3.1.2b', 2, "Registreras av läkare eller annan hälso- och sjukvårdspersonal", registers(none)).
scenarios:documented_alternative('3.1.2b', 2, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
scenarios:documented_alternative('3.1.2b', 2, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).

% "Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och
% sjukvårdspersonal via 1177 direkt, samma besvär/enhet, annan dag"
scenarios:scenario('3.1.2c', '3.1.2', "Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och sjukvårdspersonal via 1177 direkt, samma besvär/enhet, annan dag",
    [ pstep([nurse], digital, none, [none], [none]),
      pstep([doctor, other_clinician], digital, none, [other], [same]) ]).
scenarios:documented_step('3.1.2c', 1, "Registreras av sjuksköterska:",
    registers("Sjuksköterskan behöver registrera med tanke på att ärendet hanteras av läkare eller annan hälso- och sjukvårdspersonal annan dag.")).
scenarios:documented_alternative('3.1.2c', 1, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
scenarios:documented_alternative('3.1.2c', 1, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
% INTERPRETATION (q_layout_bullets): the closing bullet of "Ersätter ett
% besök" is printed without its indent after a page break (erratum e7).
scenarios:scenario_interpretation('3.1.2c', q_layout_bullets).
scenarios:unindented_bullet('3.1.2c', 1, replaces_visit, "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt").
% Heading normalised by erratum e4 ("annan" missing in the source).
% The source's heading lacks "annan": "Registreras av läkare eller hälso- och
% sjukvårdspersonal" (erratum e4).
scenarios:normalised_quote('3.1.2c', 2, e4).
scenarios:documented_step('3.1.2c', 2, "Registreras av läkare eller annan hälso- och sjukvårdspersonal", registers(none)).
scenarios:documented_alternative('3.1.2c', 2, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
scenarios:documented_alternative('3.1.2c', 2, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).

% "Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och
% sjukvårdspersonal via 1177 direkt, samma dag/besvär/enhet → Läkare eller
% annan hälso- och sjukvårdspersonal fysiskt samma dag/besvär/enhet"
scenarios:scenario('3.1.2d', '3.1.2', "Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och sjukvårdspersonal via 1177 direkt, samma dag/besvär/enhet → Läkare eller annan hälso- och sjukvårdspersonal fysiskt samma dag/besvär/enhet",
    [ pstep([nurse], digital, none, [none], [none]),
      pstep([doctor, other_clinician], digital, none, [same], [same]),
      pstep([doctor, other_clinician], physical, none, [same], [same]) ]).
scenarios:documented_step('3.1.2d', 1, "Registreras av sjuksköterska",
    no_pmo("Sjuksköterskan skickar ärendet vidare digitalt. Ingen dokumentation i PMO eftersom det är läkare eller annan hälso- och sjukvårdspersonal på samma enhet och samma dag som hanterar ärendet.")).
scenarios:documented_step('3.1.2d', 2, "Registreras av läkare eller annan hälso- och sjukvårdspersonal som hanterar ärendet digitalt", registers(none)).
scenarios:documented_alternative('3.1.2d', 2, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
scenarios:documented_alternative('3.1.2d', 2, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
% INTERPRETATION (q_layout_bullets): as in 3.1.2c, the closing bullet of
% "Ersätter ett besök" lost its indent after a page break (erratum e7).
scenarios:scenario_interpretation('3.1.2d', q_layout_bullets).
scenarios:unindented_bullet('3.1.2d', 2, replaces_visit, "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt").
% The source writes "Vårdkontakt: Mottagningsbesök." (erratum e3).
scenarios:normalised_quote('3.1.2d', 3, e3).
scenarios:documented_step('3.1.2d', 3, "Registreras av läkare eller annan hälso- och sjukvårdspersonal som träffar patienten fysiskt", registers(none)).
scenarios:documented_alternative('3.1.2d', 3, ordinary_visit, "Registreras som ett ordinarie mottagningsbesök:",
    [ "Vårdkontakt: Mottagningsbesök",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod" ]).
