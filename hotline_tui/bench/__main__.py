"""Dispatch `python -m hotline_tui.bench SUB ...` to `hotline_tui.bench.SUB.main`."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import hotline_tui.bench as bench


def subcommands() -> list[str]:
    return sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_")
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    names = subcommands()
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in names:
        print(f"usage: bench {{{','.join(names)}}} [options]", file=sys.stderr)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module = importlib.import_module(f"{bench.__name__}.{argv[0]}")
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
