{% include "mysql/_guard.sql" %}
-- Read-only, any time during the sync window.
-- Per journal: rows, lowest and highest SYNC_ID. Compare the highest with SYNC_ID in the target's version table.
{% for t in v.tables() %}
SELECT {{ t.journal_lit() }} AS journal, COUNT(*) AS journal_rows, MIN(SYNC_ID) AS min_sync_id, MAX(SYNC_ID) AS max_sync_id FROM {{ t.journal() }}
@@
{% endfor %}
-- SYNC_ID gaps of batchSize ({{ v.batch_size }}) or more: WSO2's runtime reads SYNC_ID windows of batchSize
-- and stops advancing for good at such a gap. Any row here needs action before the switch-over.
-- (No LAG(): MySQL 5.7 has no window functions; the previous SYNC_ID comes from the primary key.)
{% for t in v.tables() %}
SELECT {{ t.journal_lit() }} AS journal, g.prev_id AS gap_after, g.SYNC_ID AS gap_before, g.SYNC_ID - g.prev_id - 1 AS missing_ids
FROM (SELECT j.SYNC_ID, COALESCE((SELECT MAX(p.SYNC_ID) FROM {{ t.journal() }} p WHERE p.SYNC_ID < j.SYNC_ID), 0) AS prev_id FROM {{ t.journal() }} j) g
WHERE g.SYNC_ID - g.prev_id > {{ v.batch_size }}
@@
{% endfor %}
