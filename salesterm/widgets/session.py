"""Who is working: the app's current rep, read in one typed place by every screen and widget.

The app sets `rep_name` from `--rep` or the config file's `rep`; a screen mounted in another
app (a test harness) may have none, which reads as no rep.
"""
from __future__ import annotations

from textual.dom import DOMNode


def current_rep(node: DOMNode) -> str | None:
    """The rep this session works as, or None when none was chosen (never an empty string)."""
    rep = getattr(node.app, "rep_name", None)
    return rep if isinstance(rep, str) and rep.strip() else None
