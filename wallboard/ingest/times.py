"""Read the times survey tools send: ISO 8601, Unix seconds, and Danish day-first dates."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from wallboard.core.cleaning import BigNumber, without_surrogates

# 23-11-2026, 23.11.2026 or 23/11/2026, optionally followed by 14:05, 14.05 or kl. 14:05:33
_DAY_FIRST = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})"
                        r"(?:[ T]+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$", re.ASCII)
_UNIX = re.compile(r"^\d{9,10}(\.\d+)?$", re.ASCII)
EXAMPLE = "e.g. 2026-11-23T14:05:00+01:00"
# Unix seconds beyond this are surely milliseconds (year 5138).
_MAX_SECONDS = 1e11


class TimeError(ValueError):
    """A value that is not a time we can read; the message says what was expected."""


def _from_unix(seconds: float, shown: str) -> datetime:
    if not math.isfinite(seconds) or seconds < 0:
        raise TimeError(f"{shown} is not a Unix time in seconds")
    if seconds > _MAX_SECONDS:
        raise TimeError(f"{shown} looks like milliseconds; send Unix seconds")
    return datetime.fromtimestamp(seconds, UTC)


def parse_time(value: Any, *, timezone: str | None = None) -> datetime:
    """Return value as an aware UTC datetime.

    Accepts ISO 8601 (with an offset; without one only when timezone is given, as CSV
    exports from the office's own tools are), Unix seconds as a number or digits, and
    day-first dates such as 23-11-2026 14:05 or 23.11.2026 (read in timezone).
    """
    if isinstance(value, BigNumber):
        raise TimeError(f"{value} is not a time ({EXAMPLE} or Unix seconds)")
    if isinstance(value, bool):
        raise TimeError(f"{value!r} is not a time ({EXAMPLE} or Unix seconds)")
    if isinstance(value, int | float):
        return _from_unix(float(value), repr(value))
    if not isinstance(value, str):
        raise TimeError(f"must be text or Unix seconds ({EXAMPLE})")
    text = value.strip()
    if any(ch.isdigit() and not ch.isascii() for ch in text):
        raise TimeError("write times with the digits 0-9 "
                        f"({EXAMPLE}, 23-11-2026 14:05 or Unix seconds)")
    shown = without_surrogates(json.dumps(value if len(value) <= 60 else value[:60] + "...",
                                          ensure_ascii=False))
    if _UNIX.match(text):
        return _from_unix(float(text), shown)
    when = None
    if match := _DAY_FIRST.match(text):
        day, month, year, hour, minute, second = match.groups()
        try:
            when = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                            int(second or 0))
        except ValueError as exc:
            raise TimeError(f"{shown} is not a valid date: {exc}") from None
    else:
        try:
            when = datetime.fromisoformat(text.replace(" +", "+").replace(" -", "-"))
        except ValueError:
            raise TimeError(f"{shown} is not a time we can read ({EXAMPLE}, "
                            "23-11-2026 14:05 or Unix seconds)") from None
    if when.tzinfo is None:
        if timezone is None:
            raise TimeError(f"{shown} has no time zone: add Z or an offset such as +01:00")
        when = when.replace(tzinfo=ZoneInfo(timezone))
    try:
        when = when.astimezone(UTC)
    except OverflowError:
        raise TimeError(f"{shown} is out of range") from None
    if when.year < 2000:
        raise TimeError(f"{shown} is before the year 2000")
    return when
