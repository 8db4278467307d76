{% include "oracle/_guard.sql" %}
-- Read-only: stops with an error naming the first sync object that is missing, disabled or invalid.
DECLARE
  n PLS_INTEGER;
BEGIN
{% for t in v.tables() %}
  SELECT COUNT(*) INTO n FROM ALL_TABLES WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TABLE_NAME = {{ t.journal_lit() }};
  IF n = 0 THEN
    RAISE_APPLICATION_ERROR(-20002, 'ismig verify: journal table {{ t.journal() }} is missing');
  END IF;
{% for tr in t.triggers() %}
  SELECT COUNT(*) INTO n FROM ALL_TRIGGERS tr JOIN ALL_OBJECTS o ON o.OWNER = tr.OWNER AND o.OBJECT_NAME = tr.TRIGGER_NAME AND o.OBJECT_TYPE = 'TRIGGER'
  WHERE tr.OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND tr.TRIGGER_NAME = {{ tr.name_lit() }} AND tr.TABLE_NAME = {{ t.source_lit() }}
  AND tr.STATUS = 'ENABLED' AND o.STATUS = 'VALID';
  IF n = 0 THEN
    RAISE_APPLICATION_ERROR(-20002, 'ismig verify: trigger {{ tr.name() }} on {{ t.source() }} is missing, disabled or invalid');
  END IF;
{% endfor %}
{% for c in t.children() %}
  SELECT COUNT(*) INTO n FROM ALL_TRIGGERS tr JOIN ALL_OBJECTS o ON o.OWNER = tr.OWNER AND o.OBJECT_NAME = tr.TRIGGER_NAME AND o.OBJECT_TYPE = 'TRIGGER'
  WHERE tr.OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND tr.TRIGGER_NAME = {{ c.name_lit() }} AND tr.TABLE_NAME = {{ t.source_lit() }}
  AND tr.STATUS = 'ENABLED' AND o.STATUS = 'VALID';
  IF n = 0 THEN
    RAISE_APPLICATION_ERROR(-20002, 'ismig verify: trigger {{ c.name() }} on {{ c.parent() }} is missing, disabled or invalid');
  END IF;
{% endfor %}
{% endfor %}
  DBMS_OUTPUT.PUT_LINE('ismig verify: every sync object is present and enabled');
END
@@block
-- listing: every sync trigger with its state
BEGIN
  FOR r IN (
    SELECT tr.TABLE_NAME, tr.TRIGGER_NAME, tr.STATUS, o.STATUS AS validity
    FROM ALL_TRIGGERS tr JOIN ALL_OBJECTS o ON o.OWNER = tr.OWNER AND o.OBJECT_NAME = tr.TRIGGER_NAME AND o.OBJECT_TYPE = 'TRIGGER'
    WHERE tr.OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND tr.TRIGGER_NAME IN ({{ v.trigger_lits() }})
    ORDER BY tr.TABLE_NAME, tr.TRIGGER_NAME
  ) LOOP
    DBMS_OUTPUT.PUT_LINE(r.TABLE_NAME || ' ' || r.TRIGGER_NAME || ' ' || r.STATUS || ' ' || r.validity);
  END LOOP;
END
@@block
