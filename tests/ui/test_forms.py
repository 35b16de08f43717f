"""Customer forms (Pilot): live checks with messages by the field, save refused while wrong,
nothing saved by a bad form, the duplicate offer (open / create anyway / merge), editing."""
from __future__ import annotations

from salesterm.screens.customer_file import CustomerFileScreen
from salesterm.screens.forms.customer import CustomerFormScreen
from salesterm.screens.forms.merge import DuplicateOfferScreen
from tests.ui import customer_name, make_app, seeded_db, status_text
from tests.ui.conftest import until


def _count(path: str) -> int:
    from salesterm.store.db import open_database
    from salesterm.store.models import Customer

    db = open_database(path)
    n = Customer.select().where(Customer.deleted_at.is_null()).count()
    db.close()
    return n


def _error(form, field: str) -> str:
    return str(form.query_one(f"#field-{field} .field-error").render())


async def _new_form(pilot) -> CustomerFormScreen:
    await pilot.press("n")
    await until(pilot)
    form = pilot.app.screen
    assert isinstance(form, CustomerFormScreen)
    return form


async def test_bad_fields_are_explained_and_nothing_is_saved(tmp_path):
    path = seeded_db(tmp_path, 30)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        form = await _new_form(pilot)
        form.query_one("#input-name").value = "深圳新客户商行"
        await pilot.press("tab")
        await pilot.press(*"abc")  # into the code field: fine
        bad = {"payday": "40", "phone": "12ab", "credit_limit": "12.345",
               "factor_credit_standing": "9", "grade_override": "E"}
        for field, value in bad.items():
            form.query_one(f"#input-{field}").value = value
        await pilot.pause()
        assert "1 to 31" in _error(form, "payday")  # shown while typing, before any save
        assert "two decimals" in _error(form, "credit_limit")
        assert "1 to 5" in _error(form, "factor_credit_standing")
        assert "A, B, C or D" in _error(form, "grade_override")
        assert _error(form, "phone")
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen is form  # refused
        assert "Not saved: 5 fields need fixing" in str(form.query_one("#form-status").render())
        assert _count(path) == 30
        # what was typed is still there; fix the fields one by one
        assert form.query_one("#input-payday").value == "40"
        for field, value in {"payday": "15", "phone": "0755-86001234", "credit_limit": "12,345.60",
                             "factor_credit_standing": "4", "grade_override": ""}.items():
            form.query_one(f"#input-{field}").value = value
        await pilot.pause()
        assert _error(form, "payday") == ""
        await pilot.press("ctrl+s")
        await until(pilot)
        assert not isinstance(app.screen, CustomerFormScreen)
        assert _count(path) == 31
        assert "31 of 31 customers" in status_text(app)


async def test_override_needs_a_reason_and_suggestion_follows_scores(tmp_path):
    path = seeded_db(tmp_path, 10)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        form = await _new_form(pilot)
        form.query_one("#input-name").value = "评级测试商行"
        for key in ("credit_standing", "business_scale", "staff_quality"):
            form.query_one(f"#input-factor_{key}").value = "5"
        await pilot.pause()
        assert "Suggested grade: A" in str(form.query_one("#suggested-grade").render())
        form.query_one("#input-grade_override").value = "c"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen is form
        assert "reason" in _error(form, "grade_override_reason")
        assert _count(path) == 10


async def test_duplicate_offer_open_create_or_merge(tmp_path):
    path = seeded_db(tmp_path, 30)
    existing = customer_name(7)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        # 1. open the existing file
        form = await _new_form(pilot)
        form.query_one("#input-name").value = existing.replace("号店", " 号店")  # same normalised name
        await pilot.press("ctrl+s")
        await until(pilot)
        assert isinstance(app.screen, DuplicateOfferScreen)
        assert existing in str(app.screen.query_one("OptionList").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await until(pilot)
        assert isinstance(app.screen, CustomerFileScreen) and app.screen.file.profile["name"] == existing
        await pilot.press("escape")
        await until(pilot)
        assert _count(path) == 30
        # 2. create anyway
        form = await _new_form(pilot)
        form.query_one("#input-name").value = existing
        await pilot.press("ctrl+s")
        await until(pilot)
        await pilot.press("c")
        await until(pilot)
        assert _count(path) == 31
        # 3. merge what was typed into the existing file (by phone this time)
        form = await _new_form(pilot)
        form.query_one("#input-name").value = "完全不同的名字"
        form.query_one("#input-phone").value = "13800000009"
        form.query_one("#input-address").value = "解放路9号"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert isinstance(app.screen, DuplicateOfferScreen)
        await pilot.press("m")
        await until(pilot)
        assert _count(path) == 31
        from salesterm.store.db import open_database
        from salesterm.store.models import Customer

        db = open_database(path)
        assert Customer.get_by_id("c0000009").address == "解放路9号"
        db.close()


async def test_edit_keeps_values_and_saves_changes(tmp_path):
    path = seeded_db(tmp_path, 10)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("e")
        await until(pilot)
        form = app.screen
        assert isinstance(form, CustomerFormScreen)
        name = form.query_one("#input-name").value
        assert name and form.query_one("#input-rep").value
        form.query_one("#input-payday").value = "0"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen is form and "1 to 31" in _error(form, "payday")
        form.query_one("#input-payday").value = "10号"
        form.query_one("#input-tags").value = "重点，新品"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert not isinstance(app.screen, CustomerFormScreen)
        await pilot.press("enter")
        await until(pilot)
        text = str(app.screen.query_one("#profile-text").render())
        assert "day 10 of the month" in text and "重点 新品" in text and name in text
