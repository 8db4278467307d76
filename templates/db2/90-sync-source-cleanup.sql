{% include "db2/_guard.sql" %}
{% include "db2/_drop_sync_objects.sql" %}
