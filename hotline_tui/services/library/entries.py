"""The standardized problem library (标准化问题库, H9): entries, their review
workflow, search, and the link to the calls they solved.

Every write keeps the search index in step inside the same transaction
(`store.search`), and every edit leaves a LibraryRevision ({field: [before, after]}).
Status: draft -> review -> published -> retired; a returned entry goes back to draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hotline_tui.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from hotline_tui.domain.textnorm import text_tokens
from hotline_tui.i18n import N_
from hotline_tui.services.base import (
    ServiceContext,
    audit,
    bump_version,
    changed,
    clean_text,
    snapshot,
    writing,
)
from hotline_tui.services.library.search import (  # noqa: F401 - the library's read API
    SNIPPET_CHARS,
    SearchHit,
    browse,
    search,
    similar_entries,
    snippet,
    suggest,
)
from hotline_tui.store import search as index
from hotline_tui.store.models import Call, CallEvent, LibraryEntry, LibraryRevision

STATUSES = {
    "draft": N_("Draft"),
    "review": N_("In review"),
    "published": N_("Published"),
    "retired": N_("Retired"),
}
#: field -> (max length, required)
FIELDS: dict[str, tuple[int, bool]] = {
    "title": (200, True),
    "symptom": (4000, False),
    "cause": (4000, False),
    "solution": (8000, False),
    "product": (100, False),
    "version_range": (50, False),
    "modules": (200, False),
    "tags": (300, False),
    "source_calls": (300, False),
}


# -- validation -------------------------------------------------------------
def _clean(name: str, value: Any) -> str:
    limit, required = FIELDS[name]
    value = clean_text(name, value, limit, required=required)
    if name == "title" and not text_tokens(value):
        raise ValidationError(name, "The title needs words, not only punctuation")
    return value


def _check(data: dict[str, Any]) -> dict[str, str]:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError(sorted(unknown)[0], "Unknown field")
    return {k: _clean(k, v) for k, v in data.items()}


def _get(entry_id: int) -> LibraryEntry:
    entry = LibraryEntry.get_or_none(LibraryEntry.id == entry_id)
    if entry is None:
        raise NotFound("Library entry #{id} does not exist", id=entry_id)
    return entry


def _revision(ctx: ServiceContext, entry: LibraryEntry, changes: dict[str, list[Any]]) -> None:
    if changes:
        LibraryRevision.create(entry=entry, at=ctx.now(), actor=ctx.actor, changes=changes)


# -- writes -----------------------------------------------------------------
def create_entry(
    ctx: ServiceContext,
    *,
    title: str,
    symptom: str = "",
    cause: str = "",
    solution: str = "",
    product: str = "",
    version_range: str = "",
    modules: str = "",
    tags: str = "",
    source_calls: str = "",
    status: str = "draft",
) -> LibraryEntry:
    """A new entry; managers may publish directly, others start at draft or review."""
    data = _check(
        {
            "title": title,
            "symptom": symptom,
            "cause": cause,
            "solution": solution,
            "product": product,
            "version_range": version_range,
            "modules": modules,
            "tags": tags,
            "source_calls": source_calls,
        }
    )
    if status not in ("draft", "review", "published"):
        raise ValidationError("status", "A new entry is a draft, in review or published")
    if status == "published" and not ctx.can("library.review"):
        raise PermissionDenied("Only a service manager may publish an entry directly")
    with writing(ctx, "library.create"):
        now = ctx.now()
        entry = LibraryEntry.create(
            **data,
            status=status,
            author=ctx.actor,
            reviewed_by=ctx.actor if status == "published" else None,
            created_at=now,
            updated_at=now,
        )
        index.index_entry(entry)
        audit(ctx, "library.create", entry)
    return entry


def update_entry(
    ctx: ServiceContext, entry_id: int, expected_version: int | None, **changes: Any
) -> LibraryEntry:
    """Edit the text fields; the change is kept as a revision. Published and
    retired entries are the manager's to change (the library stays standard)."""
    data = _check(changes)
    with writing(ctx, "library.update"):
        entry = _get(entry_id)
        if entry.status in ("published", "retired") and not ctx.can("library.review"):
            raise PermissionDenied("Only a service manager may change a published entry")
        before = snapshot(entry)
        for key, value in data.items():
            setattr(entry, key, value)
        diff = changed(before, snapshot(entry))
        if not diff:
            return entry
        entry.updated_at = ctx.now()
        bump_version(entry, expected_version)
        index.index_entry(entry)
        _revision(ctx, entry, diff)
        audit(ctx, "library.update", entry, before=before)
    return entry


