"""All models in one import, and their creation order."""

from hotline_tui.store.models_auth import Credential, SecuritySetting, SignInEvent
from hotline_tui.store.models_people import (
    Contact,
    ContactPhone,
    Customer,
    CustomerProduct,
    DutySession,
    Handover,
    HandoverItem,
    RosterShift,
    Staff,
)
from hotline_tui.store.models_system import (
    AccessLog,
    AuditEntry,
    CalendarOverride,
    Counter,
    Draft,
    SchemaMigration,
)
from hotline_tui.store.models_work import (
    Call,
    Callback,
    CallbackAttempt,
    CallEvent,
    Complaint,
    ComplaintEvent,
    DispatchEvent,
    DispatchRequest,
    LibraryEntry,
    LibraryRevision,
)

ALL_MODELS = [
    Staff,
    Customer,
    CustomerProduct,
    Contact,
    ContactPhone,
    RosterShift,
    DutySession,
    Handover,
    HandoverItem,
    LibraryEntry,
    Call,
    CallEvent,
    LibraryRevision,
    DispatchRequest,
    DispatchEvent,
    Callback,
    CallbackAttempt,
    Complaint,
    ComplaintEvent,
    AuditEntry,
    AccessLog,
    Draft,
    CalendarOverride,
    Counter,
    Credential,
    SignInEvent,
    SecuritySetting,
]

__all__ = [m.__name__ for m in ALL_MODELS] + ["SchemaMigration", "ALL_MODELS"]
