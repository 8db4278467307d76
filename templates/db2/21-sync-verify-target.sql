{% include "db2/_guard.sql" %}
-- Read-only, on the target after the copy, 12, the migration steps and 11, before WSO2's sync
-- runtime starts. The runtime writes each source row with the target's columns: a source column
-- the target lacks is dropped silently, a target NOT NULL column the source lacks gets NULL (its
-- DEFAULT never applies) and the batch is retried for ever. Stops with an error naming the first
-- table, object or column that is not ready (DB2 keeps 70 bytes of a message: names come first). A
-- list of names is checked with one query, which reports its first entry that is not ready.
-- Privileges: the user the new IS connects with needs SELECT, INSERT, UPDATE, DELETE on every sync
-- table and its version table (SYSCAT.TABAUTH).
BEGIN
  DECLARE n INTEGER;
  DECLARE hi BIGINT;
{% for t in v.tables() %}
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.source_lit() }}) THEN
    SIGNAL SQLSTATE '75003' SET MESSAGE_TEXT = 'ismig verify target: {{ t.source() }} missing';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.version_lit() }}) THEN
    SIGNAL SQLSTATE '75003' SET MESSAGE_TEXT = 'ismig verify target: {{ t.version() }} missing (run 11)';
  END IF;
  FOR r AS SELECT e.NAME FROM (VALUES {{ t.trigger_rows() }}) AS e(POS, NAME)
      WHERE EXISTS (SELECT 1 FROM SYSCAT.TRIGGERS WHERE TRIGSCHEMA = CURRENT SCHEMA AND TRIGNAME = e.NAME)
      ORDER BY e.POS DO
    SIGNAL SQLSTATE '75003' SET MESSAGE_TEXT = 'ismig verify target: trigger ' || r.NAME || ' copied (run 12)';
  END FOR;
  IF EXISTS (SELECT 1 FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.journal_lit() }}) THEN
    SIGNAL SQLSTATE '75003' SET MESSAGE_TEXT = 'ismig verify target: {{ t.journal() }} copied (run 12)';
  END IF;
  FOR r AS SELECT e.NAME FROM (VALUES {{ t.column_rows() }}) AS e(POS, NAME)
      WHERE NOT EXISTS (SELECT 1 FROM SYSCAT.COLUMNS WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.source_lit() }} AND COLNAME = e.NAME)
      ORDER BY e.POS DO
    SIGNAL SQLSTATE '75003' SET MESSAGE_TEXT = 'ismig verify target: column {{ t.source() }}.' || r.NAME || ' missing';
  END FOR;
  FOR r AS SELECT COLNAME FROM SYSCAT.COLUMNS
      WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.source_lit() }} AND NULLS = 'N' AND "DEFAULT" IS NULL
      AND IDENTITY = 'N' AND GENERATED = ' ' AND COLNAME NOT IN ({{ t.column_lits() }}) DO
    SIGNAL SQLSTATE '75003' SET MESSAGE_TEXT = 'ismig verify target: NOT NULL, no default, not in source: ' || r.COLNAME;
  END FOR;
  FOR r AS SELECT COLNAME FROM SYSCAT.COLUMNS
      WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.source_lit() }} AND KEYSEQ IS NOT NULL
      AND COLNAME NOT IN ({{ t.column_lits() }}) DO
    SIGNAL SQLSTATE '75003' SET MESSAGE_TEXT = 'ismig verify target: key column not in source: ' || r.COLNAME;
  END FOR;
  SELECT COUNT(*), MAX(SYNC_ID) INTO n, hi FROM {{ t.version() }};
  IF n > 1 OR hi > 0 THEN
    SIGNAL SQLSTATE '75003' SET MESSAGE_TEXT = 'ismig verify target: {{ t.version() }} not empty (run 91, 11)';
  END IF;
{% endfor %}
END
@@block
-- Reported, not an error: character columns declared narrower on the target than on the source
-- (a longer source value fails on the target and its batch is retried for ever).
{% for t in v.tables() %}
SELECT {{ t.source_lit() }} AS SYNC_TABLE, COLNAME AS COLUMN_NAME, LENGTH AS TARGET_LENGTH
FROM SYSCAT.COLUMNS WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.source_lit() }} AND TYPENAME IN ('CHARACTER', 'VARCHAR', 'GRAPHIC', 'VARGRAPHIC') AND ({% for c in t.sized_columns() %}(COLNAME = {{ c.name_lit() }} AND LENGTH < {{ c.length() }}) OR {% endfor %}1 = 0)
@@
{% endfor %}
