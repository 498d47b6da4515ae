"""The desk's work: calls and their timeline, library entries, dispatches,
callbacks and complaints (H1-H14, D1-D6, F1-F7, C1-C8).

Every open item carries `due_at` and `due_rule` (the rule that set the
deadline), indexed with its status, so "open items by time to breach" is one
index-backed query per kind, not a per-row computation.
"""

from __future__ import annotations

import peewee as pw

from hotline_tui.store.base import BaseModel, JSONTextField, UTCDateTimeField, VersionedModel
from hotline_tui.store.models_people import Contact, Customer, Staff


class LibraryEntry(VersionedModel):
    title = pw.CharField(max_length=200)
    symptom = pw.TextField(default="")
    cause = pw.TextField(default="")
    solution = pw.TextField(default="")
    product = pw.CharField(max_length=100, default="", index=True)
    version_range = pw.CharField(max_length=50, default="")
    modules = pw.CharField(max_length=200, default="")
    tags = pw.CharField(max_length=300, default="")
    source_calls = pw.CharField(max_length=300, default="")  # ticket numbers, comma-separated
    author = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    status = pw.CharField(
        max_length=16, default="draft", index=True
    )  # draft | review | published | retired
    review_comment = pw.TextField(default="")
    reviewed_by = pw.ForeignKeyField(
        Staff, null=True, on_delete="SET NULL", backref="reviewed_entries"
    )
    usage_count = pw.IntegerField(default=0)
    last_used_at = UTCDateTimeField(null=True)
    qa_sample = pw.BooleanField(default=False)  # D6: picked from signed service sheets
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()


class Call(VersionedModel):
    ticket_no = pw.CharField(max_length=32, unique=True)
    owner = pw.ForeignKeyField(Staff, backref="owned_calls", on_delete="RESTRICT")  # H10
    taken_by = pw.ForeignKeyField(Staff, backref="taken_calls", on_delete="RESTRICT")
    customer = pw.ForeignKeyField(Customer, null=True, backref="calls", on_delete="SET NULL")
    contact = pw.ForeignKeyField(Contact, null=True, backref="calls", on_delete="SET NULL")
    caller_phone = pw.CharField(max_length=64, default="")
    caller_phone_norm = pw.CharField(max_length=32, default="", index=True)
    caller_name = pw.CharField(max_length=64, default="")
    product = pw.CharField(max_length=100, default="")
    version_text = pw.CharField(max_length=50, default="")
    modules = pw.CharField(max_length=300, default="")
    dongle_no = pw.CharField(max_length=50, default="")
    category = pw.CharField(
        max_length=32, default="general"
    )  # general | bug | report | password_reset | data_clear | ...
    symptom = pw.TextField(default="")
    recent_ops = pw.TextField(default="")
    error_message = pw.TextField(default="")
    resolution = pw.TextField(default="")
    # draft | open | on_hold | consultation | dispatch | transferred | solved | closed
    status = pw.CharField(max_length=16, default="open")
    outcome = pw.CharField(max_length=16, default="")
    late_pickup = pw.BooleanField(default=False)  # H1
    suggest_onsite = pw.BooleanField(default=False)  # H8
    transferred_to = pw.CharField(max_length=100, default="")  # H10
    library_entry = pw.ForeignKeyField(
        LibraryEntry, null=True, backref="solved_calls", on_delete="SET NULL"
    )
    # H11 written authorization
    auth_doc_ref = pw.CharField(max_length=100, default="")
    auth_received_on = pw.DateField(null=True)
    auth_contact = pw.CharField(max_length=64, default="")
    # H11: set once the call is marked a password reset / data clearing; never cleared
    auth_guard = pw.CharField(max_length=16, default="")
    # H11: why a symptom that reads like such a request is not one (logged at close)
    auth_waiver = pw.CharField(max_length=300, default="")
    started_at = UTCDateTimeField(index=True)
    ended_at = UTCDateTimeField(null=True)
    due_at = UTCDateTimeField(null=True)
    due_rule = pw.CharField(max_length=8, default="")
    recording_ref = pw.CharField(max_length=100, default="")  # H16: the recorder's reference
    updated_at = UTCDateTimeField()

    class Meta:
        indexes = (
            (("status", "due_at"), False),
            (("owner", "status", "due_at"), False),
            (("customer", "started_at"), False),
        )


