"""The base schema: every table of the desk."""

import peewee as pw

from hotline_tui.store.models import ALL_MODELS

ID = "0001_base"


def apply(db: pw.Database) -> None:
    db.create_tables(ALL_MODELS, safe=True)
