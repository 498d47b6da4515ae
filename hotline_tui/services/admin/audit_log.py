"""Reading the audit and access logs. There is deliberately no service that
edits or deletes them; the database refuses it too (migration 0010)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hotline_tui.domain.errors import ValidationError
from hotline_tui.i18n import N_
from hotline_tui.services.base import ServiceContext, require
from hotline_tui.store.models import AccessLog, AuditEntry, Customer, Staff


def parse_record(text: str) -> tuple[str, str]:
    """'call:12' -> ('call', '12'), for `--record`."""
    kind, sep, ident = (text or "").partition(":")
    if not sep or not kind.strip() or not ident.strip():
        raise ValidationError("record", "Give a record as TYPE:ID, e.g. call:12")
    return kind.strip(), ident.strip()


def audit_entries(
    since: datetime | None = None,
    record: tuple[str, str] | None = None,
    actor_no: str | None = None,
    limit: int | None = None,
) -> Iterator[AuditEntry]:
    """Entries oldest first, streamed (the log can be long)."""
    q = AuditEntry.select().order_by(AuditEntry.at, AuditEntry.id)
    if since is not None:
        q = q.where(AuditEntry.at >= since)
    if record is not None:
        q = q.where((AuditEntry.record_type == record[0]) & (AuditEntry.record_id == record[1]))
    if actor_no:
        q = q.where(AuditEntry.actor_no == actor_no)
    if limit:
        q = q.limit(limit)
    return q.iterator()


def _unit_of(entry: AuditEntry) -> tuple[str, int] | None:
    """Which customer unit an entry shows data of: ('customer'|'contact'|..., id)."""
    if entry.record_type == "customer":
        return ("customer", int(entry.record_id)) if entry.record_id.isdigit() else None
    if entry.record_type in ("contact", "customer_product"):
        return (entry.record_type, int(entry.record_id)) if entry.record_id.isdigit() else None
    for snap in (entry.after, entry.before):
        if isinstance(snap, dict) and isinstance(snap.get("customer"), int):
            return ("customer", snap["customer"])
    return None


def guard_audit_printout(
    ctx: ServiceContext,
    since: datetime | None = None,
    record: tuple[str, str] | None = None,
    actor_no: str | None = None,
) -> int:
    """S2: printing the audit trail shows restricted units' before/after in full,
    so it is refused to anyone who may not read them and logged (one row per unit)."""
    from hotline_tui.services.customers.secrecy import RESTRICTED_LEVELS, guard_full
    from hotline_tui.store.models import Contact, CustomerProduct

    ids: set[int] = set()
    contacts: set[int] = set()
    products: set[int] = set()
    for entry in audit_entries(since=since, record=record, actor_no=actor_no):
        found = _unit_of(entry)
        if found is None:
            continue
        kind, ident = found
        {"customer": ids, "contact": contacts, "customer_product": products}[kind].add(ident)
    if contacts:
        ids |= {
            c.customer_id for c in Contact.select(Contact.customer).where(Contact.id.in_(contacts))
        }
    if products:
        q = CustomerProduct.select(CustomerProduct.customer).where(CustomerProduct.id.in_(products))
        ids |= {p.customer_id for p in q}
    if not ids:
        return 0
    units = list(
        Customer.select().where(
            Customer.id.in_(list(ids)) & Customer.confidentiality.in_(RESTRICTED_LEVELS)
        )
    )
    guard_full(ctx, units, "audit printout")
    return len(units)


def audit_dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor_no,
        "action": entry.action,
        "record": f"{entry.record_type}:{entry.record_id}",
        "before": entry.before,
        "after": entry.after,
    }


@dataclass(frozen=True)
class AccessRow:
    at: datetime
    agent_no: str
    staff_name: str
    customer: str
    level: str
    view: str
    purpose: str


def access_log(
    ctx: ServiceContext, since: datetime | None = None, limit: int = 1000
) -> list[AccessRow]:
    """S2: who opened which restricted customer file, newest first (managers only)."""
    require(ctx, "access_log.view")
    from hotline_tui.services.auth.sign_in import require_fresh_proof

    require_fresh_proof(ctx)
    q = (
        AccessLog.select(AccessLog, Staff, Customer)
        .join(Staff, on=(AccessLog.actor == Staff.id))
        .switch(AccessLog)
        .join(Customer)
        .order_by(AccessLog.at.desc(), AccessLog.id.desc())
        .limit(limit)
    )
    if since is not None:
        q = q.where(AccessLog.at >= since)
    return [
        AccessRow(a.at, a.actor.agent_no, a.actor.name, a.customer.name, a.level, a.view, a.purpose)  # type: ignore[union-attr]  # every access has a reader and a file
        for a in q
    ]


def parse_since(text: str | None, tz: str) -> datetime | None:
    """'2026-11-01' (local day) or an ISO time -> UTC; empty means no limit."""
    import pendulum

    text = (text or "").strip()
    if not text:
        return None
    try:
        when: Any = pendulum.parse(text, tz=tz)  # a DateTime for a date or a time
        if not 1970 <= when.year <= 2999:
            raise ValueError(text)
        return when.in_timezone("UTC")
    except (ValueError, OverflowError, pendulum.parsing.exceptions.ParserError):
        raise ValidationError("since", "Give a date like 2026-10-10") from None


def access_rows(
    ctx: ServiceContext, since_text: str = "", who: str = "", limit: int = 1000
) -> list[AccessRow]:
    """S2 for the manager's screen: the log from a day on, optionally only the
    entries whose agent no., name or customer contain `who`."""
    since = parse_since(since_text, ctx.settings.timezone)
    rows = access_log(ctx, since=since, limit=limit if not who else 1_000_000)
    who = (who or "").strip().lower()
    if who:
        rows = [r for r in rows if who in f"{r.agent_no} {r.staff_name} {r.customer}".lower()][
            :limit
        ]
    return rows


#: How each kind of chain problem is told (msgids).
PROBLEMS = {
    "deleted": N_("{log}: an entry before #{id} was deleted"),
    "altered": N_("{log}: entry #{id} was altered after it was written"),
    "inserted": N_("{log}: entry #{id} was inserted outside the desk"),
    "backdated": N_("{log}: entry #{id} is dated before the entry preceding it"),
    "truncated": N_("{log}: the last {n} entries were deleted"),
}
LOG_NAMES = {"audit_entry": N_("Audit log"), "access_log": N_("Access log")}


@dataclass(frozen=True)
class ChainReport:
    counts: dict[str, int]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_logs() -> ChainReport:
    """Walk both logs' hash chains; the first problem of each, told for a person."""
    from hotline_tui.i18n import _
    from hotline_tui.store import chain

    counts: dict[str, int] = {}
    problems: list[str] = []
    for table in ("audit_entry", "access_log"):
        count, problem = chain.verify(table)
        counts[table] = count
        if problem is not None:
            problems.append(
                _(
                    PROBLEMS[problem.kind],
                    log=_(LOG_NAMES[table]),
                    id=problem.entry_id,
                    n=problem.detail,
                )
            )
    return ChainReport(counts, problems)