class CallEvent(BaseModel):
    """One step of a call's timeline (H14: every call is written down)."""

    call = pw.ForeignKeyField(Call, backref="events", on_delete="CASCADE")
    at = UTCDateTimeField()
    actor = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    kind = pw.CharField(max_length=32)
    detail = JSONTextField(null=True)

    class Meta:
        indexes = ((("call", "at"), False),)


class LibraryRevision(BaseModel):
    entry = pw.ForeignKeyField(LibraryEntry, backref="revisions", on_delete="CASCADE")
    at = UTCDateTimeField()
    actor = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    changes = JSONTextField()  # {field: [before, after]}


class DispatchRequest(VersionedModel):
    """An on-site request and, once verified and assigned, its work order (D1-D5)."""

    order_no = pw.CharField(max_length=32, unique=True)
    call = pw.ForeignKeyField(Call, null=True, backref="dispatches", on_delete="SET NULL")
    customer = pw.ForeignKeyField(Customer, backref="dispatches", on_delete="RESTRICT")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    source = pw.CharField(max_length=32, default="hotline")  # hotline | department | callback
    problem = pw.TextField(default="")
    state = pw.CharField(max_length=20, default="requested")
    requested_by = pw.ForeignKeyField(Staff, backref="requested_dispatches", on_delete="RESTRICT")
    verified_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    engineer = pw.ForeignKeyField(Staff, null=True, backref="work_orders", on_delete="SET NULL")
    assigned_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    assigned_at = UTCDateTimeField(null=True)
    appointment_at = UTCDateTimeField(null=True)
    return_reason = pw.TextField(default="")
    not_solved_reason = pw.TextField(default="")
    work_done = pw.TextField(default="")
    signed_by = pw.CharField(max_length=64, default="")
    signed_at = UTCDateTimeField(null=True)
    sheet_returned_at = UTCDateTimeField(null=True)  # D4
    qa_selected = pw.BooleanField(default=False)  # D6
    # D4: what the signed sheet records besides the work done
    cause = pw.TextField(default="")
    prevention = pw.TextField(default="")
    customer_checked = pw.BooleanField(
        default=False
    )  # the customer tried it and checked the result
    customer_opinion = pw.TextField(default="")
    manager_signed_at = UTCDateTimeField(null=True)  # D6: signed off after the callback
    previous = pw.ForeignKeyField("self", null=True, backref="redispatches", on_delete="SET NULL")
    vendor_ref = pw.CharField(max_length=64, default="")
    created_at = UTCDateTimeField(index=True)
    updated_at = UTCDateTimeField()
    due_at = UTCDateTimeField(null=True)
    due_rule = pw.CharField(max_length=8, default="")

    class Meta:
        indexes = ((("state", "due_at"), False), (("engineer", "state"), False))


class DispatchEvent(BaseModel):
    request = pw.ForeignKeyField(DispatchRequest, backref="events", on_delete="CASCADE")
    at = UTCDateTimeField()
    actor = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    from_state = pw.CharField(max_length=20, default="")
    to_state = pw.CharField(max_length=20, default="")
    detail = JSONTextField(null=True)


