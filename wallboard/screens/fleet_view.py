"""The fleet page's words: one screen's state, what it shows and its facts, in a language.

Pure: a screen row, the moment and the config in, plain texts out; the template only places
them. Times are in the wall's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from wallboard.config import LANGUAGES, PANEL_NAMES, Config
from wallboard.i18n import clock, day_month, number, plural, text
from wallboard.store.screens import ScreenRow

LANGUAGE_NAMES = {"en": "English", "da": "Dansk", "pl": "Polski"}


@dataclass(frozen=True)
class Card:
    """One named screen as the fleet page shows it."""

    name: str
    online: bool
    state: str          # "online", "offline" or "never"
    state_text: str     # "Online", "Offline", "Not seen yet"
    since: str          # "since 14:02" or ""
    dark: bool
    shows: str          # the profile in words
    size: str
    build: str
    old_build: bool
    reloaded: str
    memory: str
    stale: bool
    new: bool = False   # met only through its URL: not watched for alerts until adopted


@dataclass(frozen=True)
class Waiting:
    """A TV showing a pairing code."""

    code: str
    since: str
    size: str


def moment(lang: str, when: datetime | None, now: datetime, tz: str) -> str:
    """A moment as the page says it: '14:02' today, '1 Dec 14:02' before."""
    if when is None:
        return ""
    local, today = when.astimezone(ZoneInfo(tz)), now.astimezone(ZoneInfo(tz))
    if local.date() == today.date():
        return clock(when, tz)
    return f"{day_month(lang, local.date())} {clock(when, tz)}"


def duration(lang: str, seconds: float) -> str:
    """A span of time in its two largest units: '4 min', '2 h 5 min', '3 days 4 h' (a
    second unit of zero is left out: '2 h', '3 days')."""
    minutes = max(0, int(seconds // 60))
    if minutes < 1:
        return text(lang, "fleet_dur_now")
    if minutes < 60:
        return text(lang, "fleet_dur_min", m=minutes)
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return text(lang, "fleet_dur_hours" if rest else "fleet_dur_hours_only", h=hours,
                    m=rest)
    days, hours = divmod(hours, 24)
    if not hours:
        return plural(lang, "fleet_days", days)
    return text(lang, "fleet_dur_days", days=plural(lang, "fleet_days", days), h=hours)


def team_names(config: Config) -> dict[str, str]:
    """The configured teams' keys and names, for the team choice and its words."""
    return {team.key: team.name for team in config.teams}


def profile_words(lang: str, profile: dict[str, str], config: Config) -> str:
    """What a screen shows, in words: 'Team Support · Goals, Trend · Dansk · 30 s per panel'.

    An empty profile is the wall's defaults.
    """
    if not profile:
        return text(lang, "fleet_defaults")
    words = []
    if team := profile.get("team"):
        words.append(text(lang, "fleet_w_team", team=team_names(config).get(team, team)))
    if panels := profile.get("panels"):
        words.append(", ".join(text(lang, p) if p in PANEL_NAMES else p
                               for p in panels.split(",")))
    if (code := profile.get("lang")) in LANGUAGES:
        words.append(LANGUAGE_NAMES[code])
    if rotate := profile.get("rotate"):
        try:
            words.append(text(lang, "fleet_w_rotate", n=number(lang, float(rotate))))
        except ValueError:
            words.append(rotate)
    for key in ("celebrate", "sound", "overdue"):
        if (value := profile.get(key)) in ("on", "off"):
            words.append(text(lang, f"fleet_w_{key}_{value}"))
    hours = profile.get("hours")
    if hours == "always":
        words.append(text(lang, "fleet_w_hours_always"))
    elif hours and hours != "default":
        words.append(text(lang, "fleet_w_hours", hours=hours))
    if (dark := profile.get("dark")) in ("black", "clock"):
        words.append(text(lang, f"fleet_w_dark_{dark}"))
    return " · ".join(words) if words else text(lang, "fleet_defaults")


def size_of(width: int | None, height: int | None) -> str:
    return f"{width}\u00d7{height}" if width and height else "–"


def card(lang: str, row: ScreenRow, *, now: datetime, config: Config, build: str,
         online: bool, dark: bool) -> Card:
    """Describe one named screen row (a store ScreenRow) for the page."""
    tz = config.wall.timezone
    if row.last_seen is None:
        state, since = "never", ""
    elif online:
        state = "online"
        since = text(lang, "fleet_since", when=moment(lang, row.online_since or row.last_seen,
                                                      now, tz))
    else:
        state, since = "offline", text(lang, "fleet_since",
                                       when=moment(lang, row.last_seen, now, tz))
    reloaded = (text(lang, "fleet_ago", time=duration(lang, (now - row.loaded_at)
                                                     .total_seconds()))
                if row.loaded_at else "–")
    memory = (text(lang, "fleet_mb", n=number(lang, row.memory_mb))
              if row.memory_mb is not None else text(lang, "fleet_unknown"))
    return Card(name=row.name, online=online, state=state,
                state_text=text(lang, f"fleet_{state}"), since=since, dark=dark and online,
                shows=profile_words(lang, row.profile, config),
                size=size_of(row.width, row.height), build=row.build or "–",
                old_build=bool(row.build) and row.build != build, reloaded=reloaded,
                memory=memory, stale=bool(row.stale), new=row.paired_at is None)


def waiting(lang: str, row: ScreenRow, *, now: datetime, config: Config) -> Waiting:
    """Describe a TV waiting with a pairing code."""
    return Waiting(code=row.pairing_code,
                   since=text(lang, "fleet_waiting_since",
                              when=moment(lang, row.created_at, now, config.wall.timezone)),
                   size=size_of(row.width, row.height))
