{% include "mssql/_guard.sql" %}
{% include "mssql/_drop_sync_objects.sql" %}
