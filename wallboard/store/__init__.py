"""The response store: tables, engine, schema, and one module of reads per consumer."""

from wallboard.store.engine import StoreFileMissing, make_engine, ping
from wallboard.store.errors import StoreTrouble, Trouble, classify, is_outage
from wallboard.store.schema import (
    SchemaBehind,
    SchemaState,
    ensure_schema,
    head_revision,
    migrate,
    open_store,
    schema_state,
)
from wallboard.store.tables import (
    ACTION,
    CHALLENGE_WIN,
    CHANGE,
    FOLLOWUP,
    FOLLOWUP_HISTORY,
    NOTIFICATION,
    PRIVACY_AUDIT,
    RESPONSE,
    SCREEN,
    SESSION,
    SETTING,
    SIGNIN_ATTEMPT,
    USER,
    ActionItem,
    AppSession,
    AppSetting,
    AppUser,
    ChallengeWin,
    FollowUp,
    FollowUpHistory,
    FollowUpStatus,
    Notification,
    PrivacyAudit,
    Response,
    ResponseChange,
    Screen,
    SigninAttempt,
)
from wallboard.store.types import UTCDateTime

__all__ = [
    "ACTION", "CHANGE", "FOLLOWUP", "FOLLOWUP_HISTORY", "NOTIFICATION", "PRIVACY_AUDIT", "RESPONSE",
    "SETTING", "USER", "ActionItem", "AppSetting", "AppUser", "FollowUp", "FollowUpHistory",
    "FollowUpStatus", "Notification", "PrivacyAudit", "Response", "ResponseChange", "UTCDateTime",
    "SchemaBehind", "SchemaState", "ensure_schema", "head_revision", "make_engine", "migrate",
    "open_store", "ping", "schema_state", "StoreFileMissing", "StoreTrouble", "Trouble",
    "classify", "is_outage", "SESSION", "SIGNIN_ATTEMPT", "AppSession", "SigninAttempt",
    "CHALLENGE_WIN", "ChallengeWin", "SCREEN", "Screen",
]
