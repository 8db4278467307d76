{% include "db2/_guard.sql" %}
-- every drop is guarded by a catalog check (run twice = ok)
{% for t in v.tables() %}
BEGIN
  IF EXISTS (SELECT 1 FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.version_lit() }}) THEN
    EXECUTE IMMEDIATE 'DROP TABLE {{ t.version() }}';
  END IF;
END
@@block
{% endfor %}
