"""POST one JSON body to an incoming webhook and say how it went."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# Answers a receiver will give again however often we retry; 408 and 429 mean "later".
RETRYABLE_CLIENT_ERRORS = frozenset({408, 425, 429})


@dataclass(frozen=True)
class Outcome:
    """The result of one delivery attempt."""

    ok: bool
    error: str = ""
    permanent: bool = False           # retrying cannot help (the receiver refused the body)
    retry_after: float | None = None  # seconds the receiver asked us to wait (429, 503)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # urllib would follow a redirect of a POST as a GET without the body: report it instead.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Read a Retry-After header: delay-seconds ("120") or an HTTP date ("Wed, 02 Dec 2026
    12:05:00 GMT", counted from now). Returns seconds, at least 0; None when absent or
    unreadable (our own backoff applies). The caller bounds the wait."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:  # "-0000" in an HTTP date means UTC
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    return max(0.0, seconds) if seconds == seconds else None  # NaN: unreadable


def post_json(url: str, body: dict, *, timeout: float = 5.0,
              now: datetime | None = None) -> Outcome:
    """POST body as JSON to url; never raises. The URL (a secret) is never in the error.

    now (default: the system clock) is what a Retry-After date is counted from."""
    request = urllib.request.Request(
        url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json; charset=utf-8",
                 "User-Agent": "promoter-wallboard"})
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            answer.read(65_536)
        return Outcome(ok=True)
    except urllib.error.HTTPError as exc:
        detail = exc.read(200).decode("utf-8", "replace").strip() if exc.fp else ""
        error = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
        permanent = 400 <= exc.code < 500 and exc.code not in RETRYABLE_CLIENT_ERRORS
        return Outcome(ok=False, error=error, permanent=permanent,
                       retry_after=retry_after_seconds(exc.headers.get("Retry-After"),
                                                       now or datetime.now(UTC)))
    except urllib.error.URLError as exc:
        return Outcome(ok=False, error=f"cannot connect: {exc.reason}")
    except (OSError, ValueError, http.client.HTTPException) as exc:  # timeouts, resets, garbage
        return Outcome(ok=False, error=f"{type(exc).__name__}: {exc}")
