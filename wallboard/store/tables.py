"""The tables of the response store."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field, SQLModel

from wallboard.core.clock import utcnow
from wallboard.store.types import UTCDateTime


class FollowUpStatus(StrEnum):
    OPEN = "open"
    CONTACTED = "contacted"
    RESOLVED = "resolved"


# One answer to the NPS question, as the survey tool sent it.
class Response(SQLModel, table=True):
    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_response_source_external_id"),
        CheckConstraint("score >= 0 AND score <= 10", name="ck_response_score_0_10"),
        Index("ix_response_answered_at", "answered_at"),
        Index("ix_response_team_answered_at", "team_key", "answered_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=64)
    external_id: str = Field(max_length=128)
    score: int
    comment: str = Field(default="")
    team_key: str = Field(max_length=64)
    employee: str | None = Field(default=None, max_length=128)
    customer_name: str | None = Field(default=None, max_length=128)
    answered_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    # A server default too, so that a plain SQL INSERT without it still works.
    received_at: datetime = Field(
        default_factory=utcnow,
        sa_column=Column(UTCDateTime(), nullable=False, server_default=text("CURRENT_TIMESTAMP")),
    )
    # The payload or CSV row exactly as it arrived, for audit (JSON text); None when written
    # by other means.
    raw: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


# Every insert, update and delete of a response, written by database triggers so that
# changes by any writer (the app, an import, a SQL client) reach the poller in order.
class ResponseChange(SQLModel, table=True):
    __tablename__ = "response_change"
    __table_args__ = {"sqlite_autoincrement": True}

    seq: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    response_id: int = Field(index=True)
    old_score: int | None = None
    new_score: int | None = None


# The follow-up of one detractor: who calls the customer back, and how far it got.
class FollowUp(SQLModel, table=True):
    __tablename__ = "followup"

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", unique=True, ondelete="CASCADE")
    owner: str | None = Field(default=None, max_length=128)
    status: FollowUpStatus = Field(
        default=FollowUpStatus.OPEN,
        sa_column=Column(SAEnum(FollowUpStatus, native_enum=False, length=16,
                                values_callable=lambda e: [m.value for m in e]),
                         nullable=False),
    )
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    contacted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    resolved_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    note: str = Field(default="")
    updated_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    updated_by: str | None = Field(default=None, max_length=128)
    # One more at each saved change: a save made on an older version is refused (409).
    version: int = Field(default=0, sa_column=Column(Integer, nullable=False,
                                                     server_default=text("0")))


# Every change made to a follow-up, and who made it.
class FollowUpHistory(SQLModel, table=True):
    __tablename__ = "followup_history"

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True, ondelete="CASCADE")
    changed_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    changed_by: str = Field(max_length=128)
    # What changed, e.g. "status: open -> contacted"; one line per field.
    change: str = Field(sa_column=Column(Text, nullable=False))


# An action a team agreed in its weekly meeting.
class ActionItem(SQLModel, table=True):
    __tablename__ = "action_item"

    id: int | None = Field(default=None, primary_key=True)
    team_key: str = Field(max_length=64, index=True)
    text: str = Field(max_length=500)
    owner: str | None = Field(default=None, max_length=128)
    due: date | None = None
    done: bool = False
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    created_by: str | None = Field(default=None, max_length=128)
    done_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    done_by: str | None = Field(default=None, max_length=128)


# Someone who may sign in to the meeting view; only a password hash is stored.
class AppUser(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=256)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    # 'admin' (the fleet page, changes to screens) or 'lead' (the meeting view); rev. 0009.
    role: str = Field(default="lead", sa_column=Column(String(16), nullable=False,
                                                       server_default=text("'lead'")))


# Values the app keeps for itself across restarts and processes (e.g. the session secret,
# and store_id: this store's identity, written by migration 0006).
class AppSetting(SQLModel, table=True):
    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text, nullable=False))


# The outgoing notification of one new detractor: claimed by one process, retried with
# backoff until delivered or given up. In a burst, one row carries a summary message for
# several (summary_id: the carrying row's id, on the carrier itself too).
class Notification(SQLModel, table=True):
    __tablename__ = "notification"
    __table_args__ = (
        # the delivery job's query: open rows due first (migration 0006)
        Index("ix_notification_open_due", "delivered_at", "failed_at", "next_attempt_at"),
        # flood control counts the messages started within the last minute
        Index("ix_notification_last_attempt_at", "last_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", unique=True, ondelete="CASCADE")
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    attempts: int = 0
    next_attempt_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    delivered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    failed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    summary_id: int | None = None
    last_attempt_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))


# What personal data was erased or exported, for how many responses, when and by which
# command; never the data itself, nor whose it was.
class PrivacyAudit(SQLModel, table=True):
    __tablename__ = "privacy_audit"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    command: str = Field(max_length=64)  # e.g. "forget --customer", "retention"
    data: str = Field(max_length=500)    # the kinds of data, e.g. "comment, customer name"
    responses: int = 0


# A meeting-view sign-in: the cookie holds a random id, the store only its SHA-256, so a copy
# of the table signs nobody in. Deleting the row ends the sign-in wherever the cookie went.
class AppSession(SQLModel, table=True):
    __tablename__ = "app_session"

    id_hash: str = Field(primary_key=True, max_length=64)
    username: str = Field(max_length=64, index=True)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    last_seen_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    address: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=128)


# One password check for the sign-in throttle, under a hashed key (a user name and address
# pair, or an address): every process counts the same rows.
class SigninAttempt(SQLModel, table=True):
    __tablename__ = "signin_attempt"
    __table_args__ = (Index("ix_signin_attempt_key_at", "key_hash", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64)
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


# A team that reached the weekly challenge's target, recorded the moment the wall saw it: a
# win, once recorded, stands (the hall of fame). One row per week, kind and team.
class ChallengeWin(SQLModel, table=True):
    __tablename__ = "challenge_win"
    __table_args__ = (
        UniqueConstraint("week_start", "kind", "team_key", name="uq_challenge_win_week_team"),
    )

    id: int | None = Field(default=None, primary_key=True)
    week_start: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    kind: str = Field(max_length=16)
    team_key: str = Field(max_length=64)
    reached_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    value: float | None = None


# One TV. No name and a pairing code: a TV waiting to be paired; named rows are the fleet.
# The browser keeps a random device key; only its SHA-256 is stored (device_hash). Every
# admin change bumps changed_seq, so each wall process notices it with one cheap query.
class Screen(SQLModel, table=True):
    __tablename__ = "screen"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    name: str | None = Field(default=None, max_length=40)
    name_key: str | None = Field(default=None, max_length=40, unique=True)  # casefolded name
    device_hash: str | None = Field(default=None, max_length=64, unique=True)
    pairing_code: str | None = Field(default=None, max_length=8, unique=True)
    profile: str = Field(default="{}", sa_column=Column(Text, nullable=False,
                                                        server_default=text("'{}'")))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    paired_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    last_seen: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    online_since: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    build: str | None = Field(default=None, max_length=40)
    width: int | None = None
    height: int | None = None
    memory_mb: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    loaded_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    stale: bool = Field(default=False, sa_column=Column(Boolean, nullable=False,
                                                        server_default=false()))
    reload_seq: int = Field(default=0, sa_column=Column(Integer, nullable=False,
                                                        server_default=text("0")))
    identify_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    offline_alerted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    changed_seq: int = Field(default=0, sa_column=Column(Integer, nullable=False,
                                                         server_default=text("0")))


RESPONSE = Response.__table__
CHANGE = ResponseChange.__table__
FOLLOWUP = FollowUp.__table__
FOLLOWUP_HISTORY = FollowUpHistory.__table__
ACTION = ActionItem.__table__
USER = AppUser.__table__
SETTING = AppSetting.__table__
NOTIFICATION = Notification.__table__
PRIVACY_AUDIT = PrivacyAudit.__table__
SESSION = AppSession.__table__
SIGNIN_ATTEMPT = SigninAttempt.__table__
CHALLENGE_WIN = ChallengeWin.__table__
SCREEN = Screen.__table__
