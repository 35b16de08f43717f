-- An order's lines in the order the rep typed them (issue 14): line 1, 2, ... of the order.
ALTER TABLE order_line ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
