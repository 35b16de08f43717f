"""Pilot tests of the money forms: delivery over the credit limit, reversal, write-off, attempts."""
from __future__ import annotations

from salesterm.screens.forms.money import AttemptScreen, RecordDeliveryScreen, ReversePaymentScreen, WriteOffScreen
from tests.conftest import TODAY
from tests.ui.collections_helpers import fill, make_app, table_rows, type_into
from tests.ui.conftest import until

ROWS = [("[red]鑫源商行", "王伟", 20, 800_00, {"credit_limit": "1000"})]


async def _open(pilot, app, form):
    results = []
    app.push_screen(form, results.append)
    await until(pilot)
    return results


def _status(app) -> str:
    return str(app.screen.query_one("#form-status").render())


async def test_delivery_over_the_credit_limit_asks_first(tmp_path):
    ids = fill(tmp_path / "c.db", ROWS)
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        results = await _open(pilot, app, RecordDeliveryScreen(ids["[red]鑫源商行"]))
        form = app.screen
        assert "[red]鑫源商行" in str(form.query_one("#form-title").render())
        assert form.query_one("#input-number").value.startswith("SO-20261129-")
        await type_into(pilot, "amount", "300")
        await until(pilot)
        assert "Over the credit limit: 1,100.00 owed against a limit of 1,000.00" in str(
            form.query_one("#credit-warning").render())
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen is form and "Press ctrl+s again" in _status(app)
        await pilot.press("ctrl+s")
        await until(pilot)
        assert results == [True]
        from salesterm.store.ledger import receivables as ledger

        assert ledger.open_balance(ids["[red]鑫源商行"]) == 1_100_00


async def test_delivery_refuses_bad_dates_and_keeps_the_text(tmp_path):
    ids = fill(tmp_path / "c.db", ROWS)
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        results = await _open(pilot, app, RecordDeliveryScreen(ids["[red]鑫源商行"]))
        await type_into(pilot, "due", "2026-02-30")
        await type_into(pilot, "amount", "10")
        await until(pilot)
        assert "no such date" in str(app.screen.query_one("#field-due .field-error").render())
        await pilot.press("ctrl+s")
        await until(pilot)
        assert results == [] and "Due: no such date" in _status(app)  # the status names the field
        assert app.screen.query_one("#input-due").value == "2026-02-30"
        await pilot.press("escape")  # typed text: escape asks first, y discards it
        await until(pilot)
        await pilot.press("y")
        await until(pilot)
        assert results == [None]


async def test_reversal_needs_a_reason_and_restores_the_balance(tmp_path):
    ids = fill(tmp_path / "c.db", ROWS)
    cid = ids["[red]鑫源商行"]
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        from salesterm.store.ledger import receivables as ledger

        ledger.record_payment(cid, amount=300_00, day=TODAY, method="cheque")
        results = await _open(pilot, app, ReversePaymentScreen(cid))
        await pilot.press("ctrl+s")
        await until(pilot)
        assert results == [] and "Why (required): required" in _status(app)  # names the field
        await type_into(pilot, "note", "支票退票")
        await pilot.press("ctrl+s")
        await until(pilot)
        assert results == [True]
        assert ledger.open_balance(cid) == 800_00
        results = await _open(pilot, app, ReversePaymentScreen(cid))
        assert "no payment that can be reversed" in _status(app)


async def test_write_off_with_a_reason(tmp_path):
    ids = fill(tmp_path / "c.db", ROWS)
    cid = ids["[red]鑫源商行"]
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        results = await _open(pilot, app, WriteOffScreen(cid))
        assert app.screen.query_one("#input-amount").value == "800.00"
        await type_into(pilot, "amount", "900")
        await type_into(pilot, "reason", "客户跑路")
        await pilot.press("ctrl+s")
        await until(pilot)
        assert results == [] and "only 800.00 open" in _status(app)
        await type_into(pilot, "amount", "800")
        await pilot.press("ctrl+s")
        await until(pilot)
        assert results == [True]
        from salesterm.store.models import Receivable

        r = Receivable.get()
        assert (r.written_off, r.write_off_reason) == (800_00, "客户跑路")


async def test_two_missed_collections_logged_escalate(tmp_path):
    ids = fill(tmp_path / "c.db", ROWS)
    cid = ids["[red]鑫源商行"]
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        for outcome in ("not_met", "refused"):
            await pilot.press("l")
            await until(pilot)
            assert isinstance(app.screen, AttemptScreen)
            app.screen.query_one("#select-outcome").value = outcome
            await type_into(pilot, "note", "店里没人")
            await pilot.press("ctrl+s")
            await until(pilot)
        row = table_rows(app.screen)[0]
        assert row[8] == "2 ⚑" and "second missed collection: escalated" in row[-1]
        await pilot.press("l")
        await until(pilot)
        app.screen.query_one("#select-outcome").value = "paid"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert "say how much was paid" in str(app.screen.query_one("#field-amount .field-error").render())
        await type_into(pilot, "amount", "800")
        await pilot.press("ctrl+s")
        await until(pilot)
        assert table_rows(app.screen) == []
        from salesterm.store.ledger.attempts import attempts

        assert [a["outcome"] for a in attempts(cid)] == ["paid", "refused", "not_met"]


async def test_the_queue_in_chinese(tmp_path):
    fill(tmp_path / "c.db", [("鑫源商行", "王伟", 122, 800_00, {})])
    app = make_app(tmp_path / "c.db", lang="zh")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        table = app.screen.query_one("#queue-table")
        headers = [str(c.label) for c in table.columns.values()]
        assert "优先级" in headers and "原因" in headers
        reasons = table_rows(app.screen)[0][-1]
        assert "逾期 122 天" in reasons and "第 5 级跟进到期：坏账评审" in reasons
