{% include "h2/_guard.sql" %}
-- Read-only, on the target after every schema step of the migration: compares the catalog of the
-- current schema with the fresh {{ v.verify.version() }} schema ({{ v.verify.counts() }}).
-- H2 has no RAISE: the differences, one per line, each naming the object, what the fresh schema
-- has and what was found, are joined into one value whose failing CAST stops RunScript with error
-- 22018 quoting them all; it only runs when there is a difference. Tables the fresh schema does
-- not have are not looked at (other components and the sync objects may share the database); the
-- columns, keys and indexes of its tables are. An index is looked up by name: the ones the engine
-- (for a key) or another component adds are not listed. The comparison is nested derived
-- tables grouped by table: H2 2.x needs about twice the memory for a window or for common table
-- expressions over the grouped rows.
WITH EXPECTED AS (
  SELECT 'table' AS KIND, T, '-' AS K, '-' AS D FROM (VALUES
    (CAST(NULL AS VARCHAR)){% for t in v.verify.tables() %},
    ({{ t }}){% endfor %}
  ) E (T)
  UNION ALL
  SELECT 'column', T, K, D FROM (VALUES
    (CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR)){% for r in v.verify.columns() %},
    ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
  ) E (T, K, D)
  UNION ALL
  SELECT 'primary key', T, K, D FROM (VALUES
    (CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR)){% for r in v.verify.primary_keys() %},
    ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
  ) E (T, K, D)
  UNION ALL
  SELECT 'unique key', T, K, D FROM (VALUES
    (CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR)){% for r in v.verify.unique_keys() %},
    ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
  ) E (T, K, D)
  UNION ALL
  SELECT 'index', T, K, D FROM (VALUES
    (CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR)){% for r in v.verify.indexes() %},
    ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
  ) E (T, K, D)
), FOUND_INDEX AS (
  SELECT UPPER(I.TABLE_NAME) AS T, UPPER(I.INDEX_NAME) AS NAME, I.INDEX_TYPE_NAME AS KIND,
    LISTAGG(UPPER(C.COLUMN_NAME), ',') WITHIN GROUP (ORDER BY C.ORDINAL_POSITION) AS COLS
  FROM INFORMATION_SCHEMA.INDEXES I JOIN INFORMATION_SCHEMA.INDEX_COLUMNS C
    ON C.INDEX_SCHEMA = I.INDEX_SCHEMA AND C.INDEX_NAME = I.INDEX_NAME AND C.TABLE_NAME = I.TABLE_NAME
  WHERE I.TABLE_SCHEMA = CURRENT_SCHEMA
  GROUP BY I.TABLE_NAME, I.INDEX_NAME, I.INDEX_TYPE_NAME
), FOUND AS (
  SELECT 'table' AS KIND, UPPER(TABLE_NAME) AS T, '-' AS K, '-' AS D FROM INFORMATION_SCHEMA.TABLES
  WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_TYPE = 'BASE TABLE'
  UNION ALL
  SELECT 'column', UPPER(TABLE_NAME), UPPER(COLUMN_NAME), UPPER(DATA_TYPE)
    || CASE WHEN DATA_TYPE IN ('CHARACTER', 'CHARACTER VARYING', 'VARCHAR_IGNORECASE') THEN '(' || CHARACTER_MAXIMUM_LENGTH || ')' ELSE '' END
    || CASE IS_NULLABLE WHEN 'YES' THEN ' NULL' ELSE ' NOT NULL' END
  FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = CURRENT_SCHEMA
  UNION ALL
  SELECT CASE KIND WHEN 'PRIMARY KEY' THEN 'primary key' WHEN 'UNIQUE INDEX' THEN 'unique key' ELSE 'index' END, T,
    CASE KIND WHEN 'PRIMARY KEY' THEN '-' WHEN 'UNIQUE INDEX' THEN COLS ELSE NAME END, '(' || COLS || ')'
  FROM FOUND_INDEX
  UNION ALL
  SELECT 'index', T, NAME, CASE KIND WHEN 'INDEX' THEN '' ELSE 'UNIQUE ' END || '(' || COLS || ')' FROM FOUND_INDEX
  WHERE KIND <> 'INDEX'
)
SELECT CAST(SUM(N) || ' differences from the fresh {{ v.verify.version() }} schema:' || CHAR(10)
  || LISTAGG(DS, CHAR(10)) WITHIN GROUP (ORDER BY T) AS INT) AS VERIFY
FROM (
  SELECT T, CASE WHEN TABLE_F = 0 THEN 1 ELSE N END AS N,
    CASE WHEN TABLE_F = 0 THEN 'ismig schema verify: table ' || T || ': missing' ELSE DS END AS DS
  FROM (
    SELECT T, MAX(CASE KIND WHEN 'table' THEN IN_E ELSE 0 END) AS TABLE_E,
      MAX(CASE KIND WHEN 'table' THEN IN_F ELSE 0 END) AS TABLE_F, COUNT(D) AS N,
      LISTAGG(D, CHAR(10)) WITHIN GROUP (ORDER BY D) AS DS
    FROM (
      SELECT KIND, T, IN_E, IN_F,
        CASE WHEN KIND <> 'table' AND (IN_E = 1 OR KIND <> 'index') AND (IN_E = 0 OR IN_F = 0 OR EXPECTED_D <> FOUND_D)
          THEN 'ismig schema verify: ' || CASE KIND WHEN 'column' THEN 'column ' || T || '.' || K
            WHEN 'primary key' THEN 'primary key of ' || T WHEN 'unique key' THEN 'unique key on ' || T
            ELSE 'index ' || K || ' on ' || T END
          || CASE WHEN IN_F = 0 THEN ': missing (expected ' || EXPECTED_D || ')'
            WHEN IN_E = 0 THEN ': not in the fresh schema (found ' || FOUND_D || ')'
            ELSE ': expected ' || EXPECTED_D || ', found ' || FOUND_D END END AS D
      FROM (
        SELECT KIND, T, K, MAX(CASE SRC WHEN 'e' THEN D END) AS EXPECTED_D, MAX(CASE SRC WHEN 'f' THEN D END) AS FOUND_D,
          MAX(CASE SRC WHEN 'e' THEN 1 ELSE 0 END) AS IN_E, MAX(CASE SRC WHEN 'f' THEN 1 ELSE 0 END) AS IN_F
        FROM (SELECT 'e' AS SRC, KIND, T, K, D FROM EXPECTED UNION ALL SELECT 'f', KIND, T, K, D FROM FOUND) S
        WHERE T IS NOT NULL GROUP BY KIND, T, K
      ) COMPARED
    ) ROW_DIFFERENCE GROUP BY T
  ) PER_TABLE WHERE TABLE_E = 1 AND (TABLE_F = 0 OR N > 0)
) DIFFERENCE HAVING COUNT(*) > 0
@@
SELECT 'ismig schema verify: the schema matches the fresh {{ v.verify.version() }} schema' AS RESULT
@@
