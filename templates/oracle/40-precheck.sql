{% include "oracle/_guard.sql" %}
-- Read-only, on the target right before this version's schema steps: every UNIQUE, PRIMARY KEY
-- and NOT NULL they add to a table that holds data is tested against that data, and the first
-- that would fail stops the script naming the constraint, the table and up to five offending
-- keys. Fix the data (or the step) before running the steps.
{% for n in v.not_checked() %}
-- {{ n }}
{% endfor %}
DECLARE
  n NUMBER;
  sample VARCHAR2(4000);
BEGIN
  NULL;
{% for u in v.unique_checks() %}
  -- {{ u.comment }}
  SELECT COUNT(*), LISTAGG(k, '; ') WITHIN GROUP (ORDER BY k) INTO n, sample
  FROM (SELECT SUBSTR({{ u.key_pipes }}, 1, 500) AS k FROM {{ u.table }} WHERE {{ u.not_null }} GROUP BY {{ u.columns }} HAVING COUNT(*) > 1) s
  WHERE ROWNUM <= 5;
  IF n > 0 THEN
    RAISE_APPLICATION_ERROR(-20004, {{ u.message_lit }} || sample);
  END IF;
{% endfor %}
{% for r in v.row_checks() %}
  -- {{ r.comment }}
  SELECT COUNT(*) INTO n FROM {{ r.table }} WHERE {{ r.condition }};
  IF n > 0 THEN
    RAISE_APPLICATION_ERROR(-20004, {{ r.message_lit }} || n || ' rows');
  END IF;
{% endfor %}
END
@@block
