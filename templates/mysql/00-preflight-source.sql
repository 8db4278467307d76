{% include "mysql/_guard.sql" %}
-- Read-only. Each row is a finding; no row means nothing to fix.
-- Names compare upper-cased: with lower_case_table_names=1 the catalog stores them in lower case.
-- Privileges granted through roles (MySQL 8, MariaDB) are not seen here: check SHOW GRANTS too.
-- 1. leftover sync objects from an earlier run (remove them with 90-sync-source-cleanup.sql: triggers, then tables)
SELECT 'leftover trigger' AS finding, TRIGGER_NAME AS object, EVENT_OBJECT_TABLE AS detail
FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA = DATABASE() AND UPPER(TRIGGER_NAME) IN ({{ v.trigger_lits() }})
UNION ALL
SELECT 'leftover journal table', TABLE_NAME, 'drop it (after its triggers) before the setup'
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) IN ({{ v.journal_lits() }})
UNION ALL
-- 2. sync tables that are missing or have no primary key (WSO2's runtime upserts by primary key)
SELECT 'sync table missing', s.name, 'the setup will fail'
FROM ({% for t in v.tables() %}SELECT {{ t.source_lit() }} AS name{% if !loop.last %} UNION ALL {% endif %}{% endfor %}) s
WHERE NOT EXISTS (SELECT 1 FROM information_schema.TABLES it WHERE it.TABLE_SCHEMA = DATABASE() AND UPPER(it.TABLE_NAME) = s.name)
UNION ALL
SELECT 'sync table without primary key', it.TABLE_NAME, 'cannot be synced'
FROM information_schema.TABLES it
WHERE it.TABLE_SCHEMA = DATABASE() AND UPPER(it.TABLE_NAME) IN ({{ v.source_lits() }})
AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS k WHERE k.TABLE_SCHEMA = it.TABLE_SCHEMA AND k.TABLE_NAME = it.TABLE_NAME AND k.CONSTRAINT_TYPE = 'PRIMARY KEY')
UNION ALL
-- 3. other triggers on the sync tables (they fire too; check they do not write the same rows).
-- MySQL before 5.7.2 allows one trigger per table, timing and event: the setup then fails on these.
SELECT 'existing trigger on sync table', TRIGGER_NAME, CONCAT(EVENT_OBJECT_TABLE, ' ', ACTION_TIMING, ' ', EVENT_MANIPULATION)
FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA = DATABASE() AND UPPER(EVENT_OBJECT_TABLE) IN ({{ v.source_lits() }}) AND UPPER(TRIGGER_NAME) NOT IN ({{ v.trigger_lits() }})
UNION ALL
-- 4. privileges: TRIGGER on each sync table (global, database or table grant), CREATE on the database
SELECT 'missing privilege', CONCAT('TRIGGER ON ', it.TABLE_NAME), me.grantee
FROM information_schema.TABLES it,
(SELECT CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''') AS grantee) me
WHERE it.TABLE_SCHEMA = DATABASE() AND UPPER(it.TABLE_NAME) IN ({{ v.source_lits() }})
AND NOT EXISTS (SELECT 1 FROM information_schema.USER_PRIVILEGES p WHERE p.GRANTEE = me.grantee AND p.PRIVILEGE_TYPE = 'TRIGGER')
AND NOT EXISTS (SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES p WHERE p.GRANTEE = me.grantee AND p.PRIVILEGE_TYPE = 'TRIGGER' AND DATABASE() LIKE p.TABLE_SCHEMA)
AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_PRIVILEGES p WHERE p.GRANTEE = me.grantee AND p.PRIVILEGE_TYPE = 'TRIGGER' AND p.TABLE_SCHEMA = it.TABLE_SCHEMA AND p.TABLE_NAME = it.TABLE_NAME)
UNION ALL
SELECT 'missing privilege', CONCAT('CREATE ON ', DATABASE()), me.grantee
FROM (SELECT CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''') AS grantee) me
WHERE NOT EXISTS (SELECT 1 FROM information_schema.USER_PRIVILEGES p WHERE p.GRANTEE = me.grantee AND p.PRIVILEGE_TYPE = 'CREATE')
AND NOT EXISTS (SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES p WHERE p.GRANTEE = me.grantee AND p.PRIVILEGE_TYPE = 'CREATE' AND DATABASE() LIKE p.TABLE_SCHEMA)
UNION ALL
-- 5. binary logging: with log_bin on and log_bin_trust_function_creators off, CREATE TRIGGER needs
-- SUPER, else it fails with ERROR 1419 (not grantable on managed services such as RDS: set the
-- parameter there). Fix: SET GLOBAL log_bin_trust_function_creators = 1 for the setup, or grant SUPER.
SELECT 'binary logging: CREATE TRIGGER will fail with ERROR 1419', 'log_bin=ON, log_bin_trust_function_creators=OFF', me.grantee
FROM (SELECT CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''') AS grantee) me
WHERE @@GLOBAL.log_bin = 1 AND @@GLOBAL.log_bin_trust_function_creators = 0
AND NOT EXISTS (SELECT 1 FROM information_schema.USER_PRIVILEGES p WHERE p.GRANTEE = me.grantee AND p.PRIVILEGE_TYPE = 'SUPER')
@@
