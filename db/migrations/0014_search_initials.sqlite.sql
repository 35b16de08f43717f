-- The customers' stored pinyin initials (likeliest first: store/customers), indexed so the
-- search's SQL fallback finds "initials starting with the query" at once while the in-memory
-- index is still being built (store/search/sql_fallback.py: a range on this index).
CREATE INDEX customer_initials ON customer(py_initials) WHERE deleted_at IS NULL;
