{% include "mssql/_guard.sql" %}
-- 0. server version, first and in its own batch: the checks below read catalog views of SQL Server
-- 2016 (an older server would stop at them with Msg 208 before saying why). CREATE OR ALTER TRIGGER
-- and DROP ... IF EXISTS need SQL Server 2016 SP1 (13.0.4001) or later. Azure SQL (5, 8) has them.
IF CAST(PARSENAME(CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)), 4) AS INT) * 10000
  + CAST(PARSENAME(CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)), 2) AS INT) < 134001
  AND CAST(SERVERPROPERTY('EngineEdition') AS INT) NOT IN (5, 8)
BEGIN
  RAISERROR('ismig preflight: server too old: SQL Server 2016 SP1 (13.0.4001) or later is needed (SELECT @@VERSION)', 16, 1);
  SET NOEXEC ON;
END
@@block
-- Read-only. Each row is a finding; no row means nothing to fix. Runs on SQL Server 2016 or later
-- (sys.database_scoped_configurations); the sync scripts themselves need SQL Server 2016 SP1 or later.
-- 1. leftover sync objects from an earlier run (remove them with 90-sync-source-cleanup.sql: triggers, then tables)
SELECT 'leftover trigger' AS finding, tr.name AS object, OBJECT_NAME(tr.parent_id) AS detail
FROM sys.triggers tr WHERE tr.name IN ({{ v.trigger_lits() }})
UNION ALL
SELECT 'leftover journal table', SCHEMA_NAME(t.schema_id) + N'.' + t.name, 'drop it (after its triggers) before the setup'
FROM sys.tables t WHERE t.name IN ({{ v.journal_lits() }})
UNION ALL
-- 2. sync tables that are missing or have no primary key (WSO2's runtime upserts by primary key)
SELECT 'sync table missing', s.name, 'the setup will fail'
FROM (VALUES {% for t in v.tables() %}(N{{ t.source_lit() }}){% if !loop.last %}, {% endif %}{% endfor %}) AS s(name)
WHERE OBJECT_ID(s.name, N'U') IS NULL
UNION ALL
SELECT 'sync table without primary key', t.name, 'cannot be synced'
FROM sys.tables t WHERE t.name IN ({{ v.source_lits() }}) AND t.schema_id = SCHEMA_ID()
AND NOT EXISTS (SELECT 1 FROM sys.key_constraints k WHERE k.parent_object_id = t.object_id AND k.type = 'PK')
UNION ALL
-- 3. other triggers on the sync tables (they fire too; check they do not write the same rows)
SELECT 'existing trigger on sync table', tr.name, t.name + CASE WHEN tr.is_instead_of_trigger = 1 THEN N' (INSTEAD OF)' ELSE N' (AFTER)' END
FROM sys.triggers tr JOIN sys.tables t ON t.object_id = tr.parent_id
WHERE t.name IN ({{ v.source_lits() }}) AND t.schema_id = SCHEMA_ID() AND tr.name NOT IN ({{ v.trigger_lits() }})
UNION ALL
-- 4. privileges: ALTER on each sync table (CREATE TRIGGER needs it), CREATE TABLE and ALTER on the schema (journal tables)
SELECT 'missing privilege', N'ALTER ON ' + s.name, USER_NAME()
FROM (VALUES {% for t in v.tables() %}(N{{ t.source_lit() }}){% if !loop.last %}, {% endif %}{% endfor %}) AS s(name)
WHERE OBJECT_ID(s.name, N'U') IS NOT NULL AND HAS_PERMS_BY_NAME(s.name, 'OBJECT', 'ALTER') = 0
UNION ALL
SELECT 'missing privilege', N'CREATE TABLE', USER_NAME()
WHERE HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CREATE TABLE') = 0
UNION ALL
SELECT 'missing privilege', N'ALTER ON SCHEMA ' + SCHEMA_NAME(), USER_NAME()
WHERE HAS_PERMS_BY_NAME(SCHEMA_NAME(), 'SCHEMA', 'ALTER') = 0
UNION ALL
-- 5. SYNC_ID is an IDENTITY: with IDENTITY_CACHE on (the default, SQL Server 2017+) a restart or failover can
-- make it jump by up to 1000, and a SYNC_ID gap of batchSize ({{ v.batch_size }}) or more stalls WSO2's runtime for good
SELECT 'identity cache on', N'IDENTITY_CACHE', 'SYNC_ID can jump after a restart: ALTER DATABASE SCOPED CONFIGURATION SET IDENTITY_CACHE = OFF before the setup'
FROM sys.database_scoped_configurations WHERE name = N'IDENTITY_CACHE' AND CAST(value AS INT) = 1
UNION ALL
SELECT 'identity cache on', N'SQL Server 2016', 'IDENTITY_CACHE cannot be turned off per database before SQL Server 2017: start the server with trace flag 272, or watch 30-sync-monitor-source.sql'
WHERE CAST(PARSENAME(CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)), 4) AS INT) = 13
AND CAST(SERVERPROPERTY('EngineEdition') AS INT) NOT IN (5, 8)
@@
