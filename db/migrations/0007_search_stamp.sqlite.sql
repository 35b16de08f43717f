-- The search index's change stamp (store/search_snapshot.py): a saved index is reused only
-- while this stamp is the one it was built at. Triggers bump it on every write the index
-- depends on, whoever writes (this process, another one, a script): customers, contacts, and
-- a customer's last visit (customer_stats, rewritten by refresh_stats: bumped only when the
-- last visit really changed, as remembered in search_visit). No clocks involved.
CREATE TABLE search_stamp (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL,
    generation BIGINT NOT NULL DEFAULT 0
);
INSERT INTO search_stamp (id, token, generation) VALUES (1, lower(hex(randomblob(16))), 0);

CREATE TABLE search_visit (
    customer_id TEXT PRIMARY KEY,
    last_visit DATE
);
INSERT INTO search_visit (customer_id, last_visit)
    SELECT customer_id, last_visit FROM customer_stats WHERE last_visit IS NOT NULL;

CREATE TRIGGER search_stamp_customer_insert AFTER INSERT ON customer BEGIN
    INSERT INTO search_stamp (id, token, generation) VALUES (1, lower(hex(randomblob(16))), 1)
        ON CONFLICT (id) DO UPDATE SET generation = generation + 1, token = excluded.token;
END;
CREATE TRIGGER search_stamp_customer_update AFTER UPDATE ON customer BEGIN
    INSERT INTO search_stamp (id, token, generation) VALUES (1, lower(hex(randomblob(16))), 1)
        ON CONFLICT (id) DO UPDATE SET generation = generation + 1, token = excluded.token;
END;
CREATE TRIGGER search_stamp_customer_delete AFTER DELETE ON customer BEGIN
    INSERT INTO search_stamp (id, token, generation) VALUES (1, lower(hex(randomblob(16))), 1)
        ON CONFLICT (id) DO UPDATE SET generation = generation + 1, token = excluded.token;
END;
CREATE TRIGGER search_stamp_contact_insert AFTER INSERT ON contact BEGIN
    INSERT INTO search_stamp (id, token, generation) VALUES (1, lower(hex(randomblob(16))), 1)
        ON CONFLICT (id) DO UPDATE SET generation = generation + 1, token = excluded.token;
END;
CREATE TRIGGER search_stamp_contact_update AFTER UPDATE ON contact BEGIN
    INSERT INTO search_stamp (id, token, generation) VALUES (1, lower(hex(randomblob(16))), 1)
        ON CONFLICT (id) DO UPDATE SET generation = generation + 1, token = excluded.token;
END;
CREATE TRIGGER search_stamp_contact_delete AFTER DELETE ON contact BEGIN
    INSERT INTO search_stamp (id, token, generation) VALUES (1, lower(hex(randomblob(16))), 1)
        ON CONFLICT (id) DO UPDATE SET generation = generation + 1, token = excluded.token;
END;

CREATE TRIGGER search_stamp_visit_insert AFTER INSERT ON customer_stats
WHEN COALESCE((SELECT last_visit FROM search_visit WHERE customer_id = NEW.customer_id), '')
     IS NOT COALESCE(NEW.last_visit, '')
BEGIN
    INSERT INTO search_stamp (id, token, generation) VALUES (1, lower(hex(randomblob(16))), 1)
        ON CONFLICT (id) DO UPDATE SET generation = generation + 1, token = excluded.token;
    INSERT OR REPLACE INTO search_visit (customer_id, last_visit) VALUES (NEW.customer_id, NEW.last_visit);
END;
CREATE TRIGGER search_stamp_visit_update AFTER UPDATE OF last_visit, customer_id ON customer_stats
WHEN COALESCE((SELECT last_visit FROM search_visit WHERE customer_id = NEW.customer_id), '')
     IS NOT COALESCE(NEW.last_visit, '')
BEGIN
    INSERT INTO search_stamp (id, token, generation) VALUES (1, lower(hex(randomblob(16))), 1)
        ON CONFLICT (id) DO UPDATE SET generation = generation + 1, token = excluded.token;
    INSERT OR REPLACE INTO search_visit (customer_id, last_visit) VALUES (NEW.customer_id, NEW.last_visit);
END;
