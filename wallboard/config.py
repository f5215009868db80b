"""Load and validate config.toml into frozen dataclasses."""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PANEL_NAMES = ("goals", "leaderboard", "trend", "shoutouts")
LANGUAGES = ("en", "da", "pl")
LEADERBOARD_ORDERS = ("nps", "progress", "improvement", "promoters")
CUSTOMER_NAMES = ("none", "first", "full")
ENV_CONFIG = "WALLBOARD_CONFIG"
ENV_DATABASE_URL = "WALLBOARD_DATABASE_URL"
ENV_API_TOKEN = "WALLBOARD_API_TOKEN"
DEFAULT_CONFIG = "config.toml"


class ConfigError(ValueError):
    """A configuration problem, naming the file and the key."""

    def __init__(self, path: Path | str, key: str, reason: str) -> None:
        self.path, self.key, self.reason = str(path), key, reason
        super().__init__(f"{path}: {key}: {reason}")


@dataclass(frozen=True)
class Setting:
    """One config key: where it lives, its type, default and what it does."""

    section: str
    key: str
    kind: type | tuple[type, ...]
    default: Any
    help: str
    check: Callable[[Any], str | None] | None = None

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"


def _one_of(options: tuple[str, ...]) -> Callable[[Any], str | None]:
    return lambda v: None if v in options else f"must be one of {', '.join(options)}"


def _between(low: float, high: float) -> Callable[[Any], str | None]:
    return lambda v: None if low <= v <= high else f"must be from {low:g} to {high:g}"


def _panels(value: list) -> str | None:
    if not value:
        return "must name at least one panel"
    for item in value:
        if item not in PANEL_NAMES:
            return f"unknown panel {item!r}; known panels: {', '.join(PANEL_NAMES)}"
    return None


def _store_url(value: str) -> str | None:
    try:
        backend = make_url(value).get_backend_name()
    except ArgumentError:
        return f"{value!r} is not a database URL such as sqlite:///data/wallboard.db"
    if backend not in ("sqlite", "postgresql"):
        return f"{backend!r} is not supported: use sqlite:/// or postgresql+psycopg://"
    return None


def _timezone(value: str) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {value!r} (use an IANA name such as Europe/Copenhagen)"
    return None


def _http_url(value: str) -> str | None:
    if value and not re.match(r"^https?://[^\s/]+", value):
        return f"{value!r} must be empty or an http:// or https:// URL"
    return None


def _path(value: str) -> str | None:
    if not re.match(r"^[^.\s]+(\.[^.\s]+)*$", value):
        return f"{value!r} must be a dotted path such as person_properties.Team"
    return None


NUMBER = (int, float)
WEBHOOK_PRESETS = ("delighted", "asknicely", "generic")
WEBHOOK_FIELDS = ("id", "score", "comment", "team", "employee", "customer", "answered_at")
# Where each preset finds each field in the payload (Delighted: inside event_data).
_WEBHOOK_DEFAULTS = {
    "delighted": ("id", "score", "comment", "person_properties.Team",
                  "person_properties.Employee", "person.name", "created_at"),
    "asknicely": ("question.id", "question.score", "question.comment", "person.team",
                  "person.employee", "person.name", "question.responded"),
    "generic": WEBHOOK_FIELDS,
}
_WEBHOOK_HELP = {
    "id": "the survey tool's response id", "score": "the 0-10 score",
    "comment": "the customer's comment", "team": "the team key",
    "employee": "the employee's name", "customer": "the customer's name",
    "answered_at": "when the customer answered (ISO 8601 or Unix seconds)",
}

