{% include "mysql/_guard.sql" %}
-- Read-only, on the target after the copy, 12, the migration steps and 11, before WSO2's sync
-- runtime starts. The runtime writes each source row with the target's columns: a source column
-- the target lacks is dropped silently, a target NOT NULL column the source lacks gets NULL (its
-- DEFAULT never applies) and the batch is retried for ever. Stops with an error naming the first
-- table, object or column that is not ready: each check sets sql_mode to its own value when all is
-- well, else to the message, which the client rejects with ERROR 1231 quoting it. A list of names
-- is checked with one query, which reports its first entry that is not ready.
-- Privileges: the user the new IS connects with needs SELECT, INSERT, UPDATE, DELETE on every sync
-- table and its version table (SHOW GRANTS FOR that user).
{% for t in v.tables() %}
SET SESSION sql_mode = IF(EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = {{ t.source_lit() }}), @@SESSION.sql_mode, 'ismig verify target: table {{ t.source() }} is missing')
@@
SET SESSION sql_mode = IF(EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = {{ t.version_lit() }}), @@SESSION.sql_mode, 'ismig verify target: version table {{ t.version() }} is missing (run 11-sync-target-setup.sql)')
@@
SET SESSION sql_mode = COALESCE((SELECT CONCAT('ismig verify target: sync trigger ', e.name, ' on {{ t.source() }} came with the copy (run 12-sync-target-remove-copied.sql)')
  FROM ({{ t.trigger_rows() }}) AS e
  WHERE EXISTS (SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND UPPER(TRIGGER_NAME) = e.name) ORDER BY e.pos LIMIT 1), @@SESSION.sql_mode)
@@
SET SESSION sql_mode = IF(EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = {{ t.journal_lit() }}), 'ismig verify target: journal table {{ t.journal() }} came with the copy (run 12-sync-target-remove-copied.sql)', @@SESSION.sql_mode)
@@
SET SESSION sql_mode = COALESCE((SELECT CONCAT('ismig verify target: column {{ t.source() }}.', e.name, ' of the source is missing on the target')
  FROM ({{ t.column_rows() }}) AS e
  WHERE NOT EXISTS (SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = {{ t.source_lit() }} AND UPPER(COLUMN_NAME) = e.name) ORDER BY e.pos LIMIT 1), @@SESSION.sql_mode)
@@
SET SESSION sql_mode = COALESCE((SELECT CONCAT('ismig verify target: column {{ t.source() }}.', UPPER(COLUMN_NAME), ' is NOT NULL without a default and the source has no such column (the runtime would write NULL into it)')
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = {{ t.source_lit() }} AND IS_NULLABLE = 'NO' AND COLUMN_DEFAULT IS NULL
  AND EXTRA NOT LIKE '%auto_increment%' AND EXTRA NOT LIKE '%GENERATED%' AND UPPER(COLUMN_NAME) NOT IN ({{ t.column_lits() }}) ORDER BY ORDINAL_POSITION LIMIT 1), @@SESSION.sql_mode)
@@
SET SESSION sql_mode = COALESCE((SELECT CONCAT('ismig verify target: primary-key column {{ t.source() }}.', UPPER(COLUMN_NAME), ' is not a column of the source (the runtime upserts by the target primary key)')
  FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = {{ t.source_lit() }} AND CONSTRAINT_NAME = 'PRIMARY'
  AND UPPER(COLUMN_NAME) NOT IN ({{ t.column_lits() }}) ORDER BY ORDINAL_POSITION LIMIT 1), @@SESSION.sql_mode)
@@
SET SESSION sql_mode = (SELECT IF(COUNT(*) > 1 OR MAX(SYNC_ID) > 0, CONCAT('ismig verify target: {{ t.version() }} already holds SYNC_ID ', MAX(SYNC_ID), ' from an earlier sync run: if the source journal was made anew (90 then 10) the runtime would skip every row up to it; run 91-sync-target-cleanup.sql then 11-sync-target-setup.sql here on a fresh copy'), @@SESSION.sql_mode) FROM {{ t.version() }})
@@
{% endfor %}
SELECT 'ismig verify target: the target is ready for the sync runtime' AS result
@@
-- Reported, not an error: character columns declared narrower on the target than on the source
-- (a longer source value fails on the target and its batch is retried for ever).
{% for t in v.tables() %}
SELECT {{ t.source_lit() }} AS sync_table, COLUMN_NAME AS column_name, CHARACTER_MAXIMUM_LENGTH AS target_length
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = {{ t.source_lit() }} AND ({% for c in t.sized_columns() %}(UPPER(COLUMN_NAME) = {{ c.name_lit() }} AND CHARACTER_MAXIMUM_LENGTH < {{ c.length() }}) OR {% endfor %}1 = 0)
@@
{% endfor %}
