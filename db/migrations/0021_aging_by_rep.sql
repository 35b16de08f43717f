-- Aging by rep (issue 11): each rep's customers in rep order with their ids, so the open lines
-- are summed per rep in one pass (store/ledger/aging.py) without sorting or reading customer
-- rows. It replaces customer_rep(rep_id), which it covers. Portable SQL.

CREATE INDEX customer_rep_id ON customer(rep_id, id);
DROP INDEX customer_rep;
