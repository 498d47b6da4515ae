"""Personal access tokens (`hotline token`), for databases made before them
(0001 creates the table on new databases; safe=True makes this a no-op there)."""

import peewee as pw

from hotline_tui.store.models_tokens import AccessToken

ID = "0030_access_tokens"


def apply(db: pw.Database) -> None:
    db.create_tables([AccessToken], safe=True)
