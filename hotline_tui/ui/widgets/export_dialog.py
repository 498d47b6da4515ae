"""Export any list to CSV or XLSX (docs/DESIGN.md, the manager's review: no row cap), reusable by every screen.

A screen calls `open_export(self, name, headers, rows)`: `rows` is a callable
run in a worker thread (so it may query the database) that yields the rows;
the file format follows the path's ending. The dialog stays open on an error
(a missing folder, a bad ending) and says what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pendulum
import platformdirs
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.i18n import _
from hotline_tui.services.export import write_table
from hotline_tui.ui.support import HotlineModal
from hotline_tui.ui.widgets.keybar import KeyBar

Rows = Callable[[], Iterable[Sequence[Any]]]


def default_folder() -> Path:
    docs = Path(platformdirs.user_documents_dir())
    return docs if docs.is_dir() else Path.home()


def _write(path: str, headers: Sequence[str], rows: Rows) -> tuple[int, str]:
    """Write in the worker; a disk problem becomes a message, not a traceback."""
    if not path:
        raise ValidationError("path", "Give a file name ending in .csv or .xlsx")
    try:
        return write_table(Path(path).expanduser(), headers, rows()), path
    except OSError as exc:
        raise ValidationError(
            "path", "Cannot write {path}: {why}", path=path, why=exc.strerror or str(exc)
        ) from None


class ExportDialog(HotlineModal[int | None]):
    """Ask for the file, write it in a worker, report the row count."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    #export-box { width: 90; height: auto; border: round $primary; padding: 1 2;
                  background: $surface; }
    """
    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="export.cancel"),
        Binding("ctrl+t", "toggle_format", "CSV / XLSX", id="export.toggle_format"),
    ]

    def __init__(
        self,
        name: str,
        headers: Sequence[str],
        rows: Rows,
        stamp: str = "",
        folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.list_name = name
        self.headers = list(headers)
        self.rows = rows
        stamp = stamp or pendulum.now().format("YYYYMMDD-HHmm")
        self.default_path = str((folder or default_folder()) / f"{name}-{stamp}.xlsx")

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(_("Export this list"), classes="title")
            yield Input(self.default_path, id="export-path")
            yield Static(
                _("The file name's ending chooses the format: .csv or .xlsx. Enter writes it."),
                classes="hint",
            )
            yield Static("", id="export-error", classes="error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def action_toggle_format(self) -> None:
        box = self.query_one("#export-path", Input)
        path = Path(box.value)
        box.value = str(path.with_suffix(".csv" if path.suffix.lower() == ".xlsx" else ".xlsx"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        self.query_one("#export-error", Static).update(_("Writing…"))
        self.call_service(
            _write, path, self.headers, self.rows, done=self._written, failed=self._failed
        )

    def _written(self, result: tuple[int, str]) -> None:
        count, path = result
        self.app.notify(_("{n} rows written to {path}", n=count, path=path))
        self.dismiss(count)

    def _failed(self, exc: HotlineError) -> None:
        self.query_one("#export-error", Static).update(str(exc))


def open_export(screen: Any, name: str, headers: Sequence[str], rows: Rows) -> None:
    """Open the export dialog from any screen's action (key `e` by convention)."""
    ctx = screen.app.ctx
    stamp = ctx.local(ctx.now()).format("YYYYMMDD-HHmm") if ctx else ""
    screen.app.push_screen(ExportDialog(name, headers, rows, stamp=stamp))
