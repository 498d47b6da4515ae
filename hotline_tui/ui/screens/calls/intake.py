"""Taking a call: caller first, the script beside the form, library answers as
the symptom is typed, one key per outcome (H1-H14, S2, F1).

Opened by F2 (a new call, its start time recorded at once), from the desk
with `app.open_item` set to an on-hold call (call-back mode: the callback
opener script, attempts logged, H6), or by `ui.start_of_duty.offer_draft` to restore a draft.
"""

from __future__ import annotations

import logging
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from hotline_tui.domain.errors import HotlineError
from hotline_tui.domain.scripts import ScriptRun
from hotline_tui.i18n import _
from hotline_tui.services.calls import calls, outcomes
from hotline_tui.services.calls.drafts import (
    call_kind,
    call_with_draft,
    discard_draft,
    save_draft,
)
from hotline_tui.services.customers.contacts import find_caller
from hotline_tui.shipped import call_scripts
from hotline_tui.ui.screens.calls.intake_dialogs import NewCallerDialog, PickCallerDialog
from hotline_tui.ui.screens.calls.intake_drafts import DraftRestore
from hotline_tui.ui.screens.calls.intake_leave import LeavingKeepsTheCall
from hotline_tui.ui.screens.calls.intake_manuals import ManualKeys
from hotline_tui.ui.screens.calls.intake_outcomes import LABELS, OutcomeKeys
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.calls.caller_panel import CallerPanel
from hotline_tui.ui.widgets.calls.script_panel import ScriptPanel
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.suggestions import Suggestions

log = logging.getLogger("hotline_tui.ui")
DRAFT_DELAY = 0.8  # debounce of the draft save
INPUTS = (
    "caller_phone",
    "product",
    "version_text",
    "modules",
    "dongle_no",
    "recent_ops",
    "error_message",
    "recording_ref",
)
AREAS = ("symptom", "resolution")
AUTH = ("auth_doc_ref", "auth_received_on", "auth_contact", "auth_waiver")


