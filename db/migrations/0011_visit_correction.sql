-- Corrections of logged visits (issue 11): a logged visit's notes, outcome and "complaint
-- handled" can be corrected; each correction keeps what it replaced (before) and what it wrote
-- (after), as JSON objects of the changed fields, with who and when.
CREATE TABLE visit_correction (
    id TEXT PRIMARY KEY,
    visit_id TEXT NOT NULL REFERENCES visit(id),
    rep_id TEXT REFERENCES rep(id),
    corrected_at TIMESTAMP NOT NULL,
    before TEXT NOT NULL DEFAULT '{}',
    after TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX visit_correction_visit ON visit_correction(visit_id, corrected_at);
