"""The team server (PostgreSQL only): roles and row-level security (policies, schema), logins
tied to reps (users), who the user is (identity), customer handover (handover) and the audit
trail (audit). See docs/architecture.md#team-server."""
