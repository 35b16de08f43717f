"""Merging two customer files, and the offer made when a new customer looks like an old one.

MergeScreen(customer_id): find the other file (type, arrows, enter), choose which file
survives (`k` keeps this one, `o` keeps the other), pick field by field which value to keep
(the fields that differ are listed with both values; `space` takes the other value of the
highlighted field), then confirm with `y`. All history of the other file moves to the survivor
(store/customers/admin.merge_customers); the screen dismisses with the merge's undo id, which
the customers list's `u` undoes (store/customers/unmerge.py).
DuplicateOfferScreen(matches): open the match, create anyway, or merge into the match."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from salesterm.i18n import _, counted, language
from salesterm.screens.forms.base import FormScreen
from salesterm.store.customers import admin as customer_admin
from salesterm.store.customers import listing as customer_list
from salesterm.widgets.db_worker import run_in_db


def _hit_text(hit) -> Text:
    t = Text(hit.name)
    t.append(f"  {hit.city or ''}  {hit.grade or ''}", style="dim")
    return t


FIELD_LABELS = {  # message ids of the customer form's labels
    "name": "Name", "code": "Code", "kind": "Kind", "phone": "Phone", "city": "City", "district": "District",
    "address": "Address", "rep": "Rep", "credit_limit": "Credit limit", "payday": "Payday",
    "industry": "Industry", "economic_nature": "Economic nature", "scale": "Scale",
    "network_coverage": "Network coverage", "main_performance": "Main performance",
    "credit_standing": "Credit standing", "manager_background": "Manager background",
    "grade_override": "Grade override", "remark": "Remark",
}


def _merge_plan(this_id: str, other_id: str) -> dict:
    from salesterm.store.customers.file import customer_row

    a, b = customer_row(this_id), customer_row(other_id)
    return {
        "this": {"id": this_id, "name": a["name"], "phone": a["phone"], "city": a["city"],
                 "rows": sum(customer_admin.history_counts(this_id).values())},
        "other": {"id": other_id, "name": b["name"], "phone": b["phone"], "city": b["city"],
                  "rows": sum(customer_admin.history_counts(other_id).values())},
        "fields": customer_admin.merge_choices(this_id, other_id),
    }


def run_merge(keep: str, lose: str, take: list[str]):
    """Merge, then name the merge (what undo needs): (result, merge id)."""
    from salesterm.store.customers import unmerge

    result = customer_admin.merge_customers(keep, lose, take=take)
    return result, unmerge.last_merge_into(keep, lose)


def _shown(field: str, value: str) -> str:
    from salesterm.screens.customer_columns import kind_label, nature_label

    if value in ("", None):
        return "—"
    if field == "kind":
        return kind_label(value)
    if field == "economic_nature":
        return nature_label(value)
    return value


class MergeScreen(FormScreen):
    TITLE_TEXT = "Merge customer files: find the other file"  # message ids: translated when shown
    SAVES = False  # y confirms the merge
    KEEPS_TYPED = False  # the box holds a search
    BINDINGS = [
        Binding("k", "keep('this')", "Keep this file", id="merge.keep_this"),
        Binding("o", "keep('other')", "Keep the other", id="merge.keep_other"),
        Binding("space", "pick", "Take the other value", id="merge.pick"),
        Binding("y", "confirm", "Confirm merge", id="merge.confirm"),
    ]

    def __init__(self, customer_id: str) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.plan: dict | None = None
        self.survivor: str | None = None  # "this" | "other"
        self.picked: dict[str, str] = {}  # field -> "this" | "other": whose value the merged file keeps

    def compose_fields(self):
        yield Input(placeholder=_("name, pinyin, phone…"), id="merge-query")
        yield OptionList(id="merge-hits")
        yield Static("", id="merge-plan", markup=False)
        yield OptionList(id="merge-fields")

    def on_mount(self) -> None:
        self.query_one("#merge-fields", OptionList).display = False
        self.query_one("#merge-query", Input).focus()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "keep":
            return self.plan is not None and not self.query_one("#merge-query", Input).has_focus
        if action == "confirm":
            return self.survivor is not None
        if action == "pick":
            return self.survivor is not None and self.query_one("#merge-fields", OptionList).has_focus
        return super().check_action(action, parameters)

    def on_input_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        run_in_db(self, customer_list.quick_find, text, limit=12, then=self._show_hits, group="merge-find")

    def _show_hits(self, hits) -> None:
        if not self.is_attached:
            return
        box = self.query_one("#merge-hits", OptionList)
        box.clear_options()
        for hit in hits or []:
            if hit.id != self.customer_id:
                box.add_option(Option(_hit_text(hit), id=hit.id))
        if box.option_count:
            box.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in the search box takes the highlighted file at once, as in the jump box."""
        box = self.query_one("#merge-hits", OptionList)
        if box.option_count:
            box.focus()
            if box.highlighted is not None:
                box.action_select()

    def on_key(self, event) -> None:
        query = self.query_one("#merge-query", Input)
        box = self.query_one("#merge-hits", OptionList)
        if query.has_focus and event.key == "down" and box.option_count:
            box.focus()
            event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "merge-fields":
            self.action_pick()
            return
        run_in_db(self, _merge_plan, self.customer_id, event.option.id, then=self._show_plan, group="merge-plan")

    def _show_plan(self, plan) -> None:
        if plan is None or not self.is_attached:
            return
        self.plan = plan
        self.survivor = None
        self.picked = {}
        self._draw()
        self.query_one("#merge-hits", OptionList).focus()
        self.refresh_bindings()

    def _draw(self) -> None:
        p = self.plan
        t = Text()
        for key, letter in (("this", "k"), ("other", "o")):
            side = p[key]
            mark = "▶ " if self.survivor == key else "  "
            style = "bold green" if self.survivor == key else ""
            t.append(f"{mark}[{letter}] ", style=style)
            t.append(side["name"], style=style)
            t.append(f"  {side['phone']}  {side['city']}  ", style="dim")
            t.append(counted(side["rows"], "{n} history row", "{n} history rows") + "\n", style="dim")
        if self.survivor is None:
            t.append(_("Which file survives? k keeps this one, o keeps the other."), style="bold")
        else:
            keep, lose = p[self.survivor], p["other" if self.survivor == "this" else "this"]
            t.append(_("Merge {lose} into {keep}: all its history moves over and {lose} is archived. "
                       "Press y to confirm, escape to cancel.", lose=lose["name"], keep=keep["name"]),
                     style="bold yellow")
            if p["fields"]:
                t.append("\n" + _("Fields that differ: space takes the other value (▶ marks the value kept)."),
                         style="dim")
        self.query_one("#merge-plan", Static).update(t)
        self._draw_fields()

    def _default_side(self, row: dict) -> str:
        """The survivor's value, unless it is blank and the other file has one (as the merge fills it)."""
        other = "other" if self.survivor == "this" else "this"
        return other if row[self.survivor] in ("", "0.00") and row[other] not in ("", "0.00") else self.survivor

    def _draw_fields(self) -> None:
        box = self.query_one("#merge-fields", OptionList)
        rows = self.plan["fields"] if self.plan and self.survivor else []
        box.display = bool(rows)
        highlighted = box.highlighted
        box.clear_options()
        for row in rows:
            side = self.picked.get(row["field"]) or self._default_side(row)
            colon = "：" if language() == "zh" else ": "
            t = Text(_(FIELD_LABELS[row["field"]]) + colon, style="bold")
            for key in ("this", "other"):
                chosen = side == key
                t.append(("▶ " if chosen else "  ") + _shown(row["field"], row[key]),
                         style="bold green" if chosen else "dim")
                if key == "this":
                    t.append("   |   ", style="dim")
            box.add_option(Option(t, id=row["field"]))
        if rows:
            box.highlighted = min(highlighted or 0, len(rows) - 1)

    def action_pick(self) -> None:
        box = self.query_one("#merge-fields", OptionList)
        if self.plan is None or self.survivor is None or box.highlighted is None:
            return
        row = self.plan["fields"][box.highlighted]
        if row[self.survivor] in ("", "0.00"):
            self.notify(_("A blank field takes the other file's value."), timeout=4)
            return
        side = self.picked.get(row["field"]) or self._default_side(row)
        self.picked[row["field"]] = "other" if side == "this" else "this"
        self._draw_fields()

    def action_keep(self, side: str) -> None:
        if self.plan is None:
            return
        self.survivor = side
        self.picked = {}
        self._draw()
        if self.plan["fields"]:
            self.query_one("#merge-fields", OptionList).focus()
        self.refresh_bindings()

    def action_confirm(self) -> None:
        if self.plan is None or self.survivor is None:
            return
        loser_side = "other" if self.survivor == "this" else "this"
        keep, lose = self.plan[self.survivor]["id"], self.plan[loser_side]["id"]
        take = [row["field"] for row in self.plan["fields"]
                if (self.picked.get(row["field"]) or self._default_side(row)) == loser_side]

        def done(answer) -> None:
            if answer is None:
                return
            result, merge_id = answer
            moved = sum(result.moved.values())
            self.notify(counted(moved, "Merged: {n} row moved. Press u to undo.",
                                "Merged: {n} rows moved. Press u to undo."), timeout=12)
            self.dismiss({"merged": keep, "merge_id": merge_id, "names": (self.plan[self.survivor]["name"],
                                                                           self.plan[loser_side]["name"])})

        run_in_db(self, run_merge, keep, lose, take, then=done, group="merge-run")


