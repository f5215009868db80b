"""The push side for screens, on the async server: GET /api/stream (server-sent events) and
an async GET /api/screen, both read from the snapshot holder only.

One long-lived connection per screen costs a few kilobytes and no thread: every stream waits
on one shared asyncio event that the poller's thread sets (through the loop) when a new
snapshot is published or the stale marker turns. Each message carries `id:` (the snapshot
version); a screen reconnecting with Last-Event-ID gets the current state at once, with the
events only when it missed a snapshot, and it drops those it has celebrated already.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from wallboard.wall.news import screen_body, sse_comment, sse_message, sse_retry
from wallboard.wall.snapshot import SnapshotHolder
from wallboard.web import iso

HEARTBEAT_SECONDS = 15.0
RETRY_MS = 1000           # EventSource's wait before reconnecting; jittered up to 2x
NO_STORE = {"Cache-Control": "no-store"}
STREAM_HEADERS = {**NO_STORE, "X-Accel-Buffering": "no", "Connection": "keep-alive"}


class NewsHub:
    """Wake every waiting stream when the holder has news; set up on the server's loop."""

    def __init__(self, holder: SnapshotHolder) -> None:
        self.holder = holder
        self.loop: asyncio.AbstractEventLoop | None = None
        self.news = asyncio.Event()
        self.streams = 0
        self._cache: dict[tuple, bytes] = {}
        self._unsubscribe = holder.subscribe(self._from_thread)

    def attach(self) -> None:
        """Bind to the running loop (the first request does it)."""
        if self.loop is None:
            self.loop = asyncio.get_running_loop()

    def _from_thread(self) -> None:
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake_all)

    def _wake_all(self) -> None:
        news, self.news = self.news, asyncio.Event()
        news.set()

    def close(self) -> None:
        self._unsubscribe()

    def status(self) -> dict:
        """For /healthz: how many screens hold a push stream to this process now."""
        return {"streams": self.streams}

    def news_for(self, build: str, known: str | None) -> tuple[tuple, bytes]:
        """Return (state, message) for a screen knowing version `known`.

        Built and encoded once per state and kind of screen (current or behind), not once
        per stream: a thousand streams share two byte strings.
        """
        snapshot, health = self.holder.snapshot, self.holder.health
        version = snapshot.version if snapshot else 0
        state = (version, health.stale, (iso(health.last_ok) or "")[:16], build)
        key = (state, snapshot is not None and known != str(version))
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) > 8:
                self._cache.clear()
            body = screen_body(self.holder, build, known)
            cached = self._cache[key] = sse_message(body, body["v"])
        return state, cached


async def news_stream(hub: NewsHub, build: str, last_id: str | None,
                      heartbeat: float) -> AsyncIterator[bytes]:
    """Yield the stream of one screen: retry, the current state, then each change."""
    hub.streams += 1
    try:
        yield sse_retry(RETRY_MS * (1 + random.random()))
        known, sent = last_id, None
        while True:
            news = hub.news  # taken before reading, so a publish in between is not missed
            state, message = hub.news_for(build, known)
            if state != sent:
                sent, known = state, str(state[0])
                yield message
            try:
                async with asyncio.timeout(heartbeat):
                    await news.wait()
            except TimeoutError:
                if hub.news_for(build, known)[0] == sent:
                    yield sse_comment()
    finally:
        hub.streams -= 1


def routes(hub: NewsHub, build: str, *,
           heartbeat: float = HEARTBEAT_SECONDS) -> list[Route]:
    """Return the async routes for screens, fed by hub."""
    holder = hub.holder

    async def stream(request: Request) -> StreamingResponse:
        hub.attach()
        last_id = (request.headers.get("last-event-id")
                   or request.query_params.get("last") or None)
        return StreamingResponse(news_stream(hub, build, last_id, heartbeat),
                                 media_type="text/event-stream", headers=STREAM_HEADERS)

    async def screen(request: Request) -> JSONResponse:
        hub.attach()
        return JSONResponse(screen_body(holder, build, request.query_params.get("v")),
                            headers=NO_STORE)

    return [Route("/api/stream", stream, methods=["GET"]),
            Route("/api/screen", screen, methods=["GET"])]