def _move(
    ctx: ServiceContext,
    action: str,
    entry_id: int,
    allowed_from: tuple[str, ...],
    to: str,
    expected_version: int | None,
    **extra: Any,
) -> LibraryEntry:
    with writing(ctx, action):
        entry = _get(entry_id)
        if entry.status not in allowed_from:
            raise InvalidTransition(
                "Entry #{id} is {status}; it cannot go to {to}",
                id=entry_id,
                status=entry.status,
                to=to,
            )
        before = snapshot(entry)
        entry.status = to
        for key, value in extra.items():
            setattr(entry, key, value)
        entry.updated_at = ctx.now()
        bump_version(entry, expected_version)
        index.index_entry(entry)
        _revision(ctx, entry, changed(before, snapshot(entry)))
        audit(ctx, action, entry, before=before)
    return entry


def submit_for_review(
    ctx: ServiceContext, entry_id: int, expected_version: int | None = None
) -> LibraryEntry:
    """Draft -> in review: the manager's queue."""
    return _move(ctx, "library.submit", entry_id, ("draft",), "review", expected_version)


def review(
    ctx: ServiceContext,
    entry_id: int,
    publish: bool,
    comment: str = "",
    expected_version: int | None = None,
) -> LibraryEntry:
    """The manager publishes an entry in review, or returns it to draft with a comment."""
    comment = (comment or "").strip()
    if not publish and not comment:
        raise ValidationError("comment", "Say why the entry goes back")
    if len(comment) > 1000:
        raise ValidationError("comment", "At most {n} characters", n=1000)
    return _move(
        ctx,
        "library.review",
        entry_id,
        ("review",),
        "published" if publish else "draft",
        expected_version,
        review_comment=comment,
        reviewed_by=ctx.actor,
    )


def retire(ctx: ServiceContext, entry_id: int, expected_version: int | None = None) -> LibraryEntry:
    """A published entry that no longer applies leaves the search (kept for history)."""
    return _move(ctx, "library.review", entry_id, ("published",), "retired", expected_version)


def delete_entry(ctx: ServiceContext, entry_id: int) -> None:
    """Remove an entry for good (manager); calls it solved keep their record."""
    with writing(ctx, "library.delete"):
        entry = _get(entry_id)
        before = snapshot(entry)
        index.remove_entry(entry.id)
        Call.update(library_entry=None).where(Call.library_entry == entry.id).execute()
        LibraryRevision.delete().where(LibraryRevision.entry == entry.id).execute()
        entry.delete_instance()
        audit(
            ctx,
            "library.delete",
            before=before,
            after=None,
            record_type="library_entry",
            record_id=entry_id,
        )


