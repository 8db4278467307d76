{% include "h2/_guard.sql" %}
-- Read-only: stops with an error naming the first sync object that is missing (H2 triggers cannot
-- be disabled, so presence is enough). H2 has no RAISE: each check selects its message only when
-- the object is missing, and the failing CAST stops RunScript with error 22018 quoting it.
{% for t in v.tables() %}
SELECT CAST(F.MSG AS INT) AS VERIFY FROM (SELECT 'ismig verify: journal table {{ t.journal() }} is missing' AS MSG FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = {{ t.journal_lit() }})) F
@@
{% for tr in t.triggers() %}
SELECT CAST(F.MSG AS INT) AS VERIFY FROM (SELECT 'ismig verify: trigger {{ tr.name() }} on {{ t.source() }} is missing' AS MSG FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = CURRENT_SCHEMA AND TRIGGER_NAME = {{ tr.name_lit() }} AND EVENT_OBJECT_TABLE = {{ t.source_lit() }} AND ACTION_TIMING = 'AFTER' AND EVENT_MANIPULATION = '{{ tr.event() }}')) F
@@
{% endfor %}
{% for c in t.children() %}
SELECT CAST(F.MSG AS INT) AS VERIFY FROM (SELECT 'ismig verify: trigger {{ c.name() }} on {{ c.parent() }} is missing' AS MSG FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = CURRENT_SCHEMA AND TRIGGER_NAME = {{ c.name_lit() }} AND EVENT_OBJECT_TABLE = {{ t.source_lit() }} AND ACTION_TIMING = 'AFTER' AND EVENT_MANIPULATION = 'DELETE')) F
@@
{% endfor %}
{% endfor %}
SELECT 'ismig verify: every sync object is present' AS RESULT
@@
{% for t in v.tables() %}
SELECT {{ t.source_lit() }} AS SYNC_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION
FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = CURRENT_SCHEMA AND EVENT_OBJECT_TABLE = {{ t.source_lit() }} AND TRIGGER_NAME IN ({% for tr in t.triggers() %}{{ tr.name_lit() }}{% if !loop.last %}, {% endif %}{% endfor %}{% for c in t.children() %}, {{ c.name_lit() }}{% endfor %}) ORDER BY TRIGGER_NAME
@@
{% endfor %}
