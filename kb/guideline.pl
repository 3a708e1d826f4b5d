:- encoding(utf8).
:- module(guideline,
          [ guideline/2,              % ?Key, ?Value
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
        "Layout: efter sidbrytningar har punkter tappat sitt indrag (3.1.1 Sjuksköterska fysiskt: Dokumentera i journalen och Sjuksköterskan avslutar; 3.1.2 annan dag och 3.1.2 fysiskt samma dag: Läkaren eller annan … avslutar; 3.1.4 receptförnyelse). Texten ändras inte; punkterna läses som delar av alternativet ovanför (se fråga q_layout_bullets).").
