{% include "oracle/_guard.sql" %}
{% for s in v.step_statements() %}
-- {{ s.comment }}
{% for a in s.actions %}
{% for t in a.create_table %}
-- table {{ t.table }} created only when missing: ORA-00955 (name already used) is the one error let through
DECLARE
  name_used EXCEPTION;
  PRAGMA EXCEPTION_INIT(name_used, -955);
BEGIN
  EXECUTE IMMEDIATE {{ t.ddl_lit }};
EXCEPTION
  WHEN name_used THEN NULL;
END
@@block
{% endfor %}
{% for c in a.add_column %}
-- column {{ c.column }} added only when missing: ORA-01430 (column already exists) is the one error let through
DECLARE
  column_exists EXCEPTION;
  PRAGMA EXCEPTION_INIT(column_exists, -1430);
BEGIN
  EXECUTE IMMEDIATE {{ c.ddl_lit }};
EXCEPTION
  WHEN column_exists THEN NULL;
END
@@block
{% endfor %}
{% for c in a.change_type %}
ALTER TABLE {{ c.table }} MODIFY {{ c.column }} {{ c.data_type }}
@@
{% endfor %}
{% for c in a.drop_default %}
ALTER TABLE {{ c.table }} MODIFY {{ c.column }} DEFAULT NULL
@@
{% endfor %}
{% for i in a.create_index %}
-- index {{ i.name }} created only when missing: ORA-00955 (name already used) and ORA-01408 (the columns already indexed) are the errors let through
DECLARE
  name_used EXCEPTION;
  PRAGMA EXCEPTION_INIT(name_used, -955);
  columns_indexed EXCEPTION;
  PRAGMA EXCEPTION_INIT(columns_indexed, -1408);
BEGIN
  EXECUTE IMMEDIATE {{ i.ddl_lit }};
EXCEPTION
  WHEN name_used OR columns_indexed THEN NULL;
END
@@block
{% endfor %}
{% for k in a.replace_unique %}
-- unique key {{ k.name }} of {{ k.table }} replaced while it has column {{ k.while_has }} (the procedure's own test) and other columns than the new ones: dropped, then the index it used when that outlives it, then added
DECLARE
  key_columns VARCHAR2(4000);
  key_index VARCHAR2(128);
  index_left NUMBER;
  drop_index VARCHAR2(200);
BEGIN
  SELECT LISTAGG(k.COLUMN_NAME, ',') WITHIN GROUP (ORDER BY k.POSITION), MAX(c.INDEX_NAME)
    INTO key_columns, key_index
    FROM USER_CONSTRAINTS c
    JOIN USER_CONS_COLUMNS k ON k.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND k.TABLE_NAME = c.TABLE_NAME
   WHERE c.TABLE_NAME = {{ k.table_lit }} AND c.CONSTRAINT_NAME = {{ k.name_lit }};
  IF key_columns <> {{ k.columns_lit }} AND INSTR(',' || key_columns || ',', {{ k.while_has_lit }}) > 0 THEN
    EXECUTE IMMEDIATE {{ k.drop_lit }};
    SELECT COUNT(*) INTO index_left FROM USER_INDEXES WHERE INDEX_NAME = key_index AND TABLE_NAME = {{ k.table_lit }};
    IF index_left > 0 THEN
      drop_index := 'DROP INDEX "' || key_index || '"';
      EXECUTE IMMEDIATE drop_index;
    END IF;
    EXECUTE IMMEDIATE {{ k.add_lit }};
  END IF;
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
BEGIN
  {{ x }};
END
@@block
{% endfor %}
{% endfor %}
{% endfor %}
