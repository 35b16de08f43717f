"""The customer file (Pilot): every tab, its keys, the forms they open, and closing."""
from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, TabbedContent

from salesterm.screens.customer_file import TABS, CustomerFileScreen
from tests.ui import TODAY, make_app, seeded_db
from tests.ui.conftest import until


def _rich_customer(path: str) -> str:
    from salesterm.store import customers, stats
    from salesterm.store.db import open_database
    from salesterm.store.models import (
        CollectionAttempt,
        Contact,
        Deal,
        DealStageChange,
        Note,
        Payment,
        Promise,
        Receivable,
        TradeLine,
        Visit,
    )

    db = open_database(path)
    c = customers.create_customer({
        "name": "广州鑫源电子经营部", "code": "GZ-9", "kind": "经销商", "economic_nature": "民营",
        "scale": "员工30人", "network_coverage": "天河、海珠两区", "main_performance": "年销800万",
        "credit_standing": "良好", "manager_background": "做了十年电子批发", "credit_limit": "50,000",
        "payday": "15", "no_morning_collection": "是", "tags": "重点 老客户", "address": "天河路1号",
        "phone": "020-87654321", "city": "广州", "man_money": "yes", "man_authority": "yes", "man_need": "yes",
        "grade_factors": {"credit_standing": 5, "business_scale": 5, "staff_quality": 4, "storage_capacity": 4,
                          "transport_capacity": 4, "internal_management": 4, "network_coverage": 4},
        "grade_override": "B", "grade_override_reason": "回款慢",
    }, rep="王伟")
    Contact.create(customer=c.id, name="陈经理", title="总经理", is_decision_maker=True)
    Contact.create(customer=c.id, name="小李", title="采购")
    deal = Deal.create(customer=c.id, title="年度供货", stage="presentation", amount=80_000_00)
    DealStageChange.create(deal=deal.id, from_stage=None, to_stage="preparation",
                           changed_at=TODAY - timedelta(days=20))
    DealStageChange.create(deal=deal.id, from_stage="preparation", to_stage="presentation",
                           changed_at=TODAY - timedelta(days=5), note="样品满意")
    Visit.create(customer=c.id, planned_date=TODAY - timedelta(days=5), status="done", outcome="介绍新品")
    Visit.create(customer=c.id, planned_date=TODAY + timedelta(days=3), status="planned")
    TradeLine.create(customer=c.id, day=TODAY - timedelta(days=30), product="电源适配器", quantity=100,
                     amount=5_000_00)
    Receivable.create(customer=c.id, number="SO-777", issued=TODAY - timedelta(days=40),
                      due=TODAY - timedelta(days=10), amount=5_000_00, paid=1_000_00)
    Payment.create(customer=c.id, day=TODAY - timedelta(days=8), amount=1_000_00, method="转账")
    Promise.create(customer=c.id, made_on=TODAY - timedelta(days=2), promised_date=TODAY + timedelta(days=5),
                   amount=2_000_00)
    CollectionAttempt.create(customer=c.id, day=TODAY - timedelta(days=2), outcome="promised")
    Note.create(customer=c.id, written_on=TODAY - timedelta(days=1), title="竞品降价", body="某品牌降价5%")
    stats.refresh_stats([c.id])
    db.close()
    return c.id


async def _open(pilot, customer_id: str) -> CustomerFileScreen:
    pilot.app.open_customer(customer_id)
    await until(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CustomerFileScreen)
    return screen


def _cells(screen, table_id: str) -> list[list[str]]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_profile_shows_every_archive_field(tmp_path):
    path = seeded_db(tmp_path, 20)
    cid = _rich_customer(path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, cid)
        text = str(screen.query_one("#profile-text").render())
        for want in ("广州鑫源电子经营部", "GZ-9", "Distributor", "Private", "员工30人", "天河、海珠两区", "年销800万",
                     "良好", "做了十年电子批发", "50,000.00", "day 15 of the month", "No morning collection",
                     "重点 老客户", "天河路1号", "020-87654321", "王伟"):
            assert want in text, want
        assert "Credit standing" in text and "★★★★★" in text
        assert "Suggested grade" in text and "A (score 4.50)" in text
        assert "B — 回款慢" in text  # the override and its reason
        assert "Prospect class" in text and "A (M✓ A✓ N✓)" in text
        title = str(screen.query_one("#file-title").render())
        assert "Grade B" in title


