"""SVG snapshots of every section and every form, in Chinese and English, at 120x40 and 80x24: the
regression net for layout (columns cut off, labels running into values).

Each view is reached the way a user gets there: the app starts on a section and the keys are pressed
(forms are never imported, so the tests survive their moves). The data is `salesterm demo` with a
fixed seed on a fixed day and a fixed time of day; animations and the cursor blink are off.
After a deliberate change of the look, regenerate them all with
    python -m pytest tests/ui/test_snapshots.py --snapshot-update
and look at the report of what changed before committing the new SVGs (tests/ui/__snapshots__/)."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from textual.widgets import DataTable, Input, TextArea

from salesterm import clock, i18n
from tests.conftest import TODAY
from tests.ui.conftest import until

SIZES = {"120x40": (120, 40), "80x24": (80, 24)}
LANGS = ("zh", "en")
NOW = dt.datetime.combine(TODAY, dt.time(10, 0))  # a morning: the agenda's "now" slot is fixed
DEMO = ["demo", "--customers", "40", "--seed", "7"]

# view -> (section the app starts on, keys a user presses to get there)
SECTIONS = {name: (name, ()) for name in ("today", "customers", "pipeline", "collections", "notes")}
# r reloads the reports once all is quiet: the two loads at start-up (on mount, on first resume) race,
# and about one full run in three left the aging table's columns at their headers' widths (app bug)
SECTIONS["reports"] = ("reports", ("r",))
FORMS = {
    "customer-new": ("customers", ("n",)),
    "customer-edit": ("customers", ("e",)),
    "customer-merge": ("customers", ("m",)),
    "customer-file": ("customers", ("enter",)),
    "visit-plan": ("today", ("n",)),
    "visit-log": ("today", ("enter",)),
    "visit-move": ("today", ("m",)),
    "deal-new": ("pipeline", ("n",)),
    # typed by keys: a word in the amount, an amount in the date, the focus on the date (marked)
    "deal-errors": ("pipeline", ("n", "tab", *"Oil", "tab", *"abc", "tab", *"50000")),
    "deal-lost": ("pipeline", ("d",)),
    "payment": ("collections", ("p",)),
    "promise": ("collections", ("m",)),
    "attempt": ("collections", ("l",)),
    "follow-up-date": ("collections", ("f",)),
    "assign-rep": ("collections", ("g",)),
    "note-new": ("notes", ("n",)),
    "note-comment": ("notes", ("c",)),
    "script-new": ("notes", ("p", "n")),
    "target-year": ("reports", ("t", "m", "s")),
    "sales": ("reports", ("s",)),  # what sold (issue 14), on the demo's orders
    "jump": ("today", ("ctrl+k",)),
    # the import screen after its dry run of a file with bad rows (a path relative to the repository)
    "import-check": ("customers", ("f8", *"tests/fixtures/customers_bad.csv", "enter")),
}
VIEWS = {**SECTIONS, **FORMS}


def _fixed_now() -> dt.datetime:
    return NOW


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """`salesterm demo` run once per test process on a fixed day and time; each test copies it."""
    from salesterm import cli
    from salesterm.store import search
    from salesterm.store.db import close_database

    folder = tmp_path_factory.mktemp("snapshot-demo")
    path = folder / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            patch.setenv(var, str(folder / "home"))
        patch.delenv("SALESTERM_CONFIG", raising=False)
        patch.setattr(clock, "now", _fixed_now)
        try:
            code = cli.main(["--db", str(path), "--today", TODAY.isoformat(), "--lang", "en", *DEMO])
        finally:
            close_database()
            search.forget()
            clock.set_today(None)
            i18n.set_language("en")
    assert code == 0
    return path


@pytest.fixture
def steady(monkeypatch):
    """The same picture every run: a fixed time of day, a cursor that does not blink."""
    monkeypatch.setattr(clock, "now", _fixed_now)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: setattr(self, "_cursor_visible", True))
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible",
                        lambda self: setattr(self, "_cursor_visible", True))


def _app(db: str, start: str, lang: str):
    from salesterm.app import SalesTermApp

    app = SalesTermApp(db=db, today=TODAY, start=start, lang=lang)
    app.animation_level = "none"
    return app


def _steps(keys):
    async def run_before(pilot) -> None:
        await until(pilot)
        for key in keys:
            await pilot.press(key)
            await until(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        pilot.app.clear_notifications()  # a toast lasts a few seconds: on a slow machine it may be gone
        await until(pilot)
        await until(pilot, _laid_out(pilot.app), what="the screen to stop changing")

    return run_before


def _laid_out(app):
    """A condition: tables have sized their columns (they do it when idle) and two screenshots in a
    row are the same."""
    shots: list[str] = []

    def settled() -> bool:
        if any(table._require_update_dimensions for table in app.screen.query(DataTable)):
            return False
        shots.append(app.export_screenshot())
        return len(shots) >= 2 and shots[-1] == shots[-2]

    return settled


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", VIEWS)
def test_view(view, lang, size, snap_compare, demo_template, steady, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    start, keys = VIEWS[view]
    app = _app(str(db), start, lang)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_steps(keys))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", ("today", "customers"))
def test_empty_database(view, lang, size, snap_compare, steady, tmp_path, monkeypatch):
    """A new, empty database says how to import customers and offers the demo."""
    from salesterm.screens import empty_db

    monkeypatch.setattr(empty_db, "database_name", lambda app: "/home/rep/.local/share/salesterm/salesterm.db")
    app = _app(str(tmp_path / "new.db"), view, lang)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_steps(()))


# team sync (issue 12): the demo file made a replica of a server that is never reached, with a fixed
# outbox (two edits of a remark, one rejected), a conflict record and a last good sync 25 minutes ago
SYNC_VIEWS = {"sync-bar": ("today", ()), "outbox": ("today", ("f6",)), "conflicts": ("today", ("f7",))}


def _make_replica(path) -> None:
    from salesterm.store import db as store_db
    from salesterm.store.sync import replica

    db = store_db.open_database(str(path))
    try:
        replica.join("postgresql://wangwei@127.0.0.1:1/sales", "王伟")
        with db.atomic():
            cid, name = db.execute_sql("SELECT id, name FROM customer ORDER BY code LIMIT 1").fetchone()
            db.execute_sql(
                "INSERT INTO sync_conflict (id, created_at, updated_at, tbl, row_id, field, base, mine, theirs, "
                "mine_by, theirs_by, mine_at, theirs_at) VALUES ('c0ffee', ?, ?, 'customer', ?, 'remark', ?, ?, ?, "
                "'王伟', '李娜', '2026-03-09 18:20:00', '2026-03-09 17:05:00')",
                (f"{TODAY} 09:35:00", f"{TODAY} 09:35:00", cid, '"老客户"', '"老客户，周三上午来"',
                 '"老客户，换了采购"'))
            db.execute_sql("DELETE FROM sync_outbox")
            db.execute_sql("UPDATE customer SET remark = '周三上午来' WHERE id = ?", (cid,))
            db.execute_sql("UPDATE customer SET remark = '周三上午来，带样品', credit_limit = 5000000 WHERE id = ?",
                           (cid,))
            db.execute_sql("UPDATE sync_outbox SET created_at = ?", (f"{TODAY} 09:50:00.000",))
            db.execute_sql("UPDATE sync_outbox SET status = 'rejected', reason = ? WHERE n = (SELECT max(n) "
                           "FROM sync_outbox)", ('new row for relation "customer" violates check constraint',))
            db.execute_sql("UPDATE sync_site SET last_sync = ?", (f"{TODAY} 09:35:00",))
        assert name
    finally:
        store_db.close_database()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", SYNC_VIEWS)
def test_sync_view(view, lang, size, snap_compare, demo_template, steady, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    _make_replica(db)
    start, keys = SYNC_VIEWS[view]
    app = _app(str(db), start, lang)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_steps(keys))


# the product catalogue (issue 14): a few products added to the demo file, the list, a search and the form
PRODUCT_VIEWS = {"products": ("reports", ("p",)), "products-search": ("reports", ("p", "slash", *"jly")),
                 "product-new": ("reports", ("p", "n")), "product-edit": ("reports", ("p", "enter"))}
SNAPSHOT_PRODUCTS = [
    dict(code="T-0001", name="金龙鱼食用调和油", spec="5L×4", unit="桶", case_unit="箱", list_price=5990,
         barcode="6901234567890", brand="金龙鱼", category="食用油"),
    dict(code="T-0002", name="金龙鱼花生油", spec="5L×4", unit="桶", case_unit="箱", list_price=9900, brand="金龙鱼"),
    dict(code="T-0003", name="重庆火锅底料", spec="400g×30", unit="袋", case_unit="箱", list_price=1200),
    dict(code="T-0004", name="长城干红葡萄酒", spec="750ml×6", unit="瓶", case_unit="箱", list_price=8800,
         status="discontinued"),
    dict(code="T-0005", name="银鹭花生牛奶", unit="瓶", list_price=350),
]


def _add_products(path) -> None:
    from salesterm.store import db as store_db
    from salesterm.store.products import catalogue

    store_db.open_database(str(path))
    try:
        for product in SNAPSHOT_PRODUCTS:
            catalogue.save_product(product)
    finally:
        store_db.close_database()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", PRODUCT_VIEWS)
def test_product_view(view, lang, size, snap_compare, demo_template, steady, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    _add_products(db)
    start, keys = PRODUCT_VIEWS[view]
    app = _app(str(db), start, lang)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_steps(keys))
