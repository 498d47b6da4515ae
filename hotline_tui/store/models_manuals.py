"""Records the service manuals add: the program-change request (H17) and the
duty checklist (R5)."""

from __future__ import annotations

import peewee as pw

from hotline_tui.store.base import BaseModel, JSONTextField, UTCDateTimeField, VersionedModel
from hotline_tui.store.models_people import Customer, Staff
from hotline_tui.store.models_work import Call


class ChangeRequest(VersionedModel):
    """H17: a confirmed software bug sent up as a program-change request (程序修改申请)."""

    ref_no = pw.CharField(max_length=32, unique=True)
    call = pw.ForeignKeyField(Call, null=True, backref="change_requests", on_delete="SET NULL")
    customer = pw.ForeignKeyField(Customer, null=True, on_delete="SET NULL")
    requested_by = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
    steps = pw.TextField()  # H3: the steps that produce it
    error_message = pw.TextField()  # H3: the exact error
    # review | promised | delivered | rejected
    status = pw.CharField(max_length=16, default="review")
    reviewer = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    opinion = pw.TextField(default="")  # the manager's review opinion
    promised_on = pw.DateField(null=True)  # the completion date promised to the customer
    told_customer_at = UTCDateTimeField(null=True)
    late_notices = JSONTextField(null=True)  # [{"at", "old", "new", "note"}] told before due
    delivered_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField()
    due_at = UTCDateTimeField(null=True)  # the promised date's end of work: an open item
    due_rule = pw.CharField(max_length=8, default="H17")

    class Meta:
        indexes = ((("status", "due_at"), False),)


class DutyChecklist(BaseModel):
    """R5: the start or end of duty checklist, as ticked by the operator."""

    staff = pw.ForeignKeyField(Staff, on_delete="CASCADE", backref="duty_checklists")
    moment = pw.CharField(max_length=8)  # start | end
    items = JSONTextField()  # the ids of the items ticked
    done_at = UTCDateTimeField(index=True)
