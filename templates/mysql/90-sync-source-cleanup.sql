{% include "mysql/_guard.sql" %}
{% include "mysql/_drop_sync_objects.sql" %}
