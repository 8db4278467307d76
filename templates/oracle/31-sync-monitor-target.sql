{% include "oracle/_guard.sql" %}
-- Read-only, any time during the sync window: the SYNC_ID each version table has reached (WSO2's
-- runtime advances it after each batch it applies). The target has caught up with a journal when
-- its SYNC_ID equals that journal's max SYNC_ID in 30-sync-monitor-source.sql, run after writes stop.
-- No row: the runtime has not started on that table yet.
-- Output is printed with DBMS_OUTPUT (SERVEROUTPUT is on).
BEGIN
{% for t in v.tables() %}
  FOR r IN (SELECT SYNC_ID FROM {{ t.version() }}) LOOP
    DBMS_OUTPUT.PUT_LINE({{ t.version_lit() }} || ': SYNC_ID ' || r.SYNC_ID);
  END LOOP;
{% endfor %}
  NULL;
END
@@block
