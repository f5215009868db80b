"""POST one JSON body to an incoming webhook and say how it went."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

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


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:  # an HTTP date: rare for webhooks, use our own backoff
        return None


def post_json(url: str, body: dict, *, timeout: float = 5.0) -> Outcome:
    """POST body as JSON to url; never raises. The URL (a secret) is never in the error."""
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
                       retry_after=_retry_after(exc.headers.get("Retry-After")))
    except urllib.error.URLError as exc:
        return Outcome(ok=False, error=f"cannot connect: {exc.reason}")
    except (OSError, ValueError, http.client.HTTPException) as exc:  # timeouts, resets, garbage
        return Outcome(ok=False, error=f"{type(exc).__name__}: {exc}")
