{% include "db2/_guard.sql" %}
{% for t in v.tables() %}
-- progress of {{ t.source() }}: the last SYNC_ID applied (WSO2's runtime inserts the first row).
-- Created only when missing.
BEGIN
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.version_lit() }}) THEN
    EXECUTE IMMEDIATE 'CREATE TABLE {{ t.version() }} (
  SYNC_ID INTEGER NOT NULL,
  PRIMARY KEY (SYNC_ID)
)';
  END IF;
END
@@block
{% endfor %}
