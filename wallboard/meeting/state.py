"""What one meeting page shows, read from and written back to its URL.

/meeting/<view>?team=KEY|all&period=NAME&start=YYYY-MM-DD&end=YYYY-MM-DD&lang=xx&response=ID
&page=N (follow-ups only)
A bad or unknown value falls back to a default, never to an error page: the URL is typed
by people and pasted from notifications.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import parse_qs, urlencode

from wallboard.config import LANGUAGES, Config

BASE = "/meeting/"
VIEWS = ("overview", "comments", "followups", "actions")
FILTERS = ("all", "promoter", "passive", "detractor")
ALL = "all"
DEFAULT_PERIOD = "last_week"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class MeetingState:
    """One meeting page's choices: view, team (None: all), period, language, highlight,
    and the follow-up page (None: the first, or the one holding the highlighted item)."""

    view: str = "overview"
    team: str | None = None
    period: str = DEFAULT_PERIOD
    start: date | None = None
    end: date | None = None
    language: str = "en"
    response: int | None = None
    page: int | None = None

    def query(self, **changes: object) -> str:
        """Return the query string ('?team=...') of this state with changes applied.

        Another team or period starts again at the first follow-up page."""
        if "page" not in changes and changes.keys() & {"team", "period", "start", "end"}:
            changes["page"] = None
        state = replace(self, **changes) if changes else self
        params = {"team": state.team or ALL, "period": state.period}
        if state.period == "custom" and state.start and state.end:
            params |= {"start": state.start.isoformat(), "end": state.end.isoformat()}
        params["lang"] = state.language
        if state.response is not None and state.view == "followups":
            params["response"] = str(state.response)
        if state.page and state.page > 1 and state.view == "followups":
            params["page"] = str(state.page)
        return "?" + urlencode(params)

    def href(self, view: str | None = None, **changes: object) -> str:
        """Return the path and query of this state in another view (or this one)."""
        view = view or self.view
        path = BASE if view == "overview" else f"{BASE}{view}"
        return path + self.query(view=view, **changes)


def _first(params: dict[str, list[str]], key: str) -> str:
    values = params.get(key)
    return values[0].strip() if values else ""


def _day(raw: str) -> date | None:
    if not _DATE.match(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def view_of(pathname: str | None) -> str:
    """Return the view a path names: /meeting/comments -> comments; else overview."""
    rest = (pathname or "").rstrip("/").rsplit("/", 1)[-1].lower()
    return rest if rest in VIEWS else "overview"


def parse_state(pathname: str | None, search: str | None, config: Config,
                periods: tuple[str, ...], known_teams: set[str]) -> MeetingState:
    """Read the view from the path and the rest from the query; bad values fall back."""
    params = parse_qs((search or "").lstrip("?"))
    team = _first(params, "team").lower()
    period = _first(params, "period").lower()
    if period not in periods:
        period = DEFAULT_PERIOD if DEFAULT_PERIOD in periods else periods[0]
    start, end = _day(_first(params, "start")), _day(_first(params, "end"))
    if period == "custom" and not (start and end and start <= end):
        period, start, end = (DEFAULT_PERIOD if DEFAULT_PERIOD in periods else periods[0],
                              None, None)
    if period != "custom":
        start = end = None
    lang = _first(params, "lang").lower()
    response = _first(params, "response")
    page = _first(params, "page")
    return MeetingState(
        view=view_of(pathname),
        team=team if team in known_teams else None,
        period=period, start=start, end=end,
        language=lang if lang in LANGUAGES else config.wall.language,
        response=int(response) if response.isdigit() and len(response) < 18 else None,
        page=int(page) if page.isdigit() and 0 < len(page) < 7 and int(page) > 0 else None,
    )
