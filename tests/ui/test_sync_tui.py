"""The TUI's team sync (issue 12): the state in the section bar, sync now (F5), the outbox (F6)
and the conflicts screen (F7). A replica that joined an unreachable server needs no PostgreSQL;
the conflict round trip runs against a real hub ($SALESTERM_TEST_PG)."""
from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable

from salesterm.app import SalesTermApp
from salesterm.config import Config
from salesterm.store import db as store_db
from tests.conftest import TODAY
from tests.ui.conftest import until

NOWHERE = "postgresql://nobody@127.0.0.1:1/nowhere"  # nothing listens on port 1: refused at once
QUIET = Config({"sync": {"interval_minutes": 0}})


def _bar(app) -> str:
    return str(app.screen.query_one("SectionBar").render())


def _replica(run_cli, path, server=NOWHERE, customers="3"):
    from salesterm.store.sync import replica

    run_cli("demo", "--customers", customers, db=str(path), check=True)
    store_db.open_database(str(path))
    try:
        replica.join(server, "王伟")
    finally:
        store_db.close_database()


def _sql(path, sql, params=()):
    db = store_db.open_database(str(path))
    try:
        with db.atomic():
            cur = db.execute_sql(sql, params)
            return cur.fetchall() if cur.description else []
    finally:
        store_db.close_database()


async def test_a_file_that_never_joined_shows_no_sync_state(tmp_path, run_cli):
    run_cli("demo", "--customers", "3", db=str(tmp_path / "solo.db"), check=True)
    app = SalesTermApp(db=str(tmp_path / "solo.db"), today=TODAY, config=QUIET)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        assert "⇅" not in _bar(app)
        assert app.sync_state is None


@pytest.mark.parametrize(("lang", "pending", "never"), [("en", "pending", "never synced"), ("zh", "待传", "从未同步")])
async def test_the_section_bar_shows_pending_changes_on_a_replica(tmp_path, run_cli, lang, pending, never):
    db = tmp_path / "laptop.db"
    _replica(run_cli, db)
    count = _sql(db, "SELECT COUNT(*) FROM sync_outbox")[0][0]
    app = SalesTermApp(db=str(db), today=TODAY, config=QUIET, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "⇅" in _bar(app), what="the sync state in the section bar")
        assert f"{count}" in _bar(app) and pending in _bar(app) and never in _bar(app)


async def test_sync_now_with_the_server_down_is_a_notification_and_a_state(tmp_path, run_cli):
    db = tmp_path / "laptop.db"
    _replica(run_cli, db)
    app = SalesTermApp(db=str(db), today=TODAY, config=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "⇅" in _bar(app))
        await pilot.press("f5")
        await until(pilot, lambda: "server down" in _bar(app), what="the failure in the section bar")
        assert type(app.screen).__name__ == "TodayScreen"  # no dialog
        notes = [n.message for n in app._notifications]
        assert any("cannot reach the team server" in m for m in notes)
        assert all("nobody@" not in m or "***" not in m for m in notes)
    # the outbox waited
    assert _sql(db, "SELECT COUNT(*) FROM sync_outbox")[0][0] > 0


async def test_the_outbox_lists_changes_and_discards_a_rejected_one(tmp_path, run_cli):
    db = tmp_path / "laptop.db"
    _replica(run_cli, db)
    _sql(db, "UPDATE customer SET remark = 'zero' WHERE id = (SELECT min(id) FROM customer)")
    _sql(db, "DELETE FROM sync_outbox")
    _sql(db, "UPDATE customer SET remark = 'first' WHERE id = (SELECT min(id) FROM customer)")
    _sql(db, "UPDATE customer SET remark = 'second' WHERE id = (SELECT min(id) FROM customer)")
    _sql(db, "UPDATE sync_outbox SET status = 'rejected', reason = 'a check constraint' "
             "WHERE n = (SELECT min(n) FROM sync_outbox)")
    name = _sql(db, "SELECT name FROM customer ORDER BY id LIMIT 1")[0][0]
    app = SalesTermApp(db=str(db), today=TODAY, config=QUIET)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("f6")
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 2, what="two changes listed")
        table = app.screen.query_one(DataTable)
        first, second = (" ".join(str(c) for c in table.get_row_at(i)) for i in range(2))
        assert "rejected" in first and name in first and "Remark" in first and "zero" in first and "first" in first
        assert "first" in second and "second" in second  # old -> new
        assert "a check constraint" in str(app.screen.query_one("#outbox-reason").render())
        await pilot.press("d")
        await until(pilot, lambda: type(app.screen).__name__ == "ChoicePrompt")
        await pilot.press("down", "enter")  # Discard it
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 1, what="the rejected one gone")
    assert _sql(db, "SELECT status FROM sync_outbox") == [("pending",)]



