{% include "oracle/_guard.sql" %}
-- every drop is guarded: only ORA-00942 (table does not exist) is ignored
{% for t in v.tables() %}
BEGIN
  EXECUTE IMMEDIATE 'DROP TABLE {{ t.version() }}';
EXCEPTION
  WHEN OTHERS THEN
    IF SQLCODE <> -942 THEN
      RAISE;
    END IF;
END
@@block
{% endfor %}
