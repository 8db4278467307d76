{% include "db2/_guard.sql" %}
-- Read-only. Each row is a finding; no row means nothing to fix. Objects are looked up in CURRENT SCHEMA.
-- 1. leftover sync objects from an earlier run (remove them with 90-sync-source-cleanup.sql: triggers, then tables)
SELECT 'leftover trigger' AS FINDING, TRIGNAME AS OBJ, 'on ' || TABNAME AS DETAIL
FROM SYSCAT.TRIGGERS WHERE TRIGSCHEMA = CURRENT SCHEMA AND TRIGNAME IN ({{ v.trigger_lits() }})
UNION ALL
SELECT 'leftover journal table', TABNAME, 'drop it (after its triggers) before the setup'
FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME IN ({{ v.journal_lits() }})
UNION ALL
-- 2. sync tables that are missing or have no primary key (WSO2's runtime upserts by primary key)
SELECT 'sync table missing', S.NAME, 'the setup will fail'
FROM (VALUES {% for t in v.tables() %}({{ t.source_lit() }}){% if !loop.last %}, {% endif %}{% endfor %}) AS S(NAME)
WHERE NOT EXISTS (SELECT 1 FROM SYSCAT.TABLES T WHERE T.TABSCHEMA = CURRENT SCHEMA AND T.TABNAME = S.NAME)
UNION ALL
SELECT 'sync table without primary key', T.TABNAME, 'cannot be synced'
FROM SYSCAT.TABLES T WHERE T.TABSCHEMA = CURRENT SCHEMA AND T.TABNAME IN ({{ v.source_lits() }})
AND NOT EXISTS (SELECT 1 FROM SYSCAT.TABCONST K WHERE K.TABSCHEMA = T.TABSCHEMA AND K.TABNAME = T.TABNAME AND K.TYPE = 'P')
UNION ALL
-- 3. other triggers on the sync tables (they fire too; check they do not write the same rows)
SELECT 'existing trigger on sync table', TRIGNAME, TRIGTIME || ' ' || TRIGEVENT || ' on ' || TABNAME || ', valid ' || VALID
FROM SYSCAT.TRIGGERS WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME IN ({{ v.source_lits() }})
AND TRIGNAME NOT IN ({{ v.trigger_lits() }})
UNION ALL
-- 4. privileges: CREATE TRIGGER needs ALTER (or CONTROL) on each sync table and CREATEIN on the
-- schema, unless the user owns them or holds DBADM. Grants through a group or a role are not seen here.
SELECT 'missing privilege', 'ALTER ON ' || T.TABNAME, SESSION_USER
FROM SYSCAT.TABLES T WHERE T.TABSCHEMA = CURRENT SCHEMA AND T.TABNAME IN ({{ v.source_lits() }}) AND T.OWNER <> SESSION_USER
AND NOT EXISTS (SELECT 1 FROM SYSCAT.TABAUTH A WHERE A.TABSCHEMA = T.TABSCHEMA AND A.TABNAME = T.TABNAME
  AND A.GRANTEE IN (SESSION_USER, 'PUBLIC') AND (A.CONTROLAUTH <> 'N' OR A.ALTERAUTH <> 'N'))
AND NOT EXISTS (SELECT 1 FROM SYSCAT.DBAUTH D WHERE D.GRANTEE = SESSION_USER AND D.DBADMAUTH = 'Y')
UNION ALL
SELECT 'missing privilege', 'CREATEIN ON SCHEMA ' || CURRENT SCHEMA, SESSION_USER
FROM SYSIBM.SYSDUMMY1
WHERE NOT EXISTS (SELECT 1 FROM SYSCAT.SCHEMATA S WHERE S.SCHEMANAME = CURRENT SCHEMA AND S.OWNER = SESSION_USER)
AND NOT EXISTS (SELECT 1 FROM SYSCAT.SCHEMAAUTH A WHERE A.SCHEMANAME = CURRENT SCHEMA
  AND A.GRANTEE IN (SESSION_USER, 'PUBLIC') AND A.CREATEINAUTH <> 'N')
AND NOT EXISTS (SELECT 1 FROM SYSCAT.DBAUTH D WHERE D.GRANTEE = SESSION_USER AND D.DBADMAUTH = 'Y')
@@
