{% include "h2/_guard.sql" %}
{% include "h2/_drop_sync_objects.sql" %}
