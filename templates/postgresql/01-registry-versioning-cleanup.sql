-- one transaction: every change below is applied, or none
BEGIN
@@
{% for a in v.mig.registry %}
-- {{ a.table }}: take the path and resource name of the resource version each row belongs to (same tenant)
UPDATE {{ a.table }}
SET REG_PATH_ID = (SELECT REG_RESOURCE.REG_PATH_ID FROM REG_RESOURCE WHERE {{ a.match_resource }}),
    REG_RESOURCE_NAME = (SELECT REG_RESOURCE.REG_NAME FROM REG_RESOURCE WHERE {{ a.match_resource }})
WHERE EXISTS (SELECT 1 FROM REG_RESOURCE WHERE {{ a.match_resource }})
@@
{% endfor %}
{% for a in v.mig.registry %}
-- {{ a.table }}: rows of older resource versions have no path and go
DELETE FROM {{ a.table }} WHERE REG_PATH_ID IS NULL
@@
{% endfor %}
{% for a in v.mig.registry %}
-- {{ a.entity }}: rows no {{ a.table }} row of the same tenant points to any more
DELETE FROM {{ a.entity }}
WHERE NOT EXISTS (SELECT 1 FROM {{ a.table }} WHERE {{ a.match_entity }})
@@
{% endfor %}
COMMIT
@@
