-- TODO mssql
SELECT 1
@@
