-- TODO postgresql
SELECT 1
@@
