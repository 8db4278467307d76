{% for g in v.guard %}
-- wrong-target guard: stop unless connected to the {{ g.role }} database named by its JDBC URL
DO $$
BEGIN
  IF current_database() <> {{ g.name_lit }} THEN
    RAISE EXCEPTION 'ismig: this script is for the {{ g.role }} database %, but it is connected to %', {{ g.name_lit }}, current_database();
  END IF;
END
$$
@@
{% endfor %}
{% for s in v.schema %}
-- the schema of the JDBC URL (currentSchema): every object below is made and looked up there
SET search_path TO {{ s }}
@@
{% endfor %}
