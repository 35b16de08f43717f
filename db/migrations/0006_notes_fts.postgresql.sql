-- Full-text search over feedback notes: trigram GIN indexes (pg_trgm, in postgresql-contrib)
-- serve ILIKE '%...%' of three characters or more; without pg_trgm the same ILIKE still works,
-- only unindexed. Shorter queries use plain ILIKE (store/notes.py).
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm not available: note search runs without a trigram index';
    END;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX note_search_trgm ON note USING gin ('
             || '(title || '' '' || body || '' '' || tags || '' '' || competitor || '' '' || product'
             || ' || '' '' || promotion) gin_trgm_ops)';
    END IF;
END
$$;

CREATE INDEX note_rep_status ON note(rep_id, status, written_on);
CREATE INDEX script_use_visit ON script_use(visit_id);
