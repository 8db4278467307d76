{% include "postgresql/_guard.sql" %}
-- Read-only, on the target after the copy, 12, the migration steps and 11, before WSO2's sync
-- runtime starts. The runtime writes each source row with the target's columns: a source column
-- the target lacks is dropped silently, a target NOT NULL column the source lacks gets NULL (its
-- DEFAULT never applies) and the batch is retried for ever. Stops with an error naming the first
-- table, object or column that is not ready (a list of names is checked with one query, which
-- reports its first entry that is not ready). Run it as the user the new IS connects with: the
-- privilege checks are that user's.
DO $$
DECLARE
  col text;
  n bigint;
  hi bigint;
BEGIN
{% for t in v.tables() %}
  IF to_regclass({{ t.source_lit() }}) IS NULL THEN
    RAISE EXCEPTION 'ismig verify target: table {{ t.source() }} is missing';
  END IF;
  IF to_regclass({{ t.version_lit() }}) IS NULL THEN
    RAISE EXCEPTION 'ismig verify target: version table {{ t.version() }} is missing (run 11-sync-target-setup.sql)';
  END IF;
  SELECT upper(e.name) INTO col FROM (VALUES {{ t.trigger_rows() }}) AS e(pos, name)
  WHERE EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = e.name AND tgrelid = to_regclass({{ t.source_lit() }}))
  ORDER BY e.pos LIMIT 1;
  IF col IS NOT NULL THEN
    RAISE EXCEPTION 'ismig verify target: sync trigger % on {{ t.source() }} came with the copy (run 12-sync-target-remove-copied.sql)', col;
  END IF;
  SELECT upper(e.name) INTO col FROM (VALUES {{ t.function_rows() }}) AS e(pos, name)
  WHERE EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace WHERE s.nspname = current_schema() AND p.proname = e.name)
  ORDER BY e.pos LIMIT 1;
  IF col IS NOT NULL THEN
    RAISE EXCEPTION 'ismig verify target: trigger function % came with the copy (run 12-sync-target-remove-copied.sql)', col;
  END IF;
  IF to_regclass({{ t.journal_lit() }}) IS NOT NULL THEN
    RAISE EXCEPTION 'ismig verify target: journal table {{ t.journal() }} came with the copy (run 12-sync-target-remove-copied.sql)';
  END IF;
  SELECT upper(e.name) INTO col FROM (VALUES {{ t.column_rows() }}) AS e(pos, name)
  WHERE NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = {{ t.source_lit() }} AND column_name = e.name)
  ORDER BY e.pos LIMIT 1;
  IF col IS NOT NULL THEN
    RAISE EXCEPTION 'ismig verify target: column {{ t.source() }}.% of the source is missing on the target', col;
  END IF;
  SELECT column_name INTO col FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = {{ t.source_lit() }} AND is_nullable = 'NO' AND column_default IS NULL
    AND is_identity = 'NO' AND column_name NOT IN ({{ t.column_lits() }})
  ORDER BY ordinal_position LIMIT 1;
  IF col IS NOT NULL THEN
    RAISE EXCEPTION 'ismig verify target: column {{ t.source() }}.% is NOT NULL without a default and the source has no such column (the runtime would write NULL into it)', upper(col);
  END IF;
  SELECT k.column_name INTO col FROM information_schema.table_constraints c
  JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
  WHERE c.table_schema = current_schema() AND c.table_name = {{ t.source_lit() }} AND c.constraint_type = 'PRIMARY KEY'
    AND k.column_name NOT IN ({{ t.column_lits() }})
  ORDER BY k.ordinal_position LIMIT 1;
  IF col IS NOT NULL THEN
    RAISE EXCEPTION 'ismig verify target: primary-key column {{ t.source() }}.% is not a column of the source (the runtime upserts by the target''s primary key)', upper(col);
  END IF;
  SELECT p.name || ' privilege on ' || upper(o.name) INTO col
  FROM (VALUES (1, 'SELECT'), (2, 'INSERT'), (3, 'UPDATE'), (4, 'DELETE')) AS p(pos, name)
  CROSS JOIN (VALUES (1, {{ t.source_lit() }}), (2, {{ t.version_lit() }})) AS o(pos, name)
  WHERE NOT has_table_privilege(o.name, p.name) ORDER BY p.pos, o.pos LIMIT 1;
  IF col IS NOT NULL THEN
    RAISE EXCEPTION 'ismig verify target: % has no %', current_user, col;
  END IF;
  SELECT COUNT(*), MAX(SYNC_ID) INTO n, hi FROM {{ t.version() }};
  IF n > 1 OR hi > 0 THEN
    RAISE EXCEPTION 'ismig verify target: {{ t.version() }} already holds SYNC_ID % (% rows) from an earlier sync run; if the source journal was made anew (90 then 10), the runtime would skip every row up to it: run 91-sync-target-cleanup.sql then 11-sync-target-setup.sql here, on a fresh copy', hi, n;
  END IF;
{% endfor %}
  RAISE NOTICE 'ismig verify target: the target is ready for the sync runtime';
END
$$
@@
-- Reported, not an error: character columns declared narrower on the target than on the source
-- (a longer source value fails on the target and its batch is retried for ever).
{% for t in v.tables() %}
SELECT {{ t.source_lit() }} AS sync_table, column_name, character_maximum_length AS target_length
FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = {{ t.source_lit() }} AND ({% for c in t.sized_columns() %}(column_name = {{ c.name_lit() }} AND character_maximum_length < {{ c.length() }}) OR {% endfor %}1 = 0)
@@
{% endfor %}
