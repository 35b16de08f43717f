-- Products, the price system and orders (issue 14): the visit's 拟订单 through 送货 to 收款.
-- Money is integer fen; quantities count the product's base unit (瓶), a case (箱) is case_size units.

CREATE TABLE product (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL DEFAULT '',
    spec TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    case_unit TEXT NOT NULL DEFAULT '',
    case_size INTEGER NOT NULL DEFAULT 1,
    brand TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    barcode TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    list_price BIGINT NOT NULL DEFAULT 0,
    floor_price BIGINT,
    py_full TEXT NOT NULL DEFAULT '',
    py_initials TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX product_code ON product(code);
CREATE INDEX product_barcode ON product(barcode);
CREATE INDEX product_category ON product(category);

CREATE TABLE price_list (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    customer_kind TEXT NOT NULL DEFAULT '',
    grade TEXT NOT NULL DEFAULT '',
    starts DATE,
    ends DATE,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);

CREATE TABLE price_list_item (
    id TEXT PRIMARY KEY,
    price_list_id TEXT NOT NULL REFERENCES price_list(id),
    product_id TEXT NOT NULL REFERENCES product(id),
    price BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX price_list_item_list_product ON price_list_item(price_list_id, product_id);
CREATE INDEX price_list_item_product ON price_list_item(product_id);

CREATE TABLE customer_price (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    product_id TEXT NOT NULL REFERENCES product(id),
    price BIGINT NOT NULL,
    starts DATE,
    ends DATE,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX customer_price_customer_product ON customer_price(customer_id, product_id);

CREATE TABLE promotion (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    product_id TEXT REFERENCES product(id),
    customer_kind TEXT NOT NULL DEFAULT '',
    grade TEXT NOT NULL DEFAULT '',
    starts DATE NOT NULL,
    ends DATE NOT NULL,
    kind TEXT NOT NULL DEFAULT 'gift',
    buy_qty INTEGER NOT NULL DEFAULT 0,
    free_qty INTEGER NOT NULL DEFAULT 0,
    discount_bp INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX promotion_product ON promotion(product_id);

CREATE TABLE sales_order (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    rep_id TEXT REFERENCES rep(id),
    visit_id TEXT REFERENCES visit(id),
    day DATE NOT NULL,
    status TEXT NOT NULL DEFAULT 'placed',
    total BIGINT NOT NULL DEFAULT 0,
    cancel_reason TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    credit_hold TEXT NOT NULL DEFAULT '',
    released_by TEXT REFERENCES rep(id),
    released_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX sales_order_number ON sales_order(number);
CREATE INDEX sales_order_customer_day ON sales_order(customer_id, day);
CREATE INDEX sales_order_rep_day ON sales_order(rep_id, day);
CREATE INDEX sales_order_status ON sales_order(status);

CREATE TABLE order_line (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES sales_order(id),
    product_id TEXT NOT NULL REFERENCES product(id),
    qty INTEGER NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    free_qty INTEGER NOT NULL DEFAULT 0,
    price BIGINT NOT NULL,
    list_price BIGINT NOT NULL DEFAULT 0,
    price_source TEXT NOT NULL DEFAULT '',
    promotion_id TEXT REFERENCES promotion(id),
    amount BIGINT NOT NULL,
    below_floor BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX order_line_order ON order_line(order_id);
CREATE INDEX order_line_product ON order_line(product_id);

CREATE TABLE price_approval (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES sales_order(id),
    order_line_id TEXT REFERENCES order_line(id),
    rep_id TEXT REFERENCES rep(id),
    decision TEXT NOT NULL DEFAULT 'approved',
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX price_approval_order ON price_approval(order_id);

CREATE TABLE order_delivery (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES sales_order(id),
    order_line_id TEXT NOT NULL REFERENCES order_line(id),
    qty INTEGER NOT NULL,
    day DATE NOT NULL,
    stage TEXT NOT NULL DEFAULT 'delivered',
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX order_delivery_order ON order_delivery(order_id);

CREATE TABLE order_return (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES sales_order(id),
    order_line_id TEXT NOT NULL REFERENCES order_line(id),
    kind TEXT NOT NULL DEFAULT 'return',
    qty INTEGER NOT NULL,
    amount BIGINT NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    day DATE NOT NULL,
    payment_id TEXT REFERENCES payment(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX order_return_order ON order_return(order_id);

CREATE TABLE team_setting (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    value TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX team_setting_key ON team_setting(key);

ALTER TABLE customer ADD COLUMN credit_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE receivable ADD COLUMN order_id TEXT REFERENCES sales_order(id);
ALTER TABLE trade_line ADD COLUMN order_line_id TEXT REFERENCES order_line(id);
ALTER TABLE note ADD COLUMN order_id TEXT REFERENCES sales_order(id);
CREATE INDEX receivable_order ON receivable(order_id);
CREATE INDEX note_order ON note(order_id);
