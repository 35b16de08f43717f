"""An empty database says what to do: how to import customers (the command and the TUI
action), and offers to load the demo data (`D` on Today and Customers, or the palette).

The demo is `salesterm demo`'s own generator (store/demo), run in a database worker after the
user confirms; this module and the demo command are the only UI-side importers of store.demo
(the import-linter contract in pyproject.toml names both)."""
from __future__ import annotations

from rich.text import Text

from salesterm.i18n import _
from salesterm.widgets.db_worker import run_in_db

DEMO_CUSTOMERS = 300


def has_customers() -> bool:
    """Whether the database holds any customer (archived ones count): run in a worker."""
    from salesterm.store.customers.listing import any_customer

    return any_customer()


def database_name(app) -> str:
    """The database as the user knows it (its file or URL, a password masked)."""
    target = getattr(app.database, "salesterm_target", None)
    return target.describe() if target is not None else ""


def guide_text(app) -> Text:
    """What to do with an empty database, in the user's language."""
    target = database_name(app)
    text = Text()
    text.append(_("This database holds no customers yet.") + "\n", style="bold")
    if target:
        text.append(_("Database: {path}", path=target) + "\n", style="dim")
    text.append("\n" + _("Import your customer list (a .csv or .xlsx file, Chinese headers welcome):") + "\n")
    text.append("  • " + _("here: ctrl+p, then type 导入 (or daoru, import) and choose Import from a file "
                           "(or press f8)") + "\n")
    text.append("  • " + _("on the command line: salesterm import customers FILE.csv (--dry-run checks it first)")
                + "\n")
    text.append("\n" + _("Or look around with made-up data first:") + "\n")
    text.append("  • " + _("press D to load the demo data (300 customers with visits, deals and money owed)")
                + "\n")
    text.append("  • " + _("or keep it apart: salesterm --db demo.db demo, then salesterm --db demo.db") + "\n")
    return text


def offer_demo(node_or_app, after=None) -> None:
    """Ask, then fill the (empty) database with the demo data in a worker; AFTER() once done."""
    from salesterm.screens.forms.choice_prompt import ChoicePrompt

    app = getattr(node_or_app, "app", node_or_app)

    def chosen(yes) -> None:
        if not yes:
            return
        app.notify(_("Loading the demo data…"), timeout=5)

        def done(counts) -> None:
            if counts is None:
                return
            app.database_empty = False
            app.notify(_("Demo data loaded: {n} customers.", n=counts.get("customer", DEMO_CUSTOMERS)),
                       markup=False)
            if after is not None:
                after()

        run_in_db(app.screen, load_demo, then=done, group="demo")

    app.push_screen(ChoicePrompt(_("Fill this database with made-up demo customers?"),
                                 [(_("Yes, load the demo data"), True), (_("No"), False)]), chosen)


def load_demo() -> dict[str, int]:
    from salesterm.store import demo

    return demo.generate(customers=DEMO_CUSTOMERS, seed=1)
