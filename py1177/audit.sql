-- py1177 audit as SQL (DuckDB dialect; plain window functions and joins otherwise).
-- Inputs: cases(case_id, step, role, channel, purpose, date, unit, closed_case),
--         contacts(contact_id, case_id, step, contact_type, attribute_1177, journal, diagnosis),
--         decision (the table `py1177 table` exports, or the one `py1177 audit` builds).
-- Output: findings(case_id, kind, step, contact_id, unit, chain, status, rule, section, quote)
--         and undecided(case_id, chain, status, gaps).

-- 1. Each step's day and unit compared with the previous step; the chain's canonical spec
--    (the --step specs of its steps, joined by single spaces).
CREATE OR REPLACE TABLE case_steps AS
SELECT case_id, step, role, channel, purpose, date, unit, closed_case,
       CASE WHEN step > 1 THEN CASE WHEN date = lag(date) OVER w THEN 'same' ELSE 'other' END END AS day_rel,
       CASE WHEN step > 1 THEN CASE WHEN unit = lag(unit) OVER w THEN 'same' ELSE 'other' END END AS unit_rel
FROM cases
WINDOW w AS (PARTITION BY case_id ORDER BY step);

CREATE OR REPLACE TABLE case_chains AS
SELECT case_id,
       string_agg(role || ':' || channel || coalesce(':purpose=' || purpose, '')
                  || coalesce(':day=' || day_rel || ':unit=' || unit_rel, ''), ' ' ORDER BY step) AS chain,
       count(*) FILTER (WHERE closed_case) AS closings
FROM case_steps
GROUP BY case_id;

-- 2. The distinct chains, numbered, with the table's rows for them; every step with what the
--    rulebook expects of it (narrow: the quotes are joined to the findings only).
CREATE OR REPLACE TABLE chain_ids AS
SELECT chain, row_number() OVER (ORDER BY chain) AS chain_id
FROM (SELECT DISTINCT chain FROM case_chains);

CREATE OR REPLACE TABLE plan AS
SELECT i.chain_id, d.*
FROM decision d
JOIN chain_ids i USING (chain);

CREATE OR REPLACE TABLE expected AS
SELECT s.case_id, s.step, s.unit AS step_unit, s.closed_case, k.closings, p.chain_id, p.status, p.registers,
       p.closer_step, p.alt1_contact_type, p.alt2_contact_type, p.alt1_attribute, p.alt2_attribute,
       p.alt1_journal, p.alt2_journal, p.alt1_diagnosis, p.alt2_diagnosis
FROM case_steps s
JOIN case_chains k USING (case_id)
JOIN chain_ids i ON i.chain = k.chain
JOIN plan p ON p.chain_id = i.chain_id AND p.step = s.step;

-- 3. Every contact on a decided chain, matched to the alternative its contact type names;
--    of two contacts for one step the one of an allowed type (then the lowest id) comes first.
CREATE OR REPLACE TABLE checked AS
SELECT e.case_id, e.step, e.step_unit, e.chain_id, e.registers, c.contact_id, c.attribute_1177,
       c.journal AS got_journal, c.diagnosis AS got_diagnosis, m.alt,
       CASE m.alt WHEN 1 THEN e.alt1_attribute WHEN 2 THEN e.alt2_attribute END AS want_attribute,
       CASE m.alt WHEN 1 THEN e.alt1_journal WHEN 2 THEN e.alt2_journal END AS want_journal,
       CASE m.alt WHEN 1 THEN e.alt1_diagnosis WHEN 2 THEN e.alt2_diagnosis END AS want_diagnosis,
       row_number() OVER (PARTITION BY e.case_id, e.step ORDER BY m.alt IS NULL, c.contact_id) AS nth
FROM contacts c
JOIN expected e ON e.case_id = c.case_id AND e.step = c.step,
LATERAL (SELECT CASE WHEN c.contact_type = e.alt1_contact_type THEN 1
                     WHEN c.contact_type = e.alt2_contact_type THEN 2 END AS alt) m
WHERE e.status <> 'gap';

-- 4. The findings: which obligation each breaks (cite), then its rule, section and quote.
CREATE OR REPLACE TABLE found AS
SELECT case_id, 'missing_registration' AS kind, step, NULL AS contact_id, step_unit AS unit, chain_id,
       NULL AS alt, 'registration' AS cite
FROM expected e
WHERE status <> 'gap' AND registers
  AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.case_id = e.case_id AND c.step = e.step)
