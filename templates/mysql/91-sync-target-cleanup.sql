{% include "mysql/_guard.sql" %}
{% for t in v.tables() %}
DROP TABLE IF EXISTS {{ t.version() }}
@@
{% endfor %}
