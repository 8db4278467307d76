{% include "h2/_guard.sql" %}
{% for t in v.mig.tables %}
-- {{ t.name }} (IS {{ v.mig.step }}), created only when missing
CREATE TABLE IF NOT EXISTS {{ t.name }} (
  {{ t.column_defs }},
  PRIMARY KEY ({{ t.pk }})
)
@@
{% endfor %}
{% for i in v.mig.indexes %}
-- index {{ i.name }} (IS {{ v.mig.step }}), created only when missing
CREATE INDEX IF NOT EXISTS {{ i.name }} ON {{ i.table }} ({{ i.cols }})
@@
{% endfor %}
