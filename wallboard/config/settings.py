"""The settings of config.toml, each declared once as a pydantic field."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, Field, Strict, field_validator, model_validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from wallboard.config.fields import Setting, settings_of
from wallboard.config.schedule import ScheduleSettings
from wallboard.config.webhooks import WebhookPresets
from wallboard.core.model import FROZEN, HttpUrl, Language, NotBlank, broken
from wallboard.core.schedule import Hours
from wallboard.core.teams import Team
from wallboard.core.themes import Theme

Panel = Literal["goals", "leaderboard", "trend", "shoutouts", "challenge"]
PANEL_NAMES: tuple[str, ...] = get_args(Panel)
ENV_DATABASE_URL = "WALLBOARD_DATABASE_URL"
ENV_API_TOKEN = "WALLBOARD_API_TOKEN"


def _database_url(value: str) -> str:
    try:
        backend = make_url(value).get_backend_name()
    except ArgumentError:
        raise broken(f"{value!r} is not a database URL such as "
                     "sqlite:///data/wallboard.db") from None
    if backend not in ("sqlite", "postgresql"):
        raise broken(f"{backend!r} is not supported: use sqlite:/// or postgresql+psycopg://")
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise broken(f"unknown time zone {value!r} (use an IANA name such as "
                     "Europe/Copenhagen)") from None
    return value


def _panels(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise broken("must name at least one panel")
    for item in value:
        if item not in PANEL_NAMES:
            raise broken(f"unknown panel {item!r}; known panels: {', '.join(PANEL_NAMES)}")
    return tuple(dict.fromkeys(value))  # a panel named twice is shown once


def _network(value: str) -> str:
    try:
        return str(ipaddress.ip_network(value.strip(), strict=False))
    except ValueError:
        raise broken(f"{value!r} is not an address or network such as 10.0.0.5 or "
                     "10.0.0.0/24") from None


def _keyword(value: str) -> str:
    if not value.strip():
        raise broken("empty keyword")
    return value.strip().lower()


DatabaseUrl = Annotated[str, AfterValidator(_database_url)]
TimeZone = Annotated[str, AfterValidator(_timezone)]
# Strict(False) on lists: TOML gives a list where the setting keeps a tuple.
Panels = Annotated[tuple[str, ...], Strict(False), AfterValidator(_panels)]
Keywords = Annotated[tuple[Annotated[str, AfterValidator(_keyword)], ...], Strict(False)]
Networks = Annotated[tuple[Annotated[str, AfterValidator(_network)], ...], Strict(False)]


class StoreSettings(BaseModel):
    """[store]: where responses are kept."""

    model_config = FROZEN

    url: DatabaseUrl = Field(
        "sqlite:///data/wallboard.db", json_schema_extra={"env": ENV_DATABASE_URL},
        description="Database URL; a relative SQLite path is relative to the config file.")
    poll_seconds: float = Field(2, ge=0.2, le=3600,
                                description="How often the server reads new responses.")


class WallSettings(BaseModel):
    """[wall]: what the public wall shows and how."""

    model_config = FROZEN

    language: Language = Field("en", description="Language of every text on the wall.")
    timezone: TimeZone = Field("UTC", description="IANA time zone for clock, dates and weeks.")
    rotate_seconds: float = Field(20, ge=3, le=3600,
                                  description="Seconds each panel stays on screen.")
    panels: Panels = Field(PANEL_NAMES, description="Panels in rotation order.")
    celebrate_seconds: float = Field(10, ge=2, le=300,
                                     description="Seconds a promoter's celebration is shown.")
    window_days: int = Field(90, ge=1, le=3650, description="Rolling window of the NPS, in days.")
    min_responses: int = Field(10, ge=1, le=100_000,
                               description="Fewer responses in the window: unranked.")
    leaderboard_order: Literal["nps", "progress", "improvement", "promoters"] = Field(
        "nps", description="What ranks the leaderboard.")
    leaderboard_top: int = Field(10, ge=1, le=100, description="At most this many ranked teams.")
    burst_size: int = Field(
        5, ge=0, le=1000, description="This many promoters within a minute are celebrated "
                                      "together, as one burst; 0: each on its own.")
    customer_names: Literal["none", "first", "full"] = Field(
        "first", description="How customers are named on the wall.")
    show_detractor_comments: bool = Field(False, description="Show detractor comments too.")
    sound: bool = Field(False, description="Chime with each celebration.")
    overdue_badge: bool = Field(True, description="Pinned screens count overdue follow-ups.")


class ApiSettings(BaseModel):
    """[api]: posting responses."""

    model_config = FROZEN

    token: str = Field("", json_schema_extra={"env": ENV_API_TOKEN},
                       description="Token survey tools send to post responses; empty: refused.")


class FollowupSettings(BaseModel):
    """[followup]: the closed loop on detractors."""

    model_config = FROZEN

    sla_hours: float = Field(48, ge=1, le=8760,
                             description="Hours within which a detractor is followed up.")
    sla_target_percent: float = Field(90, ge=1, le=100,
                                      description="Target share followed up within sla_hours.")
    notify_url: HttpUrl = Field("", description="Slack or Teams webhook told of new detractors.")
    public_url: HttpUrl = Field("", description="This server's address for links in messages.")


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class DigestSettings(BaseModel):
    """[digest]: the weekly digest each team's chat channel gets before its meeting."""

    model_config = FROZEN

    enabled: bool = Field(False, description="Post a weekly digest to each team's channel.")
    weekday: Weekday = Field("monday", description="Day the digest is posted (wall's time zone).")
    time: str = Field("08:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                      description="Local time (HH:MM) the digest is posted on that day.")


class MeetingSettings(BaseModel):
    """[meeting]: the signed-in meeting view."""

    model_config = FROZEN

    session_hours: float = Field(12, ge=0.1, le=720,
                                 description="How long a meeting-view sign-in lasts.")


class PrivacySettings(BaseModel):
    """[privacy]: how long customers' personal data is kept."""

    model_config = FROZEN

    keep_personal_days: int = Field(
        730, ge=1, le=36500,
        description="Days after the answer that comments, customer names and raw payloads "
                    "are kept; then they are cleared and only the numbers stay.")
    hidden_employees: Annotated[tuple[NotBlank, ...], Strict(False)] = Field(
        (), description="Employees never named on the public wall; their promoters are "
                        "celebrated for the team.")


class ChallengeSettings(BaseModel):
    """[challenge]: the weekly race between the teams; without this table there is none."""

    model_config = FROZEN

    kind: Literal["promoters", "nps", "improvement"] = Field(
        "promoters", description="What the teams race for this week.")
    target: float | None = Field(
        None, ge=-100, le=100_000,
        description="Promoters (kind promoters) or NPS (kind nps) a team must reach.")
    min_responses: int = Field(10, ge=1, le=100_000,
                               description="Responses this week an NPS needs to count.")
    hall_of_fame_weeks: int = Field(4, ge=1, le=52,
                                    description="Past weeks' winners the challenge panel shows.")

    @model_validator(mode="after")
    def _target_for_a_race(self) -> ChallengeSettings:
        if self.kind != "improvement" and self.target is None:
            raise broken(f"kind {self.kind!r} needs a target", "target")
        if self.kind == "nps" and self.target is not None and self.target > 100:
            raise broken("an NPS target is at most 100", "target")
        return self


class ServerSettings(BaseModel):
    """[server]: how the web server is reached."""

    model_config = FROZEN

    trusted_proxies: Networks = Field(
        (), description="Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed.")


class ScreensSettings(BaseModel):
    """[screens]: the fleet of TVs: pairing, offline alerts, nightly self-care."""

    model_config = FROZEN

    pairing: bool = Field(False, description="A TV the wall does not know shows a pairing "
                                             "code until an admin names it.")
    offline_after_minutes: float = Field(
        10, ge=0.25, le=10_080,
        description="Minutes unseen during working hours before a screen counts as offline "
                    "and the chat is told.")
    nightly_reload: str = Field(
        "03:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
        description="Local time (HH:MM) a screen reloads once a night, outside working hours.")
    memory_limit_mb: int = Field(600, ge=50, le=100_000,
                                 description="A screen whose browser memory passes this "
                                             "many MB reloads at the next quiet moment.")
    wall_name: NotBlank = Field("Promoter Wallboard", max_length=60,
                                description="The wall's name on the pairing code screen.")


class ThemeTable(Theme):
    """A [[themes]] table: a Theme named in each language it lists, with keywords."""

    names: dict[Language, NotBlank] = Field(alias="name", description="Name per language.")
    keywords: dict[Language, Keywords] = Field(description="Keywords per language.")

    @model_validator(mode="after")
    def _some_keyword(self) -> ThemeTable:
        if not any(self.keywords.values()):
            raise broken("needs at least one keyword", "keywords")
        return self


class ConfigFile(BaseModel):
    """Every table config.toml may hold."""

    model_config = FROZEN
    item_noun: ClassVar[str] = "section"

    store: StoreSettings = Field(default_factory=StoreSettings)
    wall: WallSettings = Field(default_factory=WallSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    followup: FollowupSettings = Field(default_factory=FollowupSettings)
    meeting: MeetingSettings = Field(default_factory=MeetingSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    webhooks: WebhookPresets = Field(default_factory=WebhookPresets)
    server: ServerSettings = Field(default_factory=ServerSettings)
    screens: ScreensSettings = Field(default_factory=ScreensSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    challenge: ChallengeSettings | None = None
    schedule: ScheduleSettings | None = None
    teams: Annotated[tuple[Team, ...], Strict(False)] = ()
    # Empty: the meeting view uses its built-in themes (wallboard/core/themes.py).
    themes: Annotated[tuple[ThemeTable, ...], Strict(False)] = ()

    @field_validator("teams", "themes")
    @classmethod
    def _keys_unique(cls, rows: tuple[Team | Theme, ...], info: Any) -> tuple:
        seen: set[str] = set()
        for i, row in enumerate(rows):
            if row.key in seen:
                raise broken(f"duplicate {info.field_name[:-1]} key {row.key!r}", i, "key")
            seen.add(row.key)
        return rows


class Config(ConfigFile):
    """The whole validated configuration, and the file it was read from."""

    path: Path

    def team(self, key: str) -> Team | None:
        """Return the configured team with this key, if any."""
        return next((t for t in self.teams if t.key == key), None)

    def team_name(self, key: str) -> str:
        """Return the configured name of a team, or the key itself."""
        team = self.team(key)
        return team.name if team else key

    def schedule_hours(self) -> Hours:
        """Return the working hours of [schedule]; without the table, always working."""
        return self.schedule.hours() if self.schedule else Hours.always_on()

    def zone(self) -> ZoneInfo:
        """Return the wall's time zone, in which the schedule is written."""
        return ZoneInfo(self.wall.timezone)


# Every key of config.toml, derived from the models; the README documents each (test_docs.py).
SETTINGS: tuple[Setting, ...] = settings_of(ConfigFile)
