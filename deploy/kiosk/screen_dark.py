"""Ask the wall whether a screen is dark now; print "dark", "lit", "missing" or "unknown".

The kiosk launcher runs this on the TV (plain Python 3, nothing to install) to switch the
display off outside working hours. It reads the screen's control from the public poll
address (GET /api/screen?screen=NAME&probe=1): its working spans, null when it never goes dark. Like
the page itself it decides by the TV's own clock.

"missing": the wall answered but knows no screen of that name (renamed or forgotten on the
fleet page): the launcher switches the display on, since a display left off then would stay
black for ever. "unknown": the wall cannot be reached or answers oddly (not the wall, a
proxy's error page); the launcher then leaves the display as it is: a wall that is away for
a minute must neither blank a TV nor light it at night.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
import urllib.request
from datetime import UTC, datetime

TIMEOUT_SECONDS = 10


def control_url(wall_url: str, screen: str) -> str:
    """Return the poll address of the named screen on the wall that wall_url points at."""
    parts = urllib.parse.urlsplit(wall_url)
    # probe=1: the wall answers with the control but does not count this as the page alive.
    query = urllib.parse.urlencode({"screen": screen, "probe": "1"})
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/api/screen", query, ""))


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_dark(control: dict, now: datetime) -> bool:
    """Whether the control's working spans leave now outside: null spans never go dark."""
    spans = control.get("spans")
    if spans is None:
        return False
    return not any(_moment(start) <= now < _moment(end) for start, end in spans)


def decide(body: object, now: datetime) -> str:
    """The state for the wall's answer body (parsed JSON): a known screen's control says
    dark or lit; an answer without one (no such screen) is "missing"; anything else "unknown"."""
    if not isinstance(body, dict) or not ("control" in body or "build" in body):
        return "unknown"  # not the wall's poll answer (a wall without screens has no control)
    control = body.get("control")
    if control is None:
        return "missing"
    if not isinstance(control, dict):
        return "unknown"
    return "dark" if is_dark(control, now) else "lit"


def state(wall_url: str, screen: str, now: datetime) -> str:
    """Return "dark", "lit", "missing" (the wall knows no such screen) or "unknown" (the
    wall cannot be asked or answers oddly)."""
    try:
        request = urllib.request.Request(control_url(wall_url, screen),
                                         headers={"User-Agent": "wallboard-kiosk"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            return decide(json.loads(answer.read(1_000_000)), now)
    except (OSError, ValueError, TypeError, KeyError):
        return "unknown"


if __name__ == "__main__":
    print(state(sys.argv[1], sys.argv[2], datetime.now(UTC)))
