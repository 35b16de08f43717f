"""Database work off the UI thread: the one way screens and widgets run store/ functions."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salesterm.domain.errors import UserError
from salesterm.i18n import error_text


def run_in_db(node, fn: Callable[..., Any], *args, then: Callable[[Any], None] | None = None,
              group: str = "db", exclusive: bool = True, **kwargs):
    """Run FN(*args) in a worker thread (owned by NODE, a widget or screen) inside a database
    connection context, then call THEN(result) on the UI thread. A UserError becomes a
    notification, never a crash."""
    app = node.app
    database = app.database

    def body():
        try:
            with database.connection_context():
                result = fn(*args, **kwargs)
        except UserError as exc:
            app.call_from_thread(app.notify, error_text(exc), severity="error", markup=False)
            return None
        if then is not None:
            app.call_from_thread(then, result)
        return result

    return node.run_worker(body, thread=True, group=group, exclusive=exclusive, exit_on_error=True)
