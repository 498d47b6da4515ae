"""The customers screen's dialogs: a unit, a contact, and "this contact left" (S1).

A dialog given a `submit` function runs it (the service call) itself and stays
open until it succeeds: a refused save marks the named field with the message
and keeps what was typed. Without `submit` it hands back the typed dict.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pendulum
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.i18n import N_, _
from hotline_tui.services.customers.contacts import CATEGORIES, LEVELS
from hotline_tui.ui.support import FormModal

UNIT_FIELDS = (
    ("name", N_("Unit full name")),
    ("short_name", N_("Short name")),
    ("address", N_("Address")),
    ("website", N_("Website")),
    ("industry", N_("Industry")),
    ("specialist_no", N_("Specialist (agent no.)")),  # S1
    ("installed_on", N_("Installed on")),  # S4: the service period starts here
    ("secrecy_until", N_("Secret until")),  # S2: the level lapses after this day
)
CONTACT_FIELDS = (
    ("name", N_("Name")),
    ("title", N_("Mr/Ms")),
    ("position", N_("Position")),
    ("phone", N_("Phone")),
    ("mobile", N_("Mobile")),
    ("email", N_("E-mail")),
    ("im", N_("QQ/WeChat")),
)


class CustomerFormBase(FormModal[Any]):
    """Labelled one-line inputs; ctrl+s saves, Enter moves on, Esc cancels."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="customers.form.save")]
    DEFAULT_CSS = """
    CustomerFormBase { align: center middle; }
    CustomerFormBase > Vertical { width: 84; height: auto; border: round $primary;
        padding: 1 2; background: $surface; }
    CustomerFormBase .form-row { height: auto; margin: 0 0 1 0; }
    CustomerFormBase .form-row Label { width: 16; padding: 0 1 0 0; }
    CustomerFormBase .form-row Input { width: 1fr; }
    CustomerFormBase .form-row Select { width: 1fr; }
    CustomerFormBase #form-error { height: auto; }
    CustomerFormBase .field-error { color: $error; height: auto; padding: 0 0 0 16;
        margin: 0 0 1 0; display: none; }
    CustomerFormBase .field-error.shown { display: block; }
    """

    def __init__(
        self,
        title: str,
        fields: tuple[tuple[str, str], ...],
        values: dict[str, Any],
        submit: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.initial = values
        self.submit = submit
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title, classes="title")
            for name, label in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(_(label))
                    yield Input(
                        value=str(self.initial.get(name) or ""), id=f"f-{name}", compact=True
                    )
                yield Static("", id=f"e-{name}", classes="field-error")
            yield from self.extra()
            yield Static("", id="form-error", classes="error")
            yield Static(_("Ctrl+S: save · Enter: next field · Esc: cancel"), classes="hint")

    def extra(self) -> ComposeResult:
        return iter(())

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> dict[str, Any]:
        return {name: self.query_one(f"#f-{name}", Input).value for name, _l in self.fields}

    def submit_form(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        values = self.values()
        if not values.get("name", "x").strip():
            self.show_field_error("name", _("This field is required"))
            return
        self.submit_values(values)

    def submit_values(self, values: dict[str, Any]) -> None:
        """Run `submit` and close only when it succeeded; without one, hand back the dict."""
        if self.submit is None:
            self.dismiss(values)
            return
        if self.saving:  # one save at a time: a second ctrl+s must not save twice
            return
        self.saving = True
        self.clear_errors()
        self.call_service(self.submit, values, done=self.dismiss, failed=self.refused)

    def refused(self, exc: HotlineError) -> None:
        """The service said no: show why on the field it names, keep the dialog open."""
        self.saving = False
        if isinstance(exc, ValidationError):
            self.show_field_error(exc.field, str(exc))
        else:
            self.show_error(exc)

    def show_error(self, exc: HotlineError) -> None:
        """Any other refusal (or an unexpected failure): said at the foot, dialog kept."""
        self.saving = False
        self.query_one("#form-error", Static).update(str(exc))
        super().show_error(exc)

    def clear_errors(self) -> None:
        for box in self.query(".field-error"):
            box.update("")
            box.remove_class("shown")
        self.query_one("#form-error", Static).update("")

    def show_field_error(self, field: str, message: str) -> None:
        """The message under the named field (or at the foot if the form has no such row)."""
        self.clear_errors()
        target = self.query(f"#e-{field}")
        if target:
            target.first(Static).update(message)
            target.first().add_class("shown")
        else:
            self.query_one("#form-error", Static).update(message)
        found = self.query(f"#f-{field}")
        if found:
            found.first().focus()


class CustomerDialog(CustomerFormBase):
    """A unit's own data (S1) with its category and confidentiality level (S2)."""

    def __init__(
        self,
        title: str,
        values: dict[str, Any] | None = None,
        submit: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        super().__init__(title, UNIT_FIELDS, values or {}, submit)

    def extra(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(_("Category"))
            yield Select(
                [(_(label), code) for code, label in CATEGORIES.items()],
                value=self.initial.get("category") or "regular",
                allow_blank=False,
                id="f-category",
                compact=True,
            )
        yield Static("", id="e-category", classes="field-error")
        with Horizontal(classes="form-row"):
            yield Label(_("Confidentiality"))
            yield Select(
                [(_(label), code) for code, label in LEVELS.items()],
                value=self.initial.get("confidentiality") or "secret",
                allow_blank=False,
                id="f-confidentiality",
                compact=True,
            )
        yield Static("", id="e-confidentiality", classes="field-error")

    def values(self) -> dict[str, Any]:
        out = super().values()
        out["category"] = self.query_one("#f-category", Select).value
        out["confidentiality"] = self.query_one("#f-confidentiality", Select).value
        return out


class ContactDialog(CustomerFormBase):
    """One contact: name, 先生/女士, phones (indexed for caller lookup, H4)."""

    def __init__(
        self,
        title: str,
        values: dict[str, Any] | None = None,
        submit: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        super().__init__(title, CONTACT_FIELDS, values or {}, submit)


class ContactLeftDialog(CustomerFormBase):
    """S1: a contact left; pick the successor among the unit's contacts or name a new one."""

    def __init__(
        self,
        leaving: str,
        others: list[tuple[str, int]],
        submit: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        super().__init__(
            _("{name} has left the company", name=leaving),
            (("name", N_("New contact")), ("mobile", N_("Mobile"))),
            {},
            submit,
        )
        self.others = others

    def extra(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(_("Replaced by"))
            yield Select(
                self.others,
                prompt=_("(a new contact, typed above)"),
                id="f-replacement",
                compact=True,
            )
        yield Static("", id="e-replaced_by", classes="field-error")

    def values(self) -> dict[str, Any]:
        out = super().values()
        chosen = self.query_one("#f-replacement", Select).value
        out["replacement_id"] = chosen if isinstance(chosen, int) else None
        return out

    def action_save(self) -> None:
        # Nobody named is allowed: the contact left and no successor is known yet.
        self.submit_values(self.values())


class SaleDialog(CustomerFormBase):
    """S3: the date of a sale (YYYY-MM-DD, today by default); the first visit follows."""

    def __init__(self, unit: str, today: str) -> None:
        super().__init__(
            _("Sale to {name}", name=unit), (("sold_on", N_("Sold on")),), {"sold_on": today}
        )

    def action_save(self) -> None:
        self.dismiss(self.values())


def sale_time(ctx: Any, text: str) -> Any:
    """The sale instant for a typed date: now if today, else 09:00 local that day."""
    day = date.fromisoformat(text.strip())
    now = ctx.local(ctx.now())
    if day == now.date():
        return ctx.now()
    return pendulum.datetime(day.year, day.month, day.day, 9, 0, tz=ctx.tz)
