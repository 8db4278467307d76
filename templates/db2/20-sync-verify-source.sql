{% include "db2/_guard.sql" %}
-- Read-only: stops with an error naming the first sync object that is missing or invalid
-- (DB2 LUW triggers cannot be disabled; VALID = 'Y' means usable).
BEGIN
{% for t in v.tables() %}
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.journal_lit() }}) THEN
    SIGNAL SQLSTATE '75002' SET MESSAGE_TEXT = 'ismig verify: journal {{ t.journal() }} missing';
  END IF;
{% for tr in t.triggers() %}
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TRIGGERS WHERE TRIGSCHEMA = CURRENT SCHEMA AND TRIGNAME = {{ tr.name_lit() }}
      AND TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.source_lit() }} AND VALID = 'Y') THEN
    SIGNAL SQLSTATE '75002' SET MESSAGE_TEXT = 'ismig verify: trigger {{ tr.name() }} missing/invalid';
  END IF;
{% endfor %}
{% for c in t.children() %}
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TRIGGERS WHERE TRIGSCHEMA = CURRENT SCHEMA AND TRIGNAME = {{ c.name_lit() }}
      AND TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.source_lit() }} AND VALID = 'Y') THEN
    SIGNAL SQLSTATE '75002' SET MESSAGE_TEXT = 'ismig verify: trigger {{ c.name() }} missing/invalid';
  END IF;
{% endfor %}
{% endfor %}
END
@@block
{% for t in v.tables() %}
SELECT TABNAME AS SYNC_TABLE, TRIGNAME AS TRIGGER_NAME, VALID
FROM SYSCAT.TRIGGERS WHERE TRIGSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.source_lit() }}
AND TRIGNAME IN ({% for tr in t.triggers() %}{{ tr.name_lit() }}{% if !loop.last %}, {% endif %}{% endfor %}{% for c in t.children() %}, {{ c.name_lit() }}{% endfor %}) ORDER BY TRIGNAME
@@
{% endfor %}