async def test_tabs_and_what_they_hold(tmp_path):
    path = seeded_db(tmp_path, 20)
    cid = _rich_customer(path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, cid)
        tabs = screen.query_one(TabbedContent)
        seen = [tabs.active]
        for _ in range(len(TABS) - 1):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            seen.append(tabs.active)
        assert seen == list(TABS)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert tabs.active == "profile"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert tabs.active == "timeline"

        contacts = _cells(screen, "contacts-table")
        assert contacts[0][0] == "陈经理" and "decision maker" in contacts[0][3] and contacts[1][3] == ""
        visits = _cells(screen, "visits-table")
        assert [v[0] for v in visits] == [str(TODAY + timedelta(days=3)), str(TODAY - timedelta(days=5))]
        assert "年度供货" in _cells(screen, "deals-table")[0][0]
        history = str(screen.query_one("#deal-history").render())
        assert "样品满意" in history and "→" in history
        assert _cells(screen, "trade-table")[0][2] == "电源适配器"
        receivable = _cells(screen, "receivables")[0]
        assert receivable[0] == "SO-777" and receivable[-1] == "4,000.00"
        assert _cells(screen, "payments")[0][1] == "1,000.00"
        assert len(_cells(screen, "promises")) == 2
        summary = str(screen.query_one("#money-summary").render())
        assert "Overdue 4,000.00" in summary and "no collection in the morning" in summary
        assert _cells(screen, "notes-table")[0][2] == "竞品降价"
        timeline = _cells(screen, "timeline-table")
        days = [row[0] for row in timeline]
        assert days == sorted(days) and len(timeline) >= 10
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CustomerFileScreen)


async def test_tab_keys_open_the_forms(tmp_path):
    path = seeded_db(tmp_path, 20)
    cid = _rich_customer(path)
    app = make_app(path)
    expected = {
        ("contacts", "n"): "ContactFormScreen", ("contacts", "e"): "ContactFormScreen",
        ("profile", "e"): "CustomerFormScreen", ("visits", "n"): "PlanVisitScreen",
        ("visits", "l"): "LogVisitScreen", ("deals", "n"): "DealFormScreen", ("deals", "e"): "DealFormScreen",
        ("notes", "n"): "NoteFormScreen", ("money", "p"): "RecordPaymentScreen",
        ("money", "d"): "RecordDeliveryScreen", ("money", "v"): "ReversePaymentScreen",
        ("money", "w"): "WriteOffScreen", ("money", "o"): "PromiseScreen", ("money", "t"): "AttemptScreen",
    }
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, cid)
        for (tab, key), name in expected.items():
            screen.query_one(TabbedContent).active = tab
            await until(pilot)
            await pilot.press(key)
            await until(pilot)
            assert type(app.screen).__name__ == name, (tab, key)
            app.screen.dismiss(None)
            await until(pilot)
            assert app.screen is screen


async def test_contact_added_from_the_file_shows_up(tmp_path):
    path = seeded_db(tmp_path, 20)
    cid = _rich_customer(path)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, cid)
        screen.query_one(TabbedContent).active = "contacts"
        await until(pilot)
        await pilot.press("n")
        await until(pilot)
        form = app.screen
        form.query_one("#input-name").value = "王会计"
        form.query_one("#input-phone").value = "12345"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen is form
        assert "phone" in str(form.query_one("#field-phone .field-error").render()).lower()
        form.query_one("#input-phone").value = "13912345678"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen is screen
        assert "王会计" in [row[0] for row in _cells(screen, "contacts-table")]


async def test_x_exports_the_tab_shown(tmp_path):
    import csv

    from textual.widgets import Input

    path = seeded_db(tmp_path, 20)
    cid = _rich_customer(path)
    app = make_app(path)
    out = tmp_path / "visits.csv"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, cid)
        tabs = screen.query_one(TabbedContent)
        while tabs.active != "visits":
            await pilot.press("right_square_bracket")
            await pilot.pause()
        shown = _cells(screen, "visits-table")
        titles = [c.label.plain for c in screen.query_one("#visits-table", DataTable).ordered_columns]
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        assert "visits" in app.screen.focused.value
        app.screen.focused.value = str(out)
        await pilot.press("enter")
        await until(pilot, lambda: out.exists())
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [t for t in titles if t.strip()]  # the tab's own columns, not another tab's
    assert [r[0] for r in rows[1:]] == [v[0] for v in shown] and len(rows) == len(shown) + 1
