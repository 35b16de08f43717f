"""Creating and editing a customer file (and its contacts) in forms that check as you type.

Save (`ctrl+s`) is refused while a field is wrong, with the message next to the field. A new
customer whose normalised name or phone matches an existing one is not created silently: the
match is offered (open it, create anyway, or merge the new data into it)."""
from __future__ import annotations

import json

from rich.text import Text
from textual.widgets import Checkbox, Select, Static

from salesterm import i18n
from salesterm.domain import customer as rules
from salesterm.domain import grading
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money
from salesterm.i18n import _
from salesterm.screens.forms.base import FormScreen, Outcome, form_row
from salesterm.screens.forms.customer_saves import (
    load_contact,
    load_customer,
    possible_duplicates,
    save_contact,
    save_customer,
)
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField
from salesterm.widgets.rep_field import RepField
from salesterm.widgets.session import current_rep

TEXT_FIELDS = (  # (field, label, required)
    ("name", "Name", True), ("code", "Code", False), ("phone", "Phone", False),
    ("city", "City", False), ("district", "District", False), ("address", "Address", False),
    ("rep", "Rep", False), ("credit_limit", "Credit limit (yuan)", False), ("payday", "Payday (1-31)", False),
    ("tags", "Tags", False), ("industry", "Industry", False),
    ("scale", "Scale", False), ("network_coverage", "Network coverage", False),
    ("main_performance", "Main performance", False), ("credit_standing", "Credit standing", False),
    ("manager_background", "Manager background", False), ("remark", "Remark", False),
)
MAN_FIELDS = (("man_money", "M: can they pay?"), ("man_authority", "A: decider reached?"),
              ("man_need", "N: do they need it?"))


def _parser(field: str):
    if field == "rep":
        return rules.parse_rep_name
    return rules.PARSERS[field]


def _factor_parser(key: str):
    def parse(text: str) -> int:
        return grading.validate_scores({key: text})[key]

    return parse


def _override(text: str):
    return grading.parse_grade(text) if text.strip() else None


