{% include "h2/_guard.sql" %}
{% for s in v.step_statements() %}
-- {{ s.comment }}
{% for a in s.actions %}
{% for t in a.create_table %}
CREATE TABLE IF NOT EXISTS {{ t.table }} {{ t.body }}
@@
{% endfor %}
{% for c in a.add_column %}
ALTER TABLE {{ c.table }} ADD COLUMN IF NOT EXISTS {{ c.column }} {{ c.definition }}
@@
{% endfor %}
{% for c in a.change_type %}
ALTER TABLE {{ c.table }} ALTER COLUMN {{ c.column }} SET DATA TYPE {{ c.data_type }}
@@
{% endfor %}
{% for c in a.drop_default %}
ALTER TABLE {{ c.table }} ALTER COLUMN {{ c.column }} DROP DEFAULT
@@
{% endfor %}
{% for i in a.create_index %}
CREATE {{ i.index_word }} IF NOT EXISTS {{ i.name }} ON {{ i.table }} ({{ i.columns }})
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
