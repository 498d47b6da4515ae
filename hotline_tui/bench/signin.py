"""`scripts/bench signin`: how long a sign-in takes for an unknown agent number,
a wrong password and the right one, interleaved on a throwaway SQLite file
with the real argon2id parameters. The first two must not differ (docs/SECURITY.md)."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench signin")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    from hotline_tui.domain.clock import SystemClock
    from hotline_tui.services.auth import hashing as auth_hashing
    from hotline_tui.services.auth import sign_in as auth
    from hotline_tui.store.db import close_database, open_database
    from hotline_tui.store.models import Credential, Staff

    with tempfile.TemporaryDirectory(prefix="hotline-signin-") as tmp:
        open_database(f"sqlite:///{Path(tmp) / 'desk.db'}")
        now = SystemClock().now()
        person = Staff.create(agent_no="1001", name="王丽", roles="operator", created_at=now)
        digest = auth_hashing.hash_password("hotline-1001")
        Credential.create(staff=person, password_hash=digest, changed_at=now)
        auth_hashing.dummy_hash()
        place = auth.SignInPlace.here()
        tries = (
            ("unknown number", "4040", "guess-guess"),
            ("wrong password", "1001", "guess-guess"),
            ("right password", "1001", "hotline-1001"),
        )
        ms: dict[str, list[float]] = {name: [] for name, _n, _p in tries}
        for _ in range(args.repeat):
            for name, agent_no, password in tries:
                Credential.update(failed_count=0, locked_until=None).execute()
                start = time.perf_counter()
                try:
                    auth.sign_in(agent_no, password, place)
                except auth.SignInRefused:
                    pass
                ms[name].append((time.perf_counter() - start) * 1000)
        close_database()
    p = auth_hashing.parameters()
    print(f"argon2id m={p.memory_cost} KiB t={p.time_cost} p={p.parallelism}, n={args.repeat}")
    for name, values in ms.items():
        values.sort()
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        print(f"{name:16s} median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms")
    return 0
