{% include "db2/_guard.sql" %}
{% for t in v.mig.tables %}
-- {{ t.name }} (IS {{ v.mig.step }}), created only when missing
BEGIN
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.name_lit }}) THEN
    EXECUTE IMMEDIATE 'CREATE TABLE {{ t.name }} (
  {{ t.column_defs_q }},
  PRIMARY KEY ({{ t.pk }})
)';
  END IF;
END
@@block
{% endfor %}
{% for i in v.mig.indexes %}
-- index {{ i.name }} (IS {{ v.mig.step }}), created only when missing
BEGIN
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.INDEXES WHERE INDSCHEMA = CURRENT SCHEMA AND INDNAME = {{ i.name_lit }}) THEN
    EXECUTE IMMEDIATE 'CREATE INDEX {{ i.name }} ON {{ i.table }} ({{ i.cols }})';
  END IF;
END
@@block
{% endfor %}
