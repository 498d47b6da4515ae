"""A throwaway PostgreSQL cluster for the test session.

It lives in a temporary folder with its socket there (no TCP port), UTF-8,
trust auth. PostgreSQL refuses to run as root, so as root the cluster runs as
the `postgres` system user via runuser. Without server binaries the caller
skips with the reason; with HOTLINE_REQUIRE_PG=1 (CI) that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


class PgUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    found = shutil.which("pg_ctl")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for cand in candidates:
        if (cand / "initdb").exists() and (cand / "pg_ctl").exists():
            return cand
    raise PgUnavailable("no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql")


class Cluster:
    def __init__(self) -> None:
        self.bindir = _bindir()
        self.root = Path(tempfile.mkdtemp(prefix="hotline-pg-"))
        self.data = self.root / "data"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            try:
                shutil.chown(self.root, "postgres")
            except (LookupError, PermissionError) as exc:
                raise PgUnavailable(
                    f"running as root and no usable 'postgres' user: {exc}"
                ) from None
            os.chmod(self.root, 0o755)

    def _run(self, *cmd: str) -> None:
        argv = [str(self.bindir / cmd[0]), *cmd[1:]]
        if self.as_root:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=self.root)
        if proc.returncode:
            raise PgUnavailable(f"{cmd[0]} failed: {proc.stderr.strip() or proc.stdout.strip()}")

    def start(self) -> Cluster:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        opts = f"-k {self.root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w", "start"
        )
        return self

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@/{dbname}?host={self.root}"

    def admin(self, sql: str) -> None:
        import psycopg2

        conn = psycopg2.connect(host=str(self.root), user="postgres", dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
