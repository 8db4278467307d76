{% macro differences() %}
WITH expected (kind, t, k, d) AS (
  SELECT 'table', t, '-', '-' FROM (VALUES
    (CAST(NULL AS VARCHAR(128))){% for t in v.verify.tables() %},
    ({{ t }}){% endfor %}
  ) AS e (t)
  UNION ALL
  SELECT 'column', t, k, d FROM (VALUES
    (CAST(NULL AS VARCHAR(128)), CAST(NULL AS VARCHAR(128)), CAST(NULL AS VARCHAR(400))){% for r in v.verify.columns() %},
    ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
  ) AS e (t, k, d)
  UNION ALL
  SELECT 'primary key', t, k, d FROM (VALUES
    (CAST(NULL AS VARCHAR(128)), CAST(NULL AS VARCHAR(128)), CAST(NULL AS VARCHAR(400))){% for r in v.verify.primary_keys() %},
    ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
  ) AS e (t, k, d)
  UNION ALL
  SELECT 'unique key', t, k, d FROM (VALUES
    (CAST(NULL AS VARCHAR(128)), CAST(NULL AS VARCHAR(400)), CAST(NULL AS VARCHAR(400))){% for r in v.verify.unique_keys() %},
    ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
  ) AS e (t, k, d)
  UNION ALL
  SELECT 'index', t, k, d FROM (VALUES
    (CAST(NULL AS VARCHAR(128)), CAST(NULL AS VARCHAR(128)), CAST(NULL AS VARCHAR(400))){% for r in v.verify.indexes() %},
    ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
  ) AS e (t, k, d)
), found_index (t, name, uniq, cols) AS (
  SELECT UPPER(TABNAME), UPPER(INDNAME), UNIQUERULE,
    UPPER(REPLACE(REPLACE(SUBSTR(COLNAMES, 2), '+', ','), '-', ','))
  FROM SYSCAT.INDEXES WHERE TABSCHEMA = CURRENT SCHEMA
), found (kind, t, k, d) AS (
  SELECT 'table', UPPER(TABNAME), '-', '-' FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TYPE = 'T'
  UNION ALL
  SELECT 'column', UPPER(TABNAME), UPPER(COLNAME), UPPER(TYPENAME)
    || CASE WHEN TYPENAME IN ('CHARACTER', 'VARCHAR', 'GRAPHIC', 'VARGRAPHIC') THEN '(' || LENGTH || ')' ELSE '' END
    || CASE NULLS WHEN 'Y' THEN ' NULL' ELSE ' NOT NULL' END
  FROM SYSCAT.COLUMNS WHERE TABSCHEMA = CURRENT SCHEMA
  UNION ALL
  SELECT 'primary key', t, '-', '(' || cols || ')' FROM found_index WHERE uniq = 'P'
  UNION ALL
  SELECT 'unique key', t, cols, '(' || cols || ')' FROM found_index WHERE uniq = 'U'
  UNION ALL
  SELECT 'index', t, name, CASE uniq WHEN 'D' THEN '' ELSE 'UNIQUE ' END || '(' || cols || ')' FROM found_index
), compared (kind, t, k, expected_d, found_d, in_e, in_f) AS (
  SELECT kind, t, k, MAX(CASE src WHEN 'e' THEN d END), MAX(CASE src WHEN 'f' THEN d END),
    MAX(CASE src WHEN 'e' THEN 1 ELSE 0 END), MAX(CASE src WHEN 'f' THEN 1 ELSE 0 END)
  FROM (SELECT 'e' AS src, kind, t, k, d FROM expected UNION ALL SELECT 'f', kind, t, k, d FROM found) AS s
  WHERE t IS NOT NULL GROUP BY kind, t, k
), placed AS (
  SELECT kind, t, k, expected_d, found_d, in_e, in_f,
    MAX(CASE kind WHEN 'table' THEN in_e ELSE 0 END) OVER (PARTITION BY t) AS table_e,
    MAX(CASE kind WHEN 'table' THEN in_f ELSE 0 END) OVER (PARTITION BY t) AS table_f
  FROM compared
)
SELECT 'ismig schema verify: ' || CASE kind WHEN 'table' THEN 'table ' || t WHEN 'column' THEN 'column ' || t || '.' || k
    WHEN 'primary key' THEN 'primary key of ' || t WHEN 'unique key' THEN 'unique key on ' || t
    ELSE 'index ' || k || ' on ' || t END
  || CASE WHEN kind = 'table' THEN ': missing' WHEN in_f = 0 THEN ': missing (expected ' || expected_d || ')'
    WHEN in_e = 0 THEN ': not in the fresh schema (found ' || found_d || ')'
    ELSE ': expected ' || expected_d || ', found ' || found_d END AS difference
FROM placed
WHERE table_e = 1 AND ((kind = 'table' AND in_f = 0) OR (kind <> 'table' AND table_f = 1
  AND (in_e = 1 OR kind <> 'index') AND (in_e = 0 OR in_f = 0 OR expected_d <> found_d)))
{% endmacro %}
{% include "db2/_guard.sql" %}
-- Read-only, on the target after every schema step of the migration: compares the catalog of the
-- current schema with the fresh {{ v.verify.version() }} schema ({{ v.verify.counts() }}).
-- The first statement selects the differences, one row each, naming the object, what the fresh
-- schema has and what was found (no row: none); the second runs the same comparison and stops if
-- there was any (DB2 keeps 70 bytes of a message: it counts them). Tables the fresh schema does
-- not have are not looked at (other components and the sync objects may share the schema); the
-- columns, keys and indexes of its tables are. An index is looked up by name: the ones another
-- component adds are not listed.
{% call differences() %}{% endcall %}
ORDER BY 1
@@
BEGIN
  DECLARE n INTEGER DEFAULT 0;
  FOR r AS
{% call differences() %}{% endcall %}
  DO
    SET n = n + 1;
  END FOR;
  IF n > 0 THEN
    SIGNAL SQLSTATE '75004' SET MESSAGE_TEXT = 'ismig schema verify: ' || n || ' differences (listed above)';
  END IF;
END
@@block
