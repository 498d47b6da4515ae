"""Find every translatable string in the source, for the completeness test.

Translatable: the first literal argument of `_()`, `N_()` and the operator-facing
errors (the second of `ValidationError`), and the label of a
`Binding(...)` or a `(key, action, label)` tuple in a BINDINGS list.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
#: Errors shown to the operator: their first literal argument is a msgid.
ERRORS_FIRST = {
    "HotlineError",
    "PermissionDenied",
    "NotFound",
    "ConflictError",
    "InvalidTransition",
    "BusyError",
}
PLACEHOLDER = re.compile(r"\{(\w+)")


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def msgids(root: Path = PACKAGE) -> Iterator[tuple[str, Path, int]]:
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ("_", "N_") and node.args:
                    text = _literal(node.args[0])
                    if text is not None:
                        yield text, path, node.lineno
                elif name in ERRORS_FIRST and node.args:
                    text = _literal(node.args[0])
                    if text is not None:
                        yield text, path, node.lineno
                elif name == "ValidationError" and len(node.args) > 1:
                    text = _literal(node.args[1])
                    if text is not None:
                        yield text, path, node.lineno
                elif name == "Binding":
                    label = node.args[2] if len(node.args) > 2 else None
                    for kw in node.keywords:
                        if kw.arg == "description":
                            label = kw.value
                    text = _literal(label) if label is not None else None
                    if text:
                        yield text, path, node.lineno
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "BINDINGS" for t in node.targets
            ):
                if isinstance(node.value, ast.List):
                    for elt in node.value.elts:
                        if isinstance(elt, ast.Tuple) and len(elt.elts) >= 3:
                            text = _literal(elt.elts[2])
                            if text:
                                yield text, path, elt.lineno


def missing(lang: str = "zh_CN") -> list[tuple[str, Path, int]]:
    from hotline_tui.i18n import catalog

    cat = catalog(lang)
    return [(m, p, n) for m, p, n in msgids() if m not in cat]


def bad_placeholders(lang: str = "zh_CN") -> list[tuple[str, str]]:
    from hotline_tui.i18n import catalog

    out = []
    for msgid, text in catalog(lang).items():
        if set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(text)):
            out.append((msgid, text))
    return out


if __name__ == "__main__":  # print TOML stubs for the missing strings
    seen = set()
    for msgid, path, line in missing():
        if msgid not in seen:
            seen.add(msgid)
            print(
                f'# {path.relative_to(PACKAGE)}:{line}\n{json.dumps(msgid, ensure_ascii=False)} = ""'
            )
