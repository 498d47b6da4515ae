"""Customer units and contacts in and out of CSV/XLSX (S1).

One row is one contact (and/or one product) of a unit; rows naming the same
unit are merged into it. An import is all or nothing: every row is checked
first, each bad row is reported by its line in the file, and only a file
without errors is written, in one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hotline_tui.domain.errors import HotlineError, ValidationError
from hotline_tui.i18n import _
from hotline_tui.services.base import ServiceContext, audit, require, writing
from hotline_tui.services.customers.bulk import bulk_eligible, create_units
from hotline_tui.services.customers.contacts import _check_contact, _check_customer, add_contact
from hotline_tui.services.customers.contacts import create_customer as _create_customer
from hotline_tui.services.export import read_table, write_table
from hotline_tui.store.models import Contact, Customer, CustomerProduct

UNIT_COLUMNS = (
    "name",
    "short_name",
    "address",
    "website",
    "category",
    "confidentiality",
    "industry",
)
CONTACT_COLUMNS = ("contact", "title", "position", "phone", "mobile", "email", "im")
PRODUCT_COLUMNS = ("product", "version", "modules", "dongle_no", "serial_no")
COLUMNS = UNIT_COLUMNS + CONTACT_COLUMNS + PRODUCT_COLUMNS

#: Header names people use in their own sheets (Chinese and English) -> column.
ALIASES = {
    "单位名称": "name", "单位全称": "name", "客户名称": "name", "unit": "name",
    "简称": "short_name", "地址": "address", "网址": "website", "类别": "category",
    "客户类别": "category", "密级": "confidentiality", "行业": "industry",
    "联系人": "contact", "姓名": "contact", "称谓": "title", "职务": "position",
    "电话": "phone", "座机": "phone", "手机": "mobile", "邮箱": "email", "e-mail": "email",
    "qq/微信": "im", "qq": "im", "微信": "im", "产品": "product", "版本": "version",
    "模块": "modules", "加密锁号": "dongle_no", "序列号": "serial_no",
}  # fmt: skip
#: Values in Chinese sheets -> stored codes.
VALUE_ALIASES = {
    "category": {"普通": "regular", "普通客户": "regular", "vip": "vip", "重点": "key",
                 "重点客户": "key", "regular": "regular", "key": "key"},
    "confidentiality": {"秘密": "secret", "机密": "confidential", "绝密": "top_secret",
                        "secret": "secret", "confidential": "confidential",
                        "top_secret": "top_secret"},
}  # fmt: skip


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _(
            "Line {line}: {field}: {error}", line=self.line, field=self.field, error=self.message
        )


class ImportRejected(HotlineError):
    """The file had bad rows; `problems` names each by line. Nothing was imported."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__(
            "{n} problems in the file; nothing was imported. {first}",
            n=len(problems),
            first=str(problems[0]) if problems else "",
        )


@dataclass
class UnitRows:
    """One unit gathered from its rows."""

    line: int
    unit: dict[str, Any]
    contacts: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    units_created: int
    units_updated: int
    contacts_added: int
    products_added: int


def _column(header: Any) -> str:
    text = str(header or "").strip().lower()
    return ALIASES.get(text, text)


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a spreadsheet cell
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value if value is not None else "").strip()


def parse_rows(headers: list[str], rows: list[list[Any]]) -> list[UnitRows]:
    """Check every row; raise ImportRejected listing each bad line (header is line 1)."""
    columns = [_column(h) for h in headers]
    problems: list[RowProblem] = []
    unknown = [h for h, c in zip(headers, columns, strict=True) if c and c not in COLUMNS]
    if unknown:
        problems.append(RowProblem(1, unknown[0], _("Unknown column")))
    if "name" not in columns:
        problems.append(RowProblem(1, "name", _("The unit name column is missing")))
    if problems:
        raise ImportRejected(problems)
    units: dict[str, UnitRows] = {}
    for index, raw in enumerate(rows):
        line = index + 2
        cells = {c: _cell(v) for c, v in zip(columns, raw, strict=False) if c}
        if not any(cells.values()):
            continue  # blank line
        try:
            _parse_row(cells, line, units)
        except ValidationError as exc:
            problems.append(RowProblem(line, exc.field, str(exc)))
    if problems:
        raise ImportRejected(problems)
    if not units:
        raise ImportRejected([RowProblem(1, "name", _("The file has no rows"))])
    return list(units.values())


def _parse_row(cells: dict[str, str], line: int, units: dict[str, UnitRows]) -> None:
    unit_data = {c: cells[c] for c in UNIT_COLUMNS if cells.get(c)}
    for key, mapping in VALUE_ALIASES.items():
        if key in unit_data:
            unit_data[key] = mapping.get(unit_data[key].lower(), unit_data[key])
    unit_data = _check_customer({"name": cells.get("name", ""), **unit_data})
    group = units.setdefault(unit_data["name"], UnitRows(line, unit_data))
    for key, value in unit_data.items():
        group.unit.setdefault(key, value)
    contact = {c: cells[c] for c in CONTACT_COLUMNS if cells.get(c)}
    if contact:
        contact["name"] = contact.pop("contact", "")
        if not contact["name"]:
            raise ValidationError("contact", "A contact needs a name")
        group.contacts.append(_check_contact(contact))
    product = {c: cells[c][:300] for c in PRODUCT_COLUMNS if cells.get(c)}
    if product:
        if not product.get("product"):
            raise ValidationError("product", "A product line needs the product name")
        group.products.append(product)


