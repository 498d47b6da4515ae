"""Benchmarks: `python -m hotline_tui.bench SUBCOMMAND ...` (or `scripts/bench`).

Each subcommand is a module here with `main(argv) -> int`; `__main__` picks
the module by name, so new benchmarks need no change to the dispatcher.
"""
