-- dropping a trigger locks its table: wait at most 20 s for the lock, then stop rather than queue
-- the IS's writes behind it (run the script again later: every drop is guarded)
{% for s in v.rules.lock_timeout %}
{{ s }}
@@
{% endfor %}
-- triggers first, then journal tables; every drop is guarded (IF EXISTS), so a second run does nothing
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
