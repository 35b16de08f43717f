"""Merge field by field, undo a merge, undo a deal marked lost (Pilot; issue 11)."""
from __future__ import annotations

import datetime as dt

from salesterm.store.sales import deals
from salesterm.widgets.lazy_table import LazyTable
from salesterm.widgets.stage_board import StageBoard
from tests.ui import make_app, seeded_db, status_text
from tests.ui.conftest import until
from tests.ui.test_customers_archive import _add
from tests.ui.test_pipeline import IDS, _app, _build
from tests.ui.visit_helpers import fill


def _two_files(path: str) -> tuple[str, str]:
    keep = _add(path, name="广州鑫源总店", phone="13911112222", remark="总店")
    lose = _add(path, name="鑫源电子分部乙", phone="020-12345678", address="天河路1号", remark="分部")
    from salesterm.store.db import open_database
    from salesterm.store.models import Contact, Receivable

    db = open_database(path)
    Contact.create(customer=lose, name="陈经理", is_decision_maker=True)
    Receivable.create(customer=lose, number="M-1", issued=dt.date(2026, 11, 1), due=dt.date(2026, 11, 10),
                      amount=300_00)
    db.close()
    return keep, lose


async def _open_merge(app, pilot, keep: str) -> None:
    app.screen.query_one("#customer-search").value = "广州鑫源总店"
    await until(pilot)
    await pilot.press("escape")
    assert app.screen.query_one(LazyTable).current_row.id == keep
    await pilot.press("m")
    await until(pilot)
    app.screen.query_one("#merge-query").value = "鑫源电子分部乙"
    await until(pilot)
    await pilot.press("down", "enter")
    await until(pilot, lambda: app.screen.plan is not None, what="the merge plan")
    await pilot.press("k")
    await until(pilot)


def _file(path: str, customer_id: str):
    from salesterm.store.customers.file import load_file
    from salesterm.store.db import open_database

    db = open_database(path)
    try:
        return load_file(customer_id)
    finally:
        db.close()


async def test_merge_picks_field_by_field_which_value_to_keep(tmp_path):
    path = seeded_db(tmp_path, 50)
    keep, lose = _two_files(path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await _open_merge(app, pilot, keep)
        fields = [row["field"] for row in app.screen.plan["fields"]]
        assert {"name", "phone", "address", "remark", "code"} <= set(fields)
        box = app.screen.query_one("#merge-fields")
        assert box.has_focus
        lines = {f: str(box.get_option_at_index(i).prompt) for i, f in enumerate(fields)}
        assert "▶ 13911112222" in lines["phone"] and "020-12345678" in lines["phone"]
        assert "▶ 天河路1号" in lines["address"]  # the survivor's blank is filled from the other file
        for _ in range(fields.index("phone")):
            await pilot.press("down")
        await pilot.press("space")  # take the other file's phone
        await until(pilot)
        assert "▶ 020-12345678" in str(box.get_option_at_index(fields.index("phone")).prompt)
        await pilot.press("y")
        await until(pilot, lambda: app.screen.__class__.__name__ == "CustomersScreen", what="back on the list")
        assert any("Press u to undo" in str(n.message) for n in app._notifications)
    cf = _file(path, keep)
    assert (cf.profile["name"], cf.profile["phone"], cf.profile["address"], cf.profile["remark"]) == (
        "广州鑫源总店", "020-12345678", "天河路1号", "总店")


async def test_undo_merge_brings_both_files_back_with_their_rows(tmp_path):
    path = seeded_db(tmp_path, 50)
    keep, lose = _two_files(path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await _open_merge(app, pilot, keep)
        await pilot.press("y")
        await until(pilot, lambda: app.screen.__class__.__name__ == "CustomersScreen", what="back on the list")
        assert "1 match (of 51 customers)" in status_text(app)  # the search 广州鑫源总店 still applies
        await pilot.press("u")
        await until(pilot, lambda: "(of 52 customers)" in status_text(app), what="both files listed again")
        assert any("Merge undone" in str(n.message) for n in app._notifications)
    back, kept = _file(path, lose), _file(path, keep)
    assert back.id == lose and [c["name"] for c in back.contacts] == ["陈经理"]
    assert [r["number"] for r in back.receivables] == ["M-1"] and back.profile["address"] == "天河路1号"
    assert kept.contacts == [] and kept.receivables == [] and kept.merges == [] and kept.profile["address"] == ""


async def test_undo_lost_puts_the_card_back(tmp_path):
    path = str(tmp_path / "p.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("d")  # lost
        await until(pilot)
        await pilot.press(*"price", "enter")
        await until(pilot)
        assert deals.get_deal(IDS["ok"]).status == "lost"
        assert any("Press u to undo" in str(n.message) for n in app._notifications)
        await pilot.press("u")
        await until(pilot)
        d = deals.get_deal(IDS["ok"])
        assert (d.stage, d.status, d.lost_reason) == ("prepare", "open", "")
        assert [h.to_stage for h in deals.history(d.id)] == ["prepare"]
        board = app.screen.query_one(StageBoard)
        assert board.selected().deal_id == IDS["ok"] and board.selected().stage == "prepare"
        assert any("back at" in str(n.message) for n in app._notifications)
