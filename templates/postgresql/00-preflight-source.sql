{% include "postgresql/_guard.sql" %}
-- Read-only. Each row is a finding; no row means nothing to fix.
-- 1. leftover sync objects from an earlier run (remove them with 90-sync-source-cleanup.sql: triggers, functions, tables)
SELECT 'leftover trigger' AS finding, tgname::text AS object, c.relname::text AS detail
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal AND t.tgname::text IN ({{ v.trigger_lits() }})
UNION ALL
SELECT 'leftover trigger function', p.proname::text, pg_get_function_identity_arguments(p.oid)
FROM pg_proc p WHERE p.proname::text IN ({{ v.function_lits() }})
UNION ALL
SELECT 'leftover journal table', table_schema::text || '.' || table_name::text, 'drop it (after its triggers) before the setup'
FROM information_schema.tables WHERE table_name::text IN ({{ v.journal_lits() }})
UNION ALL
-- 2. sync tables that are missing or have no primary key (WSO2's runtime upserts by primary key)
SELECT 'sync table missing', s.name, 'the setup will fail'
FROM (VALUES {% for t in v.tables() %}({{ t.source_lit() }}){% if !loop.last %}, {% endif %}{% endfor %}) AS s(name)
WHERE NOT EXISTS (SELECT 1 FROM information_schema.tables it WHERE it.table_name::text = s.name AND it.table_schema = current_schema())
UNION ALL
SELECT 'sync table without primary key', c.relname::text, 'cannot be synced'
FROM pg_class c WHERE c.relkind = 'r' AND c.relname::text IN ({{ v.source_lits() }}) AND c.relnamespace = current_schema()::regnamespace
AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
UNION ALL
-- 3. other triggers on the sync tables (they fire too; check they do not write the same rows)
SELECT 'existing trigger on sync table', t.tgname::text, c.relname::text
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal AND c.relname::text IN ({{ v.source_lits() }}) AND t.tgname::text NOT IN ({{ v.trigger_lits() }})
UNION ALL
-- 4. privileges: TRIGGER on each sync table, CREATE on the schema
SELECT 'missing privilege', 'TRIGGER ON ' || c.relname::text, current_user::text
FROM pg_class c WHERE c.relkind = 'r' AND c.relname::text IN ({{ v.source_lits() }}) AND c.relnamespace = current_schema()::regnamespace
AND NOT has_table_privilege(c.oid, 'TRIGGER')
UNION ALL
SELECT 'missing privilege', 'CREATE ON SCHEMA ' || current_schema(), current_user::text
WHERE NOT has_schema_privilege(current_schema(), 'CREATE')
@@
