"""Messages the app posts to its screens about the shared database.

`DataChanged` carries what other desks (and this one) committed, as
`(kind, id)` pairs from the change feed (`store/feed.py`): kinds are model
table names such as "call", "callback", "dispatch_request", "complaint",
"handover", "handover_item", "roster_shift", "customer", "library_entry",
"staff", and "phone_call" (telephony). `("*", 0)` means anything may have
changed (after a reconnect): reload everything shown.

`FeedStatus` says the desk lost (`online=False`) or regained its live
connection to the database.
"""

from __future__ import annotations

from textual.message import Message

from hotline_tui.store.feed import RESYNC, Change


class DataChanged(Message, bubble=False):
    """Rows of these kinds changed in the database (sent to each screen; no bubbling)."""

    def __init__(self, changes: frozenset[Change]) -> None:
        super().__init__()
        self.changes = changes

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(kind for kind, _ in self.changes)

    @property
    def resync(self) -> bool:
        return RESYNC in self.changes

    def touches(self, *kinds: str) -> bool:
        """Whether any of `kinds` changed (always True on a resync)."""
        return self.resync or not self.kinds.isdisjoint(kinds)

    def ids(self, kind: str) -> frozenset[int]:
        return frozenset(i for k, i in self.changes if k == kind)


class FeedStatus(Message, bubble=False):
    """The live connection was lost (online=False) or is back (online=True)."""

    def __init__(self, online: bool) -> None:
        super().__init__()
        self.online = online
