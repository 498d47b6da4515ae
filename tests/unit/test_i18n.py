"""Every user-visible string has a Simplified Chinese translation."""

from __future__ import annotations

from hotline_tui.devtools.i18n_check import bad_placeholders, missing, msgids
from hotline_tui.i18n import _, catalog, set_language


def test_every_msgid_has_a_chinese_translation() -> None:
    gaps = sorted({f"{p.name}:{n}: {m!r}" for m, p, n in missing("zh_CN")})
    assert not gaps, "untranslated strings:\n" + "\n".join(gaps)


def test_translations_keep_their_placeholders() -> None:
    assert not bad_placeholders("zh_CN")


def test_no_empty_translations() -> None:
    assert not [k for k, v in catalog("zh_CN").items() if not v.strip()]


def test_scanner_finds_strings() -> None:
    found = {m for m, _p, _n in msgids()}
    assert "Sign in to the hotline desk" in found
    assert "Refresh" in found  # a BINDINGS label


def test_language_switch() -> None:
    set_language("en")
    assert _("Desk") == "Desk"
    set_language("zh_CN")
    assert _("Desk") == "工作台"
    assert _("Agent number {no} is taken", no="1001") == "工号 1001 已被占用"


def _textual_labels() -> set[str]:
    """Every key label of Textual's own widgets and screens a desk can show."""
    import textual.containers as containers
    import textual.widgets as widgets
    from textual.app import App
    from textual.command import CommandPalette
    from textual.screen import ModalScreen, Screen
    from textual.widgets._key_panel import KeyPanel
    from textual.widgets._select import SelectOverlay

    used = "Button Checkbox DataTable Input OptionList RadioSet Select Static TextArea ListView"
    classes = [getattr(widgets, name) for name in used.split()]
    classes += [SelectOverlay, KeyPanel, containers.VerticalScroll, containers.HorizontalScroll]
    classes += [Screen, ModalScreen, App, CommandPalette]
    return {
        b.description
        for cls in classes
        for bindings in cls._merged_bindings.key_to_bindings.values()
        for b in bindings
        if b.description
    }


def test_textual_own_texts_have_a_chinese_translation() -> None:
    """The F1 keys panel lists Textual's own keys ("Cursor up", "Focus Next",
    "Copy selected text"); a Select shows "Dismiss menu"; the palette its own lines."""
    zh = catalog("zh_CN")
    wanted = _textual_labels() | {"No matches found", "Search for commands…"}
    assert {"Cursor up", "Page Left", "Focus Next", "Dismiss menu"} <= wanted
    assert not sorted(wanted - set(zh)), "untranslated Textual texts"