class DuplicateOfferScreen(FormScreen):
    """Answers ("open", id), ("create", None), ("merge", id), or None (back to the form)."""

    TITLE_TEXT = "This customer may already exist:"
    SAVES = False
    BINDINGS = [
        Binding("escape", "cancel", "Back to the form", id="dupe.back"),
        Binding("enter", "choose('open')", "Open it", priority=True, id="dupe.open"),
        Binding("c", "choose('create')", "Create anyway", id="dupe.create"),
        Binding("m", "choose('merge')", "Merge into it", id="dupe.merge"),
    ]

    def __init__(self, matches: list[dict]) -> None:
        super().__init__()
        self.matches = matches

    def compose_fields(self):
        box = OptionList(id="dupe-list")
        for m in self.matches:
            t = Text(m["name"])
            t.append(f"  {m['phone']}  {m['city']}  {m['code']}  {m['grade']}", style="dim")
            box.add_option(Option(t, id=m["id"]))
        yield box
        yield Static(_("enter opens the existing file · c creates a new one anyway · "
                       "m merges what you typed into the existing file · escape goes back"),
                     classes="form-note", markup=False)

    def on_mount(self) -> None:
        box = self.query_one(OptionList)
        box.highlighted = 0
        box.focus()

    def action_choose(self, what: str) -> None:
        box = self.query_one(OptionList)
        index = box.highlighted or 0
        match_id = self.matches[index]["id"] if self.matches else None
        self.dismiss((what, None if what == "create" else match_id))
