{% include "mysql/_guard.sql" %}
-- Read-only, on the target right before this version's schema steps: every UNIQUE, PRIMARY KEY
-- and NOT NULL they add to a table that holds data is tested against that data, and every index
-- key against InnoDB's limit; the first that would fail stops the script naming the constraint,
-- the table and up to five offending keys. Fix the data (or the step) before running the steps.
-- Each check sets sql_mode to its own value when all is well, else to the message, which the
-- client rejects with ERROR 1231 quoting it.
{% for n in v.not_checked() %}
-- {{ n }}
{% endfor %}
{% for u in v.unique_checks() %}
-- {{ u.comment }}
SET SESSION sql_mode = COALESCE((SELECT CONCAT({{ u.message_lit }}, GROUP_CONCAT(K SEPARATOR '; '))
  FROM (SELECT CONCAT_WS('/', {{ u.columns }}) AS K FROM {{ u.table }} WHERE {{ u.not_null }} GROUP BY {{ u.columns }} HAVING COUNT(*) > 1 LIMIT 5) S
  HAVING COUNT(*) > 0), @@SESSION.sql_mode)
@@
{% endfor %}
{% for r in v.row_checks() %}
-- {{ r.comment }}
SET SESSION sql_mode = COALESCE((SELECT CONCAT({{ r.message_lit }}, COUNT(*), ' rows') FROM {{ r.table }} WHERE {{ r.condition }} HAVING COUNT(*) > 0), @@SESSION.sql_mode)
@@
{% endfor %}
{% for k in v.key_length_checks() %}
-- {{ k.comment }}
SET SESSION sql_mode = COALESCE((SELECT CONCAT({{ k.message_lit }}, SUM({{ k.bytes_expr }}), ' bytes')
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {{ k.table_lit }} AND UPPER(COLUMN_NAME) IN ({{ k.column_lits }})
  HAVING SUM({{ k.bytes_expr }}) > {{ k.limit }}), @@SESSION.sql_mode)
@@
{% endfor %}
