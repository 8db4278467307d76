{% include "postgresql/_guard.sql" %}
-- creating a trigger locks its live IS table: wait at most 20 s for the lock, then stop rather
-- than queue the live IS's writes behind it (run the script again later: every step is idempotent)
{% for s in v.rules.lock_timeout %}
{{ s }}
@@
{% endfor %}
-- one transaction: re-running replaces the triggers with no moment where changes go unrecorded
BEGIN
@@
{% for t in v.tables() %}
-- journal of {{ t.source() }}: its columns, then SYNC_ID and ACTION (WSO2 sync runtime layout)
CREATE TABLE IF NOT EXISTS {{ t.journal() }} (
{% for c in t.columns() %}
  {{ c.name() }} {{ c.ty() }} NULL,
{% endfor %}
  SYNC_ID SERIAL NOT NULL,
  ACTION VARCHAR(15) NOT NULL,
  PRIMARY KEY (SYNC_ID)
)
@@
{% endfor %}
{% for t in v.tables() %}
CREATE OR REPLACE FUNCTION {{ t.insert().function() }}() RETURNS TRIGGER AS $$
BEGIN
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.new_vals_w() }}, 'INSERT');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
@@
CREATE OR REPLACE FUNCTION {{ t.update().function() }}() RETURNS TRIGGER AS $$
BEGIN
  -- a changed primary key: the old key's row is deleted on the target, the new one upserted
  IF {{ t.pk_changed() }} THEN
    INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.old_vals_w() }}, 'DELETE');
  END IF;
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.new_vals_w() }}, 'UPDATE');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
@@
CREATE OR REPLACE FUNCTION {{ t.delete().function() }}() RETURNS TRIGGER AS $$
BEGIN
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.old_vals_w() }}, 'DELETE');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
@@
{% for tr in t.triggers() %}
DROP TRIGGER IF EXISTS {{ tr.name() }} ON {{ t.source() }}
@@
CREATE TRIGGER {{ tr.name() }} AFTER {{ tr.event() }} ON {{ t.source() }} FOR EACH ROW EXECUTE PROCEDURE {{ tr.function() }}()
@@
{% endfor %}
{% for c in t.children() %}
-- index on {{ c.child_journal() }} ({{ c.child_cols() }}): the child-cleanup trigger below looks rows up by
-- it on every {{ c.parent() }} delete, instead of scanning the whole journal
CREATE INDEX IF NOT EXISTS {{ c.index() }} ON {{ c.child_journal() }} ({{ c.child_cols() }})
@@
-- {{ c.child() }} rows still pending for a deleted {{ c.parent() }} row become DELETE rows, so the
-- runtime never retries an upsert the target's foreign key rejects (no SYNC_ID is removed)
CREATE OR REPLACE FUNCTION {{ c.function() }}() RETURNS TRIGGER AS $$
BEGIN
  UPDATE {{ c.child_journal() }} SET ACTION = 'DELETE' WHERE {{ c.where_old() }} AND ACTION <> 'DELETE';
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
@@
DROP TRIGGER IF EXISTS {{ c.name() }} ON {{ c.parent() }}
@@
CREATE TRIGGER {{ c.name() }} AFTER DELETE ON {{ c.parent() }} FOR EACH ROW EXECUTE PROCEDURE {{ c.function() }}()
@@
{% endfor %}
{% endfor %}
COMMIT
@@
