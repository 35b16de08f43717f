"""Database work off the UI thread: the one way screens and widgets run store/ functions."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salesterm.domain.errors import Message, UserError
from salesterm.i18n import error_text
from salesterm.logfile import append as write_log
from salesterm.logfile import one_line


def run_in_db(node, fn: Callable[..., Any], *args, then: Callable[[Any], None] | None = None,
              group: str = "db", exclusive: bool = True,
              on_error: Callable[[str], None] | None = None, latest: bool = False, **kwargs):
    """Run FN(*args) in a worker thread (owned by NODE, a widget or screen) inside a database
    connection context, then call THEN(result) on the UI thread.

    A failure never ends the app: a UserError becomes a notification; any other error (the
    database locked by another writer, a permission refused, a bug) is written to salesterm.log
    (salesterm/logfile.py, as the command line does) and shown as one line. THEN is not called, so a form
    stays open with everything typed in it; ON_ERROR(the line shown), when given, runs on the
    UI thread (a form that marked itself busy while saving clears the mark there).

    LATEST (a list's reload): THEN is not called once the worker is superseded by a newer one
    of its group (exclusive) or cancelled with its screen. A thread worker runs on when it is
    cancelled; without this, a reload read before a save could paint its rows over the ones of
    the reload read after it, and the selection with them."""
    app = node.app
    database = app.database
    worker = None

    def deliver(result) -> None:
        if not (latest and worker is not None and worker.is_cancelled):
            then(result)

    def failed(text: str) -> None:
        app.notify(text, severity="error", markup=False)
        if on_error is not None:
            on_error(text)

    def body():
        try:
            with database.connection_context():
                result = fn(*args, **kwargs)
        except UserError as exc:
            app.call_from_thread(failed, error_text(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - the app keeps running; the log gets the traceback
            log = write_log(exc)
            app.call_from_thread(failed, error_text(Message("database.unexpected_error", error=one_line(exc), log=log)))
            return None
        if then is not None:
            app.call_from_thread(deliver, result)
        return result

    worker = node.run_worker(body, thread=True, group=group, exclusive=exclusive, exit_on_error=True)
    return worker
