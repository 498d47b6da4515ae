"""Keys a center moves in settings.toml (`[keymap]`, docs/DEVELOPING.md "Keys")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hotline_tui.config import SettingsError, settings_from_mapping
from hotline_tui.ui.screens.dispatch.dispatch import DispatchScreen
from tests.ui.helpers import SIZE, make_app, settle, sign_in

UI = Path(__file__).resolve().parents[2] / "hotline_tui" / "ui"


def test_every_binding_has_an_id() -> None:
    """Keyboard first: each binding can be named in `[keymap]` (and is in F1's list)."""
    missing = []
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Binding":
                if not any(k.arg == "id" for k in node.keywords):
                    missing.append(f"{path.relative_to(UI)}:{node.lineno}")
            if isinstance(node, ast.Assign) and any(
                getattr(t, "id", "") == "BINDINGS" for t in node.targets
            ):
                if isinstance(node.value, ast.List | ast.Tuple):
                    missing += [
                        f"{path.relative_to(UI)}:{e.lineno} (a tuple)"
                        for e in node.value.elts
                        if isinstance(e, ast.Tuple)
                    ]
    assert not missing, missing


async def test_keymap_moves_a_key(sqlite_staff, clock) -> None:
    """`"nav.dispatch" = "f9"`: F9 opens on-site dispatch, F7 no longer does."""
    settings = settings_from_mapping({"keymap": {"nav.dispatch": "f9", "nav.complaints": "f7"}})
    app = make_app(clock, settings)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "9001")
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, DispatchScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert not isinstance(app.screen, DispatchScreen)


def test_keymap_must_be_a_table_of_keys() -> None:
    with pytest.raises(SettingsError):
        settings_from_mapping({"keymap": {"nav.dispatch": 9}})
    with pytest.raises(SettingsError):
        settings_from_mapping({"keymap": "f9"})
