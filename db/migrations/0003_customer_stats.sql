-- Customer summary the customers list sorts and filters by at 100k customers, and the
-- record of merged customer files. Portable SQL (SQLite and PostgreSQL).

-- One row per customer, derived from receivables and visits by store/stats.refresh_stats.
-- id equals customer_id; as_of is the day the overdue amount was computed for.
CREATE TABLE customer_stats (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    open_balance BIGINT NOT NULL DEFAULT 0,
    overdue_amount BIGINT NOT NULL DEFAULT 0,
    oldest_due DATE,
    last_visit DATE,
    next_visit DATE,
    as_of DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX customer_stats_customer ON customer_stats(customer_id);
CREATE INDEX customer_stats_open_balance ON customer_stats(open_balance);
CREATE INDEX customer_stats_overdue ON customer_stats(overdue_amount);
CREATE INDEX customer_stats_last_visit ON customer_stats(last_visit);
CREATE INDEX customer_stats_next_visit ON customer_stats(next_visit);

-- Two customer files merged into one: the loser's rows moved to the survivor.
CREATE TABLE customer_merge (
    id TEXT PRIMARY KEY,
    survivor_id TEXT NOT NULL REFERENCES customer(id),
    loser_id TEXT NOT NULL REFERENCES customer(id),
    loser_name TEXT NOT NULL DEFAULT '',
    moved TEXT NOT NULL DEFAULT '{}',
    filled TEXT NOT NULL DEFAULT '{}',
    merged_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX customer_merge_survivor ON customer_merge(survivor_id);
CREATE INDEX customer_merge_loser ON customer_merge(loser_id);

-- The list's default order (pinyin of the name) walks this index: the first page needs no sort.
CREATE INDEX customer_sort_name ON customer ((substr(py_full, 1, 40)), id) WHERE deleted_at IS NULL;
CREATE INDEX customer_kind ON customer(kind);
