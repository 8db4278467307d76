{% include "oracle/_guard.sql" %}
-- Read-only. Prints one line per finding (DBMS_OUTPUT; SERVEROUTPUT is on), then the number of
-- findings; 0 findings means nothing to fix. Objects are looked up in the current schema.
DECLARE
  findings PLS_INTEGER := 0;
BEGIN
  FOR r IN (
    -- 1. leftover sync objects from an earlier run (remove them with 90-sync-source-cleanup.sql: triggers, then tables)
    SELECT 'leftover trigger' AS finding, TRIGGER_NAME AS obj, 'on ' || TABLE_NAME AS detail
    FROM ALL_TRIGGERS WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TRIGGER_NAME IN ({{ v.trigger_lits() }})
    UNION ALL
    SELECT 'leftover journal table', TABLE_NAME, 'drop it (after its triggers) before the setup'
    FROM ALL_TABLES WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TABLE_NAME IN ({{ v.journal_lits() }})
    UNION ALL
    -- 2. sync tables that are missing or have no primary key (WSO2's runtime upserts by primary key)
    SELECT 'sync table missing', s.name, 'the setup will fail'
    FROM ({% for t in v.tables() %}SELECT {{ t.source_lit() }} AS name FROM DUAL{% if !loop.last %} UNION ALL {% endif %}{% endfor %}) s
    WHERE NOT EXISTS (SELECT 1 FROM ALL_TABLES t WHERE t.OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND t.TABLE_NAME = s.name)
    UNION ALL
    SELECT 'sync table without primary key', t.TABLE_NAME, 'cannot be synced'
    FROM ALL_TABLES t WHERE t.OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND t.TABLE_NAME IN ({{ v.source_lits() }})
    AND NOT EXISTS (SELECT 1 FROM ALL_CONSTRAINTS k WHERE k.OWNER = t.OWNER AND k.TABLE_NAME = t.TABLE_NAME AND k.CONSTRAINT_TYPE = 'P')
    UNION ALL
    -- 3. other triggers on the sync tables (they fire too; check they do not write the same rows)
    SELECT 'existing trigger on sync table', TRIGGER_NAME, TRIGGER_TYPE || ' ' || TRIGGERING_EVENT || ' on ' || TABLE_NAME || ', ' || STATUS
    FROM ALL_TRIGGERS WHERE TABLE_OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TABLE_NAME IN ({{ v.source_lits() }})
    AND TRIGGER_NAME NOT IN ({{ v.trigger_lits() }})
    UNION ALL
    -- 4. privileges: CREATE TRIGGER and CREATE TABLE (directly or through a role enabled in this session)
    SELECT 'missing privilege', 'CREATE TRIGGER', USER FROM DUAL
    WHERE NOT EXISTS (SELECT 1 FROM SESSION_PRIVS WHERE PRIVILEGE IN ('CREATE TRIGGER', 'CREATE ANY TRIGGER'))
    UNION ALL
    SELECT 'missing privilege', 'CREATE TABLE', USER FROM DUAL
    WHERE NOT EXISTS (SELECT 1 FROM SESSION_PRIVS WHERE PRIVILEGE IN ('CREATE TABLE', 'CREATE ANY TABLE'))
    UNION ALL
    -- 5. server version: the journals' SYNC_ID is an identity column, Oracle Database 12.1 or later
    SELECT 'server too old', VERSION, 'Oracle Database 12.1 or later is needed (identity columns)'
    FROM PRODUCT_COMPONENT_VERSION WHERE PRODUCT LIKE 'Oracle Database%' AND TO_NUMBER(REGEXP_SUBSTR(VERSION, '^[0-9]+')) < 12
  ) LOOP
    findings := findings + 1;
    DBMS_OUTPUT.PUT_LINE('ismig preflight: ' || r.finding || ': ' || r.obj || ' (' || r.detail || ')');
  END LOOP;
  DBMS_OUTPUT.PUT_LINE('ismig preflight: ' || findings || ' finding(s)');
END
@@block
