{% include "db2/_guard.sql" %}
-- Right after the copy is restored, before anything else runs here: the copy (dump / backup of the
-- source after 10-sync-source-setup.sql) brought the source's sync triggers and journal tables along.
-- Left here, every write of the new IS would journal for ever, or fail where a journal is missing.
{% include "db2/_drop_sync_objects.sql" %}
