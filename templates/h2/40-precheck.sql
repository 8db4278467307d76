{% include "h2/_guard.sql" %}
-- Read-only, on the target right before this version's schema steps: every UNIQUE, PRIMARY KEY
-- and NOT NULL they add to a table that holds data is tested against that data, and the first
-- that would fail stops the script naming the constraint, the table and up to five offending
-- keys. Fix the data (or the step) before running the steps. H2 has no RAISE: each check
-- selects its message only when something is wrong, and the failing CAST stops RunScript
-- with error 22018 quoting it.
{% for n in v.not_checked() %}
-- {{ n }}
{% endfor %}
{% for u in v.unique_checks() %}
-- {{ u.comment }}
SELECT CAST(F.MSG AS INT) AS PRECHECK FROM (SELECT {{ u.message_lit }} || LISTAGG(K, '; ') AS MSG
FROM (SELECT CONCAT_WS('/', {{ u.columns }}) AS K FROM {{ u.table }} WHERE {{ u.not_null }} GROUP BY {{ u.columns }} HAVING COUNT(*) > 1 LIMIT 5) S HAVING COUNT(*) > 0) F
@@
{% endfor %}
{% for r in v.row_checks() %}
-- {{ r.comment }}
SELECT CAST(F.MSG AS INT) AS PRECHECK FROM (SELECT {{ r.message_lit }} || COUNT(*) || ' rows' AS MSG
FROM {{ r.table }} WHERE {{ r.condition }} HAVING COUNT(*) > 0) F
@@
{% endfor %}
