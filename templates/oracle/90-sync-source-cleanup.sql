{% include "oracle/_guard.sql" %}
{% include "oracle/_drop_sync_objects.sql" %}
