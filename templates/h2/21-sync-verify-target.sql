{% include "h2/_guard.sql" %}
-- Read-only, on the target after the copy, 12, the migration steps and 11, before WSO2's sync
-- runtime starts. The runtime writes each source row with the target's columns: a source column
-- the target lacks is dropped silently, a target NOT NULL column the source lacks gets NULL (its
-- DEFAULT never applies) and the batch is retried for ever. Stops with an error naming the first
-- table, object or column that is not ready. H2 has no RAISE: each check selects its message only
-- when something is wrong, and the failing CAST stops RunScript with error 22018 quoting it. A
-- list of names is checked with one query, which reports its first entry that is not ready.
-- Privileges: the user the new IS connects with needs SELECT, INSERT, UPDATE, DELETE on every sync
-- table and its version table (an admin user has them).
{% for t in v.tables() %}
SELECT CAST(F.MSG AS INT) AS VERIFY FROM (SELECT 'ismig verify target: table {{ t.source() }} is missing' AS MSG FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = {{ t.source_lit() }})) F
@@
SELECT CAST(F.MSG AS INT) AS VERIFY FROM (SELECT 'ismig verify target: version table {{ t.version() }} is missing (run 11-sync-target-setup.sql)' AS MSG FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = {{ t.version_lit() }})) F
@@
SELECT CAST(F.MSG AS INT) AS VERIFY FROM (SELECT 'ismig verify target: sync trigger ' || E.NAME || ' on {{ t.source() }} came with the copy (run 12-sync-target-remove-copied.sql)' AS MSG
FROM (VALUES {{ t.trigger_rows() }}) AS E(POS, NAME)
WHERE EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = CURRENT_SCHEMA AND TRIGGER_NAME = E.NAME) ORDER BY E.POS LIMIT 1) F
@@
SELECT CAST(F.MSG AS INT) AS VERIFY FROM (SELECT 'ismig verify target: journal table {{ t.journal() }} came with the copy (run 12-sync-target-remove-copied.sql)' AS MSG FROM DUAL
WHERE EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = {{ t.journal_lit() }})) F
@@
SELECT CAST(F.MSG AS INT) AS VERIFY FROM (SELECT 'ismig verify target: column {{ t.source() }}.' || E.NAME || ' of the source is missing on the target' AS MSG
FROM (VALUES {{ t.column_rows() }}) AS E(POS, NAME)
WHERE NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = {{ t.source_lit() }} AND COLUMN_NAME = E.NAME) ORDER BY E.POS LIMIT 1) F
@@
SELECT CAST('ismig verify target: column {{ t.source() }}.' || COLUMN_NAME || ' is NOT NULL without a default and the source has no such column (the runtime would write NULL into it)' AS INT) AS VERIFY
FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = {{ t.source_lit() }} AND IS_NULLABLE = 'NO' AND COLUMN_DEFAULT IS NULL
AND IS_IDENTITY = 'NO' AND COLUMN_NAME NOT IN ({{ t.column_lits() }})
@@
SELECT CAST('ismig verify target: primary-key column {{ t.source() }}.' || K.COLUMN_NAME || ' is not a column of the source (the runtime upserts by the target''s primary key)' AS INT) AS VERIFY
FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS C JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE K ON K.CONSTRAINT_SCHEMA = C.CONSTRAINT_SCHEMA AND K.CONSTRAINT_NAME = C.CONSTRAINT_NAME
WHERE C.TABLE_SCHEMA = CURRENT_SCHEMA AND C.TABLE_NAME = {{ t.source_lit() }} AND C.CONSTRAINT_TYPE = 'PRIMARY KEY' AND K.COLUMN_NAME NOT IN ({{ t.column_lits() }})
@@
SELECT CAST('ismig verify target: {{ t.version() }} already holds SYNC_ID ' || MAX(SYNC_ID) || ' from an earlier sync run; if the source journal was made anew (90 then 10), the runtime would skip every row up to it: run 91-sync-target-cleanup.sql then 11-sync-target-setup.sql here, on a fresh copy' AS INT) AS VERIFY
FROM {{ t.version() }} HAVING COUNT(*) > 1 OR MAX(SYNC_ID) > 0
@@
{% endfor %}
SELECT 'ismig verify target: the target is ready for the sync runtime' AS RESULT
@@
-- Reported, not an error: character columns declared narrower on the target than on the source
-- (a longer source value fails on the target and its batch is retried for ever).
{% for t in v.tables() %}
SELECT {{ t.source_lit() }} AS SYNC_TABLE, COLUMN_NAME, CHARACTER_MAXIMUM_LENGTH AS TARGET_LENGTH
FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = {{ t.source_lit() }} AND ({% for c in t.sized_columns() %}(COLUMN_NAME = {{ c.name_lit() }} AND CHARACTER_MAXIMUM_LENGTH < {{ c.length() }}) OR {% endfor %}1 = 0)
@@
{% endfor %}
