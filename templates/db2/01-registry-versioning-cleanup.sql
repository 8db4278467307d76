-- one atomic compound statement: every change below is applied, or none. For each of REG_RESOURCE_PROPERTY,
-- REG_RESOURCE_RATING, REG_RESOURCE_TAG, REG_RESOURCE_COMMENT: take the path and resource name of the resource
-- version each row belongs to (same tenant); delete the rows of older versions (no path); then delete the
-- REG_PROPERTY, REG_RATING, REG_TAG, REG_COMMENT rows no association row of the same tenant points to.
BEGIN ATOMIC
{% for a in v.mig.registry %}
  UPDATE {{ a.table }}
  SET REG_PATH_ID = (SELECT REG_RESOURCE.REG_PATH_ID FROM REG_RESOURCE WHERE {{ a.match_resource }}),
      REG_RESOURCE_NAME = (SELECT REG_RESOURCE.REG_NAME FROM REG_RESOURCE WHERE {{ a.match_resource }})
  WHERE EXISTS (SELECT 1 FROM REG_RESOURCE WHERE {{ a.match_resource }});
{% endfor %}
{% for a in v.mig.registry %}
  DELETE FROM {{ a.table }} WHERE REG_PATH_ID IS NULL;
{% endfor %}
{% for a in v.mig.registry %}
  DELETE FROM {{ a.entity }}
  WHERE NOT EXISTS (SELECT 1 FROM {{ a.table }} WHERE {{ a.match_entity }});
{% endfor %}
END
@@block
COMMIT
@@