def apply_entry(ctx: ServiceContext, call_id: int, entry_id: int) -> Call:
    """H9: the call was solved by entry #n. Records it on the call (and its
    timeline) and counts the use, in one transaction. Returns the call with its
    new version."""
    with writing(ctx, "library.apply"):
        call = Call.get_or_none(Call.id == call_id)
        if call is None:
            raise NotFound("Call {id} does not exist", id=call_id)
        from hotline_tui.services.calls.ownership import require_owner

        require_owner(ctx, call, call.ticket_no)  # H10
        entry = _get(entry_id)
        if entry.status != "published":
            raise ValidationError("entry", "Only a published entry can be applied to a call")
        now = ctx.now()
        before = snapshot(call, ["library_entry"])
        Call.update(library_entry=entry.id, version=Call.version + 1, updated_at=now).where(
            Call.id == call.id
        ).execute()
        LibraryEntry.update(usage_count=LibraryEntry.usage_count + 1, last_used_at=now).where(
            LibraryEntry.id == entry.id
        ).execute()
        CallEvent.create(
            call=call,
            at=now,
            actor=ctx.actor,
            kind="library_applied",
            detail={"entry": entry.id, "title": entry.title},
        )
        call = Call.get_by_id(call.id)
        audit(ctx, "library.apply", call, before=before, after={"library_entry": entry.id})
    return call


def draft_from_call(ctx: ServiceContext, call_id: int) -> LibraryEntry:
    """H9: a solved call becomes a draft entry, pre-filled from the call record."""
    call = Call.get_or_none(Call.id == call_id)
    if call is None:
        raise NotFound("Call {id} does not exist", id=call_id)
    symptom = (call.symptom or "").strip()
    if not symptom:
        raise ValidationError("symptom", "The call has no symptom to draft an entry from")
    title = symptom.splitlines()[0].strip()[:200]
    if call.error_message and call.error_message.strip() not in symptom:
        symptom = f"{symptom}\n{call.error_message.strip()}"
    return create_entry(
        ctx,
        title=title,
        symptom=symptom[:4000],
        solution=(call.resolution or "")[:8000],
        product=call.product[:100],
        version_range=call.version_text[:50],
        modules=call.modules[:200],
        source_calls=call.ticket_no,
        status="draft",
    )


def draft_from_ticket(ctx: ServiceContext, ticket_no: str) -> LibraryEntry:
    """`draft_from_call` by the ticket number the operator reads off the record."""
    ticket_no = (ticket_no or "").strip().upper()
    call = Call.get_or_none(Call.ticket_no == ticket_no)
    if call is None:
        raise ValidationError("ticket_no", "No call has ticket number {no}", no=ticket_no)
    return draft_from_call(ctx, call.id)


def get_entry(entry_id: int) -> LibraryEntry:
    return _get(entry_id)


@dataclass(frozen=True)
class EntryView:
    """An entry with names resolved, ready for the UI thread (no lazy queries)."""

    entry: LibraryEntry
    author: str
    reviewer: str
    history: list[tuple[Any, str, dict[str, list[Any]]]]  # (at, who, changes)


def entry_view(entry_id: int) -> EntryView:
    entry = _get(entry_id)

    def name(staff: Any) -> str:
        return f"{staff.agent_no} {staff.name}" if staff is not None else ""

    history = [(r.at, name(r.actor), r.changes or {}) for r in revisions(entry_id)[:10]]
    return EntryView(entry, name(entry.author), name(entry.reviewed_by), history)


def revisions(entry_id: int) -> list[LibraryRevision]:
    """The entry's history, newest first (who, when, what changed)."""
    return list(
        LibraryRevision.select()
        .where(LibraryRevision.entry == entry_id)
        .order_by(LibraryRevision.at.desc(), LibraryRevision.id.desc())
    )


def review_queue(limit: int = 200) -> list[LibraryEntry]:
    """Entries waiting for the manager, oldest first."""
    return list(
        LibraryEntry.select()
        .where(LibraryEntry.status == "review")
        .order_by(LibraryEntry.updated_at, LibraryEntry.id)
        .limit(limit)
    )


def products() -> list[str]:
    """The products the library has entries for (filter choices)."""
    q = (
        LibraryEntry.select(LibraryEntry.product)
        .where(LibraryEntry.product != "")
        .distinct()
        .order_by(LibraryEntry.product)
    )
    return [r.product for r in q]
