-- dropping a trigger locks its table: wait at most 20 s for the lock, then stop rather than queue
-- the IS's writes behind it (run the script again later: every drop is guarded)
{% for s in v.rules.lock_timeout %}
{{ s }}
@@
{% endfor %}
-- triggers first, then journal tables; every drop is guarded by a catalog check (run twice = ok)
{% for t in v.tables() %}
{% for tr in t.triggers() %}
BEGIN
  IF EXISTS (SELECT 1 FROM SYSCAT.TRIGGERS WHERE TRIGSCHEMA = CURRENT SCHEMA AND TRIGNAME = {{ tr.name_lit() }}) THEN
    EXECUTE IMMEDIATE 'DROP TRIGGER {{ tr.name() }}';
  END IF;
END
@@block
{% endfor %}
{% for c in t.children() %}
BEGIN
  IF EXISTS (SELECT 1 FROM SYSCAT.TRIGGERS WHERE TRIGSCHEMA = CURRENT SCHEMA AND TRIGNAME = {{ c.name_lit() }}) THEN
    EXECUTE IMMEDIATE 'DROP TRIGGER {{ c.name() }}';
  END IF;
END
@@block
{% endfor %}
{% endfor %}
{% for t in v.tables() %}
BEGIN
  IF EXISTS (SELECT 1 FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.journal_lit() }}) THEN
    EXECUTE IMMEDIATE 'DROP TABLE {{ t.journal() }}';
  END IF;
END
@@block
{% endfor %}
