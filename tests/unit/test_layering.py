"""DESIGN.md layering: domain knows neither Textual nor Peewee; services and
store know no Textual; the UI never imports the store's models to write them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "hotline_tui"

FORBIDDEN = {
    "domain": (
        "textual",
        "peewee",
        "playhouse",
        "hotline_tui.store",
        "hotline_tui.services",
        "hotline_tui.ui",
    ),
    "services": ("textual", "hotline_tui.ui"),
    "store": ("textual", "hotline_tui.ui", "hotline_tui.services"),
}


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
    return out


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_is_below_it(layer: str) -> None:
    bad = []
    for path in (PKG / layer).rglob("*.py"):
        for name in imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                bad.append(f"{path.relative_to(PKG)} imports {name}")
    assert not bad, "\n".join(bad)


def test_ui_never_writes_models() -> None:
    """Screens write through services only: no Model.create/update/delete, no .save()."""
    from hotline_tui.store.models import ALL_MODELS

    models = {m.__name__ for m in ALL_MODELS}
    writes = {"create", "insert", "insert_many", "update", "delete", "replace", "get_or_create"}
    bad = []
    for path in (PKG / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            attr, target = node.func.attr, node.func.value
            if attr in ("save", "delete_instance") or (
                attr in writes and isinstance(target, ast.Name) and target.id in models
            ):
                bad.append(f"{path.relative_to(PKG)}:{node.lineno} calls {attr}")
    assert not bad, "\n".join(bad)


def test_ui_does_not_use_peewee() -> None:
    bad = [
        f"{p.relative_to(PKG)} imports {n}"
        for p in (PKG / "ui").rglob("*.py")
        for n in imports(p)
        if n.split(".")[0] in ("peewee", "playhouse")
    ]
    assert not bad, "\n".join(bad)
