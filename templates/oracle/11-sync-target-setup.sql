{% include "oracle/_guard.sql" %}
{% for t in v.tables() %}
-- progress of {{ t.source() }}: the last SYNC_ID applied (WSO2's runtime inserts the first row).
-- Created only when missing: ORA-00955 (name already used) is ignored.
BEGIN
  EXECUTE IMMEDIATE 'CREATE TABLE {{ t.version() }} (
  SYNC_ID INTEGER NOT NULL,
  PRIMARY KEY (SYNC_ID)
)';
EXCEPTION
  WHEN OTHERS THEN
    IF SQLCODE <> -955 THEN
      RAISE;
    END IF;
END
@@block
{% endfor %}
