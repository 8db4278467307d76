{% for g in v.guard %}
-- wrong-target guard: stop unless connected to the {{ g.role }} database named by its JDBC URL
-- (matched against the database name, the instance name (SID) and the service name, with or without its domain)
BEGIN
  IF {{ g.upper_lit }} NOT IN (
      NVL(UPPER(SYS_CONTEXT('USERENV', 'DB_NAME')), '-'),
      NVL(UPPER(SYS_CONTEXT('USERENV', 'INSTANCE_NAME')), '-'),
      NVL(UPPER(SYS_CONTEXT('USERENV', 'SERVICE_NAME')), '-'),
      NVL(UPPER(REGEXP_SUBSTR(SYS_CONTEXT('USERENV', 'SERVICE_NAME'), '^[^.]+')), '-')) THEN
    RAISE_APPLICATION_ERROR(-20001, 'ismig: this script is for the {{ g.role }} database ' || {{ g.name_lit }}
      || ', but it is connected to ' || SYS_CONTEXT('USERENV', 'DB_NAME')
      || ' (service ' || SYS_CONTEXT('USERENV', 'SERVICE_NAME') || ')');
  END IF;
{% for u in g.user_upper_lit %}
  -- one service may hold both sides under two users: the session's schema is the datasource's user
  IF SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') <> {{ u }} THEN
    RAISE_APPLICATION_ERROR(-20001, 'ismig: this script is for the schema ' || {{ u }}
      || ' of the {{ g.role }} database, but the session''s schema is ' || SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA'));
  END IF;
{% endfor %}
END
@@block
{% endfor %}
