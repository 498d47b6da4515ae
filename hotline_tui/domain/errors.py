"""Errors that services raise and the UI shows as messages, never tracebacks.

Each carries an English message id plus parameters, so the UI (and the CLI)
can show it in the operator's language via `str(err)`.
"""

from __future__ import annotations

from hotline_tui.i18n import _


class HotlineError(Exception):
    """Base of every error meant for the operator's eyes."""

    def __init__(self, message: str, /, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message)

    def __str__(self) -> str:
        return _(self.message, **self.params)


class ValidationError(HotlineError):
    """Bad input for one field; `field` names it so the UI can mark it."""

    def __init__(self, field: str, message: str, /, **params: object) -> None:
        self.field = field
        super().__init__(message, **params)


class PermissionDenied(HotlineError):
    """The acting staff member's roles do not allow the action."""


class NotFound(HotlineError):
    """The record the operator asked for does not exist (any more)."""


class ConflictError(HotlineError):
    """Somebody else changed the record first (optimistic check failed)."""


class InvalidTransition(HotlineError):
    """A state change that the state machine does not allow."""
