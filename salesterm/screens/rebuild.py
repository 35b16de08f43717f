"""Build the sections again: after the language or the rep changed, every screen is made afresh
(its texts, its rep filter), the current one at once, the others when next shown."""
from __future__ import annotations

from salesterm.sections import SECTIONS


async def rebuild_sections(app) -> None:
    """Build every section again (after the language or the rep changed): each screen is made
    afresh the next time it is shown, the current one at once."""
    current = app.current_mode
    spare = next(name for name in SECTIONS if name != current)
    factories = dict(type(app).MODES)
    for name in SECTIONS:
        if name not in (current, spare):
            await app.remove_mode(name)
            app.add_mode(name, factories[name])
    await app.remove_mode(spare)
    app.add_mode(spare, factories[spare])
    await app.switch_mode(spare)
    await app.remove_mode(current)
    app.add_mode(current, factories[current])
    await app.switch_mode(current)
