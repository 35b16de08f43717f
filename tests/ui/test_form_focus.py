"""What every form gets from its base (screens/forms/base.py), tried the way a user types: the new
deal form filled by keys after picking its customer (values land in the field they were typed
for), the messages that appear and go away while typing (all of them at once, and a status line
that counts them), the focus mark that follows tab in both themes, and a focused row scrolled
into view on a small terminal."""
from __future__ import annotations

from textual.color import Color
from textual.widgets import Label

from salesterm.app import SalesTermApp
from salesterm.store.models import Deal
from salesterm.widgets.fields import ValidatedField
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui import make_app, seeded_db
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill

IDS: dict[str, str] = {}


def _build():
    IDS["yh"] = customer("永辉超市", grade="B", city="宁波").id
    customer("永和豆浆", grade="C", city="杭州")


def _pipeline(tmp_path, size=(120, 40)):
    path = str(tmp_path / "deal.db")
    fill(path, _build)
    return SalesTermApp(db=path, today=TODAY, start="pipeline", lang="en"), size


def _status(form) -> str:
    return str(form.query_one("#form-status").render())


def _error(form, name: str) -> str:
    field = form.query_one(f"#field-{name}", ValidatedField)
    shown = field.query_one(".field-error")
    return str(shown.render()) if shown.display and field.has_class("-invalid") else ""


async def test_new_deal_by_keys_values_land_in_their_fields(tmp_path):
    app, size = _pipeline(tmp_path)
    async with app.run_test(size=size) as pilot:
        await until(pilot)
        await pilot.press("n")
        await until(pilot)
        form = app.screen
        await pilot.press(*"yhcs")  # 永辉超市 by its initials
        await until(pilot, lambda: form.query_one("#picker-options").option_count > 0)
        # enter picks, and the keys typed right after it go on into the next fields, tab by tab
        await pilot.press("enter", *"Oil", "tab", *"50000", "tab", *"2027-01-15")
        await until(pilot)
        assert form.customer_id == IDS["yh"]
        assert form.query_one("#picker-input").value == "永辉超市"
        assert [form.query_one(f"#{i}").value for i in ("deal-title", "deal-amount", "deal-close")] == [
            "Oil", "50000", "2027-01-15"]
        assert _status(form) == "" and not form.query_one("#picker-options").display
        # tab and shift+tab never land in the (now empty) list of matches
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is form.query_one("#deal-title")
        await pilot.press("shift+tab")
        assert app.focused is form.query_one("#picker-input")
        await pilot.press("tab")
        assert app.focused is form.query_one("#deal-title")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
        saved = Deal.get(Deal.title == "Oil")
        assert (saved.customer_id, saved.amount, saved.expected_close.isoformat()) == (
            IDS["yh"], 50000_00, "2027-01-15")


async def test_tab_into_the_matches_then_enter_picks_the_highlighted_one(tmp_path):
    app, size = _pipeline(tmp_path)
    async with app.run_test(size=size) as pilot:
        await until(pilot)
        await pilot.press("n")
        await until(pilot)
        form = app.screen
        await pilot.press(*"永")
        await until(pilot, lambda: form.query_one("#picker-options").option_count == 2)
        await pilot.press("tab")  # into the matches: the first one is highlighted
        options = form.query_one("#picker-options")
        assert app.focused is options and options.highlighted == 0
        second = str(options.get_option_at_index(1).prompt).split()[0]
        await pilot.press("down", "enter", *"Tofu")
        await until(pilot)
        assert form.query_one("#picker-input").value == second
        assert form.query_one("#deal-title").value == "Tofu"


async def test_wrong_values_are_named_as_typed_and_save_is_refused_until_fixed(tmp_path):
    app, size = _pipeline(tmp_path)
    async with app.run_test(size=size) as pilot:
        await until(pilot)
        await pilot.press("n")
        await until(pilot)
        form = app.screen
        await pilot.press(*"yhcs")
        await until(pilot, lambda: form.query_one("#picker-options").option_count > 0)
        # the amount typed into the date field, a word into the amount: both said at once, by the field
        await pilot.press("enter", *"Oil", "tab", *"abc", "tab", *"50000")
        await until(pilot, lambda: _error(form, "close") != "")
        assert "not a number" in _error(form, "amount")
        assert "not a date: 50000" in _error(form, "close")
        assert _status(form).startswith("2 fields need fixing")
        await pilot.press("ctrl+s")  # refused, and says how many
        await until(pilot)
        assert app.screen is form and _status(form).startswith("Not saved: 2 fields need fixing")
        assert app.focused is form.query_one("#deal-amount")  # the first wrong one
        await pilot.press("ctrl+u", *"50000")  # fixed: its message goes, the count follows
        await until(pilot, lambda: _error(form, "amount") == "")
        assert _status(form).startswith("Not saved: 1 field needs fixing") and _error(form, "close")
        await pilot.press("tab", "ctrl+u", *"2027-01-15")
        await until(pilot, lambda: _error(form, "close") == "")
        assert _status(form) == ""
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
        assert Deal.get(Deal.title == "Oil").amount == 50000_00


