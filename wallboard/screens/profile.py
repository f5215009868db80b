"""A screen's profile: the wall URL parameters an admin chose for it, checked strictly.

A URL typed on a TV falls back quietly on a bad value (wall.screen); a profile is typed on
the fleet page or posted to the API, where a bad value is refused with the field named.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from wallboard.config import LANGUAGES, PANEL_NAMES, TEAM_KEY_RE, Config
from wallboard.core.schedule import parse_override
from wallboard.store.screens import ScreenError

ON = ("1", "true", "yes", "on")
OFF = ("0", "false", "no", "off")
MIN_ROTATE, MAX_ROTATE = 3, 3600
PROFILE_KEYS = ("team", "panels", "rotate", "celebrate", "lang", "overdue", "sound", "hours",
                "dark")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, int | float):
        return repr(value)
    if not isinstance(value, str):
        raise ValueError("must be text, a number or true/false")
    return value.strip()


def _team(value: str, config: Config) -> str:
    key = value.lower()
    if config.teams and config.team(key) is None:
        known = ", ".join(t.key for t in config.teams)
        raise ValueError(f"unknown team {value!r}; known teams: {known}")
    if not TEAM_KEY_RE.match(key):
        raise ValueError(f"{value!r} is not a team key (lower-case letters, digits, - and _)")
    return key


def _panels(value: str, _: Config) -> str:
    chosen = [p.strip().lower() for p in value.split(",") if p.strip()]
    if not chosen:
        raise ValueError("must name at least one panel")
    for name in chosen:
        if name not in PANEL_NAMES:
            raise ValueError(f"unknown panel {name!r}; known panels: {', '.join(PANEL_NAMES)}")
    return ",".join(dict.fromkeys(chosen))


def _rotate(value: str, _: Config) -> str:
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or not MIN_ROTATE <= seconds <= MAX_ROTATE:
        raise ValueError(f"must be between {MIN_ROTATE} and {MAX_ROTATE} seconds")
    return f"{seconds:g}"


def _switch(value: str, _: Config) -> str:
    if value.lower() in ON:
        return "on"
    if value.lower() in OFF:
        return "off"
    raise ValueError(f"{value!r} is neither on nor off")


def _lang(value: str, _: Config) -> str:
    if value.lower() not in LANGUAGES:
        raise ValueError(f"unknown language {value!r}; use {', '.join(LANGUAGES)}")
    return value.lower()


def _hours(value: str, _: Config) -> str:
    value = value.lower()
    parse_override(value)  # ValueError saying what is accepted
    return value


def _dark(value: str, _: Config) -> str:
    if value.lower() not in ("black", "clock"):
        raise ValueError(f"{value!r} is neither black nor clock")
    return value.lower()


CHECKS: dict[str, Callable[[str, Config], str]] = {
    "team": _team, "panels": _panels, "rotate": _rotate, "celebrate": _switch, "lang": _lang,
    "overdue": _switch, "sound": _switch, "hours": _hours, "dark": _dark,
}


class ProfileErrors(ScreenError):
    """Every bad field of a profile: errors lists (field, message) in the order given; the
    first is this ScreenError's own field and message, for callers that say one."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(*errors[0])
        self.errors = list(errors)


def check_profile(raw: object, config: Config) -> dict[str, str]:
    """Return the profile with every value checked and written one way ("on"/"off",
    lower-case keys); an empty value drops its key (the config's default). Raise
    ProfileErrors (a ScreenError) naming every bad field, so a form or a script fixes all
    of them at once."""
    if not isinstance(raw, Mapping):
        raise ProfileErrors([("profile", "must be an object of wall parameters")])
    profile: dict[str, str] = {}
    errors: list[tuple[str, str]] = []
    for key, value in raw.items():
        check = CHECKS.get(key) if isinstance(key, str) else None
        if check is None:
            errors.append((str(key), f"is not a wall parameter; known: "
                                     f"{', '.join(PROFILE_KEYS)}"))
            continue
        try:
            text = _text(value)
            if text:
                profile[key] = check(text, config)
        except ValueError as error:
            errors.append((key, str(error)))
    if errors:
        raise ProfileErrors(errors)
    return profile
