"""Where the desk keeps its files: platformdirs for user paths, `data/` for shipped data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "hotline-tui"
#: Shipped data (call scripts, starter library, demo sources) at the project root.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


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
