"""Password hashing: argon2id, with its cost parameters in this one place.

A hash records the parameters it was made with, so raising them here upgrades
each password at its owner's next sign-in (`needs_rehash`). Tests switch to
cheap parameters with `use_parameters` so the suite stays fast.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@dataclass(frozen=True)
class HashParameters:
    """argon2id cost: time (passes), memory (KiB) and lanes."""

    # OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 60 ms a check on
    # a loaded two-core desk machine; 64 MiB x 3 took about 540 ms, felt at sign-in.
    time_cost: int = 2
    memory_cost: int = 19 * 1024  # KiB: memory-hard against GPU guessing
    parallelism: int = 1


#: The parameters new hashes are made with.
DEFAULT = HashParameters()
#: Cheap parameters for tests (never for a real desk).
CHEAP = HashParameters(time_cost=1, memory_cost=8, parallelism=1)

_lock = threading.Lock()
_state: dict[str, object] = {}


def _hasher() -> PasswordHasher:
    with _lock:
        hasher = _state.get("hasher")
        if hasher is None:
            p: HashParameters = _state.get("params", DEFAULT)  # type: ignore[assignment]
            hasher = PasswordHasher(
                time_cost=p.time_cost,
                memory_cost=p.memory_cost,
                parallelism=p.parallelism,
                type=Type.ID,
            )
            _state["hasher"] = hasher
        return hasher  # type: ignore[return-value]


def use_parameters(params: HashParameters) -> HashParameters:
    """Make new hashes with `params` from now on; returns the previous ones."""
    with _lock:
        previous: HashParameters = _state.get("params", DEFAULT)  # type: ignore[assignment]
        _state["params"] = params
        _state.pop("hasher", None)
        _state.pop("dummy", None)
    return previous


def parameters() -> HashParameters:
    return _state.get("params", DEFAULT)  # type: ignore[return-value]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify(stored: str, password: str) -> bool:
    """True when `password` matches `stored`; a damaged hash never matches."""
    try:
        return _hasher().verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when `stored` was made with other parameters than today's."""
    try:
        return _hasher().check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True


def dummy_hash() -> str:
    """A hash of nothing anyone types, verified for an unknown agent number so
    that answer takes as long as a wrong password."""
    with _lock:
        dummy = _state.get("dummy")
    if dummy is None:
        dummy = hash_password("\x00no such staff member\x00")
        with _lock:
            _state["dummy"] = dummy
    return dummy  # type: ignore[return-value]
