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

-- 2. Every step with what the rulebook expects of it.
CREATE OR REPLACE TABLE expected AS
SELECT s.case_id, s.unit AS step_unit, s.closed_case, k.closings, d.*
FROM case_steps s
JOIN case_chains k USING (case_id)
JOIN decision d ON d.chain = k.chain AND d.step = s.step;

-- 3. Every contact on a decided chain, matched to the alternative its contact type names;
--    of two contacts for one step the one of an allowed type (then the lowest id) comes first.
CREATE OR REPLACE TABLE checked AS
SELECT e.*, c.contact_id, c.contact_type AS got_type, c.attribute_1177, c.journal AS got_journal,
       c.diagnosis AS got_diagnosis,
       CASE WHEN c.contact_type = e.alt1_contact_type THEN 1
            WHEN c.contact_type = e.alt2_contact_type THEN 2 END AS alt,
       row_number() OVER (PARTITION BY e.case_id, e.step
                          ORDER BY coalesce(c.contact_type = e.alt1_contact_type
                                            OR c.contact_type = e.alt2_contact_type, false) DESC,
                                   c.contact_id) AS nth
FROM contacts c
JOIN expected e ON e.case_id = c.case_id AND e.step = c.step
WHERE e.status <> 'gap';

CREATE OR REPLACE TABLE findings AS
SELECT case_id, 'missing_registration' AS kind, step, NULL AS contact_id, step_unit AS unit, chain, status,
       registration_rule AS rule, registration_section AS section, registration_quote AS quote
FROM expected e
WHERE status <> 'gap' AND registers
  AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.case_id = e.case_id AND c.step = e.step)
UNION ALL
SELECT case_id, 'unexpected_registration', step, contact_id, step_unit, chain, status,
       registration_rule, registration_section, registration_quote
FROM checked WHERE nth > 1 OR NOT registers
UNION ALL
SELECT case_id, 'wrong_contact_type', step, contact_id, step_unit, chain, status,
       alt1_contact_type_rule, alt1_contact_type_section,
       alt1_contact_type_quote || coalesce(' / ' || alt2_contact_type_quote, '')
FROM checked WHERE nth = 1 AND registers AND alt IS NULL
UNION ALL
SELECT case_id, 'missing_attribute', step, contact_id, step_unit, chain, status,
       CASE alt WHEN 1 THEN alt1_attribute_rule ELSE alt2_attribute_rule END,
       CASE alt WHEN 1 THEN alt1_attribute_section ELSE alt2_attribute_section END,
       CASE alt WHEN 1 THEN alt1_attribute_quote ELSE alt2_attribute_quote END
FROM checked WHERE nth = 1 AND registers AND NOT attribute_1177
  AND CASE alt WHEN 1 THEN alt1_attribute WHEN 2 THEN alt2_attribute ELSE false END
UNION ALL
SELECT case_id, 'unexpected_attribute', step, contact_id, step_unit, chain, status,
       attribute_types_rule, attribute_types_section, attribute_types_quote
FROM checked WHERE nth = 1 AND registers AND attribute_1177
  AND NOT CASE alt WHEN 1 THEN alt1_attribute WHEN 2 THEN alt2_attribute ELSE true END
UNION ALL
SELECT case_id, 'missing_journal', step, contact_id, step_unit, chain, status,
       CASE alt WHEN 1 THEN alt1_journal_rule ELSE alt2_journal_rule END,
       CASE alt WHEN 1 THEN alt1_journal_section ELSE alt2_journal_section END,
       CASE alt WHEN 1 THEN alt1_journal_quote ELSE alt2_journal_quote END
FROM checked WHERE nth = 1 AND registers AND NOT got_journal
  AND CASE alt WHEN 1 THEN alt1_journal WHEN 2 THEN alt2_journal ELSE false END
UNION ALL
SELECT case_id, 'missing_diagnosis', step, contact_id, step_unit, chain, status,
       CASE alt WHEN 1 THEN alt1_diagnosis_rule ELSE alt2_diagnosis_rule END,
       CASE alt WHEN 1 THEN alt1_diagnosis_section ELSE alt2_diagnosis_section END,
       CASE alt WHEN 1 THEN alt1_diagnosis_quote ELSE alt2_diagnosis_quote END
FROM checked WHERE nth = 1 AND registers AND NOT got_diagnosis
  AND CASE alt WHEN 1 THEN alt1_diagnosis WHEN 2 THEN alt2_diagnosis ELSE false END
UNION ALL
-- the rulebook's closer must be the one and only step that closed the case
SELECT case_id, 'wrong_closer', step, NULL, step_unit, chain, status, closer_rule, closer_section, closer_quote
FROM expected
WHERE status <> 'gap' AND step = closer_step AND (NOT closed_case OR closings <> 1);

CREATE OR REPLACE TABLE undecided AS
SELECT DISTINCT case_id, chain, status, gaps
FROM expected
WHERE status = 'gap';
