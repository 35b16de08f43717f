-- Collections (issue 4): a per-customer summary kept by store/receivables (balance, oldest
-- open due date) so the queue orders 100k customers without summing a million lines, the
-- slip and promise state the queue explains, and the indexes of the aging and queue SQL.
-- Portable SQL (SQLite and PostgreSQL).

ALTER TABLE collection_state ADD COLUMN balance BIGINT NOT NULL DEFAULT 0;
ALTER TABLE collection_state ADD COLUMN oldest_due DATE;
ALTER TABLE collection_state ADD COLUMN oldest_due_day INTEGER;
ALTER TABLE collection_state ADD COLUMN last_slip TEXT NOT NULL DEFAULT '';
ALTER TABLE collection_state ADD COLUMN promise_date DATE;
ALTER TABLE collection_state ADD COLUMN promise_amount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE collection_state ADD COLUMN last_attempt DATE;
ALTER TABLE collection_state ADD COLUMN last_outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE receivable ADD COLUMN write_off_on DATE;

-- The queue: customers with an open balance, by their oldest open due date.
CREATE INDEX collection_state_queue ON collection_state(oldest_due_day, balance, customer_id,
    responsible_rep_id, slips, escalated, level, next_follow_up, promise_date, deleted_at)
    WHERE balance > 0;
-- What the queue's ordering reads of each customer, so the join touches no wide customer row.
CREATE INDEX customer_collect ON customer(id, deleted_at, rep_id, payday, credit_limit);
CREATE INDEX collection_state_responsible ON collection_state(responsible_rep_id);
CREATE INDEX collection_state_balance ON collection_state(balance) WHERE balance > 0;
-- Aging: only open lines, with every column the aggregation reads (covering partial indexes;
-- SQLite matches the predicate only when written exactly so: amount > paid + written_off).
CREATE INDEX receivable_customer_open ON receivable(customer_id, due, amount, paid, written_off, deleted_at)
    WHERE deleted_at IS NULL AND amount > paid + written_off;
CREATE INDEX receivable_rep_open ON receivable(rep_id, due, amount, paid, written_off, deleted_at)
    WHERE deleted_at IS NULL AND amount > paid + written_off;
CREATE INDEX payment_reverses ON payment(reverses_id);
CREATE INDEX payment_number ON payment(number);
CREATE INDEX promise_open ON promise(promised_date) WHERE status = 'open';
CREATE INDEX promise_customer_status ON promise(customer_id, status);
