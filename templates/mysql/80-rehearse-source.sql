{% include "mysql/_guard.sql" %}
-- ON A REHEARSAL COPY OF THE SOURCE ONLY, never on production: after 10-sync-source-setup.sql, it
-- inserts, updates and deletes rows of every sync table, then compares the journal rows the triggers
-- wrote, column by column and in SYNC_ID order, with the rows they must write. It prints one line per
-- check and a verdict, and rolls everything back.
-- One transaction (START TRANSACTION … ROLLBACK). MySQL commits implicitly on any DDL, CREATE
-- PROCEDURE included, so nothing between the two is DDL: the work table is a TEMPORARY table made
-- before (CREATE and DROP TEMPORARY TABLE commit nothing), each journal's start is a user variable, and
-- the verdict is kept in a user variable, which outlives the ROLLBACK: a failed check then stops the
-- client with ERROR 1231 quoting the verdict, after every line is printed and everything rolled back.
-- The rollback leaves one trace: the SYNC_ID values the journal rows took are not given out again.
-- Harmless here; on production that gap would reach batchSize and stall WSO2's runtime for good.
-- Rows use tenant ids -4242 and -4243, which no IS uses (-1234 is the super tenant, -1 no tenant,
-- tenants count up from 1), and text starting with the row's letter and ismig'é.
{% let r = v.rehearsal() %}
-- refuses to run without the journal tables of 10-sync-source-setup.sql, naming the first missing one
-- (an unknown sql_mode value stops the client with ERROR 1231 quoting the message); a missing trigger
-- is a failed check below: the rows it should have written are missing
{% for t in v.tables() %}
SET SESSION sql_mode = IF(EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = {{ t.journal_lit() }}), @@SESSION.sql_mode, 'ismig rehearsal: journal table {{ t.journal() }} is missing: run 10-sync-source-setup.sql first')
@@
{% endfor %}
CREATE TEMPORARY TABLE ismig_rehearsal (N INT NOT NULL, LINE TEXT NOT NULL, DIFF TEXT)
@@
START TRANSACTION
@@
-- the triggers: present
{% for t in v.tables() %}
{% for tr in t.triggers() %}
INSERT INTO ismig_rehearsal (N, LINE)
SELECT 0, CASE WHEN EXISTS (SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND UPPER(TRIGGER_NAME) = {{ tr.name_lit() }} AND UPPER(EVENT_OBJECT_TABLE) = {{ t.source_lit() }} AND ACTION_TIMING = 'AFTER' AND EVENT_MANIPULATION = '{{ tr.event() }}')
  THEN 'ok {{ t.source() }} trigger {{ tr.name() }}: present'
  ELSE 'FAILED: {{ t.source() }} trigger {{ tr.name() }}: expected present got missing' END
@@
{% endfor %}
{% for c in t.children() %}
INSERT INTO ismig_rehearsal (N, LINE)
SELECT 0, CASE WHEN EXISTS (SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND UPPER(TRIGGER_NAME) = {{ c.name_lit() }} AND UPPER(EVENT_OBJECT_TABLE) = {{ t.source_lit() }} AND ACTION_TIMING = 'AFTER' AND EVENT_MANIPULATION = 'DELETE')
  THEN 'ok {{ t.source() }} trigger {{ c.name() }}: present'
  ELSE 'FAILED: {{ t.source() }} trigger {{ c.name() }}: expected present got missing' END
@@
{% endfor %}
{% endfor %}
-- each journal's last SYNC_ID before the rehearsal: the rows after it are the rehearsal's
{% for t in r.tables %}
SET @ismig_start_{{ t.n }} = (SELECT COALESCE(MAX(SYNC_ID), 0) FROM {{ t.journal }})
@@
{% endfor %}
{% for s in r.statements %}
-- {{ s.what }}
{{ s.sql }}
@@
{% endfor %}
-- the checks: each journal's number of new rows, then each row against the one expected
{% for c in r.checks() %}
INSERT INTO ismig_rehearsal (N, LINE, DIFF)
SELECT {{ c.n }}, {{ c.label }},
  {{ c.diff }}
{{ c.from }}
@@
{% endfor %}
-- each check's line: ok when nothing differs, else FAILED and what differs
UPDATE ismig_rehearsal SET LINE = CASE WHEN DIFF = '.' THEN CONCAT('ok ', LINE) ELSE CONCAT('FAILED: ', LINE, ': ', SUBSTR(DIFF, 2)) END
WHERE DIFF IS NOT NULL
@@
SELECT LINE AS rehearsal FROM ismig_rehearsal ORDER BY N, LINE
@@
SET @ismig_failed = (SELECT COUNT(*) FROM ismig_rehearsal WHERE LINE NOT LIKE 'ok %')
@@
ROLLBACK
@@
DROP TEMPORARY TABLE ismig_rehearsal
@@
-- the verdict: a failed check stops the client here, everything already rolled back
SET SESSION sql_mode = IF(@ismig_failed = 0, @@SESSION.sql_mode, CONCAT('ismig rehearsal: FAILED: ', @ismig_failed, ' check(s) failed; everything is rolled back'))
@@
SELECT 'ismig rehearsal: passed: every check ok; everything is rolled back' AS verdict
@@
