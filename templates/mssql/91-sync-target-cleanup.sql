{% include "mssql/_guard.sql" %}
-- every drop is guarded (IF EXISTS: SQL Server 2016 or later)
{% for t in v.tables() %}
DROP TABLE IF EXISTS {{ t.version() }}
@@
{% endfor %}
