{% include "mssql/_guard.sql" %}
{% for s in v.step_statements() %}
-- {{ s.comment }}
{% for a in s.actions %}
{% for t in a.create_table %}
IF OBJECT_ID(N{{ t.table_lit }}, N'U') IS NULL
CREATE TABLE {{ t.table }} {{ t.body }}
@@
{% endfor %}
{% for c in a.add_column %}
IF COL_LENGTH(N{{ c.table_lit }}, N{{ c.column_lit }}) IS NULL
ALTER TABLE {{ c.table }} ADD {{ c.column }} {{ c.definition }}
@@
{% endfor %}
{% for c in a.change_type %}
ALTER TABLE {{ c.table }} ALTER COLUMN {{ c.column }} {{ c.data_type }}
@@
{% endfor %}
{% for c in a.drop_default %}
-- the column's default constraint, by the name the server gave it
DECLARE @ismig_df sysname = (SELECT d.name FROM sys.default_constraints d JOIN sys.columns c ON c.object_id = d.parent_object_id AND c.column_id = d.parent_column_id
  WHERE d.parent_object_id = OBJECT_ID(N{{ c.table_lit }}) AND c.name = N{{ c.column_lit }});
IF @ismig_df IS NOT NULL
  EXEC (N'ALTER TABLE {{ c.table }} DROP CONSTRAINT ' + @ismig_df)
@@
{% endfor %}
{% for i in a.create_index %}
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N{{ i.name_lit }} AND object_id = OBJECT_ID(N{{ i.table_lit }}))
CREATE {{ i.index_word }} {{ i.name }} ON {{ i.table }} ({{ i.columns }})
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
