CREATE TABLE A (X INT)
/
/* a comment that never ends
CREATE TABLE B (Y INT)
/
