{% include "mysql/_guard.sql" %}
{% for s in v.step_statements() %}
-- {{ s.comment }}
{% for a in s.actions %}
{% for t in a.create_table %}
CREATE TABLE IF NOT EXISTS {{ t.table }} {{ t.body }}
@@
{% endfor %}
{% for c in a.add_column %}
-- column {{ c.column }} added only when missing (MySQL has no ADD COLUMN IF NOT EXISTS)
SET @ismig_ddl = IF(
  (SELECT COUNT(*) FROM information_schema.COLUMNS
   WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {{ c.table_lit }} AND COLUMN_NAME = {{ c.column_lit }}) = 0,
  {{ c.ddl_lit }},
  'DO 0')
@@
PREPARE ismig_stmt FROM @ismig_ddl
@@
EXECUTE ismig_stmt
@@
DEALLOCATE PREPARE ismig_stmt
@@
{% endfor %}
{% for c in a.change_type %}
ALTER TABLE {{ c.table }} MODIFY {{ c.column }} {{ c.data_type }}
@@
{% endfor %}
{% for c in a.drop_default %}
ALTER TABLE {{ c.table }} ALTER COLUMN {{ c.column }} DROP DEFAULT
@@
{% endfor %}
{% for i in a.create_index %}
-- index {{ i.name }} created only when missing (MySQL has no CREATE INDEX IF NOT EXISTS)
SET @ismig_ddl = IF(
  (SELECT COUNT(*) FROM information_schema.STATISTICS
   WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {{ i.table_lit }} AND INDEX_NAME = {{ i.name_lit }}) = 0,
  {{ i.ddl_lit }},
  'DO 0')
@@
PREPARE ismig_stmt FROM @ismig_ddl
@@
EXECUTE ismig_stmt
@@
DEALLOCATE PREPARE ismig_stmt
@@
{% endfor %}
{% for x in a.verbatim %}
{{ x }}
@@
{% endfor %}
{% for x in a.verbatim_block %}
{{ x }}
@@block
{% endfor %}
{% for x in a.call %}
CALL {{ x }}
@@
{% endfor %}
{% endfor %}
{% endfor %}
