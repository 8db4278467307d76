{% include "postgresql/_guard.sql" %}
-- ON A REHEARSAL COPY OF THE SOURCE ONLY, never on production: after 10-sync-source-setup.sql, it
-- inserts, updates and deletes rows of every sync table, then compares the journal rows the triggers
-- wrote, column by column and in SYNC_ID order, with the rows they must write. It prints one line per
-- check and a verdict, and rolls everything back.
-- One transaction (BEGIN … ROLLBACK): PostgreSQL's DDL is transactional, so the two work tables are
-- temporary tables of this transaction too. A failed check stops psql (ON_ERROR_STOP) after every
-- line is printed, with the transaction open: the server rolls it back when the session ends.
-- The rollback leaves one trace: the SYNC_ID values the journal rows took are not given out again.
-- Harmless here; on production that gap would reach batchSize and stall WSO2's runtime for good.
-- Rows use tenant ids -4242 and -4243, which no IS uses (-1234 is the super tenant, -1 no tenant,
-- tenants count up from 1), and text starting with the row's letter and ismig'é.
{% let r = v.rehearsal() %}
-- refuses to run without the journal tables of 10-sync-source-setup.sql, naming the first missing one
-- (a missing or disabled trigger is a failed check below: the rows it should have written are missing)
DO $$
BEGIN
{% for t in v.tables() %}
  IF to_regclass({{ t.journal_lit() }}) IS NULL THEN
    RAISE EXCEPTION 'ismig rehearsal: journal table {{ t.journal() }} is missing: run 10-sync-source-setup.sql first';
  END IF;
{% endfor %}
END
$$
@@
BEGIN
@@
CREATE TEMPORARY TABLE ismig_rehearsal_start (N INTEGER NOT NULL, SYNC_ID INTEGER NOT NULL)
@@
CREATE TEMPORARY TABLE ismig_rehearsal (N INTEGER NOT NULL, LINE TEXT NOT NULL, DIFF TEXT)
@@
-- the triggers: present and enabled
{% for t in v.tables() %}
{% for tr in t.triggers() %}
INSERT INTO ismig_rehearsal (N, LINE)
SELECT 0, CASE WHEN EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = {{ tr.name_lit() }} AND tgrelid = to_regclass({{ t.source_lit() }}) AND tgenabled <> 'D')
  THEN 'ok {{ t.source() }} trigger {{ tr.name() }}: present and enabled'
  ELSE 'FAILED: {{ t.source() }} trigger {{ tr.name() }}: expected present and enabled got missing or disabled' END
@@
{% endfor %}
{% for c in t.children() %}
INSERT INTO ismig_rehearsal (N, LINE)
SELECT 0, CASE WHEN EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = {{ c.name_lit() }} AND tgrelid = to_regclass({{ t.source_lit() }}) AND tgenabled <> 'D')
  THEN 'ok {{ t.source() }} trigger {{ c.name() }}: present and enabled'
  ELSE 'FAILED: {{ t.source() }} trigger {{ c.name() }}: expected present and enabled got missing or disabled' END
@@
{% endfor %}
{% endfor %}
-- each journal's last SYNC_ID before the rehearsal: the rows after it are the rehearsal's
{% for t in r.tables %}
INSERT INTO ismig_rehearsal_start (N, SYNC_ID) SELECT {{ t.n }}, COALESCE(MAX(SYNC_ID), 0) FROM {{ t.journal }}
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
-- the verdict: a failed check stops the script here (the transaction is then rolled back)
DO $$
DECLARE
  failed INTEGER;
BEGIN
  SELECT COUNT(*) INTO failed FROM ismig_rehearsal WHERE LINE NOT LIKE 'ok %';
  IF failed > 0 THEN
    RAISE EXCEPTION 'ismig rehearsal: FAILED: % check(s) failed; nothing is kept (the transaction is rolled back)', failed;
  END IF;
END
$$
@@
ROLLBACK
@@
SELECT 'ismig rehearsal: passed: every check ok; everything is rolled back' AS verdict
@@
