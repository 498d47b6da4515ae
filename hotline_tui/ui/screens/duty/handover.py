"""Start and end of duty (R2-R4): take over the previous duty's open work item by item.

`ui.start_of_duty` runs after every sign-in: an operator with a rostered shift
starting or under way is signed in for duty and, if the previous duty left
anything open, lands here. Each item is accepted with a key (ownership moves,
H10) or flagged with a question; the header shows who is on duty now and next,
refreshed every minute. The manager also sees the day's duty board: readiness
(R2), away marks (R4) and overdue handovers (R3), and a handover opened from the
review (docs/DESIGN.md, the manager's review). What each key does lives in `handover_actions.py`.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from hotline_tui.domain.deadlines import countdown_words
from hotline_tui.i18n import _
from hotline_tui.services.duty import board as handover_board
from hotline_tui.services.duty import handover as svc
from hotline_tui.services.duty import roster
from hotline_tui.services.duty import sessions as duty
from hotline_tui.ui.screens.duty.handover_actions import HandoverActions
from hotline_tui.ui.screens.duty.handover_dialogs import (
    COLUMN_LABELS,
    ITEM_KINDS,
    STATUSES,
    DutyBoard,
)
from hotline_tui.ui.support import HotlineScreen
from hotline_tui.ui.widgets.columns import measured_widths
from hotline_tui.ui.widgets.countdown import time_left
from hotline_tui.ui.widgets.desk_header import DeskHeader
from hotline_tui.ui.widgets.dispatch.layout import fit
from hotline_tui.ui.widgets.keybar import KeyBar
from hotline_tui.ui.widgets.plain_table import PlainTable

COLUMN_KEYS = ("status", "kind", "left", "from", "item", "note")

# -- the screen ---------------------------------------------------------------------


class HandoverScreen(HandoverActions, HotlineScreen):
    LIVE_KINDS = frozenset({"handover", "handover_item", "duty_session", "roster_shift"})
    DEFAULT_CSS = """
    HandoverScreen #handover-items { height: 1fr; }
    HandoverScreen #handover-item { height: auto; max-height: 4; padding: 0 1; }
    HandoverScreen #duty-board { height: auto; max-height: 12; }
    HandoverScreen #handover-title { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    HandoverScreen #handover-title.-overdue { color: $error; text-style: bold; }
    """
    BINDINGS = [
        Binding("a", "accept", "Accept item", id="handover.accept"),
        Binding("f", "flag", "Ask a question", id="handover.flag"),
        Binding("q", "answer", "Answer a question", id="handover.answer"),
        Binding("k", "acknowledge", "Acknowledge", id="handover.ack"),
        Binding("d", "sign_in", "Sign in for duty", id="handover.sign_in"),
        Binding("e", "end_duty", "End of duty", id="handover.end"),
        Binding("w", "away", "Away", id="handover.away"),
        Binding("b", "back_at_desk", "Back at desk", id="handover.back"),
        Binding("r", "reload", "Refresh", id="handover.reload"),
        Binding("m", "my_handover", "My handover", id="handover.mine"),
        Binding("l", "checklist", "Duty checklist", id="handover.checklist"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: svc.HandoverView | None = None
        self.board: list[duty.BoardRow] = []
        self._widths: tuple[int, ...] | None = None
        self.chosen_id: int | None = None  # a handover opened from the review
        self.chosen: handover_board.ChosenHandover | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(_("Handover"), id="handover-title", classes="title")
        yield Static("", id="handover-note")
        yield PlainTable(id="handover-items", cursor_type="row", zebra_stripes=True)
        yield Static("", id="handover-item")
        yield Static("", id="handover-duty", classes="hint")
        yield Static("", id="handover-questions", classes="error")
        yield Static("", id="board-title", classes="title")
        yield DutyBoard(id="duty-board", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        board = self.query_one("#duty-board", DutyBoard)
        board.display = self.ctx.can("handover.board")
        self.query_one("#board-title", Static).display = board.display
        self.set_interval(1.0, self.tick)

    def on_screen_resume(self) -> None:
        """Shown, the first time included: take the hand-off and load (once)."""
        self.take_open_item()
        self.action_reload()

    def take_open_item(self) -> None:
        """Opened from the review on someone else's handover: show that handover,
        read only (docs/DESIGN.md, the manager's review). One's own handover (from the desk) opens as usual."""
        item = getattr(self.app, "open_item", None)
        if getattr(item, "kind", None) == "handover":
            self.app.open_item = None
            if getattr(item, "owner_id", None) != self.ctx.actor.id:
                self.chosen_id = int(item.id)
                self.refresh_bindings()

    def action_reload(self) -> None:
        if self.chosen_id is not None:
            self.call_service(
                handover_board.chosen_handover,
                self.ctx,
                self.chosen_id,
                done=self._show_chosen,
                group="handover",
            )
        else:
            self.call_service(svc.my_handover, self.ctx, done=self.show, group="handover")
        if self.ctx.can("handover.board"):
            today = self.ctx.local(self.ctx.now()).date()
            self.call_service(
                handover_board.duty_board,
                self.ctx,
                roster.plain_date(today),
                done=self.show_board,
                group="duty-board",
            )

    def _show_chosen(self, chosen: handover_board.ChosenHandover) -> None:
        if chosen.handover_id == self.chosen_id:  # not one the manager has left since
            self.chosen = chosen
            self.show(chosen.view)

    def action_my_handover(self) -> None:
        """Back from a chosen handover to the actor's own takeover."""
        self.chosen_id, self.chosen = None, None
        self.refresh_bindings()
        self.action_reload()

    def _columns(self, table: PlainTable, rows: list[tuple]) -> list[int]:
        """(Re)build the item columns from what they show (cells, double width
        counted): the item text takes the room an empty note does not need."""
        labels = [_(COLUMN_LABELS[k]) for k in COLUMN_KEYS[:4]] + [_("Item"), _("Note")]
        sample = ("", "", countdown_words(-(2 * 86400 + 1)), "", "", "")  # widest countdown
        widths = measured_widths(
            labels, [*rows, sample], self.size.width or 120, flex={4: 3, 5: 1}, caps={3: 14}
        )
        if self._widths != tuple(widths):
            self._widths = tuple(widths)
            table.set_columns(list(zip(COLUMN_KEYS, labels, widths, strict=True)))
        return widths

    def on_resize(self) -> None:
        if self.view is not None:
            self.show(self.view)

    def show(self, view: svc.HandoverView) -> None:
        self.view = view
        now = self.ctx.now()
        table = self.query_one("#handover-items", PlainTable)
        shown = [
            (
                Text(
                    _(STATUSES[it.status]),
                    style={"accepted": "green", "flagged": "bold dark_orange"}.get(it.status, ""),
                ),
                _(ITEM_KINDS.get(it.kind, it.kind)),
                time_left(it.due_at, now),
                it.from_name,
                it.summary,
                it.note,
            )
            for it in view.items
        ]
        widths = self._columns(table, shown)
        rows = [
            (
                str(it.id),
                [
                    *cells[:3],
                    *(fit(value, w) for value, w in zip(cells[3:], widths[3:], strict=True)),
                ],
            )
            for it, cells in zip(view.items, shown, strict=True)
        ]
        # In place: the cursor stays on its item when completing one re-sorts the list.
        table.sync_rows(rows, volatile=("left",))
        self._describe_item()
        self._show_title(view)
        notes = [h.note for h in view.handovers if h.note]
        self.query_one("#handover-note", Static).update(
            _("Note from the outgoing operator: {note}", note=" / ".join(notes)) if notes else ""
        )
        self.query_one("#handover-duty", Static).update(self._duty_text(view))
        questions = "\n".join(
            _("Question on {item}: {q}", item=q.summary, q=q.question)
            + (" → " + (q.extra or {})["answer"] if (q.extra or {}).get("answer") else "")
            for q in view.questions
        )
        self.refresh_bindings()
        self.query_one("#handover-questions", Static).update(questions)

    def _show_title(self, view: svc.HandoverView) -> None:
        """One line (cut with …, never wrapped), red while a handover is overdue."""
        title = self.query_one("#handover-title", Static)
        title.update(self._title(view))
        now = self.ctx.now()
        late = any(h.completed_at is None and h.due_at < now for h in view.handovers)
        title.set_class(late, "-overdue")

    def _title(self, view: svc.HandoverView) -> str:
        """One line per R3 deadline, however many outgoing operators share it."""
        if not view.handovers:
            return _("Handover: nothing to take over")
        now = self.ctx.now()
        parts: list[str] = []
        seen: set[tuple] = set()
        for h in view.handovers:
            key = (h.due_at, h.completed_at is None)
            if key in seen:
                continue
            seen.add(key)
            due = self.ctx.local(h.due_at).format("HH:mm")
            if h.completed_at is not None:
                at = self.ctx.local(h.completed_at).format("HH:mm")
                late = h.completed_at > h.due_at
                parts.append(
                    _("Handover complete at {at}, due {due}", at=at, due=due)
                    + " · "
                    + (_("late") if late else _("on time"))
                )
                continue
            secs = (h.due_at - now).total_seconds()
            left = countdown_words(secs)
            minutes = self.ctx.policy.handover_minutes
            if secs < 0:  # the words say it: 超时 0:15:03 (the title turns red)
                parts.append(
                    _(
                        "Hand over within {m} minutes, by {due} · {left}",
                        m=minutes,
                        due=due,
                        left=left,
                    )
                )
            else:
                parts.append(
                    _(
                        "Hand over within {m} minutes, by {due} · {left} left",
                        m=minutes,
                        due=due,
                        left=left,
                    )
                )
        pending = sum(1 for it in view.items if it.status != "accepted")
        names = ", ".join(dict.fromkeys(it.from_name for it in view.items if it.from_name))
        if self.chosen is not None and self.chosen_id is not None:
            c = self.chosen
            parts.insert(0, _("Handover {frm} → {to}", frm=c.outgoing, to=c.incoming))
        elif names:
            parts.insert(0, _("Taking over from {names}", names=names))
        return " · ".join(parts) + " · " + _("{n} to accept", n=pending)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "handover-items":
            self._describe_item()

    def _describe_item(self) -> None:
        """The highlighted item in full: what it is, the outgoing note, the question."""
        it = self._current()
        lines = []
        if it is not None:
            lines.append(f"{_(ITEM_KINDS.get(it.kind, it.kind))} · {it.from_name} · {it.summary}")
            if it.note:
                lines.append(_("Note: {text}", text=it.note))
            if it.question:
                lines.append(_("Question: {text}", text=it.question))
            if it.answer:
                lines.append(_("Answer: {text}", text=it.answer))
        self.query_one("#handover-item", Static).update(escape("\n".join(lines)))

    def _duty_text(self, view: svc.HandoverView) -> str:
        if self.chosen is not None and self.chosen_id is not None:
            return _(
                "Read only: {to} takes these items over · m: back to your own handover",
                to=self.chosen.incoming,
            )
        s = view.session
        if s is None:
            return _("Not signed in for duty")
        since = self.ctx.local(s.signed_in_at).format("HH:mm")
        text = _("On duty since {at}", at=since)
        if s.off_roster:
            text += " · " + _("off roster")
        if s.away_since is not None:
            text += " · " + _("away: {reason}", reason=s.away_reason)
        return text

    def show_board(self, rows: list[duty.BoardRow]) -> None:
        self.board = rows
        self.query_one("#board-title", Static).update(_("Duty today (manager's view)"))
        self.query_one("#duty-board", DutyBoard).show(rows, self.ctx)

    def tick(self) -> None:
        """Move the countdowns without database work."""
        if self.view is None:
            return
        self._show_title(self.view)
        table = self.query_one("#handover-items", DataTable)
        now = self.ctx.now()
        for it in self.view.items:
            try:
                table.update_cell(str(it.id), "left", time_left(it.due_at, now))
            except Exception:
                continue

    # -- actions ------------------------------------------------------------------
    def _current(self) -> svc.ItemRow | None:
        table = self.query_one("#handover-items", DataTable)
        if self.view is None or not self.view.items or table.cursor_row is None:
            return None
        return self.view.items[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The answer key shows only while a question waits for this operator; a
        handover chosen from the review is someone else's: read only."""
        if action == "answer":
            return bool(self._unanswered())
        if action == "my_handover":
            return self.chosen_id is not None
        if action in ("accept", "flag", "acknowledge"):
            return self.chosen_id is None
        return True
