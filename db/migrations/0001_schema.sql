-- salesterm schema, version 1: the whole domain, sync-ready.
-- Every table: UUID text key, created_at, updated_at, deleted_at (soft delete).
-- Money is integer fen (BIGINT). Portable SQL: runs on SQLite and PostgreSQL alike.

CREATE TABLE rep (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT 'rep',
    manager_id TEXT REFERENCES rep(id),
    cycle_anchor DATE,
    visits_per_day INTEGER NOT NULL DEFAULT 6,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX rep_name ON rep(name);

CREATE TABLE customer (
    id TEXT PRIMARY KEY,
    code TEXT,
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'retailer',
    economic_nature TEXT NOT NULL DEFAULT '',
    scale TEXT NOT NULL DEFAULT '',
    network_coverage TEXT NOT NULL DEFAULT '',
    main_performance TEXT NOT NULL DEFAULT '',
    credit_standing TEXT NOT NULL DEFAULT '',
    manager_background TEXT NOT NULL DEFAULT '',
    credit_limit BIGINT NOT NULL DEFAULT 0,
    grade_factors TEXT NOT NULL DEFAULT '{}',
    grade_suggested TEXT,
    grade_override TEXT,
    grade_override_reason TEXT NOT NULL DEFAULT '',
    grade TEXT,
    man_money TEXT NOT NULL DEFAULT 'unknown',
    man_authority TEXT NOT NULL DEFAULT 'unknown',
    man_need TEXT NOT NULL DEFAULT 'unknown',
    city TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    phone_digits TEXT NOT NULL DEFAULT '',
    payday INTEGER,
    no_morning_collection BOOLEAN NOT NULL DEFAULT FALSE,
    rep_id TEXT REFERENCES rep(id),
    industry TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    remark TEXT NOT NULL DEFAULT '',
    py_full TEXT NOT NULL DEFAULT '',
    py_initials TEXT NOT NULL DEFAULT '',
    merged_into_id TEXT REFERENCES customer(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX customer_code ON customer(code);
CREATE INDEX customer_name_norm ON customer(name_norm);
CREATE INDEX customer_phone_digits ON customer(phone_digits);
CREATE INDEX customer_rep ON customer(rep_id);
CREATE INDEX customer_grade ON customer(grade);
CREATE INDEX customer_city ON customer(city);

CREATE TABLE contact (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    phone_digits TEXT NOT NULL DEFAULT '',
    is_decision_maker BOOLEAN NOT NULL DEFAULT FALSE,
    remark TEXT NOT NULL DEFAULT '',
    py_full TEXT NOT NULL DEFAULT '',
    py_initials TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX contact_customer ON contact(customer_id);
CREATE INDEX contact_phone_digits ON contact(phone_digits);

CREATE TABLE deal (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    rep_id TEXT REFERENCES rep(id),
    title TEXT NOT NULL DEFAULT '',
    template TEXT NOT NULL DEFAULT 'handbook',
    stage TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    amount BIGINT NOT NULL DEFAULT 0,
    expected_close DATE,
    lost_reason TEXT NOT NULL DEFAULT '',
    stage_since TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX deal_customer ON deal(customer_id);
CREATE INDEX deal_rep_stage ON deal(rep_id, stage);

CREATE TABLE deal_stage_change (
    id TEXT PRIMARY KEY,
    deal_id TEXT NOT NULL REFERENCES deal(id),
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    rep_id TEXT REFERENCES rep(id),
    man_override BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX deal_stage_change_deal ON deal_stage_change(deal_id, changed_at);

CREATE TABLE script (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    current_version INTEGER NOT NULL DEFAULT 1,
    rep_id TEXT REFERENCES rep(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);

CREATE TABLE script_revision (
    id TEXT PRIMARY KEY,
    script_id TEXT NOT NULL REFERENCES script(id),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    revision_note TEXT NOT NULL DEFAULT '',
    rep_id TEXT REFERENCES rep(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX script_revision_version ON script_revision(script_id, version);

CREATE TABLE visit (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    rep_id TEXT REFERENCES rep(id),
    deal_id TEXT REFERENCES deal(id),
    planned_date DATE NOT NULL,
    slot TEXT NOT NULL DEFAULT 'am',
    status TEXT NOT NULL DEFAULT 'planned',
    sales_objectives TEXT NOT NULL DEFAULT '[]',
    admin_objectives TEXT NOT NULL DEFAULT '[]',
    reason TEXT NOT NULL DEFAULT '',
    proposal TEXT NOT NULL DEFAULT '',
    script_id TEXT REFERENCES script(id),
    materials TEXT NOT NULL DEFAULT '[]',
    pinned BOOLEAN NOT NULL DEFAULT FALSE,
    done_at TIMESTAMP,
    stage_reached TEXT,
    outcome TEXT NOT NULL DEFAULT '',
    order_amount BIGINT NOT NULL DEFAULT 0,
    complaint_handled BOOLEAN NOT NULL DEFAULT FALSE,
    notes TEXT NOT NULL DEFAULT '',
    revisit_date DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX visit_customer_date ON visit(customer_id, planned_date);
CREATE INDEX visit_rep_date ON visit(rep_id, planned_date);
CREATE INDEX visit_revisit ON visit(revisit_date);

CREATE TABLE script_use (
    id TEXT PRIMARY KEY,
    script_id TEXT NOT NULL REFERENCES script(id),
    version INTEGER NOT NULL,
    visit_id TEXT REFERENCES visit(id),
    rep_id TEXT REFERENCES rep(id),
    used_on DATE NOT NULL,
    reaction TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX script_use_script ON script_use(script_id);

CREATE TABLE trade_line (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    rep_id TEXT REFERENCES rep(id),
    day DATE NOT NULL,
    direction TEXT NOT NULL DEFAULT 'sale',
    product TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX trade_line_customer_day ON trade_line(customer_id, day);
CREATE INDEX trade_line_rep_day ON trade_line(rep_id, day);

CREATE TABLE receivable (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    rep_id TEXT REFERENCES rep(id),
    number TEXT NOT NULL,
    issued DATE NOT NULL,
    due DATE NOT NULL,
    amount BIGINT NOT NULL,
    paid BIGINT NOT NULL DEFAULT 0,
    written_off BIGINT NOT NULL DEFAULT 0,
    write_off_reason TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'manual',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX receivable_number ON receivable(number);
CREATE INDEX receivable_customer_due ON receivable(customer_id, due);
CREATE INDEX receivable_due ON receivable(due);

CREATE TABLE payment (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    rep_id TEXT REFERENCES rep(id),
    day DATE NOT NULL,
    amount BIGINT NOT NULL,
    method TEXT NOT NULL DEFAULT '',
    number TEXT,
    dedupe_key TEXT,
    reverses_id TEXT REFERENCES payment(id),
    source TEXT NOT NULL DEFAULT 'manual',
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX payment_customer_day ON payment(customer_id, day);
CREATE UNIQUE INDEX payment_dedupe ON payment(dedupe_key);

CREATE TABLE payment_allocation (
    id TEXT PRIMARY KEY,
    payment_id TEXT NOT NULL REFERENCES payment(id),
    receivable_id TEXT NOT NULL REFERENCES receivable(id),
    amount BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX payment_allocation_payment ON payment_allocation(payment_id);
CREATE INDEX payment_allocation_receivable ON payment_allocation(receivable_id);

CREATE TABLE promise (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    receivable_id TEXT REFERENCES receivable(id),
    rep_id TEXT REFERENCES rep(id),
    made_on DATE NOT NULL,
    promised_date DATE NOT NULL,
    amount BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    resolved_on DATE,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX promise_customer ON promise(customer_id, promised_date);

CREATE TABLE collection_attempt (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    rep_id TEXT REFERENCES rep(id),
    visit_id TEXT REFERENCES visit(id),
    day DATE NOT NULL,
    outcome TEXT NOT NULL,
    amount BIGINT NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX collection_attempt_customer ON collection_attempt(customer_id, day);

CREATE TABLE collection_state (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    responsible_rep_id TEXT REFERENCES rep(id),
    level INTEGER NOT NULL DEFAULT 0,
    next_follow_up DATE,
    slips INTEGER NOT NULL DEFAULT 0,
    escalated BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX collection_state_customer ON collection_state(customer_id);

CREATE TABLE note (
    id TEXT PRIMARY KEY,
    customer_id TEXT REFERENCES customer(id),
    visit_id TEXT REFERENCES visit(id),
    rep_id TEXT REFERENCES rep(id),
    kind TEXT NOT NULL DEFAULT 'market',
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    follow_up DATE,
    status TEXT NOT NULL DEFAULT 'new',
    manager_comment TEXT NOT NULL DEFAULT '',
    competitor TEXT NOT NULL DEFAULT '',
    product TEXT NOT NULL DEFAULT '',
    price BIGINT,
    promotion TEXT NOT NULL DEFAULT '',
    written_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX note_customer ON note(customer_id);
CREATE INDEX note_status_day ON note(status, written_on);

CREATE TABLE target (
    id TEXT PRIMARY KEY,
    rep_id TEXT NOT NULL REFERENCES rep(id),
    year INTEGER NOT NULL,
    month INTEGER NOT NULL DEFAULT 0,
    sales BIGINT NOT NULL DEFAULT 0,
    collections BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX target_rep_period ON target(rep_id, year, month);
