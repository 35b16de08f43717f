"""Today's cycle week is the one `plan` gives: the selected rep's, and with all reps shown the
week they share, never a team week none of them is in (issue 11, defect 4)."""
from __future__ import annotations

import datetime as dt
import json

from salesterm.app import SalesTermApp
from salesterm.store.visits import plan
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill

START = dt.date(2026, 11, 16)  # TODAY (2026-11-29) is in the second week from here


def _two_reps(second_start):
    def build():
        customer("华联超市", grade="A", rep="王伟")
        customer("永辉超市", grade="B", rep="李娜")
        plan.set_rep_cycle("王伟", anchor=START)
        plan.set_rep_cycle("李娜", anchor=second_start)
    return build


def _head(app) -> str:
    return str(app.screen.query_one("#today-head").render())


async def _shown_head(path, rep):
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en", rep=rep)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "cycle week" in _head(app), what="the header's cycle week")
        return _head(app)


async def test_all_reps_show_the_week_they_share_as_plan_does(tmp_path, run_cli):
    path = str(tmp_path / "t.db")
    fill(path, _two_reps(START))
    for rep in ("王伟", "李娜"):
        data = json.loads(run_cli("plan", "--rep", rep, "--week", TODAY.isoformat(), "--json",
                                  db=path, check=True).stdout)
        assert data["cycle_week"] == 2
        assert "cycle week 2" in await _shown_head(path, rep)
    head = await _shown_head(path, None)
    assert "all reps" in head and "cycle week 2" in head


async def test_all_reps_in_different_weeks_claim_no_team_week(tmp_path, run_cli):
    path = str(tmp_path / "t.db")
    fill(path, _two_reps(START + dt.timedelta(days=7)))
    weeks = [json.loads(run_cli("plan", "--rep", rep, "--week", TODAY.isoformat(), "--json",
                                db=path, check=True).stdout)["cycle_week"] for rep in ("王伟", "李娜")]
    assert weeks == [2, 1]
    head = await _shown_head(path, None)
    assert "cycle weeks vary by rep" in head and "cycle week " not in head
    assert "cycle week 1" in await _shown_head(path, "李娜")