UNION ALL
SELECT case_id, 'unexpected_registration', step, contact_id, step_unit, chain_id, NULL, 'registration'
FROM checked WHERE nth > 1 OR NOT registers
UNION ALL
SELECT case_id, 'wrong_contact_type', step, contact_id, step_unit, chain_id, NULL, 'contact_type'
FROM checked WHERE nth = 1 AND registers AND alt IS NULL
UNION ALL
SELECT case_id, 'missing_attribute', step, contact_id, step_unit, chain_id, alt, 'attribute'
FROM checked WHERE nth = 1 AND registers AND want_attribute AND NOT attribute_1177
UNION ALL
SELECT case_id, 'unexpected_attribute', step, contact_id, step_unit, chain_id, alt, 'attribute_types'
FROM checked WHERE nth = 1 AND registers AND NOT want_attribute AND attribute_1177
UNION ALL
SELECT case_id, 'missing_journal', step, contact_id, step_unit, chain_id, alt, 'journal'
FROM checked WHERE nth = 1 AND registers AND want_journal AND NOT got_journal
UNION ALL
SELECT case_id, 'missing_diagnosis', step, contact_id, step_unit, chain_id, alt, 'diagnosis'
FROM checked WHERE nth = 1 AND registers AND want_diagnosis AND NOT got_diagnosis
UNION ALL
-- the rulebook's closer must be the one and only step that closed the case
SELECT case_id, 'wrong_closer', step, NULL, step_unit, chain_id, NULL, 'closer'
FROM expected
WHERE status <> 'gap' AND step = closer_step AND (NOT closed_case OR closings <> 1);

CREATE OR REPLACE TABLE findings AS
SELECT f.case_id, f.kind, f.step, f.contact_id, f.unit, p.chain, p.status,
       CASE f.cite WHEN 'registration' THEN p.registration_rule
                   WHEN 'closer' THEN p.closer_rule
                   WHEN 'attribute_types' THEN p.attribute_types_rule
                   WHEN 'contact_type' THEN p.alt1_contact_type_rule
                   WHEN 'attribute' THEN CASE f.alt WHEN 1 THEN p.alt1_attribute_rule ELSE p.alt2_attribute_rule END
                   WHEN 'journal' THEN CASE f.alt WHEN 1 THEN p.alt1_journal_rule ELSE p.alt2_journal_rule END
                   WHEN 'diagnosis' THEN CASE f.alt WHEN 1 THEN p.alt1_diagnosis_rule ELSE p.alt2_diagnosis_rule END
       END AS rule,
       CASE f.cite WHEN 'registration' THEN p.registration_section
                   WHEN 'closer' THEN p.closer_section
                   WHEN 'attribute_types' THEN p.attribute_types_section
                   WHEN 'contact_type' THEN p.alt1_contact_type_section
                   WHEN 'attribute' THEN CASE f.alt WHEN 1 THEN p.alt1_attribute_section
                                                    ELSE p.alt2_attribute_section END
                   WHEN 'journal' THEN CASE f.alt WHEN 1 THEN p.alt1_journal_section ELSE p.alt2_journal_section END
                   WHEN 'diagnosis' THEN CASE f.alt WHEN 1 THEN p.alt1_diagnosis_section
                                                    ELSE p.alt2_diagnosis_section END
       END AS section,
       CASE f.cite WHEN 'registration' THEN p.registration_quote
                   WHEN 'closer' THEN p.closer_quote
                   WHEN 'attribute_types' THEN p.attribute_types_quote
                   WHEN 'contact_type' THEN p.alt1_contact_type_quote || coalesce(' / ' || p.alt2_contact_type_quote, '')
                   WHEN 'attribute' THEN CASE f.alt WHEN 1 THEN p.alt1_attribute_quote ELSE p.alt2_attribute_quote END
                   WHEN 'journal' THEN CASE f.alt WHEN 1 THEN p.alt1_journal_quote ELSE p.alt2_journal_quote END
                   WHEN 'diagnosis' THEN CASE f.alt WHEN 1 THEN p.alt1_diagnosis_quote ELSE p.alt2_diagnosis_quote END
       END AS quote
FROM found f
JOIN plan p ON p.chain_id = f.chain_id AND p.step = f.step;

CREATE OR REPLACE TABLE undecided AS
SELECT k.case_id, k.chain, g.status, g.gaps
FROM case_chains k
JOIN (SELECT DISTINCT chain, status, gaps FROM plan WHERE status = 'gap') g USING (chain);
