"""What the screens write, read the way a user reads it: a form's label and its amount apart and
the amount grouped like everywhere else, the notes list's kind and status never cut (both
languages), amounts on the target chart's axis written as amounts."""
from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Input, Label
from textual_plotext import PlotextPlot

from salesterm import i18n
from salesterm.app import SalesTermApp
from salesterm.domain import notes_rules
from salesterm.screens.forms.target import TargetFormScreen
from salesterm.widgets.charts import axis_label, axis_ticks
from tests.conftest import TODAY
from tests.ui import make_app, seeded_db
from tests.ui.conftest import until
from tests.ui.notes_helpers import demo_db
from tests.ui.visit_helpers import shown


@pytest.fixture
def restore_language():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_target_form_amounts_are_grouped_and_apart_from_their_labels(tmp_path, lang, restore_language):
    app = make_app(seeded_db(tmp_path, 3), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot)
        results: list = []
        form = TargetFormScreen("王伟", 2026, sales=3_990_000_00, collections=3_670_800_00)
        app.push_screen(form, results.append)
        await until(pilot)
        box = form.query_one("#target-collections", Input)
        assert box.value == "3,670,800.00"  # as the rest of the app writes amounts
        for field in form.query("ValidatedField"):
            label = field.query_one(Label)
            words = str(label.render())
            assert cell_len(words) <= label.content_region.width  # whole, never cut
            # at least one blank cell between the words and the box, whatever the language
            assert label.content_region.right < field.input.region.x
        await pilot.press("ctrl+s")  # the grouped amount reads back as it was
        await until(pilot)
        assert results == [True]
        from salesterm.store.sales import targets

        year = [row for row in targets.progress("王伟", 2026) if row.month == 0][0]
        assert (year.sales_target, year.collections_target) == (3_990_000_00, 3_670_800_00)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_notes_kind_and_status_are_never_cut(tmp_path, lang, size, restore_language):
    path = demo_db(tmp_path / "n.db")
    app = SalesTermApp(db=path, today=TODAY, start="notes", lang=lang)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.screen.query_one("#notes-table", DataTable).row_count > 0)
        table = app.screen.query_one("#notes-table", DataTable)
        widths = {str(c.label): c.width for c in table.columns.values()}
        kinds = [i18n.label(k.zh, k.en) for k in notes_rules.KINDS]
        statuses = [i18n.label(s.zh, s.en) for s in notes_rules.STATUSES]
        assert widths[i18n._("Kind")] >= max(cell_len(k) for k in kinds)
        assert widths[i18n._("Status")] >= max(cell_len(s) for s in statuses)
        assert widths[i18n._("Rep")] >= max(cell_len(r.rep) for r in app.screen.rows)
        shown_cells = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert shown_cells <= set(kinds)  # whole words in the cells
        if size == (120, 40):  # every column on screen at 120 columns
            assert sum(w + 2 for w in widths.values()) <= size[0]


def test_axis_ticks_are_round_and_cover_the_top():
    assert axis_ticks(3_355_800) == [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000]
    assert axis_ticks(558_600)[-1] == 600_000 and axis_ticks(0) == [0.0]
    assert [axis_label(v, "en") for v in (0, 800, 2500, 750_000, 1_500_000, 3_000_000)] == [
        "0", "800", "2.5k", "750k", "1.5M", "3M"]
    assert [axis_label(v, "zh") for v in (0, 2500, 1_000_000, 3_355_800, 150_000_000)] == [
        "0", "2,500", "100万", "335.58万", "1.5亿"]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_target_chart_axis_shows_amounts(tmp_path, lang, restore_language):
    path = demo_db(tmp_path / "t.db")
    app = SalesTermApp(db=path, today=TODAY, start="reports", lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("t")  # the targets screen and its month chart
        await until(pilot, lambda: type(app.screen).__name__ == "TargetsScreen")
        await until(pilot)
        text = shown(app.screen.query_one(PlotextPlot), 120)
        ticks = [line.split("┤")[0].strip() for line in text.splitlines() if "┤" in line]
        assert ticks and ticks[-1] == "0"
        assert all(re.fullmatch(r"[\d.]+[kM]|\d+" if lang == "en" else r"[\d.]+[万亿]|\d+", t) for t in ticks)
        if lang == "zh":  # the axis lines up although plotext counts 万 as one cell
            assert len({cell_len(line.split("┤")[0] + "┤") for line in text.splitlines() if "┤" in line}) == 1
        assert not any(re.fullmatch(r"\d{4,}", t) for t in ticks)  # never a bare 3355800
