"""Workflows as data: a table of steps (from which states, to which, by whom).

Dispatch (D1-D5) and complaints (C2-C7) each keep their own table and
messages; the row type and the two table lookups are the same for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    permission: str  # the ACTIONS entry the service checks (domain/permissions.py)
    rule: str


def find_step(table: Sequence[Transition], state: str, action: str) -> Transition | None:
    """The table row for `action` from `state`, if there is one."""
    return next((t for t in table if t.action == action and state in t.sources), None)


def actions_from(table: Sequence[Transition], state: str, roles: Iterable[str]) -> list[str]:
    """The actions someone with `roles` may take from `state`, in table order, once each."""
    roles = set(roles)
    return list(dict.fromkeys(t.action for t in table if state in t.sources and roles & t.roles))