async def test_the_focus_mark_follows_tab_in_both_themes(tmp_path):
    app = make_app(seeded_db(tmp_path, 3))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("n")  # the customer form
        await until(pilot)
        form = app.screen
        for theme in ("salesterm-dark", "salesterm-light"):
            app.theme = theme
            await until(pilot)
            form.query_one("#input-name").focus()
            await until(pilot)
            await pilot.press("tab")  # the label, the bar and the box move with the focus, not only on a restyle
            await until(pilot)
            name, code = form.query_one("#field-name"), form.query_one("#field-code")
            assert app.focused is code.query_one("Input")
            lit, plain = code.query_one(Label).styles, name.query_one(Label).styles
            assert lit.text_style.bold and not plain.text_style.bold
            assert lit.background != plain.background and lit.color != plain.color
            assert (code.styles.border_left[0], name.styles.border_left[0]) == ("tall", "blank")  # the bar
            bar, accent = code.styles.border_left[1], Color.parse(app.current_theme.accent)
            assert max(abs(a - b) for a, b in zip(bar.rgb, accent.rgb, strict=True)) <= 2


async def test_the_focused_row_and_its_message_are_scrolled_into_view(tmp_path):
    app = make_app(seeded_db(tmp_path, 3))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot)
        await pilot.press("n")
        await until(pilot)
        form = app.screen
        body = form.query_one("#form-body")
        assert body.max_scroll_y > 0  # the form is longer than the screen
        for _ in range(40):
            await pilot.press("tab")
            await until(pilot)
            row = next(n for n in app.focused.ancestors_with_self
                       if isinstance(n, ValidatedField) or n.has_class("form-row") or n is body)
            assert body.content_region.contains_region(row.region), app.focused
        # a wrong value at the bottom edge: its message line is brought into view too
        form.query_one("#input-payday").focus()
        await until(pilot)
        await pilot.press(*"40")
        await until(pilot, lambda: form.query_one("#field-payday").has_class("-invalid"))
        field = form.query_one("#field-payday")
        await until(pilot, lambda: body.content_region.contains_region(field.region))
        assert "1 to 31" in _error(form, "payday")


async def test_note_and_script_fields_are_checked_as_typed(tmp_path):
    from textual.widgets import Select

    from tests.ui.notes_helpers import demo_db

    app = SalesTermApp(db=demo_db(tmp_path / "n.db"), today=TODAY, start="notes", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#notes-table").row_count > 0)
        notes = app.screen
        await pilot.press("n")
        await until(pilot, lambda: app.screen.query_one("#note-title").has_focus)
        form = app.screen
        form.query_one("#note-kind", Select).value = "competitor"
        await until(pilot, lambda: form.query_one("#competitor-fields").display)
        form.query_one("#note-tags").focus()
        await pilot.press(*("x" * 41))  # one tag longer than 40 characters: said under the tags at once
        await until(pilot, lambda: "too long" in _error(form, "tags"))
        assert _status(form).startswith("1 field needs fixing")
        await pilot.press("ctrl+s")  # the empty competitor joins it: both named, save refused
        await until(pilot)
        assert _status(form).startswith("Not saved: 2 fields need fixing")
        assert "competitor" in _error(form, "competitor") and app.screen is form
        assert app.focused is form.query_one("#note-tags")  # the first wrong field, in screen order
        form.query_one("#note-competitor").focus()
        await pilot.press(*"康师傅")
        await until(pilot, lambda: _error(form, "competitor") == "")
        assert _status(form).startswith("Not saved: 1 field needs fixing")
        await pilot.press("escape", "y")
        await until(pilot, lambda: app.screen is notes)
        await pilot.press("p")
        await until(pilot, lambda: type(app.screen).__name__ == "ScriptsScreen")
        await pilot.press("n")
        await until(pilot, lambda: app.screen.query_one("#script-title").has_focus)
        form = app.screen
        await pilot.press("ctrl+s")  # no title: said by the title, not after a trip to the database
        await until(pilot, lambda: "needs a title" in _error(form, "title"))
        await pilot.press(*"Opener")
        await until(pilot, lambda: _error(form, "title") == "" and _status(form) == "")
