{% include "mssql/_guard.sql" %}
-- Read-only: stops with an error naming the first sync object that is missing or disabled
-- (sqlcmd: the run ends; SSMS: this batch ends, the listing below still runs).
BEGIN
{% for t in v.tables() %}
  IF OBJECT_ID(N{{ t.journal_lit() }}, N'U') IS NULL
    THROW 50002, 'ismig verify: journal table {{ t.journal() }} is missing', 1;
{% for tr in t.triggers() %}
  IF NOT EXISTS (SELECT 1 FROM sys.triggers WHERE name = N{{ tr.name_lit() }} AND is_disabled = 0 AND parent_id = OBJECT_ID(N{{ t.source_lit() }}))
    THROW 50002, 'ismig verify: trigger {{ tr.name() }} on {{ t.source() }} is missing or disabled', 1;
{% endfor %}
{% for c in t.children() %}
  IF NOT EXISTS (SELECT 1 FROM sys.triggers WHERE name = N{{ c.name_lit() }} AND is_disabled = 0 AND parent_id = OBJECT_ID(N{{ t.source_lit() }}))
    THROW 50002, 'ismig verify: trigger {{ c.name() }} on {{ c.parent() }} is missing or disabled', 1;
{% endfor %}
{% endfor %}
  PRINT 'ismig verify: every sync object is present and enabled';
END
@@block
{% for t in v.tables() %}
SELECT N{{ t.source_lit() }} AS sync_table, name AS trigger_name, CASE WHEN is_disabled = 0 THEN 'enabled' ELSE 'DISABLED' END AS state
FROM sys.triggers WHERE parent_id = OBJECT_ID(N{{ t.source_lit() }}) AND name IN ({% for tr in t.triggers() %}N{{ tr.name_lit() }}{% if !loop.last %}, {% endif %}{% endfor %}{% for c in t.children() %}, N{{ c.name_lit() }}{% endfor %}) ORDER BY name
@@
{% endfor %}
