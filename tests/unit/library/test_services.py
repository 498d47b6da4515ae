"""H9 entries: review workflow, revisions, applying to calls, drafting from calls."""

from __future__ import annotations

import pytest

from hotline_tui.domain.errors import (
    ConflictError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from hotline_tui.services.library import entries as library
from hotline_tui.store.models import AuditEntry, Call, CallEvent, LibraryEntry, LibraryRevision


def _call(staff, clock, **kw) -> Call:
    now = clock.now()
    data = dict(
        ticket_no="HL20261123-0001",
        owner=staff["operator"],
        taken_by=staff["operator"],
        symptom="账套备份失败\n点击备份后无反应",
        error_message="ORA-12541",
        resolution="重启 Oracle 监听后备份成功",
        product="用友U8",
        version_text="V13.0",
        modules="系统管理",
        status="solved",
        started_at=now,
        updated_at=now,
    )
    data.update(kw)
    return Call.create(**data)


def test_h9_operator_drafts_manager_publishes(db, op, mgr) -> None:
    e = library.create_entry(op, title="账套备份失败", solution="重启监听")
    assert e.status == "draft" and e.author_id == op.actor.id
    assert library.search("备份") == []  # drafts are not served to the desk
    e = library.submit_for_review(op, e.id)
    assert [x.id for x in library.review_queue()] == [e.id]
    with pytest.raises(PermissionDenied):
        library.review(op, e.id, publish=True)
    e = library.review(mgr, e.id, publish=True, comment="")
    assert e.status == "published" and e.reviewed_by_id == mgr.actor.id
    assert [h.entry_id for h in library.search("备份")] == [e.id]
    assert AuditEntry.select().where(AuditEntry.action == "library.review").count() == 1


def test_h9_return_needs_a_comment_and_goes_back_to_draft(db, op, mgr) -> None:
    e = library.submit_for_review(op, library.create_entry(op, title="凭证打印错位").id)
    with pytest.raises(ValidationError) as err:
        library.review(mgr, e.id, publish=False, comment=" ")
    assert err.value.field == "comment"
    e = library.review(mgr, e.id, publish=False, comment="请补充解决步骤")
    assert e.status == "draft" and e.review_comment == "请补充解决步骤"
    with pytest.raises(InvalidTransition):
        library.review(mgr, e.id, publish=True)


def test_h9_only_managers_publish_directly(db, op, mgr) -> None:
    with pytest.raises(PermissionDenied):
        library.create_entry(op, title="账套备份失败", status="published")
    assert library.create_entry(mgr, title="账套备份失败", status="published").status == (
        "published"
    )


def test_h9_validation_names_the_field(db, op) -> None:
    cases = [
        ({"title": ""}, "title"),
        ({"title": "，。！"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "product": "p" * 101}, "product"),
        ({"title": "ok", "symptom": "bad\x00"}, "symptom"),
        ({"title": "ok", "status": "retired"}, "status"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as err:
            library.create_entry(op, **kwargs)
        assert err.value.field == field
    assert LibraryEntry.select().count() == 0


def test_h9_every_edit_keeps_a_revision(db, op, mgr) -> None:
    e = library.create_entry(op, title="账套备份失败", solution="重启")
    e2 = library.update_entry(op, e.id, e.version, solution="重启 Oracle 监听", tags="oracle")
    assert e2.version == e.version + 1
    (rev,) = library.revisions(e.id)
    assert rev.actor_id == op.actor.id
    assert rev.changes == {"solution": ["重启", "重启 Oracle 监听"], "tags": ["", "oracle"]}
    with pytest.raises(ConflictError):  # stale version
        library.update_entry(op, e.id, e.version, title="别的标题")
    library.update_entry(op, e.id, e2.version)  # nothing changed: no revision
    assert LibraryRevision.select().count() == 1


def test_h9_published_entries_are_the_managers_to_change(db, op, mgr) -> None:
    e = library.create_entry(mgr, title="账套备份失败", status="published")
    with pytest.raises(PermissionDenied):
        library.update_entry(op, e.id, e.version, title="改")
    assert library.update_entry(mgr, e.id, e.version, title="账套备份失败处理").version == 2


def test_h9_apply_records_solved_by_entry_and_counts_use(db, staff, clock, mgr, op) -> None:
    e = library.create_entry(mgr, title="账套备份失败", status="published")
    call = _call(staff, clock)
    updated = library.apply_entry(op, call.id, e.id)
    assert updated.library_entry_id == e.id and updated.version == call.version + 1
    e = LibraryEntry.get_by_id(e.id)
    assert e.usage_count == 1 and e.last_used_at == clock.now()
    ev = CallEvent.get(CallEvent.call == call.id)
    assert ev.kind == "library_applied" and ev.detail["entry"] == e.id
    with pytest.raises(NotFound):
        library.apply_entry(op, 999, e.id)


def test_h9_apply_refuses_unpublished_and_leaves_nothing(db, staff, clock, op) -> None:
    e = library.create_entry(op, title="账套备份失败")
    call = _call(staff, clock)
    with pytest.raises(ValidationError):
        library.apply_entry(op, call.id, e.id)
    assert Call.get_by_id(call.id).library_entry_id is None
    assert CallEvent.select().count() == 0


def test_h9_draft_from_call_is_prefilled(db, staff, clock, op) -> None:
    call = _call(staff, clock)
    e = library.draft_from_call(op, call.id)
    assert e.status == "draft"
    assert e.title == "账套备份失败"
    assert "点击备份后无反应" in e.symptom and "ORA-12541" in e.symptom
    assert e.solution == "重启 Oracle 监听后备份成功"
    assert (e.product, e.version_range, e.modules) == ("用友U8", "V13.0", "系统管理")
    assert e.source_calls == "HL20261123-0001"
    empty = _call(staff, clock, ticket_no="HL20261123-0002", symptom="")
    with pytest.raises(ValidationError):
        library.draft_from_call(op, empty.id)


def test_h9_similar_entries_warn_of_near_duplicates(db, publish) -> None:
    a = publish("账套备份失败提示无监听")
    publish("凭证打印错位")
    similar = library.similar_entries("帳套備份失敗")
    assert [h.entry_id for h in similar] == [a.id]
    assert library.similar_entries("工资条打印") == []


def test_h9_delete_is_managers_and_unlinks_calls(db, staff, clock, mgr, op) -> None:
    e = library.create_entry(mgr, title="账套备份失败", status="published")
    call = _call(staff, clock)
    library.apply_entry(op, call.id, e.id)
    library.update_entry(mgr, e.id, None, tags="x")
    with pytest.raises(PermissionDenied):
        library.delete_entry(op, e.id)
    library.delete_entry(mgr, e.id)
    assert LibraryEntry.select().count() == 0
    assert Call.get_by_id(call.id).library_entry_id is None
    assert library.search("备份") == []


def test_h5_suggest_for_a_wordy_symptom_finds_the_shorter_entry(db, publish) -> None:
    lock = publish(title="帳套被佔用", symptom="月末結賬時提示帳套正在使用")
    publish(title="凭证打印错位", symptom="打印时金额错位")
    publish(title="报表提示公式错误", symptom="取数公式提示错误")
    symptom = "月末结账时提示账套被占用,重启电脑也不行"
    assert library.search(symptom) == []  # all terms: a symptom says more than a title
    hits = library.suggest(symptom)
    assert [h.entry_id for h in hits] == [lock.id]  # "提示" alone is not enough
    assert "[b]" in hits[0].title_markup
    exact = library.suggest("账套被占用")
    assert exact[0].entry_id == lock.id and len(exact) == 1
    assert library.suggest("，。") == [] and library.suggest("工资发放") == []


def test_h5_suggest_an_error_code_alone_is_enough(db, publish) -> None:
    tns = publish(title="数据库连接失败", symptom="登录时提示 ORA-12541: TNS 无监听程序")
    publish(title="月末结账失败", symptom="结账时提示有未记账凭证")
    hits = library.suggest("早上开机后登录报错\nora-12541")
    assert [h.entry_id for h in hits] == [tns.id]
