{% include "postgresql/_guard.sql" %}
{% include "postgresql/_drop_sync_objects.sql" %}