def _conflict(run_cli, hub_url, tmp_path):
    """Two laptops edit one customer's remark offline; b's sync brings the conflict."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    run_cli("demo", "--customers", "3", db=str(a), check=True)
    run_cli("--rep", "王伟", "sync", "--server", hub_url, db=str(a), check=True)
    run_cli("--rep", "李娜", "sync", "--server", hub_url, db=str(b), check=True)
    for path, text in ((a, "王伟的备注"), (b, "李娜的备注")):
        _sql(path, "UPDATE customer SET remark = ? WHERE id = (SELECT min(id) FROM customer)", (text,))
    run_cli("--rep", "王伟", "sync", db=str(a), check=True)
    out = json.loads(run_cli("--rep", "李娜", "sync", "--json", db=str(b), check=True).stdout)
    assert out["conflicts"] == 1
    return a, b


async def test_conflict_taken_in_the_tui_and_synced_back(tmp_path, run_cli, hub_url):
    from tests.store.sync.support import hub_execute

    _a, b = _conflict(run_cli, hub_url, tmp_path)
    app = SalesTermApp(db=str(b), today=TODAY, config=QUIET, rep="李娜")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "1 conflict" in _bar(app), what="the conflict in the section bar")
        await pilot.press("f7")
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 1)
        shot = app.export_screenshot()  # base, mine and theirs side by side, with who
        assert "王伟的备注" in shot and "李娜的备注" in shot and "王伟" in shot
        await pilot.press("b")  # keep both
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 0, what="the conflict resolved")
        await pilot.press("f5")
        await until(pilot, lambda: not app.sync_running and app.sync_state and app.sync_state.pending == 0
                    and not app.sync_state.failure, what="the resolution synced")
        assert "1 conflict" not in _bar(app)
    remark = hub_execute(hub_url, "SELECT remark FROM customer ORDER BY id LIMIT 1")[0][0]
    assert remark in ("王伟的备注 / 李娜的备注", "李娜的备注 / 王伟的备注")
    assert hub_execute(hub_url, "SELECT status FROM sync_conflict") == [("resolved",)]


async def test_background_sync_runs_on_its_interval(tmp_path, run_cli, hub_url):
    _a, b = _conflict(run_cli, hub_url, tmp_path)
    _sql(b, "UPDATE customer SET remark = 'typed offline' WHERE id = (SELECT max(id) FROM customer)")
    app = SalesTermApp(db=str(b), today=TODAY, config=Config({"sync": {"interval_minutes": 0.01}}))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.sync_state is not None and app.sync_state.pending == 0
                    and app.sync_state.last_sync, what="a background sync")
    from tests.store.sync.support import hub_execute

    assert hub_execute(hub_url, "SELECT count(*) FROM customer WHERE remark = 'typed offline'") == [(1,)]


def _fake_conflict(db, cid: str, n: int = 1) -> None:
    """Conflict records as a pull brings them (written with capture off, as a pulled page is)."""
    _sql(db, "UPDATE sync_site SET applying = 1")
    for i in range(n):
        _sql(db, "INSERT INTO sync_conflict (id, created_at, updated_at, tbl, row_id, field, base, mine, theirs, "
                 "mine_by, theirs_by, mine_at, theirs_at) VALUES (?, '2026-11-29 09:00:00', '2026-11-29 09:00:00', "
                 "'customer', ?, ?, ?, ?, ?, '王伟', '李娜', '2026-11-29 08:00:00', '2026-11-29 07:00:00')",
             (f"k{i}", cid, *(("credit_limit", "100", "200", "300") if i else ("remark", '"a"', '"b"', '"c"'))))
    _sql(db, "UPDATE sync_site SET applying = 0")
    _sql(db, "DELETE FROM sync_outbox")


async def test_conflicts_take_theirs_and_edit_are_ordinary_captured_edits(tmp_path, run_cli):
    db = tmp_path / "laptop.db"
    _replica(run_cli, db)
    cid = _sql(db, "SELECT min(id) FROM customer")[0][0]
    _fake_conflict(db, cid, n=2)
    app = SalesTermApp(db=str(db), today=TODAY, config=QUIET, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "冲突 2" in _bar(app), what="two conflicts in the bar")
        await pilot.press("f7")
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 2)
        await pilot.press("t")  # the remark: take theirs
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 1)
        # the credit limit is money: read in yuan (fen 200 and 300 are 2.00 and 3.00), typed in yuan
        cells = [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)]
        assert "2.00" in cells and "3.00" in cells, cells
        await pilot.press("e")
        await until(pilot, lambda: type(app.screen).__name__ == "TextPrompt")
        prompt = app.screen.query_one("Input")
        assert prompt.value == "2.00"
        prompt.value = ""
        await pilot.press(*"250", "enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ConflictsScreen"
                    and app.screen.query_one(DataTable).row_count == 0, what="both resolved")
        await until(pilot, lambda: "冲突" not in _bar(app) and "待传" in _bar(app), what="the bar follows")
    assert _sql(db, "SELECT remark, credit_limit FROM customer WHERE id = ?", (cid,)) == [("c", 25000)]
    assert _sql(db, "SELECT status FROM sync_conflict ORDER BY id") == [("resolved",), ("resolved",)]
    captured = {(t, json.loads(f).get("status") or json.loads(f).get("remark") or json.loads(f).get("credit_limit"))
                for t, f in _sql(db, "SELECT tbl, fields FROM sync_outbox")}
    assert {("customer", "c"), ("customer", 25000), ("sync_conflict", "resolved")} <= captured


async def test_the_palette_finds_sync_now_by_pinyin(tmp_path, run_cli):
    db = tmp_path / "laptop.db"
    _replica(run_cli, db)
    app = SalesTermApp(db=str(db), today=TODAY, config=QUIET, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "⇅" in _bar(app))
        await pilot.press("ctrl+p")
        await until(pilot, lambda: type(app.screen).__name__ == "CommandPalette")
        await pilot.press(*"tongbu")
        await until(pilot, lambda: "立即同步" in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt),
                    what="立即同步 first in the palette")
        await pilot.press("enter")
        await until(pilot, lambda: app.sync_running or "连不上服务器" in _bar(app), what="a sync started")
        await until(pilot, lambda: "连不上服务器" in _bar(app), what="the server down in the bar")


async def test_the_app_on_the_hub_itself_never_syncs(hub_url):
    app = SalesTermApp(db=hub_url, today=TODAY, config=Config({"server": hub_url, "sync": {"interval_minutes": 0}}))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        assert "⇅" not in _bar(app)
        await pilot.press("f5")
        await until(pilot)
        assert not app.sync_running
        assert any("no team server" in n.message for n in app._notifications)


async def test_a_first_sync_in_the_tui_names_customers_like_the_servers(tmp_path, run_cli, hub_url):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    run_cli("demo", "--customers", "3", db=str(a), check=True)
    run_cli("--rep", "王伟", "sync", "--server", hub_url, db=str(a), check=True)
    name, city = _sql(a, "SELECT name, city FROM customer ORDER BY name LIMIT 1")[0]
    from salesterm.store.customers import create_customer

    store_db.open_database(str(b))
    try:
        create_customer({"name": name, "city": city}, allow_duplicate=True)  # typed on b before the team
    finally:
        store_db.close_database()
    app = SalesTermApp(db=str(b), today=TODAY, config=Config({"server": hub_url, "sync": {"interval_minutes": 0}}))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("f5")
        await until(pilot, lambda: any("like one already on the server" in n.message for n in app._notifications),
                    what="the possible duplicates named")
    assert _sql(b, "SELECT count(*) FROM customer WHERE name = ?", (name,))[0][0] == 2  # nothing merged


async def test_a_second_reversal_of_one_payment_is_shown_in_f7_and_cannot_be_taken_back(tmp_path, run_cli, hub_url):
    """Issue 12: a payment is reversed once. The laptop whose reversal reached the hub second sees
    it in the conflicts screen (who on both sides); taking its own is refused, taking theirs closes it."""
    from salesterm import clock
    from salesterm.store.ledger.receivables import record_payment, reverse_payment

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    run_cli("demo", "--customers", "3", db=str(a), check=True)
    store_db.open_database(str(a))
    cid = _sql_rows_first("SELECT min(id) FROM customer")
    paid = record_payment(cid, amount=4_000, day=clock.today()).id
    store_db.close_database()
    run_cli("--rep", "王伟", "sync", "--server", hub_url, db=str(a), check=True)
    run_cli("--rep", "李娜", "sync", "--server", hub_url, db=str(b), check=True)
    for path in (a, b):
        store_db.open_database(str(path))
        reverse_payment(paid, day=clock.today(), note="退款")
        store_db.close_database()
    for path in (a, b, a):
        run_cli("sync", db=str(path), check=True)
    app = SalesTermApp(db=str(b), today=TODAY, config=QUIET, rep="李娜", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "冲突 1" in _bar(app), what="the conflict in the section bar")
        await pilot.press("f7")
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 1)
        shot = app.export_screenshot()
        assert "李娜" in shot and "王伟" in shot and "1970" not in shot
        await pilot.press("m")  # mine: the payment would be reversed twice
        await until(pilot, lambda: any("只能冲销一次" in str(n.message) for n in app._notifications),
                    what="the refusal")
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("t")
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 0, what="the conflict closed")


def _sql_rows_first(sql: str):
    from salesterm.store.models import database

    return database.execute_sql(sql).fetchone()[0]


@pytest.mark.parametrize(("lang", "table", "field", "live", "deleted", "refusal"), [
    ("en", "price decision", "Deleted", "live", "deleted ", "decided once"),
    ("zh", "价格审批", "删除", "有效", "已删除 ", "只能审批一次")])
async def test_a_later_price_decision_is_shown_in_f7_and_cannot_be_taken_back(tmp_path, hub_url, lang, table, field,
                                                                               live, deleted, refusal):
    """Issue 12: an order's price is decided once (store/sync/decided_once). The laptop whose
    decision reached the hub second sees its rows in the conflicts screen, named in its language;
    taking its own is refused, taking theirs closes them."""
    from salesterm.store.orders import lifecycle
    from tests.store.sync.support import Replica
    from tests.store.sync.test_price_decided_once import _order_waiting

    a, b = Replica(tmp_path / "a.db", "王伟"), Replica(tmp_path / "b.db", "李娜")
    order_id, li, wang = _order_waiting(a)
    a.sync(hub_url)
    b.sync(hub_url)
    with a.open():
        lifecycle.decide_price(order_id, li, "approved")
    with b.open():
        lifecycle.decide_price(order_id, wang, "refused")
    for r in (a, b, a):
        r.sync(hub_url)
    app = SalesTermApp(db=str(b.path), today=TODAY, config=QUIET, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await until(pilot, lambda: app.screen.query(DataTable) and app.screen.query_one(DataTable).row_count == 2,
                    what="the two cancelled decision rows")
        cells = [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)]
        assert cells[1:4] == [table, field, live] and cells[4].startswith(deleted)  # mine live, theirs cancelled
        await pilot.press("m")  # mine: the order's price would be decided twice
        await until(pilot, lambda: any(refusal in str(n.message) for n in app._notifications), what="the refusal")
        assert app.screen.query_one(DataTable).row_count == 2
        await pilot.press("t")
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 1, what="one closed")


def test_the_outbox_and_the_conflicts_read_money_in_yuan():
    from salesterm.screens.sync_conflicts import typed_back
    from salesterm.screens.sync_outbox import as_read

    assert as_read("customer", "credit_limit", 5_000_000) == "50,000.00"
    assert as_read("receivable", "written_off", 14439) == "144.39"
    assert as_read("customer", "payday", 10) == 10 and as_read("customer", "remark", "10") == "10"
    assert typed_back("¥1,234.5", 100, money=True) == 123450 and typed_back("12", 100) == 12
    with pytest.raises(ValueError):
        typed_back("1.234", 100, money=True)


async def test_a_refused_edit_names_the_field_in_the_users_language(tmp_path, run_cli):
    db = tmp_path / "laptop.db"
    _replica(run_cli, db)
    cid = _sql(db, "SELECT min(id) FROM customer")[0][0]
    _sql(db, "UPDATE sync_site SET applying = 1")
    _sql(db, "INSERT INTO sync_conflict (id, created_at, updated_at, tbl, row_id, field, base, mine, theirs, mine_by, "
             "theirs_by, mine_at, theirs_at) VALUES ('k0', '2026-11-29 09:00:00', '2026-11-29 09:00:00', "
             "'customer', ?, 'deleted_at', 'null', 'null', '\"2026-11-29 08:00:00\"', '王伟', '李娜', "
             "'2026-11-29 08:00:00', '2026-11-29 07:00:00')", (cid,))
    _sql(db, "UPDATE sync_site SET applying = 0")
    app = SalesTermApp(db=str(db), today=TODAY, config=QUIET, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await until(pilot, lambda: type(app.screen).__name__ == "ConflictsScreen"
                    and app.screen.query_one(DataTable).row_count == 1)
        await pilot.press("e")
        await until(pilot, lambda: type(app.screen).__name__ == "TextPrompt")
        app.screen.query_one("Input").value = ""
        await pilot.press(*"abc", "enter")
        await until(pilot, lambda: any("需要日期时间" in str(n.message) for n in app._notifications), what="refused")
        (shown,) = [str(n.message) for n in app._notifications if "需要日期时间" in str(n.message)]
        assert shown.startswith("删除 ") and "deleted_at" not in shown, shown
    assert _sql(db, "SELECT status FROM sync_conflict") == [("open",)]


def test_the_conflicts_read_a_deletion_as_live_or_deleted():
    from salesterm.screens.sync_conflicts import _read

    r = {"table": "payment_allocation", "field": "deleted_at", "base": None, "mine": None,
         "theirs": "2026-12-04 15:57:35.123"}
    assert (_read(r, "mine"), _read(r, "theirs"), _read(r, "base")) == ("live", "deleted 2026-12-04 15:57", None)


def test_the_sync_views_name_fields_in_the_users_language():
    from salesterm import i18n
    from salesterm.screens.sync_outbox import field_label

    before = i18n.language()
    try:
        i18n.set_language("zh")
        assert [field_label(t, f) for t, f in (("customer", "remark"), ("customer", "credit_limit"),
                                               ("receivable", "written_off"), ("customer", "merged_into_id"),
                                               ("payment_allocation", "deleted_at"))] == [
            "备注", "信用额度", "核销金额", "合并到", "删除"]
        i18n.set_language("en")
        assert [field_label(t, f) for t, f in (("customer", "remark"), ("customer", "credit_limit"),
                                               ("receivable", "written_off"), ("customer", "merged_into_id"),
                                               ("payment_allocation", "deleted_at"), ("customer", "rep_id"))] == [
            "Remark", "Credit limit", "Written off", "Merged into", "Deleted", "Rep"]
    finally:
        i18n.set_language(before)
