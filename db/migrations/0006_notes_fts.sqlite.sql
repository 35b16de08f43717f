-- Full-text search over feedback notes: an FTS5 trigram index (finds any substring of
-- three or more characters, Chinese included). Shorter queries use LIKE (store/notes.py).
CREATE VIRTUAL TABLE note_fts USING fts5(
    title, body, tags, competitor, product, promotion,
    content='note', content_rowid='rowid', tokenize='trigram'
);

INSERT INTO note_fts(rowid, title, body, tags, competitor, product, promotion)
    SELECT rowid, title, body, tags, competitor, product, promotion FROM note;

CREATE TRIGGER note_fts_insert AFTER INSERT ON note BEGIN
    INSERT INTO note_fts(rowid, title, body, tags, competitor, product, promotion)
    VALUES (new.rowid, new.title, new.body, new.tags, new.competitor, new.product, new.promotion);
END;

CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN
    INSERT INTO note_fts(note_fts, rowid, title, body, tags, competitor, product, promotion)
    VALUES ('delete', old.rowid, old.title, old.body, old.tags, old.competitor, old.product, old.promotion);
END;

CREATE TRIGGER note_fts_update AFTER UPDATE ON note BEGIN
    INSERT INTO note_fts(note_fts, rowid, title, body, tags, competitor, product, promotion)
    VALUES ('delete', old.rowid, old.title, old.body, old.tags, old.competitor, old.product, old.promotion);
    INSERT INTO note_fts(rowid, title, body, tags, competitor, product, promotion)
    VALUES (new.rowid, new.title, new.body, new.tags, new.competitor, new.product, new.promotion);
END;

CREATE INDEX note_rep_status ON note(rep_id, status, written_on);
CREATE INDEX script_use_visit ON script_use(visit_id);
