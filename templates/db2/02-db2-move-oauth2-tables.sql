{% include "db2/_guard.sql" %}
-- ADMIN_MOVE_TABLE needs the SYSTOOLSPACE and SYSTOOLSTMPSPACE tablespaces: create each only when missing
BEGIN
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TABLESPACES WHERE TBSPACE = 'SYSTOOLSPACE') THEN
    EXECUTE IMMEDIATE 'CREATE TABLESPACE SYSTOOLSPACE IN IBMCATGROUP MANAGED BY AUTOMATIC STORAGE USING STOGROUP IBMSTOGROUP EXTENTSIZE 4';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TABLESPACES WHERE TBSPACE = 'SYSTOOLSTMPSPACE') THEN
    EXECUTE IMMEDIATE 'CREATE USER TEMPORARY TABLESPACE SYSTOOLSTMPSPACE IN IBMCATGROUP MANAGED BY AUTOMATIC STORAGE USING STOGROUP IBMSTOGROUP EXTENTSIZE 4';
  END IF;
END
@@block
-- the 32K tablespace the indexes move to must exist already
BEGIN
  IF NOT EXISTS (SELECT 1 FROM SYSCAT.TABLESPACES WHERE TBSPACE = 'TS32K') THEN
    SIGNAL SQLSTATE '75001' SET MESSAGE_TEXT = 'ismig: tablespace TS32K does not exist';
  END IF;
END
@@block
{% for s in v.mig.db2_schema %}
{% for m in v.mig.db2_moves %}
-- {{ s.name }}.{{ m.name }}: indexes to TS32K; data and LOBs stay in their tablespaces; skipped when already there
BEGIN
  DECLARE v_data VARCHAR(128);
  DECLARE v_index VARCHAR(128);
  DECLARE v_long VARCHAR(128);
  SET v_data = (SELECT TBSPACE FROM SYSCAT.TABLES WHERE TABSCHEMA = {{ s.lit }} AND TABNAME = {{ m.name_lit }});
  IF v_data IS NULL THEN
    SIGNAL SQLSTATE '75002' SET MESSAGE_TEXT = 'ismig: table not found in the given schema';
  END IF;
  SET v_index = (SELECT COALESCE(INDEX_TBSPACE, TBSPACE) FROM SYSCAT.TABLES WHERE TABSCHEMA = {{ s.lit }} AND TABNAME = {{ m.name_lit }});
  SET v_long = (SELECT COALESCE(LONG_TBSPACE, TBSPACE) FROM SYSCAT.TABLES WHERE TABSCHEMA = {{ s.lit }} AND TABNAME = {{ m.name_lit }});
  IF v_index <> 'TS32K' THEN
    CALL SYSPROC.ADMIN_MOVE_TABLE({{ s.lit }}, {{ m.name_lit }}, v_data, 'TS32K', v_long, '', '', '', '', '', 'MOVE');
  END IF;
END
@@block
{% endfor %}
{% endfor %}
