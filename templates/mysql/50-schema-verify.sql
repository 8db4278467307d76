{% include "mysql/_guard.sql" %}
-- Read-only, on the target after every schema step of the migration: compares the catalog of the
-- current database with the fresh {{ v.verify.version() }} schema ({{ v.verify.counts() }}).
-- Needs MySQL 8.0 or MariaDB 10.2 (WITH, window functions). The differences, one per line, each
-- naming the object, what the fresh schema has and what was found, are selected as one value
-- (`mysql --raw` shows each on its own line); then the script stops if there was any (sql_mode set
-- to the message: ERROR 1231 quoting it). Tables the fresh schema does not have are not looked at
-- (other components and the sync objects may share the database); the columns, keys and indexes
-- of its tables are. An index is looked up by name: the ones the engine (for a foreign key) or
-- another component adds are not listed.
SET SESSION group_concat_max_len = 1048576
@@
WITH expected (kind, t, k, d) AS (
  SELECT 'table', t, '-', '-' FROM (
    SELECT NULL AS t{% for t in v.verify.tables() %}
    UNION ALL SELECT {{ t }}{% endfor %}
  ) e
  UNION ALL
  SELECT 'column', t, k, d FROM (
    SELECT NULL AS t, NULL AS k, NULL AS d{% for r in v.verify.columns() %}
    UNION ALL SELECT {{ r.table }}, {{ r.key }}, {{ r.description }}{% endfor %}
  ) e
  UNION ALL
  SELECT 'primary key', t, k, d FROM (
    SELECT NULL AS t, NULL AS k, NULL AS d{% for r in v.verify.primary_keys() %}
    UNION ALL SELECT {{ r.table }}, {{ r.key }}, {{ r.description }}{% endfor %}
  ) e
  UNION ALL
  SELECT 'unique key', t, k, d FROM (
    SELECT NULL AS t, NULL AS k, NULL AS d{% for r in v.verify.unique_keys() %}
    UNION ALL SELECT {{ r.table }}, {{ r.key }}, {{ r.description }}{% endfor %}
  ) e
  UNION ALL
  SELECT 'index', t, k, d FROM (
    SELECT NULL AS t, NULL AS k, NULL AS d{% for r in v.verify.indexes() %}
    UNION ALL SELECT {{ r.table }}, {{ r.key }}, {{ r.description }}{% endfor %}
  ) e
), found_index AS (
  SELECT UPPER(TABLE_NAME) AS t, UPPER(INDEX_NAME) AS name, MIN(NON_UNIQUE) = 0 AS uniq,
    GROUP_CONCAT(UPPER(COLUMN_NAME) ORDER BY SEQ_IN_INDEX SEPARATOR ',') AS cols
  FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
  GROUP BY TABLE_NAME, INDEX_NAME
), found (kind, t, k, d) AS (
  SELECT 'table', UPPER(TABLE_NAME), '-', '-' FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
  UNION ALL
  SELECT 'column', UPPER(TABLE_NAME), UPPER(COLUMN_NAME), CONCAT(UPPER(DATA_TYPE),
    IF(DATA_TYPE IN ('char', 'varchar'), CONCAT('(', CHARACTER_MAXIMUM_LENGTH, ')'), ''), IF(IS_NULLABLE = 'YES', ' NULL', ' NOT NULL'))
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
  UNION ALL
  SELECT 'primary key', t, '-', CONCAT('(', cols, ')') FROM found_index WHERE name = 'PRIMARY'
  UNION ALL
  SELECT 'unique key', t, cols, CONCAT('(', cols, ')') FROM found_index WHERE uniq AND name <> 'PRIMARY'
  UNION ALL
  SELECT 'index', t, name, CONCAT(IF(uniq, 'UNIQUE ', ''), '(', cols, ')') FROM found_index
), compared AS (
  SELECT kind, t, k, MAX(CASE src WHEN 'e' THEN d END) AS expected_d, MAX(CASE src WHEN 'f' THEN d END) AS found_d,
    MAX(CASE src WHEN 'e' THEN 1 ELSE 0 END) AS in_e, MAX(CASE src WHEN 'f' THEN 1 ELSE 0 END) AS in_f
  FROM (SELECT 'e' AS src, kind, t, k, d FROM expected UNION ALL SELECT 'f', kind, t, k, d FROM found) s
  WHERE t IS NOT NULL GROUP BY kind, t, k
), placed AS (
  SELECT kind, t, k, expected_d, found_d, in_e, in_f,
    MAX(CASE kind WHEN 'table' THEN in_e ELSE 0 END) OVER (PARTITION BY t) AS table_e,
    MAX(CASE kind WHEN 'table' THEN in_f ELSE 0 END) OVER (PARTITION BY t) AS table_f
  FROM compared
), difference (d) AS (
  SELECT CONCAT(CASE kind WHEN 'table' THEN CONCAT('table ', t) WHEN 'column' THEN CONCAT('column ', t, '.', k)
      WHEN 'primary key' THEN CONCAT('primary key of ', t) WHEN 'unique key' THEN CONCAT('unique key on ', t)
      ELSE CONCAT('index ', k, ' on ', t) END,
    CASE WHEN kind = 'table' THEN ': missing' WHEN in_f = 0 THEN CONCAT(': missing (expected ', expected_d, ')')
      WHEN in_e = 0 THEN CONCAT(': not in the fresh schema (found ', found_d, ')')
      ELSE CONCAT(': expected ', expected_d, ', found ', found_d) END)
  FROM placed
  WHERE table_e = 1 AND ((kind = 'table' AND in_f = 0) OR (kind <> 'table' AND table_f = 1
    AND (in_e = 1 OR kind <> 'index') AND (in_e = 0 OR in_f = 0 OR expected_d <> found_d)))
)
SELECT COUNT(*), GROUP_CONCAT(CONCAT('ismig schema verify: ', d) ORDER BY d SEPARATOR '\n')
INTO @ismig_verify_count, @ismig_verify_differences FROM difference
@@
SELECT COALESCE(@ismig_verify_differences, 'ismig schema verify: the schema matches the fresh {{ v.verify.version() }} schema') AS result
@@
SET SESSION sql_mode = IF(@ismig_verify_count = 0, @@SESSION.sql_mode, CONCAT('ismig schema verify: ', @ismig_verify_count, ' differences from the fresh {{ v.verify.version() }} schema (listed above)'))
@@
