{% include "mysql/_guard.sql" %}
-- Read-only, any time during the sync window: the SYNC_ID each version table has reached (WSO2's
-- runtime advances it after each batch it applies). The target has caught up with a journal when
-- its SYNC_ID equals that journal's max SYNC_ID in 30-sync-monitor-source.sql, run after writes stop.
-- No row: the runtime has not started on that table yet.
{% for t in v.tables() %}
SELECT {{ t.version_lit() }} AS version_table, SYNC_ID AS sync_id FROM {{ t.version() }}
@@
{% endfor %}
