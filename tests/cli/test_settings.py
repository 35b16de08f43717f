"""`salesterm settings`: the team's receivables_source, read and set; a delivery then bills or
not (in-process on both backends; a subprocess for the exit code of a wrong setting)."""
from __future__ import annotations

import json
from datetime import date


def test_receivables_source_is_set_and_deliveries_follow_it(run_cli, db_url):
    from salesterm.store.db import open_database
    from salesterm.store.models import Receivable
    from salesterm.store.orders import lifecycle, placing
    from salesterm.store.orders.placing import LineInput
    from tests.store.orders.fixtures import priced_shop

    assert json.loads(run_cli("settings", "--json", db=db_url, check=True).stdout) == {
        "receivables_source": "orders"}
    out = run_cli("settings", "receivables_source", "import", db=db_url, check=True).stdout
    assert "receivables_source = import" in out
    open_database(db_url)
    c, oil, _peanut = priced_shop()
    order = placing.place_order(c.id, [LineInput(oil.id, 2)], date(2026, 11, 2))
    lifecycle.deliver(order.order_id, date(2026, 11, 3))
    assert not Receivable.select().where(Receivable.order_id == order.order_id).exists()  # billed by accounting


def test_an_unknown_setting_or_value_is_one_clear_line(run_subprocess, tmp_path):
    db = str(tmp_path / "s.db")
    bad = run_subprocess("settings", "receivables_source", "bogus", db=db)
    assert bad.returncode == 1 and "bogus" in bad.stderr and "Traceback" not in bad.stderr
    unknown = run_subprocess("--lang", "zh", "settings", "nope", "x", db=db)
    assert unknown.returncode == 1 and "没有设置项 nope" in unknown.stderr
