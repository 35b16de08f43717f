-- Aging by rep (issue 11), store/ledger/aging.py. The open lines by customer now hold the rep
-- written on each line, so aging by rep finds the few lines whose rep is not their customer's own
-- while it reads each customer's lines in order, without a table row per line (the queue and
-- aging by customer read the index as before). The reassigned customers' index now holds their
-- customer ids, so moving their money reads no collection_state row either.
DROP INDEX receivable_customer_open;
CREATE INDEX receivable_customer_open ON receivable(customer_id, due, amount, paid, written_off, deleted_at, rep_id)
    WHERE deleted_at IS NULL AND amount > paid + written_off;
DROP INDEX collection_state_responsible;
CREATE INDEX collection_state_responsible ON collection_state(responsible_rep_id, customer_id);
