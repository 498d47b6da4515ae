"""Cold start and peak memory, each in a fresh Python process.

The app child runs the real `hotline --db URL` entry point
(`hotline_tui.launch.main`) headless. It types the agent number and the password
(`hotline-<agent no.>`, as generated) the moment a frame showing the sign-in box
has gone to the (headless) display, as a quick operator would, and it is
"ready" once a frame showing the desk's open items has gone there too. The
`--as AGENT` start (the number filled, only the password typed) is timed the
same way. The reference child is a bare Textual app with one
Static, ready once the frame that draws it has gone to the display. Both write
the wall-clock moment of readiness (and the process's peak RSS, VmHWM from
/proc/self/status) to a file; the parent times from just before spawning to
that moment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_COMMON = r"""
import json, os, sys, time

def _peak_kb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0

def _report(path, **extra):
    with open(path, "w") as fh:
        json.dump({"ready": time.time(), "peak_kb": _peak_kb(), **extra}, fh)

def _on_first_frame_with(widget_cls, has_content, then):
    # then() runs once a frame in which widget_cls drew its content (has_content
    # true as it rendered) has gone to the display: "ready" is what the user sees,
    # not a callback that can run before the frame that draws it.
    from textual.app import App
    state = {"drawn": False, "done": False}
    render_lines = widget_cls.render_lines
    def drawing(self, *a, **k):
        if has_content(self):
            state["drawn"] = True
        return render_lines(self, *a, **k)
    widget_cls.render_lines = drawing
    display = App._display
    def displayed(self, *a, **k):
        result = display(self, *a, **k)
        if state["drawn"] and not state["done"]:
            state["done"] = True
            then(self)
        return result
    App._display = displayed
"""

BARE = (
    _COMMON
    + r"""
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hotline")

_on_first_frame_with(Static, lambda w: True, lambda app: (_report(sys.argv[1]), app.exit()))

Bare().run(headless=True, size=(120, 36))
"""
)

APP = (
    _COMMON
    + r"""
out, url, agent, mode = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
tour = mode == "tour"
from hotline_tui.launch import main, quiet_start
quiet_start()  # what the `hotline` script does first; main() does it too
from textual.app import App
from textual.widgets import Input
from hotline_tui.ui.screens.calls.desk import DeskScreen

_run = App.run
def _headless(self, *a, **k):
    k.update(headless=True, size=(120, 36))
    return _run(self, *a, **k)
App.run = _headless

_box = {}
def _type_agent(app):  # the moment the box is on screen, as a quick operator would
    _box["shown"] = time.time()
    box = app.screen.query_one("#agent-no")
    if mode != "as":  # "as": `hotline --as AGENT`, the number is there already
        box.value = agent
    password = app.screen.query_one("#password")
    password.value = "hotline-" + agent
    app.call_later(password.action_submit)
_on_first_frame_with(Input, lambda box: box.id == "password", _type_agent)

from hotline_tui.ui.widgets.plain_table import PlainTable
_items = {"n": None}
_show = DeskScreen.show_items
def _shown(self, items):
    _show(self, items)
    if _items["n"] is None:
        _items["n"] = len(items)
DeskScreen.show_items = _shown
_on_first_frame_with(
    PlainTable,
    lambda table: _items["n"] is not None and table.id == "desk-table",
    lambda app: _desk_ready(app, _items["n"]),
)

def _desk_ready(app, n):
    if not tour:
        _report(out, items=n, box=_box.get("shown"))
        app.exit()
        return
    # The memory tour: the manager's review, then a call with a typed symptom.
    app.action_open("review")
    app.set_timer(1.5, lambda: _intake(app, n))

def _intake(app, n):
    app.action_open("intake")
    def typed():
        area = app.screen.query_one("#f-symptom")
        area.focus()
        area.insert("总账月末结账提示凭证不平 ORA-12541")
    app.set_timer(0.5, typed)
    app.set_timer(2.5, lambda: (_report(out, items=n), app.exit()))

sys.exit(main(["--db", url, *(["--as", agent] if mode == "as" else [])]))
"""
)


def _spawn(code: str, *args: str, timeout: float = 120.0) -> dict:
    """Run one child; return its report plus `ms` from spawn to ready."""
    with tempfile.TemporaryDirectory(prefix="hotline-bench-") as tmp:
        out = str(Path(tmp) / "ready.json")
        env = dict(os.environ, HOTLINE_CONFIG_DIR=tmp, HOTLINE_DATA_DIR=tmp, TEXTUAL="")
        env.pop("HOTLINE_DB", None)
        # As installed: byte-code cached (the warm-up run writes it), for both.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        t0 = time.time()
        proc = subprocess.run(
            [sys.executable, "-c", code, out, *args],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
        if not Path(out).exists():
            err = proc.stderr.decode(errors="replace").strip().splitlines()[-5:]
            raise RuntimeError(f"bench child failed ({proc.returncode}): {' | '.join(err)}")
        report = json.loads(Path(out).read_text())
        report["ms"] = (report["ready"] - t0) * 1000
        if report.get("box"):
            report["box_ms"] = (report["box"] - t0) * 1000
        return report


def cold_start(url: str, agent: str, repeat: int, warm: bool = True) -> dict[str, list[float]]:
    """Milliseconds of each start, interleaved so all see the same machine: "typed"
    (to the items, the agent number typed at the box), "box" (to the box on
    screen, from the same starts), "signin" (from the box to the items: the
    typed start's sign-in), "as" (to the items, `--as AGENT`) and "bare"."""
    out: dict[str, list[float]] = {"typed": [], "box": [], "signin": [], "as": [], "bare": []}
    if warm:  # fill the OS file cache once for each
        _spawn(BARE)
        _spawn(APP, url, agent, "start")
        _spawn(APP, url, agent, "as")
    for _ in range(repeat):
        typed = _spawn(APP, url, agent, "start")
        out["typed"].append(typed["ms"])
        out["box"].append(typed["box_ms"])
        out["signin"].append(typed["ms"] - typed["box_ms"])
        out["as"].append(_spawn(APP, url, agent, "as")["ms"])
        out["bare"].append(_spawn(BARE)["ms"])
    return out


def peak_rss(url: str, agent: str) -> tuple[float, float]:
    """(app MB, bare MB): the app after the desk, the review and a typed call."""
    app = _spawn(APP, url, agent, "tour")
    bare = _spawn(BARE)
    return app["peak_kb"] / 1024, bare["peak_kb"] / 1024
