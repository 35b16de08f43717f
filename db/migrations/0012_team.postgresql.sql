-- The team server (issue 13), PostgreSQL only: which login is which rep, and the audit trail.
-- Roles, grants, row-level security policies and the audit triggers are set up by
-- salesterm/store/team/schema.apply (run by `salesterm server init`), since roles are
-- cluster-wide and a database may be opened long before it becomes a team server.

CREATE TABLE team_login (
    login TEXT PRIMARY KEY,
    rep_id TEXT NOT NULL REFERENCES rep(id),
    role TEXT NOT NULL CHECK (role IN ('rep', 'manager', 'admin')),
    disabled_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX team_login_rep ON team_login(rep_id);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    login TEXT NOT NULL DEFAULT session_user,
    source TEXT NOT NULL DEFAULT 'app',
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    customer_id TEXT,
    action TEXT NOT NULL,
    field TEXT,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_log_customer ON audit_log(customer_id, at);
