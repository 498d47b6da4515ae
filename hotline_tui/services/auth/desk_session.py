"""A locked desk changing hands: another person signs in only after what the
owner had open is kept as a draft for the owner (services/drafts.py)."""

from __future__ import annotations

from typing import Any

from hotline_tui.config import Settings
from hotline_tui.domain.clock import Clock
from hotline_tui.services.auth.sign_in import SignInPlace, sign_in, sign_out
from hotline_tui.services.base import ServiceContext
from hotline_tui.services.calls.drafts import save_draft


def hand_over_desk(
    owner: ServiceContext,
    drafts: list[tuple[str, dict[str, Any]]],
    agent_no: str,
    password: str,
    where: SignInPlace,
    settings: Settings,
    clock: Clock,
) -> ServiceContext:
    """Prove the newcomer, keep the owner's open work as drafts, sign the owner out."""
    newcomer = sign_in(agent_no, password, where, settings=settings, clock=clock)
    for kind, data in drafts:
        save_draft(owner, data, kind)
    sign_out(owner, where)
    return newcomer
