{% include "h2/_guard.sql" %}
-- Read-only. Each row is a finding; no row means nothing to fix.
-- Not checkable in SQL: the JVM that hosts the database (the IS itself when H2 is embedded) must be
-- a JDK, not a JRE: the sync triggers are Java source compiled by that JVM (module jdk.compiler),
-- at CREATE TRIGGER and again every time the database is opened.
-- 1. leftover sync objects from an earlier run (remove them with 90-sync-source-cleanup.sql: triggers, then tables)
SELECT 'leftover trigger' AS FINDING, TRIGGER_NAME AS OBJECT, EVENT_OBJECT_TABLE AS DETAIL
FROM INFORMATION_SCHEMA.TRIGGERS
WHERE TRIGGER_SCHEMA = CURRENT_SCHEMA AND TRIGGER_NAME IN ({{ v.trigger_lits() }})
UNION ALL
SELECT 'leftover journal table', TABLE_NAME, 'drop it (after its triggers) before the setup'
FROM INFORMATION_SCHEMA.TABLES
WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME IN ({{ v.journal_lits() }})
UNION ALL
-- 2. sync tables that are missing or have no primary key (WSO2's runtime upserts by primary key)
SELECT 'sync table missing', S.NAME, 'the setup will fail'
FROM (VALUES {% for t in v.tables() %}({{ t.source_lit() }}){% if !loop.last %}, {% endif %}{% endfor %}) AS S(NAME)
WHERE NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TABLES IT WHERE IT.TABLE_SCHEMA = CURRENT_SCHEMA AND IT.TABLE_NAME = S.NAME)
UNION ALL
SELECT 'sync table without primary key', IT.TABLE_NAME, 'cannot be synced'
FROM INFORMATION_SCHEMA.TABLES IT
WHERE IT.TABLE_SCHEMA = CURRENT_SCHEMA AND IT.TABLE_NAME IN ({{ v.source_lits() }})
AND NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS K WHERE K.TABLE_SCHEMA = IT.TABLE_SCHEMA AND K.TABLE_NAME = IT.TABLE_NAME AND K.CONSTRAINT_TYPE = 'PRIMARY KEY')
UNION ALL
-- 3. other triggers on the sync tables (they fire too; check they do not write the same rows)
SELECT 'existing trigger on sync table', TRIGGER_NAME, EVENT_OBJECT_TABLE || ' ' || ACTION_TIMING || ' ' || EVENT_MANIPULATION
FROM INFORMATION_SCHEMA.TRIGGERS
WHERE TRIGGER_SCHEMA = CURRENT_SCHEMA AND EVENT_OBJECT_TABLE IN ({{ v.source_lits() }}) AND TRIGGER_NAME NOT IN ({{ v.trigger_lits() }})
UNION ALL
-- 4. privileges: creating tables and triggers in H2 takes an admin or the schema's owner
SELECT 'missing privilege', 'ADMIN, or owner of schema ' || CURRENT_SCHEMA, CURRENT_USER
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.USERS U WHERE U.USER_NAME = CURRENT_USER AND U.IS_ADMIN)
AND NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.SCHEMATA S WHERE S.SCHEMA_NAME = CURRENT_SCHEMA AND S.SCHEMA_OWNER = CURRENT_USER)
@@
