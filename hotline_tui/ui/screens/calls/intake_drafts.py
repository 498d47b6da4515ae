"""Draft safety for the intake (docs/DESIGN.md, drafts): after sign-in, a draft left
by a crash or a killed terminal is offered back; yes reopens the intake with it,
no discards it. The intake screen saves the draft as the operator types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class DraftRestore:
    """Handed to the intake screen through `app.open_item` to restore a draft."""

    data: dict[str, Any]
    kind: str = "intake"  # the draft's kind, dropped once saved under its call's kind
