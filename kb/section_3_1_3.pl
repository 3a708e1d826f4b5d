:- encoding(utf8).
:- module(section_3_1_3, []).

:- discontiguous scenarios:scenario/4, scenarios:documented_step/4,
                 scenarios:documented_alternative/5, scenarios:scenario_interpretation/2,
                 scenarios:closer_interpretation/2, scenarios:closer_reading/3,
                 scenarios:unindented_bullet/4, scenarios:normalised_quote/3.

/** <module> §3.1.3 Ärende som skickas vidare till hälso- och sjukvårdspersonal på annan enhet

Scenarios 3.1.3a (forwarded via 1177 direkt to another unit the same day:
both register, the receiving unit closes) and 3.1.3b (redirected to a unit
without 1177 direkt). Clauses of the multifile predicates documented in
scenarios.pl. The source writes "KVVÅ-kod" here (erratum e1).
*/

% "Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och
% sjukvårdspersonal via 1177 direkt, samma dag/besvär annan enhet"
scenarios:scenario('3.1.3a', '3.1.3', "Sjuksköterska via 1177 direkt → Läkare eller annan hälso- och sjukvårdspersonal via 1177 direkt, samma dag/besvär annan enhet",
    [ pstep([nurse], digital, none, [none], [none]),
      pstep([doctor, other_clinician], digital, none, [same], [other]) ]).
scenarios:documented_step('3.1.3a', 1, "Registreras av sjuksköterska:",
    registers("Sjuksköterskan behöver registrera med tanke på att ärendet hanteras av läkare eller annan hälso- och sjukvårdspersonal på annan enhet.")).
scenarios:documented_alternative('3.1.3a', 1, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
scenarios:documented_alternative('3.1.3a', 1, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
scenarios:documented_step('3.1.3a', 2, "Registreras av mottagande enhets läkare eller annan hälso- och sjukvårdspersonal", registers(none)).
scenarios:documented_alternative('3.1.3a', 2, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
scenarios:documented_alternative('3.1.3a', 2, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).

% The source writes "KVVÅ-kod" under the receiving unit's "Ersätter ett besök" (erratum e1).
scenarios:normalised_quote('3.1.3a', 2, e1).

% "Sjuksköterska eller läkare via 1177 direkt → Hänvisar till annan enhet
% som inte har 1177 direkt"
scenarios:scenario('3.1.3b', '3.1.3', "Sjuksköterska eller läkare via 1177 direkt → Hänvisar till annan enhet som inte har 1177 direkt",
    [ pstep([nurse, doctor], digital, redirect, [none], [none]) ]).
scenarios:documented_step('3.1.3b', 1, "Registreras av sjuksköterska eller läkare", registers(none)).
scenarios:documented_alternative('3.1.3b', 1, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
scenarios:documented_alternative('3.1.3b', 1, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Läkaren eller annan hälso- och sjukvårdspersonal avslutar ärendet i 1177 direkt" ]).
% INTERPRETATION (q_closer_3_1_3b): the bullet names "Läkaren eller annan
% hälso- och sjukvårdspersonal" as closer although a nurse may register and
% nobody else handles the case in 1177 direkt. Readings: whoever handled
% the case (step 1) closes it (handler), a doctor or other clinician
% outside the chain does (named_roles), or it is undecided (undecided);
% questions.pl marks the one in force.
scenarios:closer_interpretation('3.1.3b', q_closer_3_1_3b).
scenarios:closer_reading(q_closer_3_1_3b, handler, step(1)).
scenarios:closer_reading(q_closer_3_1_3b, named_roles, none).
scenarios:closer_reading(q_closer_3_1_3b, undecided, none).
% The source writes "KVVÅ-kod" here (erratum e1).
scenarios:normalised_quote('3.1.3b', 1, e1).
