"""Index drafts and audit entries by time: the desk's restore and audit views read by time."""

import peewee as pw

ID = "0002_audit_actor_index"


def apply(db: pw.Database) -> None:
    db.execute_sql("CREATE INDEX IF NOT EXISTS audit_entry_actor_at ON audit_entry (actor_id, at)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS draft_updated_at ON draft (updated_at)")
