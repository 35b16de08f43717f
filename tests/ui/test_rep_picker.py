"""The customer form's rep field (Pilot): only an existing rep, found by name or pinyin; an unknown
name is an error naming the closest reps, saving is refused and no rep is created."""
from __future__ import annotations

from salesterm.screens.forms.customer import CustomerFormScreen
from tests.ui import make_app, seeded_db
from tests.ui.conftest import until


def _reps(path: str) -> list[str]:
    from salesterm.store.db import open_database
    from salesterm.store.reps import rep_names

    db = open_database(path)
    try:
        return rep_names()
    finally:
        db.close()


def _field_text(form, field: str, part: str) -> str:
    return str(form.query_one(f"#field-{field} .field-{part}").render())


async def test_an_unknown_rep_is_refused_with_the_closest_names_and_never_created(tmp_path):
    path = seeded_db(tmp_path, 10)
    before = _reps(path)
    known = before[0]
    typo = known[:-1] + ("甲" if known[-1] != "甲" else "乙")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, CustomerFormScreen))
        form = app.screen
        await until(pilot, lambda: form.query_one("#field-rep").names is not None, what="the reps loaded")
        form.query_one("#input-name").value = "新开张商行"
        form.query_one("#input-rep").value = typo
        await until(pilot, lambda: "no rep called" in _field_text(form, "rep", "error"))
        assert known in _field_text(form, "rep", "error")
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen is form  # refused: the form stays open with what was typed
    assert _reps(path) == before


async def test_the_rep_is_picked_by_pinyin_with_enter(tmp_path):
    from salesterm.domain.textkeys import pinyin_variants

    path = seeded_db(tmp_path, 10)
    known = _reps(path)[0]
    initials = pinyin_variants(known)[1][0]
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, CustomerFormScreen))
        form = app.screen
        await until(pilot, lambda: form.query_one("#field-rep").names is not None, what="the reps loaded")
        form.query_one("#input-rep").focus()
        form.query_one("#input-rep").value = initials
        await until(pilot, lambda: known in _field_text(form, "rep", "hint"))
        await pilot.press("enter")
        await until(pilot, lambda: form.query_one("#input-rep").value == known)
        assert app.screen is form and _field_text(form, "rep", "error") == ""
