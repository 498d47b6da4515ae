"""The database proxy every model binds to, and the custom field types.

Times are stored as naive UTC in the database and come back as timezone-aware
pendulum DateTimes (W2), whatever the engine.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import peewee as pw
import pendulum

# Explicit adapter: Python 3.12 drops the implicit one; ISO text sorts by time.
sqlite3.register_adapter(datetime, lambda d: d.isoformat(" "))

#: Bound to a real SqliteDatabase / PostgresqlDatabase by `store.db.open_database`.
database = pw.DatabaseProxy()


class UTCDateTimeField(pw.DateTimeField):
    """A timezone-aware time, stored as UTC without zone (W2)."""

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            value = pendulum.parse(value)
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError("naive datetimes are not stored; give a time zone (W2)")
            utc = value.astimezone(UTC)
            # A plain datetime: drivers do not adapt pendulum's subclass.
            return datetime(*utc.timetuple()[:6], utc.microsecond)
        raise TypeError(f"not a datetime: {value!r}")

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            parsed: Any = pendulum.parse(value, tz="UTC")  # a DateTime for a stored time
            return parsed.in_timezone("UTC")
        if isinstance(value, datetime):
            if value.tzinfo is None:
                return pendulum.instance(value.replace(tzinfo=pendulum.UTC))
            return pendulum.instance(value).in_timezone("UTC")
        return value


class JSONTextField(pw.TextField):
    """JSON kept as text so SQLite and PostgreSQL store it the same way."""

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, default=_json_default, sort_keys=True)

    def python_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        return json.loads(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return pendulum.instance(value).in_timezone("UTC").isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, pw.Model):
        return value.get_id()
    return str(value)


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False

    if TYPE_CHECKING:
        # What peewee adds at run time, for the type checker: the `id` AutoField,
        # each foreign key's `<name>_id` and every backref (`customer.contacts`).
        id: Any
        DoesNotExist: ClassVar[type[pw.DoesNotExist]]

        def __getattr__(self, name: str) -> Any: ...


class VersionedModel(BaseModel):
    """A record edited by several desks: `version` backs the optimistic check."""

    version = pw.IntegerField(default=1)
