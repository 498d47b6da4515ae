"""The audit log and the access log are append-only, in the database itself:
an UPDATE or DELETE on them is refused whatever client tries it."""

import peewee as pw

ID = "0010_audit_guard"

TABLES = ("audit_entry", "access_log")


def apply(db: pw.Database) -> None:
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql(
            """
            CREATE OR REPLACE FUNCTION hotline_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        for table in TABLES:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            db.execute_sql(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION hotline_append_only()"
            )
        return
    for table in TABLES:
        for op in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
