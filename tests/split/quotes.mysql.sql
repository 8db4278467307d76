INSERT INTO T VALUES ('a;b', 'it''s; fine', 'back\'slash; too');
SELECT "dq;ident", `bt;ident` FROM T;
SELECT 'é;ü' FROM T;
