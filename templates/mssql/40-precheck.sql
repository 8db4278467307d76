{% include "mssql/_guard.sql" %}
-- Read-only, on the target right before this version's schema steps: every UNIQUE, PRIMARY KEY
-- and NOT NULL they add to a table that holds data is tested against that data, and the first
-- that would fail stops the script naming the constraint, the table and an offending key. Fix
-- the data (or the step) before running the steps.
{% for n in v.not_checked() %}
-- {{ n }}
{% endfor %}
BEGIN
  DECLARE @m NVARCHAR(4000);
{% for u in v.unique_checks() %}
  -- {{ u.comment }}
  SELECT TOP 1 @m = CONCAT(N{{ u.message_lit }}, CONCAT({{ u.key_args }}, N''))
  FROM {{ u.table }} WHERE {{ u.not_null }} GROUP BY {{ u.columns }} HAVING COUNT(*) > 1;
  IF @m IS NOT NULL
    THROW 50004, @m, 1;
{% endfor %}
{% for r in v.row_checks() %}
  -- {{ r.comment }}
  SELECT @m = CONCAT(N{{ r.message_lit }}, COUNT(*), N' rows') FROM {{ r.table }} WHERE {{ r.condition }} HAVING COUNT(*) > 0;
  IF @m IS NOT NULL
    THROW 50004, @m, 1;
{% endfor %}
END
@@
