-- TODO oracle
SELECT 1
@@
