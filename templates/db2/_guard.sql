{% for g in v.guard %}
-- wrong-target guard: stop unless connected to the {{ g.role }} database named by its JDBC URL
BEGIN
  IF CURRENT SERVER <> {{ g.upper_lit }} THEN
    SIGNAL SQLSTATE '75001' SET MESSAGE_TEXT = 'ismig: not the {{ g.role }} database ' || {{ g.upper_lit }};
  END IF;
END
@@block
{% endfor %}
{% for s in v.schema %}
-- the schema of the JDBC URL (currentSchema; on the target --db2-schema first): every object below
-- is made and looked up there
SET SCHEMA {{ s }}
@@
{% endfor %}
