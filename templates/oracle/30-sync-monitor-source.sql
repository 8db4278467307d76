{% include "oracle/_guard.sql" %}
-- Read-only, any time during the sync window. Output is printed with DBMS_OUTPUT (SERVEROUTPUT is on).
-- Per journal: rows, lowest and highest SYNC_ID. Compare the highest with SYNC_ID in the target's version table.
DECLARE
  n NUMBER;
  lo NUMBER;
  hi NUMBER;
BEGIN
{% for t in v.tables() %}
  SELECT COUNT(*), MIN(SYNC_ID), MAX(SYNC_ID) INTO n, lo, hi FROM {{ t.journal() }};
  DBMS_OUTPUT.PUT_LINE({{ t.journal_lit() }} || ': ' || n || ' rows, min SYNC_ID ' || NVL(TO_CHAR(lo), '-') || ', max SYNC_ID ' || NVL(TO_CHAR(hi), '-'));
{% endfor %}
END
@@block
-- SYNC_ID gaps of batchSize ({{ v.batch_size }}) or more: WSO2's runtime reads SYNC_ID windows of batchSize
-- and stops advancing for good at such a gap. Any GAP line here needs action before the switch-over.
DECLARE
  gaps PLS_INTEGER := 0;
BEGIN
{% for t in v.tables() %}
  FOR r IN (
    SELECT prev_id, SYNC_ID FROM (SELECT SYNC_ID, COALESCE(LAG(SYNC_ID) OVER (ORDER BY SYNC_ID), 0) AS prev_id FROM {{ t.journal() }})
    WHERE SYNC_ID - prev_id > {{ v.batch_size }} ORDER BY SYNC_ID
  ) LOOP
    gaps := gaps + 1;
    DBMS_OUTPUT.PUT_LINE('GAP ' || {{ t.journal_lit() }} || ': after SYNC_ID ' || r.prev_id || ' comes ' || r.SYNC_ID || ' (' || (r.SYNC_ID - r.prev_id - 1) || ' ids missing)');
  END LOOP;
{% endfor %}
  DBMS_OUTPUT.PUT_LINE('ismig monitor: ' || gaps || ' SYNC_ID gap(s) of batchSize ({{ v.batch_size }}) or more');
END
@@block