# Every key of config.toml, declared once. The README documents each (tests/test_docs.py).
SETTINGS: tuple[Setting, ...] = (
    Setting("store", "url", str, "sqlite:///data/wallboard.db",
            "Database URL. sqlite:///relative/path.db is relative to the config file's folder; "
            "postgresql+psycopg://user:password@host/db shares one store between processes.",
            _store_url),
    Setting("store", "poll_seconds", NUMBER, 2, "How often the server reads new responses.",
            _between(0.2, 3600)),
    Setting("wall", "language", str, "en", "Language of every text on the wall: en, da or pl.",
            _one_of(LANGUAGES)),
    Setting("wall", "timezone", str, "UTC",
            "IANA time zone for clock, dates and week boundaries, e.g. Europe/Copenhagen.",
            _timezone),
    Setting("wall", "rotate_seconds", NUMBER, 20, "Seconds each panel stays on screen.",
            _between(3, 3600)),
    Setting("wall", "panels", list, list(PANEL_NAMES),
            "Panels in rotation order: goals, leaderboard, trend, shoutouts.", _panels),
    Setting("wall", "celebrate_seconds", NUMBER, 10,
            "Seconds a new promoter's celebration covers the screen.", _between(2, 300)),
    Setting("wall", "window_days", int, 90, "Rolling window for the NPS, in days.",
            _between(1, 3650)),
    Setting("wall", "min_responses", int, 10,
            "Fewer responses than this in the window: the team shows 'too few responses' "
            "and is unranked.", _between(1, 100_000)),
    Setting("wall", "leaderboard_order", str, "nps",
            "Leaderboard order: nps, progress (to goal), improvement (against the previous "
            "window) or promoters (this week).", _one_of(LEADERBOARD_ORDERS)),
    Setting("wall", "leaderboard_top", int, 10,
            "At most this many ranked teams on the leaderboard.", _between(1, 100)),
    Setting("wall", "customer_names", str, "first",
            "How customers are named on the wall: none, first (first name) or full.",
            _one_of(CUSTOMER_NAMES)),
    Setting("wall", "show_detractor_comments", bool, False,
            "Also show detractor comments among the shout-outs (off on a public wall)."),
    Setting("wall", "sound", bool, False,
            "Play a short chime with each celebration (kiosk browsers need autoplay allowed)."),
    Setting("wall", "overdue_badge", bool, True,
            "A screen pinned to a team (?team=KEY) shows how many of its follow-ups are past "
            "[followup] sla_hours; ?overdue=0 or false here hides it."),
    Setting("api", "token", str, "",
            "Token survey tools must send to post responses; WALLBOARD_API_TOKEN overrides. "
            "Empty: posting is refused."),
    Setting("followup", "sla_hours", NUMBER, 48,
            "Hours within which a detractor must be followed up.", _between(1, 8760)),
    Setting("followup", "sla_target_percent", NUMBER, 90,
            "Target share of detractors followed up within sla_hours, shown as a line in "
            "the meeting view.", _between(1, 100)),
    Setting("followup", "notify_url", str, "",
            "Incoming-webhook URL (Slack or Microsoft Teams) told about each new detractor; "
            "empty: no notifications.", _http_url),
    Setting("followup", "public_url", str, "",
            "This server's address as colleagues reach it, for links in notifications, e.g. "
            "http://wallboard.office:8050; empty: http://HOSTNAME:PORT.", _http_url),
    Setting("meeting", "session_hours", NUMBER, 12,
            "How long a meeting-view sign-in lasts.", _between(0.1, 720)),
    *(Setting(f"webhooks.{preset}", name, str, default,
              f"Path in a {preset} payload to {_WEBHOOK_HELP[name]}.", _path)
      for preset in WEBHOOK_PRESETS
      for name, default in zip(WEBHOOK_FIELDS, _WEBHOOK_DEFAULTS[preset], strict=True)),
)

TEAM_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
TEAM_KEYS = ("key", "name", "baseline", "goal")


@dataclass(frozen=True)
class Team:
    """A team on the wall, with its NPS baseline and goal (both optional)."""

    key: str
    name: str
    baseline: float | None = None
    goal: float | None = None


@dataclass(frozen=True)
class StoreConfig:
    url: str
    poll_seconds: float


@dataclass(frozen=True)
class WallConfig:
    language: str
    timezone: str
    rotate_seconds: float
    panels: tuple[str, ...]
    celebrate_seconds: float
    window_days: int
    min_responses: int
    leaderboard_order: str
    leaderboard_top: int
    customer_names: str
    show_detractor_comments: bool
    sound: bool
    overdue_badge: bool


@dataclass(frozen=True)
class ApiConfig:
    token: str


@dataclass(frozen=True)
class FollowupConfig:
    sla_hours: float
    sla_target_percent: float
    notify_url: str
    public_url: str


@dataclass(frozen=True)
class MeetingConfig:
    session_hours: float


@dataclass(frozen=True)
class FieldMap:
    """Where a webhook preset finds each response field: dotted paths into the payload."""

    id: str
    score: str
    comment: str
    team: str
    employee: str
    customer: str
    answered_at: str


@dataclass(frozen=True)
class Theme:
    """A focus area of the meeting view: its name and keywords in each language."""

    key: str
    names: Mapping[str, str]
    keywords: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Config:
    """The whole validated configuration."""

    path: Path
    store: StoreConfig
    wall: WallConfig
    api: ApiConfig
    followup: FollowupConfig
    meeting: MeetingConfig
    webhooks: Mapping[str, FieldMap] = field(default_factory=dict)
    teams: tuple[Team, ...] = field(default_factory=tuple)
    # Empty: the meeting view uses its built-in themes (wallboard/themes.py).
    themes: tuple[Theme, ...] = field(default_factory=tuple)

    def team(self, key: str) -> Team | None:
        return next((t for t in self.teams if t.key == key), None)

    def team_name(self, key: str) -> str:
        """Return the configured name of a team, or its key when it is not configured."""
        team = self.team(key)
        return team.name if team else key


