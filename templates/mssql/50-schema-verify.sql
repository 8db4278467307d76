{% include "mssql/_guard.sql" %}
-- Read-only, on the target after every schema step of the migration: compares the catalog of the
-- current schema with the fresh {{ v.verify.version() }} schema ({{ v.verify.counts() }}).
-- The differences are selected, one row each, naming the object, what the fresh schema has and
-- what was found; then the batch stops if there was any (sqlcmd: the run ends; SSMS: read the
-- Results tab). Tables the fresh schema does not have are not looked at (other components and the
-- sync objects may share the database); the columns, keys and indexes of its tables are. An index
-- is looked up by name: the ones another component adds are not listed.
BEGIN
  DECLARE @difference TABLE (d NVARCHAR(4000) NOT NULL);
  DECLARE @n INT;
  DECLARE @m NVARCHAR(2048);
  WITH expected (kind, t, k, d) AS (
    SELECT 'table', t, '-', '-' FROM (VALUES
      (CAST(NULL AS NVARCHAR(256))){% for t in v.verify.tables() %},
      ({{ t }}){% endfor %}
    ) AS e (t)
    UNION ALL
    SELECT 'column', t, k, d FROM (VALUES
      (CAST(NULL AS NVARCHAR(256)), CAST(NULL AS NVARCHAR(256)), CAST(NULL AS NVARCHAR(400))){% for r in v.verify.columns() %},
      ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
    ) AS e (t, k, d)
    UNION ALL
    SELECT 'primary key', t, k, d FROM (VALUES
      (CAST(NULL AS NVARCHAR(256)), CAST(NULL AS NVARCHAR(256)), CAST(NULL AS NVARCHAR(400))){% for r in v.verify.primary_keys() %},
      ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
    ) AS e (t, k, d)
    UNION ALL
    SELECT 'unique key', t, k, d FROM (VALUES
      (CAST(NULL AS NVARCHAR(256)), CAST(NULL AS NVARCHAR(400)), CAST(NULL AS NVARCHAR(400))){% for r in v.verify.unique_keys() %},
      ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
    ) AS e (t, k, d)
    UNION ALL
    SELECT 'index', t, k, d FROM (VALUES
      (CAST(NULL AS NVARCHAR(256)), CAST(NULL AS NVARCHAR(256)), CAST(NULL AS NVARCHAR(400))){% for r in v.verify.indexes() %},
      ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
    ) AS e (t, k, d)
  ), found_index AS (
    SELECT UPPER(o.name) AS t, UPPER(i.name) AS name, i.is_unique AS uniq, i.is_primary_key AS primary_key,
      STUFF((SELECT ',' + UPPER(c.name) FROM sys.index_columns ic
        JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0
        ORDER BY ic.key_ordinal FOR XML PATH('')), 1, 1, '') AS cols
    FROM sys.indexes i JOIN sys.tables o ON o.object_id = i.object_id
    WHERE o.schema_id = SCHEMA_ID() AND i.type > 0
  ), found (kind, t, k, d) AS (
    SELECT 'table', UPPER(name), '-', '-' FROM sys.tables WHERE schema_id = SCHEMA_ID()
    UNION ALL
    SELECT 'column', UPPER(TABLE_NAME), UPPER(COLUMN_NAME), CONCAT(UPPER(DATA_TYPE),
      CASE WHEN DATA_TYPE IN ('char', 'nchar', 'varchar', 'nvarchar') AND CHARACTER_MAXIMUM_LENGTH > 0
        THEN CONCAT('(', CHARACTER_MAXIMUM_LENGTH, ')') ELSE '' END,
      CASE IS_NULLABLE WHEN 'YES' THEN ' NULL' ELSE ' NOT NULL' END)
    FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA_NAME()
    UNION ALL
    SELECT 'primary key', t, '-', CONCAT('(', cols, ')') FROM found_index WHERE primary_key = 1
    UNION ALL
    SELECT 'unique key', t, cols, CONCAT('(', cols, ')') FROM found_index WHERE uniq = 1 AND primary_key = 0
    UNION ALL
    SELECT 'index', t, name, CONCAT(CASE uniq WHEN 1 THEN 'UNIQUE ' ELSE '' END, '(', cols, ')') FROM found_index
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
  )
  INSERT INTO @difference (d)
  SELECT CONCAT(CASE kind WHEN 'table' THEN CONCAT('table ', t) WHEN 'column' THEN CONCAT('column ', t, '.', k)
      WHEN 'primary key' THEN CONCAT('primary key of ', t) WHEN 'unique key' THEN CONCAT('unique key on ', t)
      ELSE CONCAT('index ', k, ' on ', t) END,
    CASE WHEN kind = 'table' THEN ': missing' WHEN in_f = 0 THEN CONCAT(': missing (expected ', expected_d, ')')
      WHEN in_e = 0 THEN CONCAT(': not in the fresh schema (found ', found_d, ')')
      ELSE CONCAT(': expected ', expected_d, ', found ', found_d) END)
  FROM placed
  WHERE table_e = 1 AND ((kind = 'table' AND in_f = 0) OR (kind <> 'table' AND table_f = 1
    AND (in_e = 1 OR kind <> 'index') AND (in_e = 0 OR in_f = 0 OR expected_d <> found_d)));
  SELECT CONCAT(N'ismig schema verify: ', d) AS difference FROM @difference ORDER BY d;
  SET @n = (SELECT COUNT(*) FROM @difference);
  IF @n > 0
  BEGIN
    SET @m = CONCAT(N'ismig schema verify: ', @n, N' differences from the fresh {{ v.verify.version() }} schema (listed above)');
    THROW 50004, @m, 1;
  END
  PRINT 'ismig schema verify: the schema matches the fresh {{ v.verify.version() }} schema';
END
@@block
