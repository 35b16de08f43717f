"""A form's rep field: accepts only an existing rep. As the user types (a name, part of it, its
pinyin or initials: "ww" finds 王伟) the matching reps are listed under the field and enter takes
the first; a name that is no rep is an error naming the closest ones, so saving is refused and no
rep is ever created by a typo."""
from __future__ import annotations

from textual.widgets import Input

from salesterm.domain import customer as rules
from salesterm.domain.errors import UserError
from salesterm.domain.rep_match import closest, matching
from salesterm.i18n import _
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField


class RepField(ValidatedField):
    def __init__(self, name: str = "rep", label: str = "Rep", value: str = "", **kwargs) -> None:
        super().__init__(name, label, self._parse, value, **kwargs)
        self.names: list[str] | None = None  # the reps on file, once loaded

    def on_mount(self) -> None:
        from salesterm.store.reps import rep_names

        run_in_db(self, rep_names, then=self._loaded, group="rep-field")

    def _loaded(self, names) -> None:
        self.names = list(names or [])
        if self.text and self.text != self.initial:
            self.check()

    def _parse(self, text: str) -> str:
        name = rules.parse_rep_name(text)
        if name and self.names is not None and name not in self.names:
            near = closest(name, self.names)
            if near:
                raise UserError("team.unknown_rep_close", name=name, choices=near)
            raise UserError("reps.no_such_rep", name=name)
        return name

    def matches(self) -> list[str]:
        return matching(self.text, self.names or [], limit=5) if self.text.strip() else []

    def on_input_changed(self, event: Input.Changed) -> None:
        super().on_input_changed(event)
        found = [n for n in self.matches() if n != self.text.strip()]
        self.set_hint(_("reps: {names} (enter takes the first)", names=" · ".join(found)) if found else None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        found = self.matches()
        if found and found[0] != self.text.strip():
            event.stop()  # enter picks the rep; it does not save the form yet
            self.input.value = found[0]
            self.set_hint(None)
