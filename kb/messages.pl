:- encoding(utf8).
:- module(messages,
          [ rule_text/3               % ?RuleId, ?Lang, ?Text
          ]).

/** <module> The general rules in words

One sentence per general rule of rules.pl (and per gap reason), in Swedish
(sv) and English (en), as the answers and explanations state them. These
sentences word the anvisning's content, so they are policy: a draft that
changes a rule changes its sentence here. The engine's own sentence
templates live in the package (py1177/engine/ui_messages.pl).
*/

%!  rule_text(?RuleId, ?Lang, ?Text) is nondet.
%
%   True when Text states general rule RuleId in Lang, as one sentence.

rule_text(r_alternatives, sv, "En kontakt i 1177 direkt registreras på två sätt beroende på om den ersätter ett besök eller inte.").
rule_text(r_alternatives, en, "A contact in 1177 direkt is registered in one of two ways, depending on whether it replaces a visit.").
rule_text(r_visit_replacing_purpose, sv, "Åtgärd/behandling och remiss efter bedömning ersätter alltid ett besök.").
rule_text(r_visit_replacing_purpose, en, "Treatment and referral after assessment always replace a visit.").
rule_text(r_contact_type_digital, sv, "Via 1177 direkt är vårdkontakten Text som inte ersätter besök, eller Distanskontakt realtid bild/ljud/chatt när den ersätter ett besök.").
rule_text(r_contact_type_digital, en, "Via 1177 direkt the contact type is Text som inte ersätter besök, or Distanskontakt realtid bild/ljud/chatt when it replaces a visit.").
rule_text(r_contact_type_phone, sv, "Per telefon vid bekymmer med 1177 direkt är vårdkontakten Telefonsamtal, eller Telefonsamtal som ersätter besök.").
rule_text(r_contact_type_phone, en, "By telephone when 1177 direkt has trouble the contact type is Telefonsamtal, or Telefonsamtal som ersätter besök.").
rule_text(r_physical_visit, sv, "Ett fysiskt besök registreras som ett ordinarie mottagningsbesök.").
rule_text(r_physical_visit, en, "A physical visit is registered as an ordinary clinic visit (Mottagningsbesök).").
rule_text(r_attribute, sv, "Attributet 1177 direkt kryssas i på de vårdkontakter som 4.3 räknar upp, och bara där.").
rule_text(r_attribute, en, "The attribute 1177 direkt is ticked on the contact types listed in 4.3, and only there.").
rule_text(r_journal, sv, "Varje registrering i PMO dokumenteras i journalen.").
rule_text(r_journal, en, "Every registration in PMO is documented in the patient record.").
rule_text(r_diagnosis, sv, "En kontakt som ersätter ett besök, och ett mottagningsbesök, kräver diagnos och eventuellt KVÅ-kod.").
rule_text(r_diagnosis, en, "A contact that replaces a visit, and a clinic visit, require a diagnosis and optionally a KVÅ code.").
rule_text(r_forward_same_unit_day, sv, "Den som skickar ärendet vidare via 1177 direkt till läkare eller annan hälso- och sjukvårdspersonal på samma enhet samma dag registrerar inget i PMO.").
rule_text(r_forward_same_unit_day, en, "Whoever forwards the case via 1177 direkt to a doctor or other clinician on the same unit the same day registers nothing in PMO.").
rule_text(r_forward_registers, sv, "Den som skickar ärendet vidare till en annan dag eller en annan enhet registrerar sin kontakt.").
rule_text(r_forward_registers, en, "Whoever forwards the case to another day or another unit registers their own contact.").
rule_text(r_closer_last_in_1177, sv, "Den som hanterar det sista steget i 1177 direkt avslutar ärendet.").
rule_text(r_closer_last_in_1177, en, "The handler of the last step in 1177 direkt closes the case.").
rule_text(gap_no_rule, sv, "Ingen regel avgör steget.").
rule_text(gap_no_rule, en, "No rule decides this step.").
rule_text(gap_not_via_1177, sv, "Ärendet börjar inte i 1177 direkt.").
rule_text(gap_not_via_1177, en, "The case does not start in 1177 direkt.").
rule_text(gap_return_after_visit, sv, "Ett steg i 1177 direkt efter ett fysiskt besök beskrivs inte.").
rule_text(gap_return_after_visit, en, "A step in 1177 direkt after a physical visit is not described.").
rule_text(gap_after_exit, sv, "Efter hänvisning eller remiss till annan enhet beskrivs inga fler steg i 1177 direkt eller på samma enhet.").
rule_text(gap_after_exit, en, "After a redirect or referral to another unit, no further step in 1177 direkt or on the same unit is described.").
rule_text(gap_forward_to_nurse, sv, "Överlämning via 1177 direkt till en sjuksköterska samma dag på samma enhet beskrivs inte; anvisningen nämner bara läkare eller annan hälso- och sjukvårdspersonal.").
rule_text(gap_forward_to_nurse, en, "A hand-over via 1177 direkt to a nurse on the same unit the same day is not described; the guideline names only doctors or other clinicians.").
rule_text(gap_forward_with_content, sv, "Att först ge eget innehåll (råd, åtgärd, en kontakt som ersätter ett besök m.m.) och sedan skicka vidare samma dag till samma enhet beskrivs inte.").
rule_text(gap_forward_with_content, en, "Giving content of one's own (advice, treatment, a contact that replaces a visit etc.) and then forwarding the same day to the same unit is not described.").
rule_text(gap_forward_by_phone, sv, "Överlämning samma dag till samma enhet där någon av kontakterna sker per telefon beskrivs inte; anvisningen beskriver vidarebefordran via 1177 direkt.").
rule_text(gap_forward_by_phone, en, "A same-day, same-unit hand-over where either contact is by telephone is not described; the guideline describes forwarding via 1177 direkt.").
rule_text(gap_alternative_not_described, sv, "Det valda alternativet (replaces_visit) finns inte för stegets syfte; anvisningen ger för åtgärd/behandling och remiss bara \"Ersätter ett besök\".").
rule_text(gap_alternative_not_described, en, "The chosen alternative (replaces_visit) does not exist for the step's purpose; for treatment and referral the guideline gives only \"Replaces a visit\".").
rule_text(r_visit_after_exit, sv, "Ett fysiskt besök på den enhet som ärendet hänvisats eller remitterats till härleds som ett ordinarie mottagningsbesök – om den enheten registrerar enligt Region Skånes anvisningar; anvisningen gäller Primärvården Skåne och Medicinsk service.").
rule_text(r_visit_after_exit, en, "A physical visit at the unit the case was redirected or referred to is inferred as an ordinary clinic visit – if that unit registers under Region Skåne's guidelines; the guideline applies to Primärvården Skåne and Medicinsk service.").
rule_text(gap_role_not_in_heading, sv, "Anvisningen beskriver stegets syfte bara för de roller som rubriken nämner (t.ex. receptförnyelse: läkare; hänvisning: sjuksköterska eller läkare); den här rollen nämns inte.").
rule_text(gap_role_not_in_heading, en, "The guideline describes the step's purpose only for the roles its heading names (e.g. prescription renewal: doctor; redirect: nurse or doctor); this role is not named.").
