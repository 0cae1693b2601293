-- The input's lines are the rows of input(line).
WITH first(text) AS (SELECT trim(line) FROM input ORDER BY rowid LIMIT 1)
SELECT CAST(substr(text, 1, instr(text, ' ') - 1) AS INTEGER)
     + CAST(trim(substr(text, instr(text, ' ') + 1)) AS INTEGER)
FROM first;
