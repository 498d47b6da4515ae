"""Staff, customers and contacts, roster shifts and handovers (S1, S2, R1-R3)."""

from __future__ import annotations

import peewee as pw

from hotline_tui.store.base import BaseModel, JSONTextField, UTCDateTimeField, VersionedModel


class Staff(VersionedModel):
    agent_no = pw.CharField(max_length=16, unique=True)  # 工号
    name = pw.CharField(max_length=64)
    roles = pw.CharField(max_length=128, default="operator")  # comma-separated role codes
    phone = pw.CharField(max_length=32, default="")
    department = pw.CharField(max_length=64, default="")
    extension = pw.CharField(max_length=32, default="", index=True)  # PBX extension / user id
    active = pw.BooleanField(default=True)
    created_at = UTCDateTimeField()

    @property
    def role_list(self) -> list[str]:
        return [r for r in self.roles.split(",") if r]

    def has_role(self, role: str) -> bool:
        return role in self.role_list


class Customer(VersionedModel):
    name = pw.CharField(max_length=200, index=True)  # unit full name
    short_name = pw.CharField(max_length=64, default="")
    address = pw.CharField(max_length=300, default="")
    website = pw.CharField(max_length=200, default="")
    category = pw.CharField(max_length=16, default="regular")  # regular | vip | key
    confidentiality = pw.CharField(
        max_length=16, default="secret"
    )  # secret | confidential | top_secret
    industry = pw.CharField(max_length=64, default="")  # S1: line of business
    contract_start = pw.DateField(null=True)
    contract_end = pw.DateField(null=True)
    installed_on = pw.DateField(null=True)  # S4: the service period starts here
    secrecy_until = pw.DateField(null=True)  # S2: the level lapses after this day
    # S1: the service specialist responsible for the unit
    specialist = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="units")
    # S2: destroying a file needs a manager's approval
    destroy_reason = pw.CharField(max_length=300, default="")
    destroy_requested_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="+")
    destroyed_at = UTCDateTimeField(null=True)
    sold_at = UTCDateTimeField(null=True)
    checked_at = UTCDateTimeField(null=True)  # S1: last data check
    notes = pw.TextField(default="")
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()


class CustomerProduct(BaseModel):
    customer = pw.ForeignKeyField(Customer, backref="products", on_delete="CASCADE")
    product = pw.CharField(max_length=100)
    version = pw.CharField(max_length=50, default="")
    modules = pw.CharField(max_length=300, default="")
    dongle_no = pw.CharField(max_length=50, default="", index=True)  # 加密锁号
    serial_no = pw.CharField(max_length=50, default="", index=True)


class Contact(VersionedModel):
    customer = pw.ForeignKeyField(Customer, backref="contacts", on_delete="CASCADE")
    name = pw.CharField(max_length=64)
    title = pw.CharField(max_length=8, default="")  # 先生 / 女士
    position = pw.CharField(max_length=64, default="")
    phone = pw.CharField(max_length=64, default="")
    mobile = pw.CharField(max_length=64, default="")
    email = pw.CharField(max_length=120, default="")
    im = pw.CharField(max_length=64, default="")  # QQ / WeChat
    birthday = pw.DateField(null=True)
    left_company = pw.BooleanField(default=False)
    replaced_by = pw.ForeignKeyField("self", null=True, backref="replaces", on_delete="SET NULL")
    is_primary = pw.BooleanField(default=False)
    created_at = UTCDateTimeField()


class ContactPhone(BaseModel):
    """Normalized numbers of a contact, for one-step caller lookup (H4)."""

    contact = pw.ForeignKeyField(Contact, backref="phone_keys", on_delete="CASCADE")
    number = pw.CharField(max_length=32, index=True)  # normalized
    suffix8 = pw.CharField(max_length=8, index=True)  # last 8 digits


class RosterShift(BaseModel):
    """One operator on one shift of one day (R1)."""

    day = pw.DateField(index=True)
    shift_code = pw.CharField(max_length=16)
    starts_at = UTCDateTimeField(index=True)
    ends_at = UTCDateTimeField()
    staff = pw.ForeignKeyField(Staff, backref="shifts", on_delete="CASCADE")
    created_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = UTCDateTimeField()

    class Meta:
        indexes = ((("day", "shift_code", "staff"), True),)


class DutySession(BaseModel):
    """An operator signed in for duty: rostered or off-roster (R2, R4)."""

    staff = pw.ForeignKeyField(Staff, backref="duty_sessions", on_delete="CASCADE")
    shift = pw.ForeignKeyField(RosterShift, null=True, on_delete="SET NULL")
    signed_in_at = UTCDateTimeField()
    ready_at = UTCDateTimeField(null=True)  # R2
    off_roster = pw.BooleanField(default=False)
    away_since = UTCDateTimeField(null=True)  # R4
    away_reason = pw.CharField(max_length=200, default="")
    signed_out_at = UTCDateTimeField(null=True)
    handover_note = pw.TextField(default="")
    item_notes = JSONTextField(null=True)  # end-of-duty notes per item: {"call:12": "..."}


class Handover(VersionedModel):
    """The explicit start-of-duty takeover (R3)."""

    from_staff = pw.ForeignKeyField(Staff, null=True, backref="handed_over", on_delete="SET NULL")
    to_staff = pw.ForeignKeyField(Staff, backref="taken_over", on_delete="CASCADE")
    shift = pw.ForeignKeyField(RosterShift, null=True, on_delete="SET NULL")
    note = pw.TextField(default="")
    created_at = UTCDateTimeField()
    due_at = UTCDateTimeField(index=True)
    completed_at = UTCDateTimeField(null=True)
    status = pw.CharField(max_length=16, default="open", index=True)  # open | completed


class HandoverItem(BaseModel):
    handover = pw.ForeignKeyField(Handover, backref="items", on_delete="CASCADE")
    item_kind = pw.CharField(max_length=16)  # call | callback | dispatch | consultation | complaint
    item_id = pw.IntegerField()
    summary = pw.CharField(max_length=300, default="")
    note = pw.TextField(default="")  # the outgoing operator's note
    question = pw.TextField(default="")
    status = pw.CharField(max_length=16, default="pending")  # pending | accepted | flagged
    accepted_at = UTCDateTimeField(null=True)
    accepted_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    extra = JSONTextField(null=True)
