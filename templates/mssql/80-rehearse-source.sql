{% include "mssql/_guard.sql" %}
-- ON A REHEARSAL COPY OF THE SOURCE ONLY, never on production: after 10-sync-source-setup.sql, it
-- inserts, updates and deletes rows of every sync table, then compares the journal rows the triggers
-- wrote, column by column and in SYNC_ID order, with the rows they must write. It prints one line per
-- check and a verdict, and rolls everything back.
-- One batch: SET XACT_ABORT ON, BEGIN TRANSACTION … ROLLBACK TRANSACTION. With XACT_ABORT an error
-- anywhere rolls the whole transaction back and ends the batch (sqlcmd's :on error exit then stops).
-- The lines are kept in a table variable, which a rollback does not undo: they are printed after the
-- ROLLBACK, and a failed check then raises error 50080, so sqlcmd -b exits non-zero. No COMMIT.
-- The triggers are set-based: the two rows of the multi-row insert are journaled by one firing, in
-- the order SQL Server hands them over in INSERTED (the order of the VALUES in practice; the
-- server does not promise it, so rows 2 and 3 of a table swapped is not a trigger fault).
-- The rollback leaves one trace: the SYNC_ID values the journal rows took are not given out again.
-- Harmless here; on production that gap would reach batchSize and stall WSO2's runtime for good.
-- Rows use tenant ids -4242 and -4243, which no IS uses (-1234 is the super tenant, -1 no tenant,
-- tenants count up from 1), and text starting with the row's letter and ismig'é.
{% let r = v.rehearsal() %}
-- refuses to run without the journal tables of 10-sync-source-setup.sql, naming the first missing one
-- (a missing or disabled trigger is a failed check below)
BEGIN
{% for t in v.tables() %}
  IF OBJECT_ID(N{{ t.journal_lit() }}, N'U') IS NULL
    THROW 50081, 'ismig rehearsal: journal table {{ t.journal() }} is missing: run 10-sync-source-setup.sql first', 1;
{% endfor %}
END
@@block
BEGIN
SET XACT_ABORT ON;
DECLARE @ismig_lines TABLE (N INT NOT NULL, LINE NVARCHAR(MAX) NOT NULL, DIFF NVARCHAR(MAX) NULL);
DECLARE @ismig_failed INT;
{% for t in r.tables %}
DECLARE @ismig_start_{{ t.n }} INT;
{% endfor %}
BEGIN TRANSACTION;
-- the triggers: present and enabled
{% for t in v.tables() %}
{% for tr in t.triggers() %}
INSERT INTO @ismig_lines (N, LINE)
SELECT 0, CASE WHEN EXISTS (SELECT 1 FROM sys.triggers WHERE name = N{{ tr.name_lit() }} AND is_disabled = 0 AND parent_id = OBJECT_ID(N{{ t.source_lit() }}))
  THEN N'ok {{ t.source() }} trigger {{ tr.name() }}: present and enabled'
  ELSE N'FAILED: {{ t.source() }} trigger {{ tr.name() }}: expected present and enabled got missing or disabled' END;
{% endfor %}
{% for c in t.children() %}
INSERT INTO @ismig_lines (N, LINE)
SELECT 0, CASE WHEN EXISTS (SELECT 1 FROM sys.triggers WHERE name = N{{ c.name_lit() }} AND is_disabled = 0 AND parent_id = OBJECT_ID(N{{ t.source_lit() }}))
  THEN N'ok {{ t.source() }} trigger {{ c.name() }}: present and enabled'
  ELSE N'FAILED: {{ t.source() }} trigger {{ c.name() }}: expected present and enabled got missing or disabled' END;
{% endfor %}
{% endfor %}
-- each journal's last SYNC_ID before the rehearsal: the rows after it are the rehearsal's
{% for t in r.tables %}
SELECT @ismig_start_{{ t.n }} = ISNULL(MAX(SYNC_ID), 0) FROM {{ t.journal }};
{% endfor %}
{% for s in r.statements %}
-- {{ s.what }}
{{ s.sql }};
{% endfor %}
-- the checks: each journal's number of new rows, then each row against the one expected
{% for c in r.checks() %}
INSERT INTO @ismig_lines (N, LINE, DIFF)
SELECT {{ c.n }}, {{ c.label }},
  {{ c.diff }}
{{ c.from }};
{% endfor %}
-- each check's line: ok when nothing differs, else FAILED and what differs
UPDATE @ismig_lines SET LINE = CASE WHEN DIFF = N'.' THEN CONCAT(N'ok ', LINE) ELSE CONCAT(N'FAILED: ', LINE, N': ', STUFF(DIFF, 1, 1, N'')) END
WHERE DIFF IS NOT NULL;
ROLLBACK TRANSACTION;
SELECT LINE AS rehearsal FROM @ismig_lines ORDER BY N, LINE;
SELECT @ismig_failed = COUNT(*) FROM @ismig_lines WHERE LINE NOT LIKE N'ok %';
IF @ismig_failed > 0
  RAISERROR('ismig rehearsal: FAILED: %d check(s) failed; everything is rolled back', 16, 1, @ismig_failed);
ELSE
  SELECT N'ismig rehearsal: passed: every check ok; everything is rolled back' AS verdict;
END
@@block