#: A batch is at most this many units or this long (docs/PERFORMANCE.md: imports).
IMPORT_BATCH = 200
IMPORT_BATCH_SECONDS = 0.25
IMPORT_PAUSE_SECONDS = 0.11


def _import_unit(ctx: ServiceContext, g: UnitRows, totals: list[int]) -> None:
    existing = Customer.get_or_none(Customer.name == g.unit["name"])
    if existing is None:
        _create_customer(ctx, products=g.products, contacts=g.contacts, **g.unit)
        totals[0] += 1
        totals[2] += len(g.contacts)
        totals[3] += len(g.products)
        return
    totals[1] += 1
    known = {c.name for c in existing.contacts}
    for c in g.contacts:
        if c["name"] not in known:
            add_contact(ctx, existing.id, **c)
            totals[2] += 1
    dongles = {p.dongle_no for p in existing.products if p.dongle_no}
    for p in g.products:
        if not p.get("dongle_no") or p["dongle_no"] not in dongles:
            row = CustomerProduct.create(customer=existing, **p)
            audit(ctx, "customer.product_add", row)
            totals[3] += 1


def _is_new(g: UnitRows, fresh: list[UnitRows]) -> bool:
    """No unit of that name in the database (units in a file have distinct names)."""
    return not Customer.select().where(Customer.name == g.unit["name"]).exists()


def import_customers(ctx: ServiceContext, path: str | Path) -> ImportResult:
    """S1: import units and contacts from CSV/XLSX. Every row is checked first, so
    a bad file writes nothing; a good one is written in batches of IMPORT_BATCH
    units, each its own transaction, so the other desks keep saving meanwhile."""

    require(ctx, "customer.import")  # before the file: nothing is read for the wrong person
    path = Path(path)
    if not path.is_file():
        raise ValidationError("path", "The file {path} does not exist", path=str(path))
    try:
        headers, rows = read_table(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ValidationError("path", "The file cannot be read: {why}", why=str(exc)) from None
    groups = parse_rows(headers, rows)  # every row checked before anything is written
    require(ctx, "customer.import")
    totals = [0, 0, 0, 0]  # created, updated, contacts, products
    pending = iter(groups)
    more = True
    while more:
        # One short transaction per batch: another desk's save waits for one
        # batch at most, never for the whole file; then the lock is let go long
        # enough for a waiting desk (SQLite's busy wait polls every 100 ms) to get in.
        deadline = time.monotonic() + IMPORT_BATCH_SECONDS
        with writing(ctx, "customer.import"):
            fresh: list[UnitRows] = []
            for n, g in enumerate(pending):
                if bulk_eligible(g.unit) and _is_new(g, fresh):
                    fresh.append(g)  # written together below
                else:
                    _import_unit(ctx, g, totals)
                if n + 1 >= IMPORT_BATCH or time.monotonic() >= deadline:
                    break
            else:
                more = False
            made_contacts, made_products = create_units(ctx, fresh)
            totals[0] += len(fresh)
            totals[2] += made_contacts
            totals[3] += made_products
        if more:
            time.sleep(IMPORT_PAUSE_SECONDS)
    created, updated, contacts, products = totals
    with writing(ctx, "customer.import"):
        audit(
            ctx,
            "customer.import",
            record_type="file",
            record_id=path.name[:32],
            after={"created": created, "updated": updated, "contacts": contacts},
        )
    return ImportResult(created, updated, contacts, products)


def _export_rows() -> Iterator[list[Any]]:
    for unit in Customer.select().order_by(Customer.name):
        people = list(unit.contacts.order_by(Contact.is_primary.desc(), Contact.id))
        goods = list(unit.products.order_by(CustomerProduct.id))
        for i in range(max(len(people), len(goods), 1)):
            row: list[Any] = [getattr(unit, c) for c in UNIT_COLUMNS]
            c = people[i] if i < len(people) else None
            row += [
                getattr(c, "name" if k == "contact" else k) if c else "" for k in CONTACT_COLUMNS
            ]
            p = goods[i] if i < len(goods) else None
            row += [getattr(p, k) if p else "" for k in PRODUCT_COLUMNS]
            yield row


def export_customers(ctx: ServiceContext, path: str | Path) -> int:
    """Every unit with its contacts and products, in the import's own columns."""
    from hotline_tui.services.customers.secrecy import RESTRICTED_LEVELS, guard_full

    require(ctx, "customer.export")  # S2: the whole file, every level
    restricted = Customer.select().where(Customer.confidentiality.in_(RESTRICTED_LEVELS))
    guard_full(ctx, restricted, "export")  # S2: one borrowing-card row per unit
    return write_table(path, list(COLUMNS), _export_rows())
