{% include "postgresql/_guard.sql" %}
-- Read-only, on the target after every schema step of the migration: compares the catalog of the
-- current schema with the fresh {{ v.verify.version() }} schema ({{ v.verify.counts() }}).
-- Each difference is one NOTICE line naming the object, what the fresh schema has and what was
-- found; then the script stops if there was any. Tables the fresh schema does not have are not
-- looked at (other components and the sync objects may share the database); the columns, keys and
-- indexes of its tables are. An index is looked up by name: the ones the engine or another
-- component adds are not listed.
DO $$
DECLARE
  r record;
  n integer := 0;
BEGIN
  FOR r IN
  WITH expected (kind, t, k, d) AS (
    SELECT 'table', t, '-', '-' FROM (VALUES
      (NULL){% for t in v.verify.tables() %},
      ({{ t }}){% endfor %}
    ) AS e (t)
    UNION ALL
    SELECT 'column', t, k, d FROM (VALUES
      (NULL, NULL, NULL){% for r in v.verify.columns() %},
      ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
    ) AS e (t, k, d)
    UNION ALL
    SELECT 'primary key', t, k, d FROM (VALUES
      (NULL, NULL, NULL){% for r in v.verify.primary_keys() %},
      ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
    ) AS e (t, k, d)
    UNION ALL
    SELECT 'unique key', t, k, d FROM (VALUES
      (NULL, NULL, NULL){% for r in v.verify.unique_keys() %},
      ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
    ) AS e (t, k, d)
    UNION ALL
    SELECT 'index', t, k, d FROM (VALUES
      (NULL, NULL, NULL){% for r in v.verify.indexes() %},
      ({{ r.table }}, {{ r.key }}, {{ r.description }}){% endfor %}
    ) AS e (t, k, d)
  ), found_index AS (
    SELECT upper(c.relname) AS t, upper(ic.relname) AS name, i.indisunique AS uniq, i.indisprimary AS primary_key,
      string_agg(upper(a.attname), ',' ORDER BY k.ord) AS cols
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k (attnum, ord)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE c.relnamespace = current_schema()::regnamespace
    GROUP BY c.relname, ic.relname, i.indisunique, i.indisprimary
  ), found (kind, t, k, d) AS (
    SELECT 'table', upper(relname), '-', '-' FROM pg_class
    WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p')
    UNION ALL
    SELECT 'column', upper(table_name), upper(column_name), upper(data_type)
      || coalesce('(' || character_maximum_length || ')', '') || CASE is_nullable WHEN 'YES' THEN ' NULL' ELSE ' NOT NULL' END
    FROM information_schema.columns WHERE table_schema = current_schema()
    UNION ALL
    SELECT 'primary key', t, '-', '(' || cols || ')' FROM found_index WHERE primary_key
    UNION ALL
    SELECT 'unique key', t, cols, '(' || cols || ')' FROM found_index WHERE uniq AND NOT primary_key
    UNION ALL
    SELECT 'index', t, name, CASE WHEN uniq THEN 'UNIQUE ' ELSE '' END || '(' || cols || ')' FROM found_index
  ), compared AS (
    SELECT kind, t, k, max(CASE src WHEN 'e' THEN d END) AS expected_d, max(CASE src WHEN 'f' THEN d END) AS found_d,
      max(CASE src WHEN 'e' THEN 1 ELSE 0 END) AS in_e, max(CASE src WHEN 'f' THEN 1 ELSE 0 END) AS in_f
    FROM (SELECT 'e' AS src, kind, t, k, d FROM expected UNION ALL SELECT 'f', kind, t, k, d FROM found) s
    WHERE t IS NOT NULL GROUP BY kind, t, k
  ), placed AS (
    SELECT kind, t, k, expected_d, found_d, in_e, in_f,
      max(CASE kind WHEN 'table' THEN in_e ELSE 0 END) OVER (PARTITION BY t) AS table_e,
      max(CASE kind WHEN 'table' THEN in_f ELSE 0 END) OVER (PARTITION BY t) AS table_f
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
  LOOP
    RAISE NOTICE 'ismig schema verify: %', r.d;
    n := n + 1;
  END LOOP;
  IF n > 0 THEN
    RAISE EXCEPTION 'ismig schema verify: % differences from the fresh {{ v.verify.version() }} schema (listed above)', n;
  END IF;
  RAISE NOTICE 'ismig schema verify: the schema matches the fresh {{ v.verify.version() }} schema';
END
$$
@@
