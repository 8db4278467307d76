{% for g in v.guard %}
-- wrong-target guard: stop unless connected to the {{ g.role }} database named by its JDBC URL.
-- H2's DATABASE() is the database file's name upper-cased (jdbc:h2:./repository/database/WSO2IDENTITY_DB
-- gives WSO2IDENTITY_DB). H2 has no RAISE: the failing CAST stops RunScript with error 22018 quoting
-- the message; it only runs when the name differs.
SELECT CAST('ismig: this script is for the {{ g.role }} database ' || {{ g.upper_lit }} || ' but it is connected to ' || DATABASE() AS INT) AS GUARD
FROM DUAL WHERE DATABASE() <> {{ g.upper_lit }}
@@
{% endfor %}
{% for s in v.schema %}
-- the schema of the JDBC URL (;SCHEMA=): every object below is made and looked up there
SET SCHEMA {{ s }}
@@
{% endfor %}
