{% include "postgresql/_guard.sql" %}
-- Read-only, on the target right before this version's schema steps: every UNIQUE, PRIMARY KEY
-- and NOT NULL they add to a table that holds data is tested against that data, and the first
-- that would fail stops the script naming the constraint, the table and up to five offending
-- keys. Fix the data (or the step) before running the steps.
{% for n in v.not_checked() %}
-- {{ n }}
{% endfor %}
DO $$
DECLARE
  n bigint;
  sample text;
BEGIN
  NULL;
{% for u in v.unique_checks() %}
  -- {{ u.comment }}
  SELECT count(*), string_agg(k, '; ') INTO n, sample FROM (SELECT concat_ws('/', {{ u.columns }}) AS k FROM {{ u.table }} WHERE {{ u.not_null }} GROUP BY {{ u.columns }} HAVING count(*) > 1 LIMIT 5) s;
  IF n > 0 THEN
    RAISE EXCEPTION '%', {{ u.message_lit }} || sample;
  END IF;
{% endfor %}
{% for r in v.row_checks() %}
  -- {{ r.comment }}
  SELECT count(*) INTO n FROM {{ r.table }} WHERE {{ r.condition }};
  IF n > 0 THEN
    RAISE EXCEPTION '%', {{ r.message_lit }} || n || ' rows';
  END IF;
{% endfor %}
END
$$
@@
