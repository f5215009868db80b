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


NUMBER = (int, float)

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
    Setting("api", "token", str, "",
            "Token survey tools must send to post responses; WALLBOARD_API_TOKEN overrides. "
            "Empty: posting is refused."),
    Setting("followup", "sla_hours", NUMBER, 48,
            "Hours within which a detractor must be followed up.", _between(1, 8760)),
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


@dataclass(frozen=True)
class ApiConfig:
    token: str


@dataclass(frozen=True)
class FollowupConfig:
    sla_hours: float


@dataclass(frozen=True)
class Config:
    """The whole validated configuration."""

    path: Path
    store: StoreConfig
    wall: WallConfig
    api: ApiConfig
    followup: FollowupConfig
    teams: tuple[Team, ...] = field(default_factory=tuple)

    def team(self, key: str) -> Team | None:
        return next((t for t in self.teams if t.key == key), None)


_SECTIONS = {"store": StoreConfig, "wall": WallConfig, "api": ApiConfig,
             "followup": FollowupConfig}


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


def parse_config(data: Mapping[str, Any], path: Path,
                 environ: Mapping[str, str] | None = None) -> Config:
    """Validate parsed TOML plus environment overrides into a Config; raise ConfigError."""
    environ = environ or {}
    for section in data:
        if section not in _SECTIONS and section != "teams":
            raise ConfigError(path, section,
                              f"unknown section; known: {', '.join([*_SECTIONS, 'teams'])}")
    values: dict[str, dict[str, Any]] = {s: {} for s in _SECTIONS}
    for section, table in data.items():
        if section == "teams":
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
    sections = {name: cls(**values[name]) for name, cls in _SECTIONS.items()}
    return Config(path=path, teams=_teams(path, data.get("teams", [])), **sections)


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