_SECTIONS = {"store": StoreConfig, "wall": WallConfig, "api": ApiConfig,
             "followup": FollowupConfig, "meeting": MeetingConfig,
             **{f"webhooks.{preset}": FieldMap for preset in WEBHOOK_PRESETS}}
_ARRAYS = ("teams", "themes")
THEME_KEYS = ("key", "name", "keywords")


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {int: "an integer", float: "a number", str: "a string", bool: "true or false",
             list: "a list"}
    if kind == NUMBER:
        return "a number"
    return names.get(kind, str(kind))


def _check_type(path: Path, name: str, value: Any, kind: type | tuple[type, ...]) -> None:
    # bool is an int in Python; a TOML true where a number is expected is still wrong.
    wrong = isinstance(value, bool) and kind is not bool
    if wrong or not isinstance(value, kind):
        raise ConfigError(path, name, f"expected {_type_name(kind)}, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(path, name, f"expected a finite number, got {value!r}")
    if isinstance(value, str) and kind is str and name.endswith(".name") and not value.strip():
        raise ConfigError(path, name, "must not be empty")


def resolve_store_url(url: str, base_dir: Path) -> str:
    """Make a relative SQLite path relative to base_dir; other URLs pass unchanged."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return url
    rest = url[len(prefix):]
    if rest in ("", ":memory:") or rest.startswith("/"):
        return url
    return prefix + str((base_dir / rest).resolve())


def _teams(path: Path, raw: Any) -> tuple[Team, ...]:
    if not isinstance(raw, list):
        raise ConfigError(path, "teams", "expected [[teams]] tables")
    teams: list[Team] = []
    for i, item in enumerate(raw, start=1):
        where = f"teams[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(path, where, "expected a table with key and name")
        for key in item:
            if key not in TEAM_KEYS:
                raise ConfigError(path, f"{where}.{key}",
                                  f"unknown key; known keys: {', '.join(TEAM_KEYS)}")
        for key in ("key", "name"):
            if key not in item:
                raise ConfigError(path, f"{where}.{key}", "missing")
            _check_type(path, f"{where}.{key}", item[key], str)
        if not TEAM_KEY_RE.match(item["key"]):
            raise ConfigError(path, f"{where}.key",
                              f"{item['key']!r} must be lower-case letters, digits, - or _")
        if any(t.key == item["key"] for t in teams):
            raise ConfigError(path, f"{where}.key", f"duplicate team key {item['key']!r}")
        numbers = {}
        for key in ("baseline", "goal"):
            if key in item:
                _check_type(path, f"{where}.{key}", item[key], NUMBER)
                if not -100 <= item[key] <= 100:
                    raise ConfigError(path, f"{where}.{key}",
                                      f"{item[key]} is outside -100..100")
                numbers[key] = float(item[key])
        if "goal" in numbers:
            numbers.setdefault("baseline", 0.0)
            if numbers["goal"] <= numbers["baseline"]:
                raise ConfigError(path, f"{where}.goal",
                                  f"goal {numbers['goal']:g} must be above baseline "
                                  f"{numbers['baseline']:g}")
        teams.append(Team(key=item["key"], name=item["name"], **numbers))
    return tuple(teams)


def _language_table(path: Path, where: str, value: Any, kind: type) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(path, where, "expected a table by language, e.g. {en = ..., da = ...}")
    result = {}
    for language, item in value.items():
        if language not in LANGUAGES:
            raise ConfigError(path, f"{where}.{language}",
                              f"unknown language; known: {', '.join(LANGUAGES)}")
        _check_type(path, f"{where}.{language}", item, kind)
        if kind is list:
            for word in item:
                _check_type(path, f"{where}.{language}", word, str)
                if not word.strip():
                    raise ConfigError(path, f"{where}.{language}", "empty keyword")
            item = tuple(w.strip().lower() for w in item)
        elif not item.strip():
            raise ConfigError(path, f"{where}.{language}", "must not be empty")
        result[language] = item
    return result


def _themes(path: Path, raw: Any) -> tuple[Theme, ...]:
    if not isinstance(raw, list):
        raise ConfigError(path, "themes", "expected [[themes]] tables")
    themes: list[Theme] = []
    for i, item in enumerate(raw, start=1):
        where = f"themes[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(path, where, "expected a table with key, name and keywords")
        for key in item:
            if key not in THEME_KEYS:
                raise ConfigError(path, f"{where}.{key}",
                                  f"unknown key; known keys: {', '.join(THEME_KEYS)}")
        for key in THEME_KEYS:
            if key not in item:
                raise ConfigError(path, f"{where}.{key}", "missing")
        _check_type(path, f"{where}.key", item["key"], str)
        if not TEAM_KEY_RE.match(item["key"]):
            raise ConfigError(path, f"{where}.key",
                              f"{item['key']!r} must be lower-case letters, digits, - or _")
        if any(t.key == item["key"] for t in themes):
            raise ConfigError(path, f"{where}.key", f"duplicate theme key {item['key']!r}")
        names = _language_table(path, f"{where}.name", item["name"], str)
        keywords = _language_table(path, f"{where}.keywords", item["keywords"], list)
        if not any(keywords.values()):
            raise ConfigError(path, f"{where}.keywords", "needs at least one keyword")
        themes.append(Theme(key=item["key"], names=names, keywords=keywords))
    return tuple(themes)


def _flatten(path: Path, data: Mapping[str, Any]) -> dict[str, Any]:
    # [webhooks.generic] arrives as data["webhooks"]["generic"]; SETTINGS name it
    # "webhooks.generic".
    flat = {k: v for k, v in data.items() if k != "webhooks"}
    webhooks = data.get("webhooks", {})
    if not isinstance(webhooks, dict):
        raise ConfigError(path, "webhooks", "expected [webhooks.PRESET] tables")
    for preset, table in webhooks.items():
        if preset not in WEBHOOK_PRESETS:
            raise ConfigError(path, f"webhooks.{preset}",
                              f"unknown preset; known: {', '.join(WEBHOOK_PRESETS)}")
        flat[f"webhooks.{preset}"] = table
    return flat


def parse_config(data: Mapping[str, Any], path: Path,
                 environ: Mapping[str, str] | None = None) -> Config:
    """Validate parsed TOML plus environment overrides into a Config; raise ConfigError."""
    environ = environ or {}
    data = _flatten(path, data)
    for section in data:
        if section not in _SECTIONS and section not in _ARRAYS:
            raise ConfigError(path, section,
                              f"unknown section; known: {', '.join([*_SECTIONS, *_ARRAYS])}")
    values: dict[str, dict[str, Any]] = {s: {} for s in _SECTIONS}
    for section, table in data.items():
        if section in _ARRAYS:
            continue
        if not isinstance(table, dict):
            raise ConfigError(path, section, "expected a [section] table")
        known = {s.key for s in SETTINGS if s.section == section}
        for key in table:
            if key not in known:
                raise ConfigError(path, f"{section}.{key}",
                                  f"unknown key; known keys: {', '.join(sorted(known))}")
    for setting in SETTINGS:
        table = data.get(setting.section, {})
        value = table.get(setting.key, setting.default)
        _check_type(path, setting.name, value, setting.kind)
        if setting.kind is list:
            for item in value:
                _check_type(path, setting.name, item, str)
        if setting.check and (reason := setting.check(value)):
            raise ConfigError(path, setting.name, reason)
        values[setting.section][setting.key] = value
    if environ.get(ENV_DATABASE_URL):
        if reason := _store_url(environ[ENV_DATABASE_URL]):
            raise ConfigError(path, ENV_DATABASE_URL, reason)
        values["store"]["url"] = environ[ENV_DATABASE_URL]
    if environ.get(ENV_API_TOKEN):
        values["api"]["token"] = environ[ENV_API_TOKEN]
    values["store"]["url"] = resolve_store_url(values["store"]["url"], path.parent)
    values["wall"]["panels"] = tuple(dict.fromkeys(values["wall"]["panels"]))
    sections = {name: cls(**values[name]) for name, cls in _SECTIONS.items()
                if not name.startswith("webhooks.")}
    webhooks = {preset: FieldMap(**values[f"webhooks.{preset}"]) for preset in WEBHOOK_PRESETS}
    return Config(path=path, teams=_teams(path, data.get("teams", [])),
                  themes=_themes(path, data.get("themes", [])), webhooks=webhooks, **sections)


def config_path(cli_path: str | None, environ: Mapping[str, str]) -> Path:
    """Pick the config file: --config, then WALLBOARD_CONFIG, then ./config.toml."""
    return Path(cli_path or environ.get(ENV_CONFIG) or DEFAULT_CONFIG).resolve()


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> Config:
    """Read and validate a config file; raise ConfigError naming the file and the key."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "file", "not found") from None
    except OSError as exc:
        raise ConfigError(path, "file", f"cannot be read: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "syntax", str(exc)) from None
    return parse_config(data, path, environ)
