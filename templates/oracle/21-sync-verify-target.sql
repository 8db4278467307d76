{% include "oracle/_guard.sql" %}
-- Read-only, on the target after the copy, 12, the migration steps and 11, before WSO2's sync
-- runtime starts. The runtime writes each source row with the target's columns: a source column
-- the target lacks is dropped silently, a target NOT NULL column the source lacks gets NULL (its
-- DEFAULT never applies) and the batch is retried for ever. Stops with an error naming the first
-- table, object or column that is not ready. A list of names is checked with one query, which
-- reports its first entry that is not ready (RTRIM: the list's literals are CHAR, blank-padded by
-- UNION ALL to the longest).
-- Privileges: the user the new IS connects with needs SELECT, INSERT, UPDATE, DELETE on every sync
-- table and its version table (the owner has them).
DECLARE
  n PLS_INTEGER;
  hi NUMBER;
BEGIN
{% for t in v.tables() %}
  SELECT COUNT(*) INTO n FROM ALL_TABLES WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TABLE_NAME = {{ t.source_lit() }};
  IF n = 0 THEN
    RAISE_APPLICATION_ERROR(-20003, 'ismig verify target: table {{ t.source() }} is missing');
  END IF;
  SELECT COUNT(*) INTO n FROM ALL_TABLES WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TABLE_NAME = {{ t.version_lit() }};
  IF n = 0 THEN
    RAISE_APPLICATION_ERROR(-20003, 'ismig verify target: version table {{ t.version() }} is missing (run 11-sync-target-setup.sql)');
  END IF;
  FOR r IN (
    SELECT RTRIM(e.NAME) NAME FROM ({{ t.trigger_rows() }}) e
    WHERE EXISTS (SELECT 1 FROM ALL_TRIGGERS WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TRIGGER_NAME = RTRIM(e.NAME))
    ORDER BY e.POS
  ) LOOP
    RAISE_APPLICATION_ERROR(-20003, 'ismig verify target: sync trigger ' || r.NAME || ' on {{ t.source() }} came with the copy (run 12-sync-target-remove-copied.sql)');
  END LOOP;
  SELECT COUNT(*) INTO n FROM ALL_TABLES WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TABLE_NAME = {{ t.journal_lit() }};
  IF n > 0 THEN
    RAISE_APPLICATION_ERROR(-20003, 'ismig verify target: journal table {{ t.journal() }} came with the copy (run 12-sync-target-remove-copied.sql)');
  END IF;
  FOR r IN (
    SELECT RTRIM(e.NAME) NAME FROM ({{ t.column_rows() }}) e
    WHERE NOT EXISTS (SELECT 1 FROM ALL_TAB_COLUMNS WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')
      AND TABLE_NAME = {{ t.source_lit() }} AND COLUMN_NAME = RTRIM(e.NAME))
    ORDER BY e.POS
  ) LOOP
    RAISE_APPLICATION_ERROR(-20003, 'ismig verify target: column {{ t.source() }}.' || r.NAME || ' of the source is missing on the target');
  END LOOP;
  FOR r IN (
    SELECT COLUMN_NAME FROM ALL_TAB_COLUMNS
    WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TABLE_NAME = {{ t.source_lit() }} AND NULLABLE = 'N' AND DEFAULT_LENGTH IS NULL
    AND IDENTITY_COLUMN = 'NO' AND COLUMN_NAME NOT IN ({{ t.column_lits() }})
  ) LOOP
    RAISE_APPLICATION_ERROR(-20003, 'ismig verify target: column {{ t.source() }}.' || r.COLUMN_NAME || ' is NOT NULL without a default and the source has no such column (the runtime would write NULL into it)');
  END LOOP;
  FOR r IN (
    SELECT cc.COLUMN_NAME FROM ALL_CONSTRAINTS c
    JOIN ALL_CONS_COLUMNS cc ON cc.OWNER = c.OWNER AND cc.CONSTRAINT_NAME = c.CONSTRAINT_NAME
    WHERE c.OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND c.TABLE_NAME = {{ t.source_lit() }} AND c.CONSTRAINT_TYPE = 'P'
    AND cc.COLUMN_NAME NOT IN ({{ t.column_lits() }})
  ) LOOP
    RAISE_APPLICATION_ERROR(-20003, 'ismig verify target: primary-key column {{ t.source() }}.' || r.COLUMN_NAME || ' is not a column of the source (the runtime upserts by the target''s primary key)');
  END LOOP;
  EXECUTE IMMEDIATE 'SELECT COUNT(*), MAX(SYNC_ID) FROM {{ t.version() }}' INTO n, hi;
  IF n > 1 OR hi > 0 THEN
    RAISE_APPLICATION_ERROR(-20003, 'ismig verify target: {{ t.version() }} already holds SYNC_ID ' || hi || ' from an earlier sync run; if the source journal was made anew (90 then 10), the runtime would skip every row up to it: run 91-sync-target-cleanup.sql then 11-sync-target-setup.sql here, on a fresh copy');
  END IF;
{% endfor %}
  DBMS_OUTPUT.PUT_LINE('ismig verify target: the target is ready for the sync runtime');
END
@@block
-- Reported, not an error: character columns declared narrower on the target than on the source
-- (a longer source value fails on the target and its batch is retried for ever).
BEGIN
{% for t in v.tables() %}
  FOR r IN (
    SELECT COLUMN_NAME, CHAR_LENGTH FROM ALL_TAB_COLUMNS
    WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TABLE_NAME = {{ t.source_lit() }}
    AND CHAR_LENGTH > 0 AND ({% for c in t.sized_columns() %}(COLUMN_NAME = {{ c.name_lit() }} AND CHAR_LENGTH < {{ c.length() }}) OR {% endfor %}1 = 0)
  ) LOOP
    DBMS_OUTPUT.PUT_LINE('NARROWER {{ t.source() }}.' || r.COLUMN_NAME || ': ' || r.CHAR_LENGTH || ' characters on the target');
  END LOOP;
{% endfor %}
  NULL;
END
@@block
