:- encoding(utf8).
:- module(guideline,
          [ guideline/2,              % ?Key, ?Value
            guideline_fact/3,         % ?Key, ?Section, ?Quote
            link/3,                   % ?Section, ?Title, ?Target
            general_guideline/2,      % ?Title, ?Question
            section/2,                % ?Number, ?Title
            valid_on/1,               % +Date
            erratum/5                 % ?Id, ?Section, ?Found, ?Normalised, ?Note
          ]).

/** <module> Guideline metadata, sections and errata

The header block of the anvisning (issuer, version, approval and validity
dates, scope), its section headings, and the source's own typos, which the
KB normalises in its labels and lists here as errata.

Source: the title page and table of contents of
"Primärvården Skånes tillämpningsanvisningar av distanskontakter för
projektet 1177 direkt", version 1.0.
*/

%!  guideline(?Key, ?Value) is nondet.
%
%   True when Value is the guideline's metadata field Key, as printed on
%   its title page. Dates are date(Y,M,D) terms.

guideline(title, "Primärvården Skånes tillämpningsanvisningar av distanskontakter för projektet 1177 direkt").
guideline(issuer, "Region Skåne").
guideline(department, "Avdelningen för hälso- och sjukvårdsstyrning").
guideline(process, "Vårdadministration").
guideline(created_by, "Patientadministrativa rådet").
guideline(approved_by, "Patientadministrativa rådet").
guideline(version, "1.0").
guideline(approved, date(2023, 4, 5)).
guideline(valid_from, date(2023, 4, 11)).
guideline(valid_to, date(2024, 4, 11)).
guideline(scope, "Primärvården Skåne och Medicinsk service").
guideline(scope_note, "Medicinsk service (1177 på telefon)").
guideline(document_type, "ANVISNING").
guideline(organisation, ["Avdelningen för hälso- och sjukvårdsstyrning",
                         "Koncernstab inköp och ekonomistyrning",
                         "Regional vårdadministrativ funktion"]).
% The title page prints the placeholder "Ange ärendenummer" where the case
% number belongs (observation e8): no case number is given.
guideline(case_number, null).
guideline(procured_by, "Inera").
guideline(decided, date(2021, 4, 28)).
guideline(steering_group_chair, "Pia Lundbom, hälso- och sjukvårdsdirektör").

%!  guideline_fact(?Key, ?Section, ?Quote) is nondet.
%
%   True when the metadata field Key (of guideline/2, or a fact of §1, §2
%   or §5 the answers do not use) rests on the verbatim Quote of Section;
%   Section title_page is the header block before the table of contents.
%   Tests and `check` verify that every Quote occurs in its Section.

guideline_fact(document_type, title_page, "ANVISNING").
guideline_fact(organisation, title_page, "Avdelningen för hälso- och sjukvårdsstyrning").
guideline_fact(organisation, title_page, "Koncernstab inköp och ekonomistyrning").
guideline_fact(organisation, title_page, "Regional vårdadministrativ funktion").
guideline_fact(process, title_page, "Process Vårdadministration").
guideline_fact(created_by, title_page, "Skapad av Patientadministrativa rådet").
guideline_fact(approved_by, title_page, "Godkänd av Patientadministrativa rådet").
guideline_fact(case_number, title_page, "Ärendenummer Ange ärendenummer").
guideline_fact(scope, title_page, "Gäller för Primärvården Skåne och Medicinsk service").
guideline_fact(procured_by, '1', "Tjänsten 1177 direkt har upphandlats av Inera och erbjuds till regioner som en nationell tjänst som har stöd för regionala och lokala anpassningar för att kunna hänvisa och styra patientflöden utifrån regionala regelverk och behov.").
guideline_fact(decided, '1', "Region Skåne beslutade 28 april 2021 att ansluta till plattformen och att delta i det nationella införandet av tjänsten.").
guideline_fact(aim, '1', "Syftet är att etablera tjänsten och att införa den i berörda verksamheter i Region Skåne.").
guideline_fact(transfers, '1.1', "Tjänsten möjliggör sömlös överföring av ärenden mellan hälso- och sjukvårdspersonal inom och mellan anslutna vårdenheter och regioner.").
guideline_fact(steering_group, '2', "Det regionala projektet är kopplat till en styrgrupp bestående av representanter från samtliga förvaltningar.").
guideline_fact(steering_group_chair, '2', "Ordförande är Pia Lundbom, hälso- och sjukvårdsdirektör.").
guideline_fact(scope_note, '2', "I projektets första steg ska tjänsten etableras och införas i Primärvården Skånes verksamheter samt Medicinsk service (1177 på telefon).").
guideline_fact(link, '5', "Registreringsanvisningar distanskontakter i Region Skåne").
guideline_fact(link, '5', "Patientavgifter i Skåne").

%!  link(?Section, ?Title, ?Target) is nondet.
%
%   True when Section lists a link titled Title (verbatim) to Target.
%   NOT ENCODED: the source gives both links of §5 without a target
%   ("(#)"), so Target is none: the documents they name are not part of
%   the rulebook (observation e9).

link('5', "Registreringsanvisningar distanskontakter i Region Skåne", none).
link('5', "Patientavgifter i Skåne", none).

