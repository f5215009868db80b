"""The push side for screens, on the async server: GET /api/stream (server-sent events) and
an async GET /api/screen, both read from the snapshot holder only.

One long-lived connection per screen costs a few kilobytes and no thread: every stream waits
on one shared asyncio event that the poller's thread sets (through the loop) when a new
snapshot is published or the stale marker turns. Each message carries `id:` (the snapshot
version); a screen reconnecting with Last-Event-ID gets the current state at once, with the
events only when it missed a snapshot, and it drops those it has celebrated already.

A page that sends its facts (device key, ?screen= name, size...) also gets its control object
(`event: control`, from the ScreenLink that app.py/serve.py hand in), first and then whenever
it changes for that screen; the poll answer carries it as `control`.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Hashable

from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from wallboard.wall.news import screen_body, sse_comment, sse_event, sse_message, sse_retry
from wallboard.wall.screen_link import BadScreenInput, ScreenFacts, ScreenLink, read_facts
from wallboard.wall.snapshot import SnapshotHolder
from wallboard.web import iso

HEARTBEAT_SECONDS = 15.0
RETRY_MS = 1000           # EventSource's wait before reconnecting; jittered up to 2x
NO_STORE = {"Cache-Control": "no-store"}
STREAM_HEADERS = {**NO_STORE, "X-Accel-Buffering": "no", "Connection": "keep-alive"}
log = logging.getLogger(__name__)


class NewsHub:
    """Wake every waiting stream when the holder has news; set up on the server's loop.

    With a screen link, a stream of a known screen waits on its own event instead of the
    shared one: news wakes all of them, a change of one screen's control wakes its streams
    only. Anonymous screens keep sharing one wake-up and one encoded control message.
    """

    def __init__(self, holder: SnapshotHolder, link: ScreenLink | None = None) -> None:
        self.holder, self.link = holder, link
        self.loop: asyncio.AbstractEventLoop | None = None
        self.news = asyncio.Event()
        self.streams = 0
        self._cache: dict[tuple, bytes] = {}
        self._controls: dict[Hashable, bytes] = {}
        self._personal: dict[Hashable, set[asyncio.Event]] = {}
        self._unsubscribe = holder.subscribe(self._from_thread)
        if link is not None:
            link.subscribe(self._screens_from_thread)

    def attach(self) -> None:
        """Bind to the running loop (the first request does it)."""
        if self.loop is None:
            self.loop = asyncio.get_running_loop()

    def _from_thread(self) -> None:
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake_all)

    def _screens_from_thread(self, handles: frozenset | None) -> None:
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake_screens, handles)

    def _wake_all(self) -> None:
        news, self.news = self.news, asyncio.Event()
        news.set()
        for events in self._personal.values():
            for event in events:
                event.set()

    def _wake_screens(self, handles: frozenset | None) -> None:
        if handles is None:
            self._wake_all()
            return
        for handle in handles:
            for event in self._personal.get(handle, ()):
                event.set()

    def personal(self, handle: Hashable) -> asyncio.Event:
        """An event of one stream of a known screen, set by news and by its control."""
        event = asyncio.Event()
        self._personal.setdefault(handle, set()).add(event)
        return event

    def release(self, handle: Hashable, event: asyncio.Event) -> None:
        events = self._personal.get(handle)
        if events is not None:
            events.discard(event)
            if not events:
                del self._personal[handle]

    def control_for(self, handle: Hashable) -> tuple[Hashable, bytes]:
        """(version, SSE message) of a screen's control, encoded once per version."""
        version, body = self.link.control(handle)
        cached = self._controls.get(version)
        if cached is None:
            if len(self._controls) > 256:
                self._controls.clear()
            cached = self._controls[version] = sse_event("control", body)
        return version, cached

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
                      heartbeat: float, handle: Hashable | None = None,
                      known_screen: bool = False) -> AsyncIterator[bytes]:
    """Yield the stream of one screen: retry, the current state (and its control), then
    each change."""
    hub.streams += 1
    personal = hub.personal(handle) if known_screen else None
    try:
        yield sse_retry(RETRY_MS * (1 + random.random()))
        known, sent, sent_control = last_id, None, None
        while True:
            news = hub.news  # taken before reading, so a publish in between is not missed
            if personal is not None:
                personal.clear()
            if handle is not None:  # the control first: a dark screen celebrates nothing
                version, control = hub.control_for(handle)
                if version != sent_control:
                    sent_control = version
                    yield control
            state, message = hub.news_for(build, known)
            if state != sent:
                sent, known = state, str(state[0])
                yield message
            try:
                async with asyncio.timeout(heartbeat):
                    await (personal or news).wait()
            except TimeoutError:
                if hub.news_for(build, known)[0] == sent:
                    yield sse_comment()
    finally:
        hub.streams -= 1
        if personal is not None:
            hub.release(handle, personal)
        if handle is not None:
            hub.link.disconnected(handle)


async def meet(link: ScreenLink, facts: ScreenFacts, *, stream: bool) -> Hashable:
    """The screen's handle: from memory, or (a stranger) from the store, off the loop."""
    handle = link.find(facts)
    if handle is None:
        handle = await asyncio.to_thread(link.meet, facts)
    link.connected(handle, facts, stream=stream)
    return handle


def routes(hub: NewsHub, build: str, *,
           heartbeat: float = HEARTBEAT_SECONDS) -> list[Route]:
    """Return the async routes for screens, fed by hub."""
    holder, link = hub.holder, hub.link

    async def stream(request: Request) -> StreamingResponse:
        hub.attach()
        last_id = (request.headers.get("last-event-id")
                   or request.query_params.get("last") or None)
        handle, known_screen = None, False
        facts = read_facts(request.query_params, strict=False) if link else None
        if facts is not None:
            try:
                handle = await meet(link, facts, stream=True)
                known_screen = isinstance(handle, int)
            except Exception as exc:  # noqa: BLE001 - the store is down: the wall goes on
                log.warning("screen not met (%s): %s", type(exc).__name__, exc)
        return StreamingResponse(news_stream(hub, build, last_id, heartbeat, handle,
                                             known_screen),
                                 media_type="text/event-stream", headers=STREAM_HEADERS)

    async def screen(request: Request) -> JSONResponse:
        hub.attach()
        body = screen_body(holder, build, request.query_params.get("v"))
        if link is not None:
            try:
                facts = read_facts(request.query_params, strict=True)
            except BadScreenInput as bad:
                return JSONResponse({"error": f"{bad.field} {bad.message}", "field": bad.field},
                                    status_code=400, headers=NO_STORE)
            if facts is not None and request.query_params.get("probe") == "1":
                # The kiosk launcher asking whether to switch the display off: the control
                # of a known screen, but no sign of the page's life (a dead browser must
                # still turn offline) and no new row.
                handle = (link.named(facts.name) if facts.name is not None
                          else link.find(facts))
                body = {"control": link.control(handle)[1] if isinstance(handle, int) else None}
            elif facts is not None:
                try:
                    body["control"] = link.control(await meet(link, facts, stream=False))[1]
                except Exception as exc:  # noqa: BLE001 - the store is down: news still go
                    log.warning("screen not met (%s): %s", type(exc).__name__, exc)
        return JSONResponse(body, headers=NO_STORE)

    return [Route("/api/stream", stream, methods=["GET"]),
            Route("/api/screen", screen, methods=["GET"])]
