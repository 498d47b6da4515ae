"""Where the desk keeps its files: platformdirs for user paths, the package's `data/`
for shipped data (call scripts, demo sources), read through importlib.resources so an
installed wheel finds them as well as a checkout does."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "hotline-tui"


def _shipped_data() -> Path:
    """`hotline_tui/data` inside the package; a checkout from before the data moved
    into the package still has it at the project root (docs/DEVELOPING.md)."""
    inside = Path(str(resources.files("hotline_tui").joinpath("data")))
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / "data"


#: Shipped data (call scripts, starter library, demo sources).
DATA_DIR = _shipped_data()


def config_dir() -> Path:
    return Path(os.environ.get("HOTLINE_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    return Path(os.environ.get("HOTLINE_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Derived files the desk can always rebuild (the merged translation catalog)."""
    return Path(os.environ.get("HOTLINE_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME))


def settings_file() -> Path:
    return Path(os.environ.get("HOTLINE_CONFIG") or config_dir() / "settings.toml")


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'desk.db'}"
