"""The source of "now", injected so deadlines and countdowns are testable.

Services and the UI ask a Clock for the time instead of reading the wall clock,
so a test can pin the moment a call was taken and step past its deadline (H6).
"""

from __future__ import annotations

from datetime import datetime

import pendulum

from hotline_tui.domain.calendar import to_pendulum


class Clock:
    """Base class: ``now()`` returns the current instant as a UTC pendulum DateTime."""

    def now(self) -> pendulum.DateTime:
        raise NotImplementedError


class SystemClock(Clock):
    """The real wall clock, in UTC (W2: times are shown in local time, kept in UTC)."""

    def now(self) -> pendulum.DateTime:
        return pendulum.now(pendulum.UTC)


class FixedClock(Clock):
    """A clock that stands still until told to move; for tests and demos."""

    def __init__(self, at: datetime) -> None:
        self._at = to_pendulum(at).in_tz(pendulum.UTC)

    def now(self) -> pendulum.DateTime:
        return self._at

    def set(self, at: datetime) -> pendulum.DateTime:
        """Jump to ``at`` (timezone-aware); returns the new now."""
        self._at = to_pendulum(at).in_tz(pendulum.UTC)
        return self._at

    def advance(self, **kwargs: float) -> pendulum.DateTime:
        """Move forward by pendulum add() units, e.g. ``advance(minutes=61)``."""
        self._at = self._at.add(**kwargs).in_tz(pendulum.UTC)  # type: ignore[arg-type]
        return self._at

    def __repr__(self) -> str:
        return f"FixedClock({self._at.isoformat()})"
