{% for g in v.guard %}
-- wrong-target guard: stop unless connected to the {{ g.role }} database named by its JDBC URL.
-- sqlcmd: the error ends the run (:on error exit, -b). SSMS goes on with the next batch after an error,
-- so the guard also sets NOEXEC ON: every later batch is compiled, not run. SSMS users: read the
-- Messages tab; the next guarded ismig script turns NOEXEC off again (or run SET NOEXEC OFF yourself).
SET NOEXEC OFF
@@
IF DB_NAME() <> {{ g.name_lit }}
BEGIN
  RAISERROR('ismig: this script is for the {{ g.role }} database %s; it is connected to another database', 16, 1, {{ g.name_lit }});
  SET NOEXEC ON;
END
@@block
{% endfor %}
