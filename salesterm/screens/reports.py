"""The Reports section (being built: see the issue that owns it)."""
from __future__ import annotations

from textual.widgets import Static

from salesterm.i18n import _
from salesterm.screens.base import SectionScreen


class ReportsScreen(SectionScreen):
    SECTION = "reports"

    def compose_body(self):
        yield Static(_("Reports"), classes="section-title")
