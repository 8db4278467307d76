{% include "mssql/_guard.sql" %}
-- Read-only, on the target after the copy, 12, the migration steps and 11, before WSO2's sync
-- runtime starts. The runtime writes each source row with the target's columns: a source column
-- the target lacks is dropped silently, a target NOT NULL column the source lacks gets NULL (its
-- DEFAULT never applies) and the batch is retried for ever. Stops with an error naming the first
-- table, object or column that is not ready (sqlcmd: the run ends; SSMS: this batch ends); a list
-- of names is checked with one query, which reports its first entry that is not ready. Run it as
-- the login the new IS connects with: the privilege checks are that user's.
BEGIN
  DECLARE @m NVARCHAR(2048);
{% for t in v.tables() %}
  IF OBJECT_ID(N{{ t.source_lit() }}, N'U') IS NULL
    THROW 50003, 'ismig verify target: table {{ t.source() }} is missing', 1;
  IF OBJECT_ID(N{{ t.version_lit() }}, N'U') IS NULL
    THROW 50003, 'ismig verify target: version table {{ t.version() }} is missing (run 11-sync-target-setup.sql)', 1;
  SELECT TOP 1 @m = CONCAT(N'ismig verify target: sync trigger ', e.name, N' on {{ t.source() }} came with the copy (run 12-sync-target-remove-copied.sql)')
  FROM (VALUES {{ t.trigger_rows() }}) AS e(pos, name)
  WHERE EXISTS (SELECT 1 FROM sys.triggers WHERE name = e.name) ORDER BY e.pos;
  IF @m IS NOT NULL
    THROW 50003, @m, 1;
  IF OBJECT_ID(N{{ t.journal_lit() }}, N'U') IS NOT NULL
    THROW 50003, 'ismig verify target: journal table {{ t.journal() }} came with the copy (run 12-sync-target-remove-copied.sql)', 1;
  SELECT TOP 1 @m = CONCAT(N'ismig verify target: column {{ t.source() }}.', e.name, N' of the source is missing on the target')
  FROM (VALUES {{ t.column_rows() }}) AS e(pos, name)
  WHERE COL_LENGTH(N{{ t.source_lit() }}, e.name) IS NULL ORDER BY e.pos;
  IF @m IS NOT NULL
    THROW 50003, @m, 1;
  SELECT TOP 1 @m = CONCAT(N'ismig verify target: column {{ t.source() }}.', c.name, N' is NOT NULL without a default and the source has no such column (the runtime would write NULL into it)')
  FROM sys.columns c WHERE c.object_id = OBJECT_ID(N{{ t.source_lit() }}) AND c.is_nullable = 0 AND c.default_object_id = 0
  AND c.is_identity = 0 AND c.is_computed = 0 AND UPPER(c.name) NOT IN ({{ t.column_lits() }}) ORDER BY c.column_id;
  IF @m IS NOT NULL
    THROW 50003, @m, 1;
  SELECT TOP 1 @m = CONCAT(N'ismig verify target: primary-key column {{ t.source() }}.', c.name, N' is not a column of the source (the runtime upserts by the target''s primary key)')
  FROM sys.indexes i JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
  JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
  WHERE i.object_id = OBJECT_ID(N{{ t.source_lit() }}) AND i.is_primary_key = 1 AND UPPER(c.name) NOT IN ({{ t.column_lits() }}) ORDER BY ic.key_ordinal;
  IF @m IS NOT NULL
    THROW 50003, @m, 1;
  SELECT TOP 1 @m = CONCAT(N'ismig verify target: the connected user has no ', p.name, N' permission on ', o.name)
  FROM (VALUES (1, N'SELECT'), (2, N'INSERT'), (3, N'UPDATE'), (4, N'DELETE')) AS p(pos, name)
  CROSS JOIN (VALUES (1, N{{ t.source_lit() }}), (2, N{{ t.version_lit() }})) AS o(pos, name)
  WHERE HAS_PERMS_BY_NAME(o.name, N'OBJECT', p.name) <> 1 ORDER BY p.pos, o.pos;
  IF @m IS NOT NULL
    THROW 50003, @m, 1;
  SELECT @m = CONCAT(N'ismig verify target: {{ t.version() }} already holds SYNC_ID ', MAX(SYNC_ID), N' from an earlier sync run; if the source journal was made anew (90 then 10), the runtime would skip every row up to it: run 91-sync-target-cleanup.sql then 11-sync-target-setup.sql here, on a fresh copy')
  FROM {{ t.version() }} HAVING COUNT(*) > 1 OR MAX(SYNC_ID) > 0;
  IF @m IS NOT NULL
    THROW 50003, @m, 1;
{% endfor %}
  PRINT 'ismig verify target: the target is ready for the sync runtime';
END
@@block
-- Reported, not an error: character columns declared narrower on the target than on the source
-- (a longer source value fails on the target and its batch is retried for ever).
{% for t in v.tables() %}
SELECT N{{ t.source_lit() }} AS sync_table, COLUMN_NAME AS column_name, CHARACTER_MAXIMUM_LENGTH AS target_length
FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_NAME = N{{ t.source_lit() }} AND CHARACTER_MAXIMUM_LENGTH > 0 AND ({% for c in t.sized_columns() %}(COLUMN_NAME = N{{ c.name_lit() }} AND CHARACTER_MAXIMUM_LENGTH < {{ c.length() }}) OR {% endfor %}1 = 0)
@@
{% endfor %}