class CustomerFormScreen(FormScreen):
    FRAME = "-tall"
    def __init__(self, customer_id: str | None = None) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.TITLE_TEXT = _("Edit customer") if customer_id else _("New customer")
        self._dupes: list = []

    def compose_fields(self):
        for field, label, required in TEXT_FIELDS:
            if field == "rep":  # an existing rep only, picked by name or pinyin (widgets/rep_field)
                yield RepField(field, _(label))
                continue
            yield ValidatedField(field, _(label), _parser(field), required=required)
        yield form_row(_("Kind"), Select([(i18n.label(*v), k) for k, v in rules.KINDS.items()],
                                     value="retailer", allow_blank=False, id="select-kind"))
        yield form_row(_("Economic nature"), Select([(i18n.label(*v), k) for k, v in rules.NATURES.items()],
                                                prompt="—", id="select-economic_nature"))
        yield form_row(_("No morning collection"), Checkbox(_("the customer avoids paying in the morning"),
                                                        id="check-no_morning_collection"))
        yield Static(_("Grading: score each factor 1-5 (empty = not assessed)"), classes="form-section")
        for key in grading.FACTORS:
            yield ValidatedField(f"factor_{key}", i18n.label(*grading.FACTOR_LABELS[key]), _factor_parser(key),
                                 placeholder="1-5")
        yield Static("", id="suggested-grade", markup=False)
        yield ValidatedField("grade_override", _("Grade override"), _override, placeholder="A-D")
        yield ValidatedField("grade_override_reason", _("Reason for override"), rules.PARSERS["grade_override_reason"])
        yield Static(_("M-A-N qualification"), classes="form-section")
        answers = [(_("yes"), "yes"), (_("no"), "no"), (_("unknown"), "unknown")]
        for field, label in MAN_FIELDS:
            yield form_row(_(label), Select(answers, value="unknown", allow_blank=False, id=f"select-{field}"))

    def on_mount(self) -> None:
        if self.customer_id:
            run_in_db(self, load_customer, self.customer_id, then=self._fill, group="form-load")
        else:
            rep = current_rep(self)
            if rep:
                self.fields["rep"].input.value = rep
                self.fields["rep"].initial = rep
        self.fields["name"].focus()
        self._suggest()

    def _fill(self, row) -> None:
        if not self.record_ready(row):
            return
        values = {
            **{f: str(row.get(f) or "") for f, _l, _r in TEXT_FIELDS},
            "rep": row["rep_name"], "credit_limit": format_money(row["credit_limit"]),
            "payday": str(row["payday"] or ""), "grade_override": row["grade_override"] or "",
            "grade_override_reason": row["grade_override_reason"],
        }
        try:
            factors = grading.validate_scores(json.loads(row["grade_factors"] or "{}"))
        except (ValueError, UserError):
            factors = {}
        for key, score in factors.items():
            values[f"factor_{key}"] = str(score) if score else ""
        for name, field in self.fields.items():
            if name in values:
                field.initial = values[name]
                field.input.value = values[name]
        self.query_one("#select-kind", Select).value = row["kind"] if row["kind"] in rules.KINDS else "retailer"
        if row["economic_nature"] in rules.NATURES:
            self.query_one("#select-economic_nature", Select).value = row["economic_nature"]
        self.query_one("#check-no_morning_collection", Checkbox).value = bool(row["no_morning_collection"])
        for field, _label in MAN_FIELDS:
            self.query_one(f"#select-{field}", Select).value = row[field]
        self._suggest()
        self.mark_clean()

    # ---- live feedback --------------------------------------------------------------------
    def _scores(self) -> dict[str, int]:
        out = {}
        for key in grading.FACTORS:
            try:
                out[key] = self.fields[f"factor_{key}"].value()
            except (UserError, ValueError):
                out[key] = 0
        return out

    def _suggest(self) -> None:
        scores = self._scores()
        grade = grading.suggest_grade(scores)
        score = grading.grade_score(scores)
        text = Text(_("Suggested grade: {grade}", grade=grade or "—"), style="bold")
        if score is not None:
            text.append(f"  ({_('score')} {score:.2f})")
        if grade is None:
            text.append("  " + _("(assess at least 3 factors)"), style="dim")
        self.query_one("#suggested-grade", Static).update(text)

    def on_validated_field_checked(self, event: ValidatedField.Checked) -> None:
        if event.field.field_name.startswith("factor_"):
            self._suggest()
        if event.field.field_name in ("name", "phone"):
            self.fields["name"].set_hint(None)

    def on_descendant_blur(self, event) -> None:
        focused = getattr(event, "widget", None)
        if focused is not None and focused.id in ("input-name", "input-phone"):
            name, phone = self.fields["name"].text, self.fields["phone"].text
            if name.strip() or phone.strip():
                run_in_db(self, possible_duplicates, name, phone, self.customer_id, then=self._hint,
                          group="form-dupes")

    def _hint(self, matches) -> None:
        if not self.is_attached:
            return
        self._dupes = matches or []
        if self._dupes:
            names = ", ".join(m["name"] for m in self._dupes[:3])
            self.fields["name"].set_hint(_("Looks like an existing customer: {names}", names=names))
        else:
            self.fields["name"].set_hint(None)

    # ---- saving ---------------------------------------------------------------------------
    def raw(self) -> dict:
        fields = self.fields
        raw = {name: fields[name].text for name, _l, _r in TEXT_FIELDS}
        raw["grade_override"] = fields["grade_override"].text
        raw["grade_override_reason"] = fields["grade_override_reason"].text
        raw["grade_factors"] = {k: fields[f"factor_{k}"].text for k in grading.FACTORS}
        raw["kind"] = self.query_one("#select-kind", Select).value
        nature = self.query_one("#select-economic_nature", Select).value
        raw["economic_nature"] = nature if isinstance(nature, str) else ""
        raw["no_morning_collection"] = self.query_one("#check-no_morning_collection", Checkbox).value
        for field, _label in MAN_FIELDS:
            raw[field] = self.query_one(f"#select-{field}", Select).value
        return raw

    def _form_errors(self) -> list[ValidatedField]:
        bad = self.check_all()
        reason, override = self.fields["grade_override_reason"], self.fields["grade_override"]
        if override.text.strip() and override not in bad and not reason.text.strip() and reason not in bad:
            reason.set_error(_("give a reason when you override the suggested grade"))
            bad.append(reason)
        return bad

    def action_save(self, mode: str = "check") -> None:
        bad = self._form_errors()
        if bad:
            self.refuse(bad)
            return
        self.set_status("")
        run_in_db(self, save_customer, self.customer_id, self.raw(), mode,
                  self.app.settings.get("customers.code_pattern"), then=self._saved, group="form-save",
                  on_error=self.set_status)

    def _saved(self, result) -> None:
        if result is None or not self.is_attached:
            return
        payload = result.value
        if result.kind is Outcome.INVALID:
            self.show_errors(payload)
        elif result.kind is Outcome.DUPLICATE:
            from salesterm.screens.forms.merge import DuplicateOfferScreen

            self.app.push_screen(DuplicateOfferScreen(payload), self._offer_answered)
        elif result.kind is Outcome.MERGED:
            self.notify(_("Merged into the existing customer."), markup=False)
            self.saved(payload, payload)
        else:
            self.notify(_("Saved"))
            self.saved(payload, payload)

    def _offer_answered(self, answer) -> None:
        if not answer:
            return
        choice, match_id = answer
        if choice == "open":
            self.dismiss(None)
            self.app.open_customer(match_id)
        elif choice == "create":
            self.action_save("create")
        elif choice == "merge":
            self.action_save(f"merge:{match_id}")


class ContactFormScreen(FormScreen):
    FRAME = "-narrow"
    def __init__(self, customer_id: str, contact_id: str | None = None) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.contact_id = contact_id
        self.TITLE_TEXT = _("Edit contact") if contact_id else _("New contact")

    def compose_fields(self):
        yield ValidatedField("name", _("Name"), rules.CONTACT_PARSERS["name"], required=True)
        yield ValidatedField("title", _("Job title"), rules.CONTACT_PARSERS["title"])
        yield ValidatedField("phone", _("Phone"), rules.CONTACT_PARSERS["phone"])
        yield form_row(_("Decision maker"), Checkbox(_("this person decides the purchase"), id="check-decides"))
        yield ValidatedField("remark", _("Remark"), rules.CONTACT_PARSERS["remark"])

    def on_mount(self) -> None:
        if self.contact_id:
            run_in_db(self, load_contact, self.contact_id, then=self._fill, group="form-load")
        self.fields["name"].focus()

    def _fill(self, row) -> None:
        if not self.record_ready(row):
            return
        for name, field in self.fields.items():
            field.initial = str(row.get(name) or "")
            field.input.value = field.initial
        self.query_one("#check-decides", Checkbox).value = bool(row["is_decision_maker"])
        self.mark_clean()

    def action_save(self) -> None:
        if not self.checked():
            return
        raw = {name: f.text for name, f in self.fields.items()}
        raw["is_decision_maker"] = self.query_one("#check-decides", Checkbox).value
        run_in_db(self, save_contact, self.customer_id, self.contact_id, raw, then=self._saved, group="form-save")

    def _saved(self, result) -> None:
        if result is None or not self.is_attached:
            return
        if result.kind is Outcome.INVALID:
            self.show_errors(result.value)
        else:
            self.notify(_("Saved"))
            self.saved(result.value)