class IntakeScreen(LeavingKeepsTheCall, ManualKeys, OutcomeKeys, HotlineScreen):
    DEFAULT_CSS = """
    IntakeScreen #intake-body { height: 1fr; }
    IntakeScreen #intake-left { width: 1fr; padding: 0 1; }
    IntakeScreen #intake-right { width: 40%; min-width: 52; max-width: 90; }
    IntakeScreen .row { height: 1; margin-bottom: 1; }
    IntakeScreen .row Label { width: 12; color: $text-muted; }
    IntakeScreen .row Input, IntakeScreen .row Select { width: 1fr; }
    IntakeScreen TextArea { height: 1fr; min-height: 5; border: round $panel; }
    IntakeScreen #call-info { width: 40; padding-left: 1; }
    IntakeScreen #form-error { color: $error; height: auto; }
    IntakeScreen .-invalid { border: round $error; }
    """
    BINDINGS = [
        Binding("ctrl+s", "solve", "Solved", priority=True, id="intake.solve"),
        Binding("ctrl+o", "hold", "Hold, call back (H6)", priority=True, id="intake.hold"),
        Binding("ctrl+n", "consult", "Consultation (H7)", priority=True, id="intake.consult"),
        Binding("ctrl+g", "dispatch", "On-site (H8)", priority=True, id="intake.dispatch"),
        Binding("ctrl+t", "transfer", "Transfer (H10)", priority=True, id="intake.transfer"),
        Binding("ctrl+f", "apply_answer", "Apply answer", priority=True, id="intake.apply_answer"),
        # F1 is help on every screen; the phrases have their own key.
        Binding("ctrl+e", "phrases", "Phrases (H12)", priority=True, id="intake.phrases"),
        Binding("ctrl+r", "authorize", "Authorization (H11)", priority=True, id="intake.authorize"),
        Binding("ctrl+l", "late", "Late pickup (H1)", priority=True, id="intake.late"),
        Binding("ctrl+b", "attempt", "Call-back attempt", priority=True, id="intake.attempt"),
        Binding("ctrl+y", "clear(True)", "Understood", id="intake.clear_yes", priority=True),
        Binding("ctrl+x", "clear(False)", "Explain again", id="intake.clear_no", priority=True),
        Binding(
            "ctrl+k", "call_back_now", "Call back now", id="intake.call_back_now", priority=True
        ),
        Binding("ctrl+w", "suggestion", "Suggestion", id="intake.suggestion", priority=True),
        Binding("ctrl+u", "change_request", "Program change", id="intake.change", priority=True),
        Binding("escape", "leave", "Back", id="intake.leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        scripts = call_scripts()
        self.scripts = scripts
        self.run = ScriptRun(scripts["intake"])
        self.call_id: int | None = None
        self.ticket_no = ""
        self.status = "open"
        self.customer_id: int | None = None
        self.contact_id: int | None = None
        self.summary: calls.CallerSummary | None = None
        self.auth: dict[str, str] = {}
        self.promise: Any = None  # H6: the next answer time told when there is no result yet
        self.drafts_held = True  # no draft saves while the form is being filled in (not `loading`: that is Textual's spinner)
        self.restored_kind = ""  # a restored draft saved under another kind, dropped once re-saved

    # ------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="intake-body"):
            with Vertical(id="intake-left"):
                with Horizontal(classes="row"):
                    yield Label(_(LABELS["caller_phone"]))
                    yield Input(
                        id="f-caller_phone", compact=True, placeholder=_("Caller's number, Enter")
                    )
                    yield Static("", id="call-info")
                yield CallerPanel(id="caller")
                for pair in (("product", "version_text"), ("modules", "dongle_no")):
                    with Horizontal(classes="row"):
                        for name in pair:
                            yield Label(_(LABELS[name]))
                            yield Input(id=f"f-{name}", compact=True)
                with Horizontal(classes="row"):
                    yield Label(_(LABELS["category"]))
                    yield Select(
                        [(_(label), key) for key, label in calls.CATEGORIES.items()],
                        value="general",
                        allow_blank=False,
                        compact=True,
                        id="f-category",
                    )
                yield TextArea(id="f-symptom")
                for name in ("recent_ops", "error_message", "recording_ref"):
                    with Horizontal(classes="row"):
                        yield Label(_(LABELS[name]))
                        yield Input(id=f"f-{name}", compact=True)
                yield TextArea(id="f-resolution")
                yield Static("", id="form-error")
            with Vertical(id="intake-right"):
                yield ScriptPanel(id="script")
                yield Suggestions(id="suggestions")
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        self.query_one("#f-symptom", TextArea).border_title = _("Symptom and steps (H3)")
        self.query_one("#f-resolution", TextArea).border_title = _("Cause and solution (H5)")
        self.query_one("#f-caller_phone", Input).focus()
        item, self.app.open_item = self.app.open_item, None
        if isinstance(item, DraftRestore):
            self.restored_kind = item.kind
            self._fill(item.data)
            call_id = item.data.get("call_id")
            if call_id:
                self.call_service(
                    calls.call_form, call_id, done=self._draft_call, failed=lambda e: self._start()
                )
            else:
                self._start()
        elif getattr(item, "kind", None) == "call":
            # The call as it was left: its draft over what the call holds.
            self.call_service(call_with_draft, self.ctx, item.id, done=self._reopened)
        else:
            self._start()
        self._refresh_script()

    # ----------------------------------------------------------- the call
    def _start(self) -> None:
        late = bool(self.run.flags)
        ctx = self.ctx
        self.call_service(
            calls.start_call,
            ctx,
            late_pickup=late,
            done=self._started,
            # Esc before the call came back: the empty call is written off (H14)
            undo=lambda call: outcomes.abandon_call(ctx, call.id, "empty"),
        )

    def _started(self, call: Any) -> None:
        self.call_id, self.ticket_no, self.status = call.id, call.ticket_no, call.status
        self.drafts_held = False
        self._show_info()
        self._save_draft_soon()

    def _draft_call(self, data: dict[str, Any]) -> None:
        if data["status"] not in calls.ACTIVE:
            self._start()
            return
        self.call_id, self.ticket_no, self.status = (
            data["call_id"],
            data["ticket_no"],
            data["status"],
        )
        self.drafts_held = False
        self._show_info()

    def _reopened(self, data: dict[str, Any]) -> None:
        """From the desk: an on-hold/consultation call opens in call-back mode (H6)."""
        # the call's id first: the caller panel leaves this call out of "open" and "last calls"
        self.call_id, self.ticket_no, self.status = (
            data["call_id"],
            data["ticket_no"],
            data["status"],
        )
        self._fill(data)
        if self.status in ("on_hold", "consultation"):
            self.promise = calls.next_promise(self.ctx, data.get("due_at"), data.get("due_rule"))
            self.run = ScriptRun(self.scripts["callback_opener"])
            self.refresh_bindings()  # the call-back attempt key appears
        self.drafts_held = False
        self._show_info()
        self._refresh_script()

    def _fill(self, data: dict[str, Any]) -> None:
        for name in INPUTS:
            if data.get(name):
                self.query_one(f"#f-{name}", Input).value = str(data[name])
        for name in AREAS:
            if data.get(name):
                self.query_one(f"#f-{name}", TextArea).text = str(data[name])
        if data.get("category") in calls.CATEGORIES:
            self.query_one("#f-category", Select).value = data["category"]
        if data.get("late_pickup"):
            self.run.flags.add("late_pickup")
        self.auth = {k: str(data.get(k) or "") for k in AUTH if data.get(k)}
        if data.get("customer_id"):
            self._identified(data["customer_id"], data.get("contact_id"), save=False)

    def _show_info(self) -> None:
        late = "  " + _("late pickup") if "late_pickup" in self.run.flags else ""
        status = _(calls.STATUSES.get(self.status, self.status))
        self.query_one("#call-info", Static).update(f"{self.ticket_no} {status}{late}")

    # ------------------------------------------------------------- lookup
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "f-caller_phone":
            self.focus_next()  # Enter moves on
            return
        self.call_service(
            find_caller, event.value, self.ctx, done=self._matched, failed=self._refused
        )

    def _matched(self, matches: list[Any]) -> None:
        if len(matches) == 1:
            self._identified(matches[0].customer.id, matches[0].contact.id)
        elif matches:
            self.app.push_screen(
                PickCallerDialog(matches),
                lambda m: m and self._identified(m.customer.id, m.contact.id),
            )
        else:
            phone = self.query_one("#f-caller_phone", Input).value
            product = self.query_one("#f-product", Input).value
            self.app.push_screen(
                NewCallerDialog(phone, product), lambda cid: cid and self._identified(cid, None)
            )

    def _identified(self, customer_id: int, contact_id: int | None, save: bool = True) -> None:
        self.customer_id, self.contact_id = customer_id, contact_id
        self.call_service(
            calls.caller_summary,
            self.ctx,
            customer_id,
            contact_id,
            exclude_call_id=self.call_id,
            done=self._show_caller,
        )

    def _show_caller(self, s: calls.CallerSummary) -> None:
        self.summary, self.contact_id = s, s.contact_id
        self.query_one(CallerPanel).show(s, self.ctx.local)
        if s.products:  # prefill what is known, never overwrite what was typed
            first = s.products[0]
            for name, key in (
                ("product", "product"),
                ("version_text", "version"),
                ("modules", "modules"),
                ("dongle_no", "dongle_no"),
            ):
                box = self.query_one(f"#f-{name}", Input)
                if not box.value and first.get(key):
                    box.value = first[key]
        self.query_one("#f-symptom", TextArea).focus()
        self._refresh_script()
        self._save_draft_soon()

    # -------------------------------------------------------- the form
    def form(self) -> dict[str, Any]:
        data: dict[str, Any] = {n: self.query_one(f"#f-{n}", Input).value for n in INPUTS}
        data.update({n: self.query_one(f"#f-{n}", TextArea).text for n in AREAS})
        data["category"] = self.query_one("#f-category", Select).value
        data["customer_id"], data["contact_id"] = self.customer_id, self.contact_id
        data["late_pickup"] = "late_pickup" in self.run.flags
        data.update(self.auth)
        return data

    def values(self) -> dict[str, object]:
        """The script's placeholders, filled as far as the call is known."""
        s = self.summary
        modules = self.query_one("#f-modules", Input).value.replace(",", ",").split(",")[0].strip()
        return {
            "agent_no": self.ctx.actor.agent_no,
            "center": self.ctx.settings.center_name,
            "name": s.contact if s else "",
            "title": s.title if s else "",
            "module": modules,
            "promise": self.ctx.local(self.promise).format("HH:mm") if self.promise else "",
        }

    def _filled(self) -> set[str]:
        f = self.form()
        have = {k for k in ("product", "symptom", "resolution") if str(f[k]).strip()}
        if f["recent_ops"].strip():
            have.add("operations")
        if self.customer_id:
            have |= {"phone", "customer"}
        if self.contact_id:
            have.add("contact")
        return have

    def _refresh_script(self) -> None:
        if self.run.script.id == "intake":
            self.run.follow(self._filled())
        self.query_one(ScriptPanel).show(self.run, self.values())

    def on_input_changed(self, event: Input.Changed) -> None:
        event.input.remove_class("-invalid")
        if event.input.id == "f-error_message":  # an error code is the sharpest query
            self._suggest_soon()
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.text_area.remove_class("-invalid")
        if event.text_area.id == "f-symptom":
            self._suggest_soon()
        self._changed()

    #: A library search is running; the text changed while it ran.
    _suggest_running = False
    _suggest_again = False

    def _suggest_soon(self) -> None:
        """Search at once on every key (a search takes a few ms); while one
        runs, only the newest text waits for it: stale texts are never run."""
        if self._suggest_running:
            self._suggest_again = True
        else:
            self._suggest()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed()

    def _changed(self) -> None:
        if self.is_mounted:
            self._refresh_script()
            self._save_draft_soon()

    def _save_draft_soon(self) -> None:
        if getattr(self, "_draft_timer", None):
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft_now)

    @property
    def draft_kind(self) -> str:
        """This call's own draft: a second call never overwrites it."""
        return call_kind(self.call_id)

    def save_draft_now(self) -> None:
        if self.drafts_held or self.call_id is None:
            return
        data = {**self.form(), "call_id": self.call_id, "ticket_no": self.ticket_no}
        self.call_service(
            save_draft, self.ctx, data, self.draft_kind, group="draft", failed=lambda e: None
        )
        if self.restored_kind and self.restored_kind != self.draft_kind:
            old, self.restored_kind = self.restored_kind, ""
            self.call_service(discard_draft, self.ctx, old, group="draft", failed=lambda e: None)

    def _propose_category(self, text: str) -> None:
        """H11: the caller asks for a password reset or data clearing in their own
        words: propose the category; the guard applies unless the operator says why not."""
        proposed = calls.propose_category(text)
        category = self.query_one("#f-category", Select).value
        if (
            proposed is None
            or category in calls.SENSITIVE
            or proposed == getattr(self, "_proposed", None)
        ):
            self._proposed = proposed
            return
        self._proposed = proposed
        message = _(
            "This reads like a request for {what}: set the category to it and record "
            "the written authorization (Ctrl+R), or state there why it is not one",
            what=_(calls.CATEGORIES[proposed]),
        )
        self.query_one("#form-error", Static).update(message)
        self.notify(message, severity="warning", timeout=8)

    # ---------------------------------------------------- library answers
    def _suggest_text(self) -> str:
        symptom = self.query_one("#f-symptom", TextArea).text.strip()
        error = self.query_one("#f-error_message", Input).value.strip()
        return "\n".join(part for part in (symptom, error) if part)

    def _suggest(self) -> None:
        """H5: the symptom and the error message drive the library answers."""
        text = self._suggest_text()
        self._suggest_again = False
        self._propose_category(text)
        if not text:
            self.query_one(Suggestions).show([], text)
            return
        from hotline_tui.services.library.entries import suggest

        self._suggest_running = True
        self.call_service(
            suggest,
            text,
            limit=6,
            done=lambda hits: self._suggested(text, hits),
            failed=self._suggest_failed,
            group="suggest",
        )

    def _suggested(self, text: str, hits: list[Any]) -> None:
        """Show answers that are still for what the box says; else search again."""
        self._suggest_running = False
        if not self.is_mounted:
            return
        if self._suggest_again or text != self._suggest_text():
            self._suggest()
        else:
            self.query_one(Suggestions).show(hits, text)

    def _suggest_failed(self, exc: HotlineError) -> None:
        self._suggest_running = False
        self.show_error(exc)

    def on_option_list_option_selected(self, event: Suggestions.OptionSelected) -> None:
        if isinstance(event.option_list, Suggestions):
            self.action_apply_answer()

    def action_apply_answer(self) -> None:
        hit = self.query_one(Suggestions).selected_hit
        if hit is None or self.call_id is None:
            self.notify(_("No library answer to apply"), severity="warning")
            return
        self.call_service(
            calls.apply_library_answer, self.ctx, self.call_id, hit.entry_id, done=self._applied
        )

    def _applied(self, result: tuple[Any, str]) -> None:
        box = self.query_one("#f-resolution", TextArea)
        if not box.text.strip():
            box.text = result[1]
        self.notify(_("Library answer applied and counted (H5)"))


__all__ = ["DraftRestore", "IntakeScreen"]
