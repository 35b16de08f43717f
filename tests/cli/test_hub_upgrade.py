"""A team server upgraded by the normal route (a newer salesterm opens it as its owner: the
migrations run) gets this salesterm's own SQL too, not only on `server init`: the faster audit
trigger (one INSERT ... SELECT for an update's fields), the capture function (store/sync/hub_upgrade).
A rep's login never installs anything and its sync goes on."""
from __future__ import annotations

import json

import psycopg
import pytest

from salesterm.store.sync import hub_schema, hub_upgrade
from tests.store.team_fixtures import make_team

# the audit trigger before commit 99aaed2: one INSERT per changed field, in a loop
OLD_AUDIT = """CREATE OR REPLACE FUNCTION salesterm_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN '{}'::jsonb ELSE to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN '{}'::jsonb ELSE to_jsonb(NEW) END;
    k text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        FOR k IN SELECT jsonb_object_keys(new_row) LOOP
            IF new_row->k IS DISTINCT FROM old_row->k THEN
                INSERT INTO audit_log (login, source, table_name, row_id, action, field, old_value, new_value)
                VALUES (session_user, 'app', TG_TABLE_NAME, new_row->>'id', 'update', k, old_row->>k, new_row->>k);
            END IF;
        END LOOP;
    END IF;
    RETURN NULL;
END $$"""
NEW_CAPTURE_TEST = "unnest(TG_ARGV)"  # the capture function's test for a derived column (a touch syncs)
_SKIP_TOUCH = """IF diff - 'updated_at' = '{}'::jsonb THEN
                RETURN NULL;
            END IF;
"""  # the capture before issue 12's last round: a write of updated_at alone never logged
OLD_CAPTURE = (hub_schema.CAPTURE_FUNCTION.split("-- a write of updated_at alone")[0] + _SKIP_TOUCH
               + hub_schema.CAPTURE_FUNCTION.split("RETURN NULL;\n            END IF;\n", 1)[1])


@pytest.fixture
def fresh_team():
    yield from make_team()


def _source(conn, fn: str) -> str:
    return conn.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [fn]).fetchone()[0]


def _make_old(url: str) -> None:
    """The server as the salesterm before migration 0025 left it: its old functions, no fingerprint."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(OLD_AUDIT)
        conn.execute(OLD_CAPTURE)
        conn.execute("ALTER TABLE sync_hub DROP COLUMN functions")
        conn.execute("DELETE FROM schema_version WHERE version = 25")
        assert "LOOP" in _source(conn, "salesterm_audit") and NEW_CAPTURE_TEST not in _source(
            conn, "salesterm_sync_capture")


def test_a_server_upgraded_by_opening_it_gets_the_faster_audit_trigger(fresh_team, run_cli, tmp_path):
    team = fresh_team
    run_cli("server", "init", team.admin_url, check=True)
    with psycopg.connect(team.admin_url) as conn:
        assert conn.execute("SELECT functions FROM sync_hub").fetchone()[0] == hub_upgrade.fingerprint()
    _make_old(team.admin_url)
    laptop = str(tmp_path / "wang.db")
    refused = run_cli("sync", "--server", team.url("王伟"), db=laptop)
    assert refused.returncode != 0  # the server is a migration behind this laptop: upgrade it first
    run_cli("aging", "--json", db=team.admin_url, check=True)  # the owner opens it: the migrations run
    with psycopg.connect(team.admin_url) as conn:
        assert "LOOP" not in _source(conn, "salesterm_audit") and "jsonb_each(new_row)" in _source(
            conn, "salesterm_audit")
        assert NEW_CAPTURE_TEST in _source(conn, "salesterm_sync_capture")
        assert conn.execute("SELECT functions FROM sync_hub").fetchone()[0] == hub_upgrade.fingerprint()
        # the audit trail as the new trigger writes it: the customer's id on each entry
        cid = team.customers["王伟"]
        conn.execute("UPDATE customer SET remark = 'upgraded', address = '新地址' WHERE id = %s", [cid])
        rows = conn.execute("SELECT field, customer_id FROM audit_log WHERE row_id = %s AND action = 'update'",
                            [cid]).fetchall()
        assert sorted(rows) == [("address", cid), ("remark", cid)]
        conn.commit()
    done = json.loads(run_cli("sync", "--server", team.url("王伟"), "--json", db=laptop, check=True).stdout)
    assert done["pulled"] > 0


def test_a_reps_sync_never_installs_and_goes_on(fresh_team, run_cli, tmp_path):
    team = fresh_team
    run_cli("server", "init", team.admin_url, check=True)
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        conn.execute(OLD_AUDIT)
        conn.execute("UPDATE sync_hub SET functions = 'an older salesterm'")
    with team.connect("王伟") as rep:
        assert hub_upgrade.ensure(rep) is False  # not the tables' owner
    run_cli("sync", "--server", team.url("王伟"), db=str(tmp_path / "wang.db"), check=True)
    with psycopg.connect(team.admin_url) as conn:
        assert "LOOP" in _source(conn, "salesterm_audit")
        assert conn.execute("SELECT functions FROM sync_hub").fetchone()[0] == "an older salesterm"
