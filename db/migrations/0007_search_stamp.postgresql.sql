-- The search index's change stamp (store/search_snapshot.py): a saved index is reused only
-- while this stamp is the one it was built at. Triggers bump it on every write the index
-- depends on, whoever writes (this process, another one, another machine): customers,
-- contacts, and a customer's last visit (customer_stats, which refresh_stats deletes and
-- inserts again in one transaction: bumped only when the last visit really changed, as
-- remembered in search_visit; a stats row is only ever deleted for good with its customer,
-- whose own trigger bumps). No clocks involved; read in the same snapshot as the index.
-- The stamp row is put back if someone empties the table (a missing stamp: no snapshot).
CREATE TABLE search_stamp (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL,
    generation BIGINT NOT NULL DEFAULT 0
);
INSERT INTO search_stamp (id, token, generation) VALUES (1, md5(random()::text || clock_timestamp()::text), 0);

CREATE TABLE search_visit (
    customer_id TEXT PRIMARY KEY,
    last_visit DATE
);
INSERT INTO search_visit (customer_id, last_visit)
    SELECT customer_id, last_visit FROM customer_stats WHERE last_visit IS NOT NULL;

CREATE FUNCTION search_stamp_bump_now() RETURNS void AS $$
BEGIN
    INSERT INTO search_stamp (id, token, generation) VALUES (1, md5(random()::text || clock_timestamp()::text), 1)
        ON CONFLICT (id) DO UPDATE SET generation = search_stamp.generation + 1, token = EXCLUDED.token;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_stamp_bump() RETURNS trigger AS $$
BEGIN
    PERFORM search_stamp_bump_now();
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER search_stamp_customer AFTER INSERT OR UPDATE OR DELETE ON customer
    FOR EACH STATEMENT EXECUTE FUNCTION search_stamp_bump();
CREATE TRIGGER search_stamp_customer_truncate AFTER TRUNCATE ON customer
    FOR EACH STATEMENT EXECUTE FUNCTION search_stamp_bump();
CREATE TRIGGER search_stamp_contact AFTER INSERT OR UPDATE OR DELETE ON contact
    FOR EACH STATEMENT EXECUTE FUNCTION search_stamp_bump();
CREATE TRIGGER search_stamp_contact_truncate AFTER TRUNCATE ON contact
    FOR EACH STATEMENT EXECUTE FUNCTION search_stamp_bump();

CREATE FUNCTION search_stamp_visit() RETURNS trigger AS $$
DECLARE
    before DATE;
BEGIN
    SELECT last_visit INTO before FROM search_visit WHERE customer_id = NEW.customer_id;
    IF NEW.last_visit IS DISTINCT FROM before THEN
        PERFORM search_stamp_bump_now();
        INSERT INTO search_visit (customer_id, last_visit) VALUES (NEW.customer_id, NEW.last_visit)
            ON CONFLICT (customer_id) DO UPDATE SET last_visit = EXCLUDED.last_visit;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER search_stamp_visit AFTER INSERT OR UPDATE OF last_visit, customer_id ON customer_stats
    FOR EACH ROW EXECUTE FUNCTION search_stamp_visit();

CREATE FUNCTION search_stamp_visit_truncate() RETURNS trigger AS $$
BEGIN
    DELETE FROM search_visit;
    PERFORM search_stamp_bump_now();
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER search_stamp_visit_truncate AFTER TRUNCATE ON customer_stats
    FOR EACH STATEMENT EXECUTE FUNCTION search_stamp_visit_truncate();
