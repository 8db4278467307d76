{% include "db2/_guard.sql" %}
-- ON A REHEARSAL COPY OF THE SOURCE ONLY, never on production: after 10-sync-source-setup.sql, it
-- inserts, updates and deletes rows of every sync table, then compares the journal rows the triggers
-- wrote, column by column and in SYNC_ID order, with the rows they must write. It prints one line per
-- check and a verdict, and rolls everything back.
-- One unit of work, ROLLBACK at the end: run it with autocommit off, `db2 +c -td/ -svf FILE` (the
-- command in PLAN.md, which also runs `db2 rollback` when the script stops). The first two
-- statements prove autocommit is off before anything changes: a savepoint, then a rollback to it,
-- which fails (SQL0880N) when the CLP committed in between. DB2's DDL is transactional: the two work
-- tables are created inside the unit of work and go with its ROLLBACK. A failed check stops the CLP
-- (-s) with SQLSTATE 75080 quoting the verdict, after every line is printed; nothing is committed.
-- The rollback leaves one trace: the SYNC_ID values the journal rows took are not given out again.
-- Harmless here; on production that gap would reach batchSize and stall WSO2's runtime for good.
-- Rows use tenant ids -4242 and -4243, which no IS uses (-1234 is the super tenant, -1 no tenant,
-- tenants count up from 1), and text starting with the row's letter and ismig'é.
{% let r = v.rehearsal() %}
-- refuses to run without the journal tables of 10-sync-source-setup.sql, naming the first missing one
-- (a missing or invalid trigger is a failed check below)
BEGIN
{% for t in v.tables() %}
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.journal_lit() }}) THEN
    SIGNAL SQLSTATE '75081' SET MESSAGE_TEXT = 'ismig rehearsal: journal {{ t.journal() }} missing';
  END IF;
{% endfor %}
END
@@block
SAVEPOINT ISMIG_REHEARSAL ON ROLLBACK RETAIN CURSORS
@@
ROLLBACK TO SAVEPOINT ISMIG_REHEARSAL
@@
CREATE TABLE ISMIG_REHEARSAL_START (N INTEGER NOT NULL, SYNC_ID INTEGER NOT NULL)
@@
CREATE TABLE ISMIG_REHEARSAL (N INTEGER NOT NULL, LINE VARCHAR(4000) NOT NULL, DIFF VARCHAR(4000))
@@
-- the triggers: present and valid
{% for t in v.tables() %}
{% for tr in t.triggers() %}
INSERT INTO ISMIG_REHEARSAL (N, LINE)
SELECT 0, CASE WHEN EXISTS (SELECT 1 FROM SYSCAT.TRIGGERS WHERE TRIGSCHEMA = CURRENT SCHEMA AND TRIGNAME = {{ tr.name_lit() }} AND TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.source_lit() }} AND VALID = 'Y')
  THEN 'ok {{ t.source() }} trigger {{ tr.name() }}: present and valid'
  ELSE 'FAILED: {{ t.source() }} trigger {{ tr.name() }}: expected present and valid got missing or invalid' END
FROM SYSIBM.SYSDUMMY1
@@
{% endfor %}
{% for c in t.children() %}
INSERT INTO ISMIG_REHEARSAL (N, LINE)
SELECT 0, CASE WHEN EXISTS (SELECT 1 FROM SYSCAT.TRIGGERS WHERE TRIGSCHEMA = CURRENT SCHEMA AND TRIGNAME = {{ c.name_lit() }} AND TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.source_lit() }} AND VALID = 'Y')
  THEN 'ok {{ t.source() }} trigger {{ c.name() }}: present and valid'
  ELSE 'FAILED: {{ t.source() }} trigger {{ c.name() }}: expected present and valid got missing or invalid' END
FROM SYSIBM.SYSDUMMY1
@@
{% endfor %}
{% endfor %}
-- each journal's last SYNC_ID before the rehearsal: the rows after it are the rehearsal's
{% for t in r.tables %}
INSERT INTO ISMIG_REHEARSAL_START (N, SYNC_ID) SELECT {{ t.n }}, COALESCE(MAX(SYNC_ID), 0) FROM {{ t.journal }}
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
UPDATE ISMIG_REHEARSAL SET LINE = CASE WHEN DIFF = '.' THEN 'ok ' || LINE ELSE 'FAILED: ' || LINE || ': ' || SUBSTR(DIFF, 2) END
WHERE DIFF IS NOT NULL
@@
SELECT LINE AS REHEARSAL FROM ISMIG_REHEARSAL ORDER BY N, LINE
@@
-- the verdict: a failed check stops the CLP here, before anything is committed
SELECT CASE WHEN COUNT(*) > 0 THEN RAISE_ERROR('75080', 'ismig rehearsal: FAILED: ' || TRIM(CHAR(COUNT(*))) || ' check(s) failed; nothing is committed') ELSE 'ismig rehearsal: every check ok' END AS VERDICT
FROM ISMIG_REHEARSAL WHERE LINE NOT LIKE 'ok %'
@@
ROLLBACK
@@
VALUES 'ismig rehearsal: passed: every check ok; everything is rolled back'
@@
