"""What the wall's routes ask of the screen fleet, without importing it.

A screen's page sends its device key (random, kept in its browser), the name in its URL
(?screen=), its size, build, memory, load time and stale marker with its stream and its poll.
The wall reads and checks these facts; the fleet (wallboard.screens, handed in by app.py and
serve.py as a ScreenLink) says who the screen is and what it is told: its control object.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

DEVICE_RE = re.compile(r"[0-9a-f]{32}")
DEVICE_COOKIE = "wallboard_device"   # the same key, for /api/panels and the page's callback
MAX_SIDE = 100_000


class BadScreenInput(ValueError):
    """A screen sent a malformed fact; field names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class ScreenFacts:
    """What one screen's page says about itself."""

    device: str | None = None      # the device key: 32 lower-case hex digits
    name: str | None = None        # ?screen= from its URL, unchecked
    search: str | None = None      # its URL's query, for a URL-named screen's first profile
    width: int | None = None
    height: int | None = None
    build: str | None = None
    memory_mb: float | None = None
    loaded_at: datetime | None = None
    stale: bool = False
    report: bool = False           # the page's periodic report while it streams (report=1)


def _device(value: str) -> str:
    value = value.strip().lower()
    if not DEVICE_RE.fullmatch(value):
        raise ValueError("must be 32 hexadecimal digits")
    return value


def _number(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError("is not a number") from None
    if not math.isfinite(number):
        raise ValueError("is not a number")
    return number


def _side(value: str) -> int:
    number = _number(value)
    if number != int(number) or not 0 < number <= MAX_SIDE:
        raise ValueError(f"must be a whole number from 1 to {MAX_SIDE}")
    return int(number)


def _memory(value: str) -> float:
    number = _number(value)
    if not 0 <= number <= 1_000_000:
        raise ValueError("must be a number of megabytes")
    return round(number, 1)


def _loaded(value: str) -> datetime:
    millis = _number(value)  # the page's Date.now() when it loaded
    if not 0 < millis < 1e14:
        raise ValueError("must be milliseconds since 1970")
    return datetime.fromtimestamp(millis / 1000, UTC)


def _build(value: str) -> str:
    if len(value) > 40 or not re.fullmatch(r"[\w.\-]*", value):
        raise ValueError("must be at most 40 letters, digits, '-', '_' or '.'")
    return value


READERS: dict[str, tuple[str, Callable[[str], object]]] = {
    "device": ("device", _device), "w": ("width", _side), "h": ("height", _side),
    "build": ("build", _build), "mem": ("memory_mb", _memory), "loaded": ("loaded_at", _loaded),
}


def first_values(params: Mapping[str, str]) -> dict[str, str]:
    """Each parameter's FIRST value (?screen=a&screen=b is "a"), as the page and the
    callback read a URL (parse_qs(...)[0]); Starlette's get() would give the last."""
    getlist = getattr(params, "getlist", None)
    if getlist is None:
        return dict(params)
    return {key: getlist(key)[0] for key in params}


def read_facts(params: Mapping[str, str], *, strict: bool) -> ScreenFacts | None:
    """Return the facts in a request's parameters (None when it names neither a device nor
    a screen: an old page). strict: raise BadScreenInput naming a malformed field; else a
    malformed field is left out (the stream keeps the screen working, anonymously)."""
    params = first_values(params)
    if not params.get("device") and params.get("screen") is None:
        return None
    values: dict[str, object] = {}
    for key, (field, reader) in READERS.items():
        raw = params.get(key)
        if raw is None or raw == "":
            continue
        try:
            values[field] = reader(raw)
        except ValueError as error:
            if strict:
                raise BadScreenInput(key, str(error)) from None
    return ScreenFacts(name=params.get("screen"), search=params.get("search"),
                       stale=params.get("stale") in ("1", "true"),
                       report=params.get("report") == "1", **values)


class ScreenLink(Protocol):
    """The fleet as the wall's routes see it (wallboard.screens.ScreenRegistry)."""

    def find(self, facts: ScreenFacts) -> Hashable | None:
        """The screen these facts name, from memory; None when meet must ask the store."""

    def named(self, name: str) -> Hashable | None:
        """The known screen of that name, read only (the kiosk launcher's probe)."""

    def meet(self, facts: ScreenFacts) -> Hashable:
        """Find or make the screen in the store (blocking: call it in a thread)."""

    def connected(self, handle: Hashable, facts: ScreenFacts, *, stream: bool) -> None:
        """A stream opened (stream=True) or a poll came in for this screen."""

    def disconnected(self, handle: Hashable) -> None:
        """A stream of this screen closed."""

    def control(self, handle: Hashable) -> tuple[Hashable, dict]:
        """(version, control object): the version changes whenever the object does."""

    def resolve(self, device: str | None, search: str | None) -> tuple[str | None, str]:
        """(the URL query the screen shows, its identity key): a named screen's profile
        instead of its URL's parameters. May ask the store (call it off the event loop)."""

    def subscribe(self, wake: Callable[[frozenset | None], None]) -> None:
        """Call wake(handles) from any thread when those screens' controls changed
        (None: possibly all of them)."""

    def status(self) -> dict:
        """For /healthz: how many screens this process knows, by kind."""
