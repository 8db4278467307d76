CREATE TABLE A ( -- a comment; with a semicolon
  X INT /* block; comment */
);
/* leading
   comment; */ CREATE INDEX I ON A (X);
-- trailing comment only;
