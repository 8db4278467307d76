{% include "mssql/_guard.sql" %}
{% for t in v.mig.tables %}
-- {{ t.name }} (IS {{ v.mig.step }}), created only when missing
IF OBJECT_ID({{ t.name_lit }}, 'U') IS NULL
CREATE TABLE {{ t.name }} (
  {{ t.column_defs }},
  PRIMARY KEY ({{ t.pk }})
)
@@
{% endfor %}
{% for i in v.mig.indexes %}
-- index {{ i.name }} (IS {{ v.mig.step }}), created only when missing
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = {{ i.name_lit }} AND object_id = OBJECT_ID({{ i.table_lit }}))
CREATE INDEX {{ i.name }} ON {{ i.table }} ({{ i.cols }})
@@
{% endfor %}
