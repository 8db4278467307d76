-- TODO db2
SELECT 1
@@
