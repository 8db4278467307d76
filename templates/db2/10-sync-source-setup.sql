{% include "db2/_guard.sql" %}
-- creating a trigger locks its live IS table: wait at most 20 s for the lock, then stop rather
-- than queue the live IS's writes behind it (run the script again later: every step is idempotent)
{% for s in v.rules.lock_timeout %}
{{ s }}
@@
{% endfor %}
-- journal tables: each sync table's columns, then SYNC_ID and ACTION (WSO2 sync runtime layout).
-- SYNC_ID: identity with NO CACHE and ORDER, so no cached block of ids is lost at a database
-- restart (a lost cache would leave a SYNC_ID gap that can reach batchSize, where WSO2's runtime
-- stops advancing). Created only when missing (compound SQL, DB2 LUW 9.7 or later). DB2 places the
-- table in a table space whose page size fits the row (as for the source table).
{% for t in v.tables() %}
-- journal of {{ t.source() }}
BEGIN
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TABLES WHERE TABSCHEMA = CURRENT SCHEMA AND TABNAME = {{ t.journal_lit() }}) THEN
    EXECUTE IMMEDIATE 'CREATE TABLE {{ t.journal() }} (
{% for c in t.columns_in_lit() %}
  {{ c.name() }} {{ c.ty() }},
{% endfor %}
  SYNC_ID INTEGER NOT NULL GENERATED ALWAYS AS IDENTITY (START WITH 1, INCREMENT BY 1, NO CACHE, ORDER),
  ACTION VARCHAR(15) NOT NULL,
  PRIMARY KEY (SYNC_ID)
)';
  END IF;
END
@@block
{% endfor %}
-- row triggers: CREATE OR REPLACE (DB2 LUW 9.7 or later) swaps a trigger in one step, so a re-run
-- leaves no moment where changes go unrecorded. Single-statement bodies, except the UPDATE
-- trigger: it needs BEGIN ATOMIC … END for its two inserts.
{% for t in v.tables() %}
CREATE OR REPLACE TRIGGER {{ t.insert().name() }} AFTER INSERT ON {{ t.source() }}
REFERENCING NEW AS N FOR EACH ROW MODE DB2SQL
INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.new_vals_w() }}, 'INSERT')
@@block
-- a changed primary key: the old key's row is deleted on the target, the new one upserted
CREATE OR REPLACE TRIGGER {{ t.update().name() }} AFTER UPDATE ON {{ t.source() }}
REFERENCING OLD AS O NEW AS N FOR EACH ROW MODE DB2SQL
BEGIN ATOMIC
  IF {{ t.pk_changed() }} THEN
    INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.old_vals_w() }}, 'DELETE');
  END IF;
  INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.new_vals_w() }}, 'UPDATE');
END
@@block
CREATE OR REPLACE TRIGGER {{ t.delete().name() }} AFTER DELETE ON {{ t.source() }}
REFERENCING OLD AS O FOR EACH ROW MODE DB2SQL
INSERT INTO {{ t.journal() }} ({{ t.cols_action_w() }}) VALUES ({{ t.old_vals_w() }}, 'DELETE')
@@block
{% for c in t.children() %}
-- index on {{ c.child_journal() }} ({{ c.child_cols() }}): the child-cleanup trigger below looks rows up by
-- it on every {{ c.parent() }} delete, instead of scanning the whole journal; created only when missing
BEGIN
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.INDEXES WHERE INDSCHEMA = CURRENT SCHEMA AND INDNAME = {{ c.index_lit() }}) THEN
    EXECUTE IMMEDIATE 'CREATE INDEX {{ c.index() }} ON {{ c.child_journal() }} ({{ c.child_cols() }})';
  END IF;
END
@@block
-- {{ c.child() }} rows still pending for a deleted {{ c.parent() }} row become DELETE rows, so the
-- runtime never retries an upsert the target's foreign key rejects (no SYNC_ID is removed)
CREATE OR REPLACE TRIGGER {{ c.name() }} AFTER DELETE ON {{ c.parent() }}
REFERENCING OLD AS O FOR EACH ROW MODE DB2SQL
UPDATE {{ c.child_journal() }} SET ACTION = 'DELETE' WHERE {{ c.where_old() }} AND ACTION <> 'DELETE'
@@block
{% endfor %}
{% endfor %}
