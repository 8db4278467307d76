{% include "postgresql/_guard.sql" %}
-- Read-only: stops with an error naming the first sync object that is missing or disabled.
DO $$
BEGIN
{% for t in v.tables() %}
  IF to_regclass({{ t.journal_lit() }}) IS NULL THEN
    RAISE EXCEPTION 'ismig verify: journal table {{ t.journal() }} is missing';
  END IF;
{% for tr in t.triggers() %}
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = {{ tr.name_lit() }} AND tgrelid = to_regclass({{ t.source_lit() }}) AND tgenabled <> 'D') THEN
    RAISE EXCEPTION 'ismig verify: trigger {{ tr.name() }} on {{ t.source() }} is missing or disabled';
  END IF;
{% endfor %}
{% for c in t.children() %}
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = {{ c.name_lit() }} AND tgrelid = to_regclass({{ t.source_lit() }}) AND tgenabled <> 'D') THEN
    RAISE EXCEPTION 'ismig verify: trigger {{ c.name() }} on {{ c.parent() }} is missing or disabled';
  END IF;
{% endfor %}
{% endfor %}
  RAISE NOTICE 'ismig verify: every sync object is present and enabled';
END
$$
@@
{% for t in v.tables() %}
SELECT {{ t.source_lit() }} AS sync_table, tgname AS trigger_name, tgenabled <> 'D' AS enabled
FROM pg_trigger WHERE tgrelid = to_regclass({{ t.source_lit() }}) AND tgname IN ({% for tr in t.triggers() %}{{ tr.name_lit() }}{% if !loop.last %}, {% endif %}{% endfor %}{% for c in t.children() %}, {{ c.name_lit() }}{% endfor %}) ORDER BY tgname
@@
{% endfor %}
