"""The change log SQLite desks read to learn what other desks committed
(`store/feed.py`); PostgreSQL desks use LISTEN/NOTIFY, the table stays empty."""

import peewee as pw

ID = "0050_change_log"


def apply(db: pw.Database) -> None:
    from hotline_tui.store.feed import ChangeLog

    db.create_tables([ChangeLog], safe=True)
