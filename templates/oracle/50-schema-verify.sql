{% include "oracle/_guard.sql" %}
-- Read-only, on the target after every schema step of the migration: compares the catalog of the
-- current schema with the fresh {{ v.verify.version() }} schema ({{ v.verify.counts() }}).
-- Each difference is one line (DBMS_OUTPUT; SERVEROUTPUT is on) naming the object, what the fresh
-- schema has and what was found; then the script stops if there was any. Tables the fresh schema
-- does not have are not looked at (other components and the sync objects may share the schema);
-- the columns, keys and indexes of its tables are. An index is looked up by name: the ones another
-- component adds are not listed.
DECLARE
  n PLS_INTEGER := 0;
BEGIN
  FOR r IN (
    WITH expected AS (
      SELECT 'table' AS kind, t, '-' AS k, '-' AS d FROM (
        SELECT NULL AS t FROM DUAL{% for t in v.verify.tables() %}
        UNION ALL SELECT {{ t }} FROM DUAL{% endfor %}
      )
      UNION ALL
      SELECT 'column', t, k, d FROM (
        SELECT NULL AS t, NULL AS k, NULL AS d FROM DUAL{% for r in v.verify.columns() %}
        UNION ALL SELECT {{ r.table }}, {{ r.key }}, {{ r.description }} FROM DUAL{% endfor %}
      )
      UNION ALL
      SELECT 'primary key', t, k, d FROM (
        SELECT NULL AS t, NULL AS k, NULL AS d FROM DUAL{% for r in v.verify.primary_keys() %}
        UNION ALL SELECT {{ r.table }}, {{ r.key }}, {{ r.description }} FROM DUAL{% endfor %}
      )
      UNION ALL
      SELECT 'unique key', t, k, d FROM (
        SELECT NULL AS t, NULL AS k, NULL AS d FROM DUAL{% for r in v.verify.unique_keys() %}
        UNION ALL SELECT {{ r.table }}, {{ r.key }}, {{ r.description }} FROM DUAL{% endfor %}
      )
      UNION ALL
      SELECT 'index', t, k, d FROM (
        SELECT NULL AS t, NULL AS k, NULL AS d FROM DUAL{% for r in v.verify.indexes() %}
        UNION ALL SELECT {{ r.table }}, {{ r.key }}, {{ r.description }} FROM DUAL{% endfor %}
      )
    ), found_index AS (
      SELECT UPPER(i.TABLE_NAME) AS t, UPPER(i.INDEX_NAME) AS name, i.UNIQUENESS AS uniq,
        CASE WHEN EXISTS (SELECT 1 FROM ALL_CONSTRAINTS x WHERE x.OWNER = i.TABLE_OWNER AND x.TABLE_NAME = i.TABLE_NAME
          AND x.INDEX_NAME = i.INDEX_NAME AND x.CONSTRAINT_TYPE = 'P') THEN 'Y' ELSE 'N' END AS primary_key,
        (SELECT LISTAGG(UPPER(c.COLUMN_NAME), ',') WITHIN GROUP (ORDER BY c.COLUMN_POSITION) FROM ALL_IND_COLUMNS c
          WHERE c.INDEX_OWNER = i.OWNER AND c.INDEX_NAME = i.INDEX_NAME) AS cols
      FROM ALL_INDEXES i WHERE i.TABLE_OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')
    ), found AS (
      SELECT 'table' AS kind, UPPER(TABLE_NAME) AS t, '-' AS k, '-' AS d FROM ALL_TABLES
      WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')
      UNION ALL
      SELECT 'column', UPPER(TABLE_NAME), UPPER(COLUMN_NAME), UPPER(DATA_TYPE)
        || CASE WHEN DATA_TYPE IN ('CHAR', 'NCHAR', 'VARCHAR2', 'NVARCHAR2') THEN '(' || CHAR_LENGTH || ')' END
        || CASE NULLABLE WHEN 'Y' THEN ' NULL' ELSE ' NOT NULL' END
      FROM ALL_TAB_COLUMNS WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')
      UNION ALL
      SELECT 'primary key', t, '-', '(' || cols || ')' FROM found_index WHERE primary_key = 'Y'
      UNION ALL
      SELECT 'unique key', t, cols, '(' || cols || ')' FROM found_index WHERE uniq = 'UNIQUE' AND primary_key = 'N'
      UNION ALL
      SELECT 'index', t, name, CASE uniq WHEN 'UNIQUE' THEN 'UNIQUE ' END || '(' || cols || ')' FROM found_index
    ), compared AS (
      SELECT kind, t, k, MAX(CASE src WHEN 'e' THEN d END) AS expected_d, MAX(CASE src WHEN 'f' THEN d END) AS found_d,
        MAX(CASE src WHEN 'e' THEN 1 ELSE 0 END) AS in_e, MAX(CASE src WHEN 'f' THEN 1 ELSE 0 END) AS in_f
      FROM (SELECT 'e' AS src, kind, t, k, d FROM expected UNION ALL SELECT 'f', kind, t, k, d FROM found)
      WHERE t IS NOT NULL GROUP BY kind, t, k
    ), placed AS (
      SELECT kind, t, k, expected_d, found_d, in_e, in_f,
        MAX(CASE kind WHEN 'table' THEN in_e ELSE 0 END) OVER (PARTITION BY t) AS table_e,
        MAX(CASE kind WHEN 'table' THEN in_f ELSE 0 END) OVER (PARTITION BY t) AS table_f
      FROM compared
    )
    SELECT CASE kind WHEN 'table' THEN 'table ' || t WHEN 'column' THEN 'column ' || t || '.' || k
        WHEN 'primary key' THEN 'primary key of ' || t WHEN 'unique key' THEN 'unique key on ' || t
        ELSE 'index ' || k || ' on ' || t END
      || CASE WHEN kind = 'table' THEN ': missing' WHEN in_f = 0 THEN ': missing (expected ' || expected_d || ')'
        WHEN in_e = 0 THEN ': not in the fresh schema (found ' || found_d || ')'
        ELSE ': expected ' || expected_d || ', found ' || found_d END AS d
    FROM placed
    WHERE table_e = 1 AND ((kind = 'table' AND in_f = 0) OR (kind <> 'table' AND table_f = 1
      AND (in_e = 1 OR kind <> 'index') AND (in_e = 0 OR in_f = 0 OR expected_d <> found_d)))
    ORDER BY 1
  ) LOOP
    DBMS_OUTPUT.PUT_LINE('ismig schema verify: ' || r.d);
    n := n + 1;
  END LOOP;
  IF n > 0 THEN
    RAISE_APPLICATION_ERROR(-20004, 'ismig schema verify: ' || n || ' differences from the fresh {{ v.verify.version() }} schema (listed above)');
  END IF;
  DBMS_OUTPUT.PUT_LINE('ismig schema verify: the schema matches the fresh {{ v.verify.version() }} schema');
END
@@block
