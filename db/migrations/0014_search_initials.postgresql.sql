-- The customers' stored pinyin initials (likeliest first: store/customers), indexed so the
-- search's SQL fallback finds "initials starting with the query" at once while the in-memory
-- index is still being built (store/search/sql_fallback.py: LIKE 'query%' on this index,
-- which text_pattern_ops lets PostgreSQL use whatever the database's collation).
CREATE INDEX customer_initials ON customer(py_initials text_pattern_ops) WHERE deleted_at IS NULL;
