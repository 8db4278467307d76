-- TODO mysql
SELECT 1
@@
