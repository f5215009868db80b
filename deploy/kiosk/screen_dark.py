"""Ask the wall whether a screen is dark now; print "dark", "lit" or "unknown".

The kiosk launcher runs this on the TV (plain Python 3, nothing to install) to switch the
display off outside working hours. It reads the screen's control from the public poll
address (GET /api/screen?screen=NAME&probe=1): its working spans, null when it never goes dark. Like
the page itself it decides by the TV's own clock. Any failure prints "unknown", and the
launcher then leaves the display as it is: a wall that is away must not blank a TV.
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


def state(wall_url: str, screen: str, now: datetime) -> str:
    """Return "dark", "lit" or "unknown" (the wall cannot be asked or answers oddly)."""
    try:
        request = urllib.request.Request(control_url(wall_url, screen),
                                         headers={"User-Agent": "wallboard-kiosk"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            body = json.loads(answer.read(1_000_000))
        control = body.get("control") if isinstance(body, dict) else None
        if not isinstance(control, dict):
            return "unknown"
        return "dark" if is_dark(control, now) else "lit"
    except (OSError, ValueError, TypeError, KeyError):
        return "unknown"


if __name__ == "__main__":
    print(state(sys.argv[1], sys.argv[2], datetime.now(UTC)))
