"""H11: a call keeps its password-reset / data-clearing guard whatever category
it ends with, and the operator's reason when a symptom only reads like one."""

import peewee as pw

from hotline_tui.store.migrations import add_column_if_missing
from hotline_tui.store.models import Call

ID = "0040_auth_guard"


def apply(db: pw.Database) -> None:
    add_column_if_missing(db, Call, "auth_guard")
    add_column_if_missing(db, Call, "auth_waiver")
    db.execute_sql(
        "UPDATE call SET auth_guard = category "
        "WHERE category IN ('password_reset', 'data_clear') AND auth_guard = ''"
    )
