"""Schema migrations with a stored schema version, applied on start.

Each migration is a module `mNNNN_name.py` here with `ID` and `apply(db)`; they
run in name order, each in its own transaction, and the applied IDs are stored
in `schema_migration`. The schema version is the number of the newest one.
Later migrations must tolerate a schema that 0001 already created from the
current models (use the helpers below).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import peewee as pw
import pendulum

from hotline_tui.store.models import SchemaMigration


def _names() -> list[str]:
    """Module names in order; a module `mNNNN_x` holds the migration with ID `NNNN_x`."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("m"))


def _load(name: str) -> ModuleType:
    module = importlib.import_module(f"{__name__}.{name}")
    if module.ID != name[1:]:
        raise RuntimeError(f"migration {name} must have ID {name[1:]!r}, not {module.ID!r}")
    return module


def available() -> list[ModuleType]:
    return [_load(n) for n in _names()]


def applied(db: pw.Database) -> set[str]:
    if not db.table_exists(SchemaMigration._meta.table_name):
        return set()
    return {row.id for row in SchemaMigration.select()}


def schema_version(db: pw.Database) -> int:
    done = applied(db)
    return max((int(i[:4]) for i in done), default=0)


def migrate(db: pw.Database, upto: str | None = None) -> list[str]:
    """Apply every pending migration (up to and including `upto`); return their IDs."""
    db.create_tables([SchemaMigration], safe=True)
    done = applied(db)
    ran = []
    # Only pending migrations are imported: some pull in heavy modules (the
    # search index needs pypinyin), which must not slow every start (docs/PERFORMANCE.md).
    for name in _names():
        if name[1:] in done:
            continue
        module = _load(name)
        with db.atomic():
            module.apply(db)
            SchemaMigration.create(id=module.ID, applied_at=pendulum.now("UTC"))
        ran.append(module.ID)
        if upto and module.ID == upto:
            break
    return ran


def column_names(db: pw.Database, table: str) -> set[str]:
    return {c.name for c in db.get_columns(table)}


def add_column_if_missing(db: pw.Database, model: type[pw.Model], field_name: str) -> None:
    """Add a model's column to an existing table unless it is there already."""
    from playhouse.migrate import PostgresqlMigrator, SqliteMigrator
    from playhouse.migrate import migrate as run

    table = model._meta.table_name
    if field_name in column_names(db, table):
        return
    field = model._meta.fields[field_name]
    if isinstance(db, pw.SqliteDatabase) and _add_sqlite_column(db, table, field):
        return
    migrator = (
        PostgresqlMigrator(db) if isinstance(db, pw.PostgresqlDatabase) else SqliteMigrator(db)
    )
    run(migrator.add_column(table, field.column_name, field))


def _add_sqlite_column(db: pw.Database, table: str, field: pw.Field) -> bool:
    """SQLite: a NOT NULL column with a plain default in one ALTER TABLE. (The
    generic way adds it nullable, fills it by UPDATE and rebuilds the table to
    make it NOT NULL, which the append-only logs' triggers refuse.) False when
    the field is not of that simple kind."""
    default = field.default
    if field.null or callable(default) or not isinstance(default, (str, int, float, bool)):
        return False
    sql_type = db.field_types.get(field.field_type, field.field_type)
    literal = (
        "'" + default.replace("'", "''") + "'"
        if isinstance(default, str)
        else int(default)
        if isinstance(default, bool)
        else default
    )
    db.execute_sql(
        f'ALTER TABLE "{table}" ADD COLUMN "{field.column_name}" {sql_type} NOT NULL DEFAULT {literal}'
    )
    return True
