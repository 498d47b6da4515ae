"""Passwords, the sign-in log and the security settings (docs/SECURITY.md)."""

import peewee as pw

from hotline_tui.store.models_auth import Credential, SecuritySetting, SignInEvent

ID = "0020_credentials"


def apply(db: pw.Database) -> None:
    db.create_tables([Credential, SignInEvent, SecuritySetting], safe=True)
