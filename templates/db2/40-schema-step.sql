{% include "db2/_guard.sql" %}
{% for s in v.step_statements() %}
-- {{ s.comment }}
{% for a in s.actions %}
{% for t in a.create_table %}
-- table {{ t.table }} created only when missing: SQLSTATE 42710 (the name is used) is the one state let through
BEGIN
  DECLARE ismig_exists INTEGER DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR SQLSTATE '42710' SET ismig_exists = 1;
  EXECUTE IMMEDIATE {{ t.ddl_lit }};
END
@@block
{% endfor %}
{% for c in a.add_column %}
-- column {{ c.column }} added only when missing: SQLSTATE 42711 (the column exists) is the one state let through
BEGIN
  DECLARE ismig_exists INTEGER DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR SQLSTATE '42711' SET ismig_exists = 1;
  EXECUTE IMMEDIATE {{ c.ddl_lit }};
END
@@block
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
-- index {{ i.name }} created only when missing: SQLSTATE 42710 (the name is used) is the one state let through
BEGIN
  DECLARE ismig_exists INTEGER DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR SQLSTATE '42710' SET ismig_exists = 1;
  EXECUTE IMMEDIATE {{ i.ddl_lit }};
END
@@block
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
