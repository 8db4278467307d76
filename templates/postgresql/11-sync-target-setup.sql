{% include "postgresql/_guard.sql" %}
{% for t in v.tables() %}
-- progress of {{ t.source() }}: the last SYNC_ID applied (WSO2's runtime inserts the first row)
CREATE TABLE IF NOT EXISTS {{ t.version() }} (
  SYNC_ID INTEGER NOT NULL,
  PRIMARY KEY (SYNC_ID)
)
@@
{% endfor %}