%!  general_guideline(?Title, ?Question) is nondet.
%
%   True when Title is the link of §5 to the general registration guideline
%   that this anvisning applies ("3 Tillämpning av registreringsanvisningar
%   för distanskontakter"), and answers that are a gap point there under
%   the reading of policy question Question.
%   INTERPRETATION (q_general_guideline): steps this anvisning does not
%   decide fall to that guideline; the rulebook does not contain it.

general_guideline("Registreringsanvisningar distanskontakter i Region Skåne", q_general_guideline).

%!  valid_on(+Date) is semidet.
%
%   True when Date (date(Y,M,D)) lies within the validity period
%   "Gäller fr.o.m. 2023-04-11", "Gäller t.o.m. 2024-04-11", both inclusive.

valid_on(Date) :-
    guideline(valid_from, From),
    guideline(valid_to, To),
    From @=< Date,
    Date @=< To.

%!  section(?Number, ?Title) is nondet.
%
%   True when Number is a section of the anvisning with heading Title, as
%   printed in the body (the stray symbol in 3.1 removed, see erratum e5).

section('1', "Bakgrund och syfte").
section('1.1', "Tjänsten 1177 direkt").
section('2', "Projektinformation").
section('3', "Tillämpning av registreringsanvisningar för distanskontakter").
section('3.1', "Beskrivning av scenarion i 1177 direkt").
section('3.1.1', "Ärende som enbart tas om hand av sjuksköterska").
section('3.1.2', "Ärende som överlämnas till läkare eller annan hälso- och sjukvårdspersonal").
section('3.1.3', "Ärende som skickas vidare till hälso- och sjukvårdspersonal på annan enhet").
section('3.1.4', "Ärende som enbart tas om hand av Läkare eller annan legitimerad hälso- och sjukvårdspersonal").
section('4', "Registrering i PMO").
section('4.1', "Tidbokstyp 1177 direkt").
section('4.2', "Anteckningsmall").
section('4.3', "Vårdkontakt").
section('5', "Länkar").

%!  erratum(?Id, ?Section, ?Found, ?Normalised, ?Note) is nondet.
%
%   True when the source text of Section contains Found where the KB uses
%   Normalised. Note says why (Swedish). Tests apply these substitutions to
%   the source (after removing Markdown emphasis) before checking quotes.

erratum(e1, '3.1.3', "KVVÅ-kod", "KVÅ-kod",
        "Stavfel: dubbelt V; KVÅ = klassifikation av vårdåtgärder (förekommer även i 3.1.4).").
erratum(e2, '4.3', "Telefonsamtals som ersätter besök", "Telefonsamtal som ersätter besök",
        "Stavfel: vårdkontakttypen heter Telefonsamtal som ersätter besök.").
erratum(e3, '3.1.1', "Vårdkontakt: Mottagningsbesök.", "Vårdkontakt: Mottagningsbesök",
        "Avslutande punkt i etiketten (även i 3.1.2); vårdkontakttypen heter Mottagningsbesök.").
erratum(e4, '3.1.2', "Registreras av läkare eller hälso- och sjukvårdspersonal\n", "Registreras av läkare eller annan hälso- och sjukvårdspersonal\n",
        "Ordet \"annan\" saknas i rubriken för läkarens registrering i scenariot samma besvär/enhet, annan dag; alla andra rubriker har det.").
erratum(e5, '3.1', "scenarion 🚦 i", "scenarion i",
        "Lös symbol (trafikljus) i rubriken, troligen en rest från dokumentmallen.").
erratum(e6, '3.1.4', "- Ersätter inte ett besök: Vårdkontakt: Text som inte ersätter besök", "- Ersätter inte ett besök:\n- Vårdkontakt: Text som inte ersätter besök",
        "Layout: under Läkare via 1177 direkt (receptförnyelse) står alternativet och vårdkontakten på en rad och punkterna Attribut, Dokumentera och Läkaren avslutar har tappat sitt indrag; de läses som punkter under Ersätter inte ett besök (se fråga q_layout_bullets).").
erratum(e7, '3.1', "", "",
        "Layout: efter sidbrytningar har punkter tappat sitt indrag (3.1.1c, sjuksköterskan som hanterar ärendet digitalt, Ersätter inte ett besök: Dokumentera i journalen och Sjuksköterskan avslutar; 3.1.2c, sjuksköterskans Ersätter ett besök, och 3.1.2d, det digitala steget, Ersätter ett besök: Läkaren eller annan … avslutar; 3.1.4 receptförnyelse). Texten ändras inte; punkterna läses som delar av alternativet ovanför (se fråga q_layout_bullets).").
% Observations (Found = Normalised): the text is kept, the note says what
% is missing.
erratum(e8, title_page, "Ange ärendenummer", "Ange ärendenummer",
        "Platshållare: i fältet Ärendenummer står mallens text \"Ange ärendenummer\"; anvisningen har inget ärendenummer.").
erratum(e9, '5', "](#)", "](#)",
        "Länkarna i 5 (\"Registreringsanvisningar distanskontakter i Region Skåne\", \"Patientavgifter i Skåne\") saknar mål i källan; bara titlarna finns.").
