-- Customer handover (客户交接, issue 13): who moved which customers from which rep to which, when, why.

CREATE TABLE handover (
    id TEXT PRIMARY KEY,
    from_rep_id TEXT NOT NULL REFERENCES rep(id),
    to_rep_id TEXT NOT NULL REFERENCES rep(id),
    query TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    done_by TEXT NOT NULL DEFAULT '',
    customers INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX handover_from ON handover(from_rep_id);
CREATE INDEX handover_to ON handover(to_rep_id);

CREATE TABLE handover_customer (
    id TEXT PRIMARY KEY,
    handover_id TEXT NOT NULL REFERENCES handover(id),
    customer_id TEXT NOT NULL REFERENCES customer(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX handover_customer_customer ON handover_customer(customer_id);
CREATE INDEX handover_customer_handover ON handover_customer(handover_id);
