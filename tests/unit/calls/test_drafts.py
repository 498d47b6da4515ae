"""The intake draft survives as a row per operator (draft safety)."""

from __future__ import annotations

from hotline_tui.services.calls.drafts import discard_draft, load_draft, save_draft
from hotline_tui.store.models import AuditEntry, Draft


def test_draft_saved_refreshed_loaded_and_discarded(staff, ctx_for) -> None:
    me, other = ctx_for(staff["operator"]), ctx_for(staff["operator2"])
    save_draft(me, {"symptom": "打印"})
    save_draft(me, {"symptom": "打印凭证错位", "call_id": 3})
    assert Draft.select().count() == 1
    assert load_draft(me) == {"symptom": "打印凭证错位", "call_id": 3}
    assert load_draft(other) is None
    assert discard_draft(me) and not discard_draft(me)
    assert load_draft(me) is None
    actions = [a.action for a in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions == ["draft.create", "draft.discard"]
