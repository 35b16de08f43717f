-- The free-text sections of a rep's weekly work report (issue 11): problems met, support needed
-- and next week's focus, written by the rep, one row per rep and week (the Monday), kept with
-- the report (store/reports/weekly_notes.py) and shown in the TUI and `report weekly`.
CREATE TABLE weekly_note (
    id TEXT PRIMARY KEY,
    rep_id TEXT NOT NULL REFERENCES rep(id),
    week_start DATE NOT NULL,
    problems TEXT NOT NULL DEFAULT '',
    support TEXT NOT NULL DEFAULT '',
    focus TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX weekly_note_rep_week ON weekly_note(rep_id, week_start);
