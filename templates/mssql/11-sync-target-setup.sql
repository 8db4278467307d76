{% include "mssql/_guard.sql" %}
{% for t in v.tables() %}
-- progress of {{ t.source() }}: the last SYNC_ID applied (WSO2's runtime inserts the first row)
IF OBJECT_ID(N{{ t.version_lit() }}, N'U') IS NULL
CREATE TABLE {{ t.version() }} (
  SYNC_ID INT NOT NULL,
  PRIMARY KEY (SYNC_ID)
)
@@
{% endfor %}
