"""Customer terms the manuals add: the service period (S4) and the secrecy
period after which a confidentiality level lapses (S2). Pure rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: S2: the level a file falls back to when its secrecy period has ended.
LAPSED_LEVEL = "secret"


def effective_level(level: str, secrecy_until: date | None, today: date) -> str:
    """S2: a level holds until its secrecy period ends, then lapses (自行解密)."""
    if secrecy_until is not None and today > secrecy_until:
        return LAPSED_LEVEL
    return level


@dataclass(frozen=True)
class ServicePeriod:
    """S4: from the installation date (default: the contract date) to the contract's end."""

    start: date | None
    end: date | None
    inside: bool | None  # None: no dates on file, nothing to say

    @property
    def known(self) -> bool:
        return self.inside is not None


def service_period(
    installed_on: date | None,
    contract_start: date | None,
    contract_end: date | None,
    today: date,
) -> ServicePeriod:
    start = installed_on or contract_start
    if start is None and contract_end is None:
        return ServicePeriod(None, None, None)
    inside = (start is None or start <= today) and (contract_end is None or today <= contract_end)
    return ServicePeriod(start, contract_end, inside)
