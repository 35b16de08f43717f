-- Every customer has a code (issue 11). Customers stored without one get the next free code of
-- the default pattern C{seq:06d} (C000001 ...), in the order they were created, skipping codes
-- already used; code_counter remembers the last number each pattern handed out
-- (store/customers/codes.py), so a new customer's code costs no search. customer_merge.undo
-- holds what a merge changed, so it can be undone (store/customers/unmerge.py).
CREATE TABLE code_counter (
    pattern TEXT PRIMARY KEY,
    last BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);
ALTER TABLE customer_merge ADD COLUMN undo TEXT NOT NULL DEFAULT '';
-- the files merged into a customer, whose names and phones find it (store/search/former.py)
CREATE INDEX customer_merged_into ON customer(merged_into_id) WHERE merged_into_id IS NOT NULL;
UPDATE customer SET code = NULL WHERE code = '';
CREATE TABLE code_fill AS
WITH numbers AS (SELECT row_number() OVER (ORDER BY created_at, id) AS n FROM customer),
     free AS (SELECT n, printf('C%06d', n) AS code FROM numbers
              WHERE printf('C%06d', n) NOT IN (SELECT code FROM customer WHERE code IS NOT NULL)),
     free_ranked AS (SELECT code, row_number() OVER (ORDER BY n) AS k FROM free),
     wanting AS (SELECT id, row_number() OVER (ORDER BY created_at, id) AS k FROM customer WHERE code IS NULL)
SELECT wanting.id AS id, free_ranked.code AS code FROM wanting JOIN free_ranked ON free_ranked.k = wanting.k;
UPDATE customer SET code = (SELECT code FROM code_fill WHERE code_fill.id = customer.id) WHERE code IS NULL;
DROP TABLE code_fill;
