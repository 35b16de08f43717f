"""The command palette (ctrl+p): go to a section, or open any customer by name, pinyin or phone."""
from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from salesterm.i18n import _
from salesterm.sections import SECTIONS

SYNC_ALIAS = "同步 tongbu sync"


class SectionCommands(Provider):
    """Sections, and team sync's three commands (同步 / tongbu / sync finds them in either language)."""

    def _commands(self):
        for i, (name, (_module, _cls, title)) in enumerate(SECTIONS.items(), start=1):
            yield f"{_('Go to')} {_(title)} ({i})", partial(self.app.action_section, name), ""
        # team sync (screens/sync_control)
        yield f"{_('Sync now')} (F5)", self.app.action_sync_now, SYNC_ALIAS
        yield f"{_('Outbox')} (F6)", self.app.action_sync_outbox, SYNC_ALIAS
        yield f"{_('Conflicts')} (F7)", self.app.action_sync_conflicts, SYNC_ALIAS

    async def discover(self) -> Hits:
        for label, command, _alias in self._commands():
            yield DiscoveryHit(label, command)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, command, alias in self._commands():
            score = max(matcher.match(label), matcher.match(alias) if alias else 0)
            if score > 0:
                yield Hit(score, matcher.highlight(label), command)


class CustomerCommands(Provider):
    """Customers found by the same engine as `salesterm search` and the jump box."""

    async def search(self, query: str) -> Hits:
        query = query.strip()
        if not query:
            return
        found = await asyncio.to_thread(self._find, query)
        for rank, hit in enumerate(found):
            label = Text(hit.name)  # user text: never markup
            if hit.city:
                label.append(f"  {hit.city}", style="dim")
            yield Hit(1.0 - rank / 100, label, partial(self.app.open_customer, hit.id),
                      text=hit.name, help=_("Open the customer's file"))

    def _find(self, query: str):
        from salesterm.store import search

        with self.app.database.connection_context():
            return search.search(query, limit=8)
