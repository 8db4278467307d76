{% include "oracle/_guard.sql" %}
{% for t in v.mig.tables %}
-- {{ t.name }} (IS {{ v.mig.step }}), created only when missing
DECLARE
  n NUMBER;
BEGIN
  SELECT COUNT(*) INTO n FROM USER_TABLES WHERE TABLE_NAME = {{ t.name_lit }};
  IF n = 0 THEN
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
DECLARE
  n NUMBER;
BEGIN
  SELECT COUNT(*) INTO n FROM USER_INDEXES WHERE INDEX_NAME = {{ i.name_lit }};
  IF n = 0 THEN
    EXECUTE IMMEDIATE 'CREATE INDEX {{ i.name }} ON {{ i.table }} ({{ i.cols }})';
  END IF;
END
@@block
{% endfor %}
