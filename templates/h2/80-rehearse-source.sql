{% include "h2/_guard.sql" %}
-- ON A REHEARSAL COPY OF THE SOURCE ONLY, never on production: after 10-sync-source-setup.sql, it
-- inserts, updates and deletes rows of every sync table, then compares the journal rows the triggers
-- wrote, column by column and in SYNC_ID order, with the rows they must write. It prints one line per
-- check and a verdict (RunScript shows them with -showResults), and rolls everything back.
-- One transaction: SET AUTOCOMMIT OFF … ROLLBACK. H2 commits on DDL, so the work table is made first
-- (a LOCAL TEMPORARY table: this session's only, gone when it ends). H2 has no procedural SQL: each
-- journal's start and the verdict are session variables, which outlive the ROLLBACK, and a failed
-- check then stops RunScript with a CAST of the verdict to INT (error 22018 quoting it), after every
-- line is printed and everything rolled back.
-- The rollback leaves one trace: the SYNC_ID values the journal rows took are not given out again.
-- Harmless here; on production that gap would reach batchSize and stall WSO2's runtime for good.
-- Rows use tenant ids -4242 and -4243, which no IS uses (-1234 is the super tenant, -1 no tenant,
-- tenants count up from 1), and text starting with the row's letter and ismig'é.
{% let r = v.rehearsal() %}
-- refuses to run without the journal tables of 10-sync-source-setup.sql, naming the first missing one;
-- a missing trigger is a failed check below: the rows it should have written are missing
{% for t in v.tables() %}
SELECT CAST(F.MSG AS INT) AS REHEARSAL FROM (SELECT 'ismig rehearsal: journal table {{ t.journal() }} is missing: run 10-sync-source-setup.sql first' AS MSG FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = {{ t.journal_lit() }})) F
@@
{% endfor %}
CREATE LOCAL TEMPORARY TABLE ISMIG_REHEARSAL (N INT NOT NULL, LINE VARCHAR NOT NULL, DIFF VARCHAR)
@@
SET AUTOCOMMIT OFF
@@
-- the triggers: present
{% for t in v.tables() %}
{% for tr in t.triggers() %}
INSERT INTO ISMIG_REHEARSAL (N, LINE)
SELECT 0, CASE WHEN EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = CURRENT_SCHEMA AND TRIGGER_NAME = {{ tr.name_lit() }} AND EVENT_OBJECT_TABLE = {{ t.source_lit() }} AND ACTION_TIMING = 'AFTER' AND EVENT_MANIPULATION = '{{ tr.event() }}')
  THEN 'ok {{ t.source() }} trigger {{ tr.name() }}: present'
  ELSE 'FAILED: {{ t.source() }} trigger {{ tr.name() }}: expected present got missing' END
@@
{% endfor %}
{% for c in t.children() %}
INSERT INTO ISMIG_REHEARSAL (N, LINE)
SELECT 0, CASE WHEN EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = CURRENT_SCHEMA AND TRIGGER_NAME = {{ c.name_lit() }} AND EVENT_OBJECT_TABLE = {{ t.source_lit() }} AND ACTION_TIMING = 'AFTER' AND EVENT_MANIPULATION = 'DELETE')
  THEN 'ok {{ t.source() }} trigger {{ c.name() }}: present'
  ELSE 'FAILED: {{ t.source() }} trigger {{ c.name() }}: expected present got missing' END
@@
{% endfor %}
{% endfor %}
-- each journal's last SYNC_ID before the rehearsal: the rows after it are the rehearsal's
{% for t in r.tables %}
SET @ISMIG_START_{{ t.n }} = (SELECT COALESCE(MAX(SYNC_ID), 0) FROM {{ t.journal }})
@@
{% endfor %}
{% for s in r.statements %}
-- {{ s.what }}
{{ s.sql }}
@@
{% endfor %}
-- the checks: each journal's number of new rows, then each row against the one expected
{% for c in r.checks() %}
INSERT INTO ISMIG_REHEARSAL (N, LINE, DIFF)
SELECT {{ c.n }}, {{ c.label }},
  {{ c.diff }}
{{ c.from }}
@@
{% endfor %}
-- each check's line: ok when nothing differs, else FAILED and what differs
UPDATE ISMIG_REHEARSAL SET LINE = CASE WHEN DIFF = '.' THEN CONCAT('ok ', LINE) ELSE CONCAT('FAILED: ', LINE, ': ', SUBSTR(DIFF, 2)) END
WHERE DIFF IS NOT NULL
@@
SELECT LINE AS REHEARSAL FROM ISMIG_REHEARSAL ORDER BY N, LINE
@@
SET @ISMIG_FAILED = (SELECT COUNT(*) FROM ISMIG_REHEARSAL WHERE LINE NOT LIKE 'ok %')
@@
ROLLBACK
@@
SET AUTOCOMMIT ON
@@
-- the verdict: a failed check stops RunScript here, everything already rolled back
SELECT CAST(CONCAT('ismig rehearsal: FAILED: ', @ISMIG_FAILED, ' check(s) failed; everything is rolled back') AS INT) AS VERDICT
FROM DUAL WHERE @ISMIG_FAILED > 0
@@
SELECT 'ismig rehearsal: passed: every check ok; everything is rolled back' AS VERDICT
@@
