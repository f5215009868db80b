"""What one screen shows: the URL parameters, checked against the config."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import parse_qs

from wallboard.config import LANGUAGES, PANEL_NAMES, Config

MIN_ROTATE_SECONDS = 3
MAX_ROTATE_SECONDS = 3600
OFF = ("0", "false", "no", "off")
ON = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Screen:
    """One screen's choices: pinned team, panels, rotation pace, celebrations, language."""

    team: str | None
    panels: tuple[str, ...]
    rotate_seconds: float
    celebrate: bool
    language: str
    # Show the pinned team's count of follow-ups past the SLA (no names, no comments).
    overdue: bool = False
    sound: bool = False  # a chime with each celebration (wall.sound, or ?sound=)

    def as_json(self) -> dict:
        return asdict(self)


def _first(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    return values[0].strip() if values else None


def parse_screen(query: str | None, config: Config, known_teams: set[str]) -> Screen:
    """Read ?team=&panels=&rotate=&celebrate=&lang=&overdue=&sound=; bad values fall back."""
    params = parse_qs((query or "").lstrip("?"))
    wall = config.wall
    team = _first(params, "team") or ""
    team = team if team in known_teams else team.lower()
    if team not in known_teams:
        team = None
    panels = wall.panels
    if raw := _first(params, "panels"):
        chosen = tuple(dict.fromkeys(p.strip().lower() for p in raw.split(",") if p.strip()))
        if chosen and all(p in PANEL_NAMES for p in chosen):
            panels = chosen
    rotate = wall.rotate_seconds
    try:
        value = float(_first(params, "rotate") or "nan")
        if MIN_ROTATE_SECONDS <= value <= MAX_ROTATE_SECONDS:
            rotate = value
    except ValueError:
        pass
    celebrate = (_first(params, "celebrate") or "").lower() not in OFF
    overdue = (_first(params, "overdue") or "").lower()
    show_overdue = team is not None and (overdue in ON or (wall.overdue_badge
                                                           and overdue not in OFF))
    lang = (_first(params, "lang") or "").lower()
    sound = (_first(params, "sound") or "").lower()
    return Screen(team=team, panels=panels, rotate_seconds=rotate, celebrate=celebrate,
                  language=lang if lang in LANGUAGES else wall.language,
                  overdue=show_overdue,
                  sound=sound in ON or (wall.sound and sound not in OFF))
