{% include "db2/_guard.sql" %}
-- Read-only, any time during the sync window.
-- Per journal: rows, lowest and highest SYNC_ID. Compare the highest with SYNC_ID in the target's version table.
{% for t in v.tables() %}
SELECT {{ t.journal_lit() }} AS JOURNAL, COUNT(*) AS JOURNAL_ROWS, MIN(SYNC_ID) AS MIN_SYNC_ID, MAX(SYNC_ID) AS MAX_SYNC_ID FROM {{ t.journal() }}
@@
{% endfor %}
-- SYNC_ID gaps of batchSize ({{ v.batch_size }}) or more: WSO2's runtime reads SYNC_ID windows of batchSize
-- and stops advancing for good at such a gap. Any row here needs action before the switch-over.
{% for t in v.tables() %}
SELECT {{ t.journal_lit() }} AS JOURNAL, PREV_ID AS GAP_AFTER, SYNC_ID AS GAP_BEFORE, SYNC_ID - PREV_ID - 1 AS MISSING_IDS
FROM (SELECT SYNC_ID, COALESCE(LAG(SYNC_ID) OVER (ORDER BY SYNC_ID), 0) AS PREV_ID FROM {{ t.journal() }}) AS G
WHERE SYNC_ID - PREV_ID > {{ v.batch_size }}
@@
{% endfor %}
