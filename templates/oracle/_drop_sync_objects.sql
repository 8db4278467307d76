-- dropping a trigger locks its table: wait at most 20 s for the lock, then stop rather than queue
-- the IS's writes behind it (run the script again later: every drop is guarded)
{{ v.rules.lock_timeout }}
@@block
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
