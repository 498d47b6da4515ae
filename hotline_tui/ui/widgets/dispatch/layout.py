"""Column widths for the dispatch and handover tables.

Chinese text is double-width: a table whose free-text column grows with its
longest line pushes the countdown and the owner off a 120-column terminal. The
fixed columns keep their width; the free-text columns share what is left, and
their text is cut to it (cell-aware, with an ellipsis).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from hotline_tui.domain import dispatch_flow as flow
from hotline_tui.i18n import N_, _

#: DataTable pads every cell with one blank on each side.
CELL_PADDING = 2


def fit(text: str | Text, width: int) -> Text:
    """`text` on one line, cut to `width` terminal cells with "…" if longer."""
    from hotline_tui.ui.widgets.plain_table import ellipsize

    out = text.copy() if isinstance(text, Text) else Text(" ".join(str(text).split()))
    return ellipsize(out, max(width, 1))


def flex_widths(total: int, fixed: list[int], shares: list[int], minimum: int = 8) -> list[int]:
    """Widths of the flexible columns: `total` cells minus the fixed columns and all
    padding, split by `shares` (never below `minimum`)."""
    columns = len(fixed) + len(shares)
    free = total - sum(fixed) - CELL_PADDING * columns - 2  # the scrollbar gutter
    weight = sum(shares) or 1
    return [max(minimum, free * s // weight) for s in shares]


# -- the dispatch list (F7) -----------------------------------------------------

#: The dispatch screen's key actions -> the state machine step each one takes.
STEP_OF = {
    "verify": flow.VERIFY,
    "return_request": flow.RETURN,
    "assign": flow.ASSIGN,
    "appoint": flow.APPOINT,
    "reschedule": flow.RESCHEDULE,
    "arrive": flow.ARRIVE,
    "sign_off": flow.SIGN_OFF,
    "not_solved": flow.FAIL,
    "redispatch": flow.REDISPATCH,
    "escalate": flow.ESCALATE,
    "track": flow.TRACK,
    "vendor_solved": flow.VENDOR_SOLVED,
    "close_order": flow.CLOSE,
    "cancel_order": flow.CANCEL,
}


LIST_COLUMNS = {
    "state": N_("State"),
    "order": N_("Order"),
    "customer": N_("Customer"),
    "engineer": N_("Engineer"),
    "visit": N_("Visit"),
    "left": N_("Time left"),
    "rule": N_("Why"),
    "problem": N_("Problem"),
}
MAX_CUSTOMER = 30  # a full unit name; the problem takes the rest


def _list_fixed(states: set[str]) -> dict[str, int]:
    """Fixed widths; the state column is as wide as the states on screen."""
    labels = [flow.STATE_LABELS.get(st, st) for st in states] or [LIST_COLUMNS["state"]]
    state = max(cell_len(_(label)) for label in [*labels, LIST_COLUMNS["state"]])
    return {"state": state, "order": 15, "engineer": 8, "visit": 11, "left": 9, "rule": 4}


def list_widths(total: int, states: set[str]) -> tuple[int, int, int]:
    """(state, customer, problem) widths of the dispatch list on a `total`-cell screen."""
    fixed = _list_fixed(states)
    cust, problem = flex_widths(total, list(fixed.values()), [1, 1])
    if cust > MAX_CUSTOMER:
        cust, problem = MAX_CUSTOMER, problem + cust - MAX_CUSTOMER
    return fixed["state"], cust, problem


def build_list_columns(table: DataTable, widths: tuple[int, int, int]) -> None:
    """Replace the list's columns: every one fixed, so nothing is pushed off screen."""
    sizes = {**_list_fixed(set()), "state": widths[0], "customer": widths[1]}
    sizes["problem"] = widths[2]
    table.clear(columns=True)
    for key, label in LIST_COLUMNS.items():
        table.add_column(_(label), key=key, width=sizes[key])
