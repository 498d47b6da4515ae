"""Why an item is due, in words an operator reads ("1小时内回电"), not a rule ID.

The rule ID stays in the data (exports, the CLI, an item's detail for
managers); lists an operator reads show these words instead.
"""

from __future__ import annotations

from hotline_tui.i18n import N_, _

RULE_WORDS = {
    "H6": N_("Call back within 1 hour"),
    "H7": N_("Answer within 3 hours"),
    "H17": N_("Program change promised"),
    "D1": N_("Manager checks the request"),
    "D2": N_("Assign an engineer"),
    "D3": N_("Visit at the agreed time"),
    "D4": N_("Service sheet back"),
    "D5": N_("Not solved on site: next step"),
    "F1": N_("Callback within 3 days"),
    "F2": N_("Callback the next working day"),
    "F3": N_("Final callback within 7 working days"),
    "F4": N_("Periodic care callback"),
    "S3": N_("First visit within a week"),
    "C3": N_("Contact the customer within 3 hours"),
    "C4": N_("Verify within 1 working day"),
    "C5": N_("Report to the vendor within 1 working day"),
    "R3": N_("Hand over within 30 minutes"),
    "birthday": N_("Birthday care"),
    "holiday": N_("Holiday care"),
}


def rule_words(rule: str | None) -> str:
    """The words for a rule ID; an unknown one is shown blank rather than as a code."""
    if not rule:
        return ""
    label = RULE_WORDS.get(rule)
    return _(label) if label else ""