class Callback(VersionedModel):
    """A promised or scheduled call to a customer: H6 promises and F1-F4, S3 tasks."""

    kind = pw.CharField(max_length=16)  # H6 | H7 | F1 | F2 | F3 | F4 | S3 | birthday | holiday
    customer = pw.ForeignKeyField(Customer, null=True, backref="callbacks", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    call = pw.ForeignKeyField(Call, null=True, backref="callbacks", on_delete="SET NULL")
    dispatch = pw.ForeignKeyField(
        DispatchRequest, null=True, backref="callbacks", on_delete="SET NULL"
    )
    owner = pw.ForeignKeyField(Staff, null=True, backref="callbacks", on_delete="SET NULL")
    channel = pw.CharField(max_length=16, default="phone")  # phone | qq | email
    status = pw.CharField(max_length=16, default="open")  # open | done | unreachable | cancelled
    due_at = UTCDateTimeField()
    due_rule = pw.CharField(max_length=8, default="")
    attempts = pw.IntegerField(default=0)
    next_try_at = UTCDateTimeField(null=True)
    answers = JSONTextField(null=True)  # the branching script's answers (F6)
    result = pw.TextField(default="")
    satisfied = pw.BooleanField(null=True)
    created_at = UTCDateTimeField()
    done_at = UTCDateTimeField(null=True)
    first_due_at = UTCDateTimeField(null=True)  # F7: the due time before any retry moved it
    new_call = pw.ForeignKeyField(  # F5: the hotline call this callback turned into
        Call, null=True, backref="from_callbacks", on_delete="SET NULL"
    )

    class Meta:
        indexes = ((("status", "due_at"), False), (("owner", "status", "due_at"), False))


class CallbackAttempt(BaseModel):
    callback = pw.ForeignKeyField(Callback, backref="attempt_log", on_delete="CASCADE")
    at = UTCDateTimeField()
    actor = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    result = pw.CharField(max_length=32)  # reached | unreachable | busy | ...
    note = pw.TextField(default="")


class Complaint(VersionedModel):
    """The complaint registration form (C6) and its handling clocks (C3-C5)."""

    ref_no = pw.CharField(max_length=32, unique=True)
    source = pw.CharField(max_length=16, default="direct")  # direct | vendor (C1)
    customer = pw.ForeignKeyField(Customer, null=True, backref="complaints", on_delete="SET NULL")
    call = pw.ForeignKeyField(Call, null=True, on_delete="SET NULL")
    callback = pw.ForeignKeyField(Callback, null=True, on_delete="SET NULL")
    complainant_unit = pw.CharField(max_length=200, default="")
    complainant = pw.CharField(max_length=64, default="")
    phone = pw.CharField(max_length=64, default="")
    email = pw.CharField(max_length=120, default="")
    unit_address = pw.CharField(max_length=300, default="")
    received_at = UTCDateTimeField(index=True)
    receiver = pw.ForeignKeyField(Staff, backref="received_complaints", on_delete="RESTRICT")
    department = pw.CharField(max_length=64, default="")
    person = pw.ForeignKeyField(
        Staff, null=True, backref="complaints_about", on_delete="SET NULL"
    )  # C8
    level = pw.CharField(max_length=16, default="general")  # general | serious | major
    category = pw.CharField(
        max_length=16
    )  # delay | quality | attitude | conduct | charges | product | oversold
    product = pw.CharField(max_length=100, default="")
    version_text = pw.CharField(max_length=50, default="")
    modules = pw.CharField(max_length=200, default="")
    description = pw.TextField(default="")
    # registered | checked | archived | in_progress | responded | verifying | escalated | closed
    status = pw.CharField(max_length=16, default="registered")
    valid = pw.BooleanField(null=True)  # C2: None until checked
    responsible = pw.CharField(max_length=100, default="")
    cause = pw.TextField(default="")
    measures = pw.TextField(default="")
    corrective = pw.TextField(default="")  # C7
    preventive = pw.TextField(default="")  # C7
    responded_at = UTCDateTimeField(null=True)
    result_at = UTCDateTimeField(null=True)
    verified_at = UTCDateTimeField(null=True)
    resolved = pw.BooleanField(null=True)
    escalated_at = UTCDateTimeField(null=True)
    vendor_reported_at = UTCDateTimeField(null=True)
    closed_at = UTCDateTimeField(null=True)
    owner = pw.ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    due_at = UTCDateTimeField(null=True)
    due_rule = pw.CharField(max_length=8, default="")

    class Meta:
        indexes = ((("status", "due_at"), False),)


class ComplaintEvent(BaseModel):
    complaint = pw.ForeignKeyField(Complaint, backref="events", on_delete="CASCADE")
    at = UTCDateTimeField()
    actor = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    kind = pw.CharField(max_length=32)
    detail = JSONTextField(null=True)
