-- dropping a trigger locks its table: Oracle DDL does not wait for a lock (DDL_LOCK_TIMEOUT is left
-- at its default 0), so a table the IS holds stops the script at once with ORA-00054 (resource
-- busy) rather than queue the IS's writes behind it (run the script again later: every drop is guarded)
{% for s in v.rules.lock_timeout %}
{{ s }}
@@block
{% endfor %}
-- triggers first, then journal tables; every drop is guarded: only ORA-04080 (trigger does not
-- exist) and ORA-00942 (table does not exist) are ignored, so running it twice is fine
{% for t in v.tables() %}
{% for tr in t.triggers() %}
BEGIN
  EXECUTE IMMEDIATE 'DROP TRIGGER {{ tr.name() }}';
EXCEPTION
  WHEN OTHERS THEN
    IF SQLCODE <> -4080 THEN
      RAISE;
    END IF;
END
@@block
{% endfor %}
{% for c in t.children() %}
BEGIN
  EXECUTE IMMEDIATE 'DROP TRIGGER {{ c.name() }}';
EXCEPTION
  WHEN OTHERS THEN
    IF SQLCODE <> -4080 THEN
      RAISE;
    END IF;
END
@@block
{% endfor %}
{% endfor %}
{% for t in v.tables() %}
BEGIN
  EXECUTE IMMEDIATE 'DROP TABLE {{ t.journal() }}';
EXCEPTION
  WHEN OTHERS THEN
    IF SQLCODE <> -942 THEN
      RAISE;
    END IF;
END
@@block
{% endfor %}
