{% for g in v.guard %}
-- wrong-target guard: stop unless connected to the {{ g.role }} database named by its JDBC URL.
-- MySQL has no anonymous block to raise an error from: an unknown sql_mode value stops the client
-- with ERROR 1231 quoting the message below; when the database is right, sql_mode is set to its
-- own value (unchanged). Needs no privilege and creates nothing.
SET SESSION sql_mode = IF(DATABASE() <=> {{ g.name_lit }}, @@SESSION.sql_mode, CONCAT('ismig: this script is for the {{ g.role }} database ', {{ g.name_lit }}, ' but it is connected to ', IFNULL(DATABASE(), 'no database')))
@@
{% endfor %}
