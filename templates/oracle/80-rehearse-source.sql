{% include "oracle/_guard.sql" %}
-- ON A REHEARSAL COPY OF THE SOURCE ONLY, never on production: after 10-sync-source-setup.sql, it
-- inserts, updates and deletes rows of every sync table, then compares the journal rows the triggers
-- wrote, column by column and in SYNC_ID order, with the rows they must write. It prints one line per
-- check and a verdict (DBMS_OUTPUT; SERVEROUTPUT is on), and rolls everything back.
-- One PL/SQL block, ROLLBACK at its end: the changes, the checks and the rollback are one call, and
-- the lines are kept in the block, not in a table. A failed check raises ORA-20080 after the
-- ROLLBACK: SQL*Plus prints the lines, then exits non-zero (WHENEVER SQLERROR EXIT FAILURE ROLLBACK,
-- which also rolls back whatever an error stops half-way). No COMMIT anywhere.
-- The rollback leaves one trace: the SYNC_ID values the journal rows took are not given out again.
-- Harmless here; on production that gap would reach batchSize and stall WSO2's runtime for good.
-- Rows use tenant ids -4242 and -4243, which no IS uses (-1234 is the super tenant, -1 no tenant,
-- tenants count up from 1), and text starting with the row's letter and ismig'é.
{% let r = v.rehearsal() %}
-- refuses to run without the journal tables of 10-sync-source-setup.sql, naming the first missing one
-- (a missing, disabled or invalid trigger is a failed check below)
DECLARE
  n PLS_INTEGER;
BEGIN
{% for t in v.tables() %}
  SELECT COUNT(*) INTO n FROM ALL_TABLES WHERE OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND TABLE_NAME = {{ t.journal_lit() }};
  IF n = 0 THEN
    RAISE_APPLICATION_ERROR(-20081, 'ismig rehearsal: journal table {{ t.journal() }} is missing: run 10-sync-source-setup.sql first');
  END IF;
{% endfor %}
END
@@block
DECLARE
  line VARCHAR2(32767);
  failed PLS_INTEGER := 0;
{% for t in r.tables %}
  ismig_start_{{ t.n }} NUMBER;
{% endfor %}
  PROCEDURE report(l VARCHAR2) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE(l);
    IF l NOT LIKE 'ok %' THEN
      failed := failed + 1;
    END IF;
  END;
  -- a check's line: ok when nothing differs (diff is '.' alone), else FAILED and what differs
  PROCEDURE report_check(check_label VARCHAR2, check_diff VARCHAR2) IS
  BEGIN
    IF check_diff = '.' THEN
      report('ok ' || check_label);
    ELSE
      report('FAILED: ' || check_label || ': ' || SUBSTR(check_diff, 2));
    END IF;
  END;
BEGIN
  -- the triggers: present, enabled and valid
{% for t in v.tables() %}
{% for tr in t.triggers() %}
  SELECT CASE WHEN EXISTS (SELECT 1 FROM ALL_TRIGGERS tr JOIN ALL_OBJECTS o ON o.OWNER = tr.OWNER AND o.OBJECT_NAME = tr.TRIGGER_NAME AND o.OBJECT_TYPE = 'TRIGGER'
      WHERE tr.OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND tr.TRIGGER_NAME = {{ tr.name_lit() }} AND tr.TABLE_NAME = {{ t.source_lit() }}
      AND tr.STATUS = 'ENABLED' AND o.STATUS = 'VALID')
    THEN 'ok {{ t.source() }} trigger {{ tr.name() }}: present, enabled and valid'
    ELSE 'FAILED: {{ t.source() }} trigger {{ tr.name() }}: expected present, enabled and valid got missing, disabled or invalid' END
  INTO line FROM DUAL;
  report(line);
{% endfor %}
{% for c in t.children() %}
  SELECT CASE WHEN EXISTS (SELECT 1 FROM ALL_TRIGGERS tr JOIN ALL_OBJECTS o ON o.OWNER = tr.OWNER AND o.OBJECT_NAME = tr.TRIGGER_NAME AND o.OBJECT_TYPE = 'TRIGGER'
      WHERE tr.OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND tr.TRIGGER_NAME = {{ c.name_lit() }} AND tr.TABLE_NAME = {{ t.source_lit() }}
      AND tr.STATUS = 'ENABLED' AND o.STATUS = 'VALID')
    THEN 'ok {{ t.source() }} trigger {{ c.name() }}: present, enabled and valid'
    ELSE 'FAILED: {{ t.source() }} trigger {{ c.name() }}: expected present, enabled and valid got missing, disabled or invalid' END
  INTO line FROM DUAL;
  report(line);
{% endfor %}
{% endfor %}
  -- each journal's last SYNC_ID before the rehearsal: the rows after it are the rehearsal's
{% for t in r.tables %}
  SELECT NVL(MAX(SYNC_ID), 0) INTO ismig_start_{{ t.n }} FROM {{ t.journal }};
{% endfor %}
{% for s in r.statements %}
  -- {{ s.what }}
  {{ s.sql }};
{% endfor %}
  -- the checks: each journal's number of new rows, then each row against the one expected
{% for c in r.checks() %}
  SELECT {{ c.diff }}
  INTO line
  {{ c.from }};
  report_check({{ c.label }}, line);
{% endfor %}
  ROLLBACK;
  IF failed > 0 THEN
    RAISE_APPLICATION_ERROR(-20080, 'ismig rehearsal: FAILED: ' || failed || ' check(s) failed; everything is rolled back');
  END IF;
  DBMS_OUTPUT.PUT_LINE('ismig rehearsal: passed: every check ok; everything is rolled back');
END
@@block
