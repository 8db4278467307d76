{% include "db2/_guard.sql" %}
-- Read-only, on the target right before this version's schema steps: every UNIQUE, PRIMARY KEY
-- and NOT NULL they add to a table that holds data is tested against that data, and the first
-- that would fail stops the script naming the constraint, the table and an offending key (the
-- server may cut a long message: the check's comment here names it in full). Fix the data (or
-- the step) before running the steps.
{% for n in v.not_checked() %}
-- {{ n }}
{% endfor %}
BEGIN
  DECLARE n BIGINT DEFAULT 0;
  SET n = 0;
{% for u in v.unique_checks() %}
  -- {{ u.comment }}
  FOR r AS SELECT CAST({{ u.key_pipes }} AS VARCHAR(500)) AS K FROM {{ u.table }} WHERE {{ u.not_null }} GROUP BY {{ u.columns }} HAVING COUNT(*) > 1 FETCH FIRST 1 ROW ONLY DO
    SIGNAL SQLSTATE '75004' SET MESSAGE_TEXT = {{ u.message_lit }} || r.K;
  END FOR;
{% endfor %}
{% for r in v.row_checks() %}
  -- {{ r.comment }}
  SELECT COUNT(*) INTO n FROM {{ r.table }} WHERE {{ r.condition }};
  IF n > 0 THEN
    SIGNAL SQLSTATE '75004' SET MESSAGE_TEXT = {{ r.message_lit }} || CHAR(n) || ' rows';
  END IF;
{% endfor %}
END
@@block
