{% include "mysql/_guard.sql" %}
{% for t in v.mig.tables %}
-- {{ t.name }} (IS {{ v.mig.step }}), created only when missing
CREATE TABLE IF NOT EXISTS {{ t.name }} (
  {{ t.column_defs }},
  PRIMARY KEY ({{ t.pk }})
) ENGINE INNODB
@@
{% endfor %}
{% for i in v.mig.indexes %}
-- index {{ i.name }} (IS {{ v.mig.step }}), created only when missing (MySQL has no CREATE INDEX IF NOT EXISTS)
SET @ismig_ddl = IF(
  (SELECT COUNT(*) FROM information_schema.STATISTICS
   WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {{ i.table_lit }} AND INDEX_NAME = {{ i.name_lit }}) = 0,
  'CREATE INDEX {{ i.name }} ON {{ i.table }} ({{ i.cols }})',
  'DO 0')
@@
PREPARE ismig_stmt FROM @ismig_ddl
@@
EXECUTE ismig_stmt
@@
DEALLOCATE PREPARE ismig_stmt
@@
{% endfor %}
