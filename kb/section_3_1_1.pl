:- encoding(utf8).
:- module(section_3_1_1, []).

:- discontiguous scenarios:scenario/4, scenarios:documented_step/4,
                 scenarios:documented_alternative/5, scenarios:scenario_interpretation/2,
                 scenarios:closer_interpretation/2, scenarios:unindented_bullet/4,
                 scenarios:normalised_quote/3.

/** <module> §3.1.1 Ärende som enbart tas om hand av sjuksköterska

Scenarios 3.1.1a (egenvårdsråd), 3.1.1b (åtgärd/behandling) and 3.1.1c
(sjuksköterska via 1177 direkt, then sjuksköterska fysiskt). Clauses of the
multifile predicates documented in scenarios.pl.
*/

% "Sjuksköterska via 1177 direkt (egenvårdsråd)"
scenarios:scenario('3.1.1a', '3.1.1', "Sjuksköterska via 1177 direkt (egenvårdsråd)",
    [pstep([nurse], digital, self_care_advice, [none], [none])]).
scenarios:documented_step('3.1.1a', 1, "Registreras av sjuksköterska", registers(none)).
scenarios:documented_alternative('3.1.1a', 1, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Sjuksköterskan avslutar ärendet i 1177 direkt" ]).
scenarios:documented_alternative('3.1.1a', 1, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Sjuksköterskan avslutar ärendet i 1177 direkt" ]).

% "Sjuksköterska via 1177 direkt (Åtgärd/behandling)" — only "Ersätter ett besök".
scenarios:scenario('3.1.1b', '3.1.1', "Sjuksköterska via 1177 direkt (Åtgärd/behandling)",
    [pstep([nurse], digital, treatment, [none], [none])]).
scenarios:documented_step('3.1.1b', 1, "Registreras av sjuksköterska", registers(none)).
scenarios:documented_alternative('3.1.1b', 1, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Sjuksköterskan avslutar ärendet i 1177 direkt" ]).

% "Sjuksköterska via 1177 direkt → Sjuksköterska fysiskt, samma
% besvär/enhet/dag alternativt annan dag"
scenarios:scenario('3.1.1c', '3.1.1', "Sjuksköterska via 1177 direkt → Sjuksköterska fysiskt, samma besvär/enhet/dag alternativt annan dag",
    [ pstep([nurse], digital, none, [none], [none]),
      pstep([nurse], physical, none, [same, other], [same]) ]).
scenarios:documented_step('3.1.1c', 1, "Registreras av sjuksköterska som hanterar ärende digitalt", registers(none)).
scenarios:documented_alternative('3.1.1c', 1, not_replaces_visit, "Ersätter inte ett besök:",
    [ "Vårdkontakt: Text som inte ersätter besök",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Sjuksköterskan avslutar ärendet i 1177 direkt" ]).
scenarios:documented_alternative('3.1.1c', 1, replaces_visit, "Ersätter ett besök:",
    [ "Vårdkontakt: Distanskontakt realtid bild/ljud/chatt",
      "Attribut: 1177 direkt",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod",
      "Sjuksköterskan avslutar ärendet i 1177 direkt" ]).
% INTERPRETATION (q_layout_bullets): after a page break the source prints
% the last two bullets of "Ersätter inte ett besök" without their indent
% (erratum e7); they are read as bullets of that alternative.
scenarios:scenario_interpretation('3.1.1c', q_layout_bullets).
scenarios:unindented_bullet('3.1.1c', 1, not_replaces_visit, "Dokumentera i journalen").
scenarios:unindented_bullet('3.1.1c', 1, not_replaces_visit, "Sjuksköterskan avslutar ärendet i 1177 direkt").
% The source writes "Vårdkontakt: Mottagningsbesök." (erratum e3).
scenarios:normalised_quote('3.1.1c', 2, e3).
scenarios:documented_step('3.1.1c', 2, "Registreras av sjuksköterska som träffar patienten fysiskt", registers(none)).
scenarios:documented_alternative('3.1.1c', 2, ordinary_visit, "Registreras som ett ordinarie mottagningsbesök:",
    [ "Vårdkontakt: Mottagningsbesök",
      "Dokumentera i journalen",
      "Registrera diagnos och eventuellt KVÅ-kod" ]).
