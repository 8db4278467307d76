{% include "mssql/_guard.sql" %}
-- creating a trigger locks its live IS table: wait at most 20 s for the lock, then stop rather
-- than queue the live IS's writes behind it (run the script again later: every step is idempotent)
{% for s in v.rules.lock_timeout %}
{{ s }}
@@
{% endfor %}
-- SQL Server 2016 SP1 or later (CREATE OR ALTER TRIGGER). Re-runnable: a journal table is created only
-- where missing, and CREATE OR ALTER replaces a trigger in one step, so no change goes unrecorded.
-- SYNC_ID is an IDENTITY: SQL Server caches identity values, so after a restart or failover SYNC_ID can
-- jump by up to 1000, and a gap of batchSize ({{ v.batch_size }}) or more stalls WSO2's runtime for good.
-- 00-preflight-source.sql reports IDENTITY_CACHE = ON; 30-sync-monitor-source.sql lists gaps.
-- Triggers are set-based: one firing sees every row of the statement in INSERTED / DELETED. TEXT, NTEXT
-- and IMAGE columns are not in INSERTED / DELETED: the triggers read them back from the table by primary
-- key on insert and update, and journal NULL for them on delete.
{% for t in v.tables() %}
-- journal of {{ t.source() }}: its columns, then SYNC_ID and ACTION (WSO2 sync runtime layout)
IF OBJECT_ID(N{{ t.journal_lit() }}, N'U') IS NULL
CREATE TABLE {{ t.journal() }} (
{% for c in t.columns() %}
  {{ c.name() }} {{ c.ty() }} NULL,
{% endfor %}
  SYNC_ID INT IDENTITY(1,1) NOT NULL,
  ACTION VARCHAR(15) NOT NULL,
  PRIMARY KEY (SYNC_ID)
)
@@
{% endfor %}
{% for t in v.tables() %}
CREATE OR ALTER TRIGGER {{ t.insert().name() }} ON {{ t.source() }} AFTER INSERT AS
BEGIN
  SET NOCOUNT ON;
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }})
  SELECT {{ t.ins_vals_w() }}, 'INSERT' FROM {{ t.ins_from() }};
END
@@block
CREATE OR ALTER TRIGGER {{ t.update().name() }} ON {{ t.source() }} AFTER UPDATE AS
BEGIN
  SET NOCOUNT ON;
  -- keys that no longer exist after the update (primary key changed): DELETE rows with the old values first
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }})
  SELECT {{ t.del_vals_w() }}, 'DELETE' FROM DELETED d
  WHERE NOT EXISTS (SELECT 1 FROM INSERTED i WHERE {{ t.pk_join() }});
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }})
  SELECT {{ t.ins_vals_w() }}, 'UPDATE' FROM {{ t.ins_from() }};
END
@@block
CREATE OR ALTER TRIGGER {{ t.delete().name() }} ON {{ t.source() }} AFTER DELETE AS
BEGIN
  SET NOCOUNT ON;
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }})
  SELECT {{ t.del_vals_w() }}, 'DELETE' FROM DELETED d;
END
@@block
{% for c in t.children() %}
-- index on {{ c.child_journal() }} ({{ c.child_cols() }}): the child-cleanup trigger below looks rows up by
-- it on every {{ c.parent() }} delete, instead of scanning the whole journal; created only when missing
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = {{ c.index_lit() }} AND object_id = OBJECT_ID(N{{ c.child_journal_lit() }}))
CREATE INDEX {{ c.index() }} ON {{ c.child_journal() }} ({{ c.child_cols() }})
@@
-- {{ c.child() }} rows still pending for a deleted {{ c.parent() }} row become DELETE rows, so the
-- runtime never retries an upsert the target's foreign key rejects (no SYNC_ID is removed)
CREATE OR ALTER TRIGGER {{ c.name() }} ON {{ c.parent() }} AFTER DELETE AS
BEGIN
  SET NOCOUNT ON;
  UPDATE j SET ACTION = 'DELETE'
  FROM {{ c.child_journal() }} j JOIN DELETED d ON {{ c.join_deleted() }}
  WHERE j.ACTION <> 'DELETE';
END
@@block
{% endfor %}
{% endfor %}
