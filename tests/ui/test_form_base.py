"""The one form base (screens/forms/base.py), through a real form (the target form): escape
closes an untouched form at once and asks before discarding typed text, ctrl+s saves, a wrong
value is named while it is typed, the focused field is visibly marked in both themes, and the
hint line shows the form's own keys."""
from __future__ import annotations

from contextlib import asynccontextmanager

from textual.widgets import Input, Label

from salesterm.screens.forms.base import DiscardConfirm, FormResult, Outcome, guarded
from salesterm.screens.forms.target import TargetFormScreen
from salesterm.widgets.fields import ValidatedField
from salesterm.widgets.key_bar import KeyBar
from tests.ui import make_app, seeded_db
from tests.ui.conftest import until


@asynccontextmanager
async def _target_form(tmp_path):
    """(pilot, form, results): the target form open over the app; results get what it dismisses with."""
    app = make_app(seeded_db(tmp_path, 3))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        results: list = []
        form = TargetFormScreen("王伟", 2026, sales=100_00, collections=50_00)
        app.push_screen(form, results.append)
        await until(pilot)
        assert app.screen is form
        yield pilot, form, results


async def test_escape_closes_an_untouched_form_at_once(tmp_path):
    async with _target_form(tmp_path) as (pilot, form, results):
        app = pilot.app
        await pilot.press("escape")
        await until(pilot)
        assert app.screen is not form and results == [False]


async def test_escape_asks_before_discarding_typed_text(tmp_path):
    async with _target_form(tmp_path) as (pilot, form, results):
        app = pilot.app
        await pilot.press("end", *"5")
        await pilot.press("escape")
        await until(pilot)
        assert isinstance(app.screen, DiscardConfirm) and results == []
        await pilot.press("n")  # keep editing: back in the form, nothing lost
        await until(pilot)
        assert app.screen is form and form.query_one("#target-sales", Input).value == "100.005"
        await pilot.press("escape")
        await until(pilot)
        assert isinstance(app.screen, DiscardConfirm)
        await pilot.press("escape")  # escape on the question also keeps editing
        await until(pilot)
        assert app.screen is form
        await pilot.press("escape", "y")
        await until(pilot)
        assert app.screen is not form and results == [False]


async def test_ctrl_s_saves(tmp_path):
    async with _target_form(tmp_path) as (pilot, form, results):
        app = pilot.app
        form.query_one("#target-sales", Input).value = "1200"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert results == [True] and app.screen is not form
        from salesterm.store.sales import targets

        year = [row for row in targets.progress("王伟", 2026) if row.month == 0][0]
        assert year.sales_target == 1200_00


async def test_a_wrong_value_is_named_while_typing(tmp_path):
    async with _target_form(tmp_path) as (pilot, form, results):
        app = pilot.app
        field = form.query_one("#field-collections", ValidatedField)
        await pilot.press("tab")  # to the collections box
        assert field.input.has_focus
        await pilot.press("end", *"x")
        await until(pilot)
        assert field.has_class("-invalid") and field.input.has_class("-invalid")
        assert "not a number" in str(field.query_one(".field-error").render())
        assert field.query_one(".field-error").display
        assert results == []  # nothing saved, nothing pressed but letters
        await pilot.press("ctrl+s")  # refused; the status names the field
        await until(pilot)
        status = str(form.query_one("#form-status").render())
        assert status.startswith("Not saved: 1 field needs fixing") and "Collections (yuan): " in status
        assert results == [] and app.screen is form and field.input.has_focus


async def test_the_focused_field_is_marked_in_both_themes(tmp_path):
    async with _target_form(tmp_path) as (pilot, form, results):
        app = pilot.app
        for theme in ("salesterm-dark", "salesterm-light"):
            app.theme = theme
            await until(pilot)
            sales = form.query_one("#field-sales", ValidatedField)
            other = form.query_one("#field-collections", ValidatedField)
            assert app.focused is sales.input and sales.has_pseudo_class("focus-within")
            assert not other.has_pseudo_class("focus-within")
            assert sales.input.styles.background != other.input.styles.background
            mark, plain = sales.query_one(Label).styles, other.query_one(Label).styles
            assert mark.color != plain.color and mark.text_style.bold and not plain.text_style.bold


async def test_the_hint_line_shows_the_forms_own_keys(tmp_path):
    async with _target_form(tmp_path) as (pilot, form, results):
        hint = str(form.query_one("#form-hint", KeyBar).render())
        assert "Save" in hint and "Cancel" in hint and "Quit" not in hint


def test_store_calls_come_back_as_one_result_type():
    from salesterm.domain.errors import UserError

    def refuse():
        raise UserError("no")

    assert guarded(lambda: 7) == FormResult(Outcome.SAVED, 7) and guarded(lambda: 7).ok
    result = guarded(refuse)
    assert result.kind is Outcome.ERROR and result.value == "no" and not result.ok
    asked = FormResult(Outcome.CONFIRM, ["am"])
    assert guarded(lambda: asked) is asked  # a call that answers with a result is passed through
