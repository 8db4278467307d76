{% include "mysql/_guard.sql" %}
-- MySQL commits every DDL statement on its own: this script has no transaction around it.
-- Journal tables are created only where missing. Each trigger is dropped and created again right
-- after (MySQL 8 has no CREATE OR REPLACE TRIGGER): on a RE-RUN, a change committed between a
-- DROP TRIGGER and the CREATE TRIGGER that follows is not journaled (a few milliseconds per
-- trigger; re-run in a quiet moment). Several triggers per table, timing and event need MySQL 5.7.2+.
-- CREATE/DROP TRIGGER wait for a metadata lock on their table, and every query on that table then
-- queues behind them: give up after 20 s instead of stalling the live IS (re-running is safe).
-- Journal columns are NULL (a TIMESTAMP column without NULL would get an implicit default and
-- ON UPDATE); utf8mb4, so a journal takes every value its source table takes, whatever the
-- database's default character set. SYNC_ID: InnoDB never reuses an AUTO_INCREMENT value, so a
-- rolled-back change leaves a gap (30-sync-monitor-source.sql lists gaps of batchSize or more:
-- WSO2's runtime stops advancing at them).
{% for s in v.rules.lock_timeout %}
{{ s }}
@@
{% endfor %}
-- A trigger runs with the sql_mode of the session that created it, not the writer's. A strict
-- mode with NO_ZERO_DATE here would make the journal INSERT reject values the IS writes (IS 5.7.0
-- declares TIMESTAMP DEFAULT 0 columns) and fail the IS's own statement. The journal columns have
-- the source's types, so a non-strict mode loses nothing; NO_ENGINE_SUBSTITUTION keeps InnoDB sure.
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'
@@
{% for t in v.tables() %}
-- journal of {{ t.source() }}: its columns, then SYNC_ID and ACTION (WSO2 sync runtime layout)
CREATE TABLE IF NOT EXISTS {{ t.journal() }} (
{% for c in t.columns() %}
  {{ c.name() }} {{ c.ty() }} NULL,
{% endfor %}
  SYNC_ID INT NOT NULL AUTO_INCREMENT,
  ACTION VARCHAR(15) NOT NULL,
  PRIMARY KEY (SYNC_ID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
@@
{% endfor %}
{% for t in v.tables() %}
DROP TRIGGER IF EXISTS {{ t.insert().name() }}
@@
CREATE TRIGGER {{ t.insert().name() }} AFTER INSERT ON {{ t.source() }} FOR EACH ROW
BEGIN
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.new_vals_w() }}, 'INSERT');
END
@@block
DROP TRIGGER IF EXISTS {{ t.update().name() }}
@@
CREATE TRIGGER {{ t.update().name() }} AFTER UPDATE ON {{ t.source() }} FOR EACH ROW
BEGIN
  -- a changed primary key: the old key's row is deleted on the target, the new one upserted
  IF {{ t.pk_changed() }} THEN
    INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.old_vals_w() }}, 'DELETE');
  END IF;
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.new_vals_w() }}, 'UPDATE');
END
@@block
DROP TRIGGER IF EXISTS {{ t.delete().name() }}
@@
CREATE TRIGGER {{ t.delete().name() }} AFTER DELETE ON {{ t.source() }} FOR EACH ROW
BEGIN
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.old_vals_w() }}, 'DELETE');
END
@@block
{% for c in t.children() %}
-- index on {{ c.child_journal() }} ({{ c.child_cols() }}): the child-cleanup trigger below looks rows up by
-- it on every {{ c.parent() }} delete, instead of scanning the whole journal; created only when
-- missing (MySQL has no CREATE INDEX IF NOT EXISTS)
SET @ismig_ddl = IF(
  (SELECT COUNT(*) FROM information_schema.STATISTICS
   WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {{ c.child_journal_lit() }} AND INDEX_NAME = {{ c.index_lit() }}) = 0,
  'CREATE INDEX {{ c.index() }} ON {{ c.child_journal() }} ({{ c.child_cols() }})',
  'DO 0')
@@
PREPARE ismig_stmt FROM @ismig_ddl
@@
EXECUTE ismig_stmt
@@
DEALLOCATE PREPARE ismig_stmt
@@
-- {{ c.child() }} rows still pending for a deleted {{ c.parent() }} row become DELETE rows, so the
-- runtime never retries an upsert the target's foreign key rejects (no SYNC_ID is removed).
-- MySQL fires no trigger for rows removed by ON DELETE CASCADE: the target's own cascade removes them.
DROP TRIGGER IF EXISTS {{ c.name() }}
@@
CREATE TRIGGER {{ c.name() }} AFTER DELETE ON {{ c.parent() }} FOR EACH ROW
BEGIN
  UPDATE {{ c.child_journal() }} SET ACTION = 'DELETE' WHERE {{ c.where_old() }} AND ACTION <> 'DELETE';
END
@@block
{% endfor %}
{% endfor %}
