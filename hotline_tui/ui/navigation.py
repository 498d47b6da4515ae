"""The desk's screens, their keys and who sees them: one table drives the
app's bindings, the footer and the command palette.

Each feature adds its row here; the screen class is imported only when opened,
so a screen's import cost never slows start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline_tui.i18n import N_


@dataclass(frozen=True)
class NavEntry:
    id: str
    key: str
    label: str  # msgid; translated where shown
    target: str  # "module:Class" of a Screen taking (app) -> Screen
    action: str | None = None  # permission action needed to open it, or None for all
    help: str = ""


NAV: tuple[NavEntry, ...] = (
    NavEntry(
        "desk",
        "f3",
        N_("Desk"),
        "hotline_tui.ui.screens.calls.desk:DeskScreen",
        None,
        N_("Your open items and promises"),
    ),
    NavEntry(
        "intake",
        "f2",
        N_("New call"),
        "hotline_tui.ui.screens.calls.intake:IntakeScreen",
        "call.take",
        N_("Start a new hotline call"),
    ),
    NavEntry(
        "library",
        "f4",
        N_("Library"),
        "hotline_tui.ui.screens.library.library:LibraryScreen",
        None,
        N_("Search the standardized problem library"),
    ),
    NavEntry(
        "roster",
        "f5",
        N_("Roster"),
        "hotline_tui.ui.screens.duty.roster:RosterScreen",
        None,
        N_("The week's hotline duty"),
    ),
    NavEntry(
        "handover",
        "f6",
        N_("Handover"),
        "hotline_tui.ui.screens.duty.handover:HandoverScreen",
        "handover.accept",
        N_("Take over or hand over open work"),
    ),
    NavEntry(
        "dispatch",
        "f7",
        N_("Dispatch"),
        "hotline_tui.ui.screens.dispatch.dispatch:DispatchScreen",
        None,
        N_("On-site dispatch requests and work orders"),
    ),
    NavEntry(
        "callbacks",
        "f8",
        N_("Callbacks"),
        "hotline_tui.ui.screens.callbacks.callbacks:CallbacksScreen",
        None,
        N_("Follow-up callbacks by due time"),
    ),
    NavEntry(
        "complaints",
        "f9",
        N_("Complaints"),
        "hotline_tui.ui.screens.complaints.complaints:ComplaintsScreen",
        None,
        N_("Register and handle complaints"),
    ),
    NavEntry(
        "customers",
        "f10",
        N_("Customers"),
        "hotline_tui.ui.screens.customers.customers:CustomersScreen",
        None,
        N_("Find and edit customer units"),
    ),
    NavEntry(
        "review",
        "f11",
        N_("Open items"),
        "hotline_tui.ui.screens.review.review:ReviewScreen",
        "review.open_items",
        N_("Every open item of the desk by time to breach"),
    ),
    NavEntry(
        "stats",
        "f12",
        N_("Statistics"),
        "hotline_tui.ui.screens.review.stats:StatsScreen",
        "review.open_items",
        N_("Load and breaches per day and per operator"),
    ),
    NavEntry(  # telephony; shift+F3 and the palette: the F keys are all taken
        "calls",
        "f15",
        N_("Call log"),
        "hotline_tui.ui.screens.calls.call_log:CallLogScreen",
        "cti.view",
        N_("Every phone-system call of a day, with the day's ring figures"),
    ),
    NavEntry(  # S2; F1 and ctrl+l are taken by the intake screen
        "access_log",
        "ctrl+backslash",
        N_("Access log"),
        "hotline_tui.ui.screens.admin.access_log:AccessLogScreen",
        "access_log.view",
        N_("Who opened restricted customer files (S2)"),
    ),
    NavEntry(  # Ctrl+], beside the access log's Ctrl+\
        "signin_log",
        "ctrl+right_square_bracket",
        N_("Sign-in log"),
        "hotline_tui.ui.screens.auth.signin_log:SignInLogScreen",
        "signin_log.view",
        N_("Who signed in, failed, was locked out or unlocked, and where"),
    ),
)


def entry(nav_id: str) -> NavEntry:
    return next(e for e in NAV if e.id == nav_id)
