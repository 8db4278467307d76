-- triggers first, then journal tables; every drop is guarded (IF EXISTS), so a second run does nothing
-- DROP TRIGGER waits for a metadata lock on its table: give up after 20 s rather than stall the live IS
{% for s in v.rules.lock_timeout %}
{{ s }}
@@
{% endfor %}
{% for t in v.tables() %}
{% for tr in t.triggers() %}
DROP TRIGGER IF EXISTS {{ tr.name() }}
@@
{% endfor %}
{% for c in t.children() %}
DROP TRIGGER IF EXISTS {{ c.name() }}
@@
{% endfor %}
{% endfor %}
{% for t in v.tables() %}
DROP TABLE IF EXISTS {{ t.journal() }}
@@
{% endfor %}
