{% include "mysql/_guard.sql" %}
-- Read-only: stops with an error naming the first sync object that is missing (MySQL triggers
-- cannot be disabled, so presence is enough). Each check sets sql_mode to its own value when the
-- object is there, else to the message, which the client rejects with ERROR 1231 quoting it.
{% for t in v.tables() %}
SET SESSION sql_mode = IF(EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = {{ t.journal_lit() }}), @@SESSION.sql_mode, 'ismig verify: journal table {{ t.journal() }} is missing')
@@
{% for tr in t.triggers() %}
SET SESSION sql_mode = IF(EXISTS (SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND UPPER(TRIGGER_NAME) = {{ tr.name_lit() }} AND UPPER(EVENT_OBJECT_TABLE) = {{ t.source_lit() }} AND ACTION_TIMING = 'AFTER' AND EVENT_MANIPULATION = '{{ tr.event() }}'), @@SESSION.sql_mode, 'ismig verify: trigger {{ tr.name() }} on {{ t.source() }} is missing')
@@
{% endfor %}
{% for c in t.children() %}
SET SESSION sql_mode = IF(EXISTS (SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND UPPER(TRIGGER_NAME) = {{ c.name_lit() }} AND UPPER(EVENT_OBJECT_TABLE) = {{ t.source_lit() }} AND ACTION_TIMING = 'AFTER' AND EVENT_MANIPULATION = 'DELETE'), @@SESSION.sql_mode, 'ismig verify: trigger {{ c.name() }} on {{ c.parent() }} is missing')
@@
{% endfor %}
{% endfor %}
SELECT 'ismig verify: every sync object is present' AS result
@@
{% for t in v.tables() %}
SELECT {{ t.source_lit() }} AS sync_table, TRIGGER_NAME AS trigger_name, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event, ACTION_ORDER AS action_order
FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND UPPER(EVENT_OBJECT_TABLE) = {{ t.source_lit() }} AND UPPER(TRIGGER_NAME) IN ({% for tr in t.triggers() %}{{ tr.name_lit() }}{% if !loop.last %}, {% endif %}{% endfor %}{% for c in t.children() %}, {{ c.name_lit() }}{% endfor %}) ORDER BY TRIGGER_NAME
@@
{% endfor %}
