"""What the service manuals add: a call's recording reference (H16), the
program-change request (H17), the duty checklist (R5), what the on-site
sheet records and the manager's sign-off after the callback (D4, D6), and on
the customer: the responsible specialist (S1), the installation date (S4), the
secrecy period and the destruction approval (S2)."""

import peewee as pw

from hotline_tui.store.migrations import add_column_if_missing, column_names
from hotline_tui.store.models import (
    Call,
    ChangeRequest,
    Customer,
    DispatchRequest,
    DutyChecklist,
)

ID = "0080_manuals"


def apply(db: pw.Database) -> None:
    add_column_if_missing(db, Call, "recording_ref")
    for name in ("cause", "prevention", "customer_checked", "customer_opinion"):  # D4
        add_column_if_missing(db, DispatchRequest, name)
    add_column_if_missing(db, DispatchRequest, "manager_signed_at")  # D6
    for name in ("installed_on", "secrecy_until", "destroy_reason", "destroyed_at"):  # S2, S4
        add_column_if_missing(db, Customer, name)
    have = column_names(db, "customer")
    for name, column in (
        ("specialist", "specialist_id"),
        ("destroy_requested_by", "destroy_requested_by_id"),
    ):
        if column not in have:  # S1; a foreign key's column ends in _id
            add_column_if_missing(db, Customer, name)
    db.create_tables([ChangeRequest, DutyChecklist], safe=True)
