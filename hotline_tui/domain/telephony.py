"""What the phone system says about a call, folded into one state (H1, H14).

A PBX reports a call in events (ringing, answered, hung up) that may arrive
twice, late or in the wrong order: a bridge retries a post, two processes race.
`fold()` therefore treats every fact as "the earliest time we heard of it" and
fills a field only once, so applying the same events in any order, any number
of times, gives the same call. Pure: no database, no clock of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

EventKind = Literal["newCall", "answer", "hangup"]
EVENT_KINDS: tuple[str, ...] = ("newCall", "answer", "hangup")
DIRECTIONS = ("in", "out")

#: Hang-up causes (the generic CTI API's words) that mean nobody picked up.
UNANSWERED_CAUSES = frozenset({"cancel", "noAnswer", "busy", "congestion", "notFound", "abandon"})
LOST_CAUSE = "lost"  # no hang-up ever came: closed by the desk after a while

MAX_CALL_ID = 250


class BadEvent(ValueError):
    """An event that cannot be a call event (missing id, unknown kind...)."""


@dataclass(frozen=True, slots=True)
class CallEvent:
    """One event from the PBX, already parsed (times timezone-aware)."""

    kind: str
    call_id: str
    at: datetime
    from_number: str = ""
    to_number: str = ""
    direction: str = "in"
    users: tuple[str, ...] = ()
    queue: str = ""
    extension: str = ""  # where it rings (the called extension), when the PBX says
    answering_number: str = ""
    cause: str = ""

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise BadEvent(f"unknown event {self.kind!r}")
        if not self.call_id or len(self.call_id) > MAX_CALL_ID:
            raise BadEvent("callId missing or longer than 250 characters")
        if self.direction not in DIRECTIONS:
            raise BadEvent(f"direction must be in or out, not {self.direction!r}")
        if self.at.tzinfo is None:
            raise BadEvent("event time without a time zone")


@dataclass(frozen=True, slots=True)
class CallState:
    """Everything known about one PBX call so far."""

    call_id: str
    direction: str = "in"
    from_number: str = ""
    to_number: str = ""
    queue: str = ""
    extension: str = ""
    users: tuple[str, ...] = ()
    answering_number: str = ""
    first_heard: datetime | None = None
    ringing_from: datetime | None = None  # the newCall's time
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    cause: str = ""
    seen: frozenset[str] = field(default_factory=frozenset)

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    @property
    def status(self) -> str:
        """ringing | talking | answered | missed | lost."""
        if self.cause == LOST_CAUSE and not self.answered:
            return "lost"
        if self.ended:
            return "answered" if self.answered else "missed"
        return "talking" if self.answered else "ringing"

    @property
    def start(self) -> datetime | None:
        return self.ringing_from or self.first_heard

    def ring_seconds(self) -> float | None:
        """From ringing to pick-up (or to the hang-up of an unanswered call)."""
        end = self.answered_at or self.ended_at
        if self.start is None or end is None:
            return None
        return max(0.0, (end - self.start).total_seconds())

    def talk_seconds(self) -> float | None:
        if self.answered_at is None or self.ended_at is None:
            return None
        return max(0.0, (self.ended_at - self.answered_at).total_seconds())

    @property
    def caller(self) -> str:
        """The customer's number: the caller of an incoming call, the callee of an outgoing one."""
        return self.from_number if self.direction == "in" else self.to_number


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def fold(state: CallState | None, ev: CallEvent) -> CallState:
    """Apply one event; idempotent and order-independent (see the module doc)."""
    s = state or CallState(call_id=ev.call_id, direction=ev.direction)
    if s.call_id != ev.call_id:
        raise BadEvent("event for another call")
    s = replace(
        s,
        from_number=s.from_number or ev.from_number,
        to_number=s.to_number or ev.to_number,
        queue=s.queue or ev.queue,
        extension=s.extension or ev.extension,
        users=s.users or ev.users,
        answering_number=s.answering_number or ev.answering_number,
        first_heard=_earliest(s.first_heard, ev.at),
        seen=s.seen | {ev.kind},
    )
    if ev.kind == "newCall":
        return replace(s, direction=ev.direction, ringing_from=_earliest(s.ringing_from, ev.at))
    if ev.kind == "answer":
        answered = _earliest(s.answered_at, ev.at)
        if s.ended_at is not None and answered is not None and answered > s.ended_at:
            answered = s.ended_at
        cause = "" if s.cause == LOST_CAUSE else s.cause
        ended = None if s.cause == LOST_CAUSE and "hangup" not in s.seen else s.ended_at
        return replace(s, answered_at=answered, cause=cause, ended_at=ended)
    # hangup: the first one wins; a hang-up that says who answered proves the answer
    if s.ended_at is not None and s.cause != LOST_CAUSE:
        return s
    cause = ev.cause or s.cause
    answered = s.answered_at
    if answered is None and ev.answering_number and ev.cause not in UNANSWERED_CAUSES:
        answered = ev.at
    return replace(
        s, ended_at=ev.at, cause="" if cause == LOST_CAUSE else cause, answered_at=answered
    )


def close_if_stale(state: CallState, now: datetime, after: timedelta) -> CallState:
    """A call with no hang-up long after its last news is closed as lost."""
    last = state.answered_at or state.start
    if state.ended or last is None or now - last < after:
        return state
    return replace(state, ended_at=last, cause=LOST_CAUSE)


def rings(ring_seconds: float, seconds_per_ring: int) -> int:
    """How many rings a ring time was (a started ring counts)."""
    if ring_seconds <= 0:
        return 0
    return math.ceil(ring_seconds / max(1, seconds_per_ring))


def late_pickup(ring_seconds: float | None, seconds_per_ring: int, apology_after: int) -> bool:
    """H1: after `apology_after` rings the operator opens with an apology."""
    if ring_seconds is None:
        return False
    return rings(ring_seconds, seconds_per_ring) > apology_after


def within_rings(ring_seconds: float | None, seconds_per_ring: int, limit: int) -> bool:
    """H1: answered within `limit` rings."""
    return ring_seconds is not None and rings(ring_seconds, seconds_per_ring) <= limit
