"""KeyBar: the key line of every section (docked at the bottom) and of every form (its hint line):
one line of `key description` pairs, drawn by one widget. Named apart from Textual's Footer.

Textual's Footer mounts a widget per key and rebuilds them all each time the screen's bindings
are updated (focus moves, a widget mounts, `refresh_bindings`): six to fifteen times while a
section starts, each a few dozen widgets to mount and style. That was about half the time from
launch to a painted customer list. This bar shows the same keys (the screen's active
bindings marked `show`, one per action, disabled ones dim, the command palette key on the
right) in the same theme colours, as one rendered line: an update only repaints it. Clicking a
key presses it, as in Textual's footer.
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self, *, own_keys: bool = False, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        """OWN_KEYS: only the keys of the screen and its widgets, not the app's (a form's hint line)."""
        super().__init__(name=name, id=id, classes=classes)
        self.own_keys = own_keys
        self._spans: list[tuple[int, int, str, bool]] = []  # (start, end, key, enabled) of each key shown

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def keys(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, key display, description, enabled) of each key shown, and the palette's key."""
        app = self.app
        active = self.screen.active_bindings
        shown, actions = [], set()
        for node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions or (self.own_keys and node is app):
                continue
            actions.add(binding.action)
            shown.append((binding.key, app.get_key_display(binding), binding.description, enabled))
        palette = None
        if not self.own_keys and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        return shown, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer--key", partial=True)
        description_style = self.get_component_rich_style("footer--description", partial=True)
        shown, palette = self.keys()
        text = Text(no_wrap=True, overflow="crop", end="")
        spans = []

        def add(key: str, display: str, description: str, enabled: bool) -> None:
            start = cell_len(text.plain)
            dim = Style() if enabled else Style(dim=True)
            text.append(f" {display} ", style=key_style + dim)
            if description:
                text.append(f"{description} ", style=description_style + dim)
            spans.append((start, cell_len(text.plain), key, enabled))

        for item in shown:
            add(*item)
        if palette is not None:  # at the right edge, over whatever keys do not fit
            key, display, description, enabled = palette
            width = cell_len(f" {display} {description} ")
            left = max(0, self.size.width - width)
            text.truncate(left, pad=True)
            spans = [s for s in spans if s[1] <= left]
            add(key, display, description, enabled)
        self._spans = spans
        return text

    def key_at(self, x: int) -> tuple[str, bool] | None:
        """The key drawn at column X (and whether it is enabled), if any."""
        for start, end, key, enabled in self._spans:
            if start <= x < end:
                return key, enabled
        return None

    def on_click(self, event) -> None:
        found = self.key_at(event.x)
        if found is None:
            return
        key, enabled = found
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()
