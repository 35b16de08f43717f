"""Today at 80x24 and 120x40 (issue 11): the agenda fits the width (no sideways scrolling), the
detail and key-hint lines stay on screen below a long agenda, and at 120 columns the What column
shows every objective (a long one wraps) while at 80 it is cut with an ellipsis and shown whole
in the detail line."""
from __future__ import annotations

from textual.widgets import DataTable, Static

from salesterm.app import SalesTermApp
from salesterm.store import visits
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill

LONG = ["more_volume", "first_order"]
ADMIN = ["complaint", "inquiry"]


def _build():
    for i in range(30):
        c = customer(f"江门市新兴休闲食品有限公司{i:02d}", grade="ABCD"[i % 4], city="江门")
        visits.plan_visit(c.id, day=TODAY, slot="am" if i % 2 else "pm", sales_objectives=LONG,
                          admin_objectives=ADMIN, reason="节前备货")


def _app(path, lang):
    return SalesTermApp(db=path, today=TODAY, start="today", lang=lang, rep="王伟")


def _on_screen(app, widget) -> bool:
    region = widget.region
    return region.height > 0 and region.bottom <= app.size.height - 1  # above the footer


async def _check(path, lang, size):
    app = _app(path, lang)
    async with app.run_test(size=size) as pilot:
        table = app.screen.query_one("#agenda", DataTable)
        await until(pilot, lambda: table.row_count == 30, what="the agenda")
        await until(pilot)
        assert table.virtual_size.width <= table.size.width, "the agenda scrolls sideways"
        detail = app.screen.query_one("#today-detail", Static)
        assert _on_screen(app, detail)
        text = str(detail.render())
        what = "More volume, First order, Handle a complaint, Answer an inquiry" if lang == "en" \
            else "增加订货量、首次订货、处理投诉、答复询问"
        assert what in text and "节前备货" in text  # the selected row's What and detail, whole
        assert ("enter log" if lang == "en" else "回车 记录") in text  # the key hint
        cells = [str(c) for c in table.get_row_at(0)]
        return cells, what


async def test_today_at_80x24_cuts_what_and_keeps_the_detail_and_hint_lines(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    for lang in ("en", "zh"):
        cells, what = await _check(path, lang, (80, 24))
        assert what not in cells and any(c.endswith("…") for c in cells)


async def test_today_at_120x40_gives_what_the_width_it_needs(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    for lang in ("en", "zh"):
        cells, what = await _check(path, lang, (120, 40))
        assert what in cells  # whole: wider than its column in English, it wraps
        assert any(c.startswith("江门市新兴休闲食品") for c in cells)
