"""What one wall process knows of the screens: the table in memory, and those connected here.

Once a second a thread reads one aggregate of the screen table (fleet_mark) and reads the rows
only when it moved, so a change made by an admin in any process reaches every process's
screens within a second or two; a thousand anonymous screens cost no query at all. Every
SEEN_TICK_SECONDS it writes what its connected screens reported in one statement. It is the
wall's ScreenLink: the stream and poll routes call it from the event loop (memory only) and,
for a TV never met before, in a thread (find or make its row).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import parse_qs

from sqlalchemy import Engine

from wallboard.config import Config
from wallboard.core.clock import utcnow
from wallboard.screens.control import (
    build_control,
    identity_key,
    profile_from_search,
    profile_search,
)
from wallboard.screens.online import ONLINE_SECONDS, SEEN_TICK_SECONDS
from wallboard.store import screen_devices as devices
from wallboard.store.screens import ScreenError, ScreenRow, check_name, name_key
from wallboard.wall import ScreenFacts

ANONYMOUS = "anonymous"
REFRESH_SECONDS = 1.0
REBUILD_SECONDS = 3600.0    # spans and the nightly moment slide with time: rebuilt hourly
POLL_CONTACT_SECONDS = 15.0  # a polling screen counts as here this long after its last poll
PRUNE_SECONDS = 3600.0
WAITING_KEPT = timedelta(days=1)
log = logging.getLogger(__name__)


def device_hash(device: str) -> str:
    """The SHA-256 the store keeps of a device key (never the key)."""
    return hashlib.sha256(device.encode()).hexdigest()


@dataclass
class _Contact:
    report: devices.SeenReport
    streams: int = 0
    polled_at: float = field(default=-1e9)


class ScreenRegistry:
    """The fleet as this process sees it; thread-safe; start() runs its refresh thread."""

    def __init__(self, config: Config, engine: Engine, *,
                 clock: Callable[[], datetime] = utcnow,
                 seen_tick: float = SEEN_TICK_SECONDS) -> None:
        self.config, self.engine, self.clock, self.seen_tick = config, engine, clock, seen_tick
        self._lock = threading.RLock()
        self._rows: dict[int, ScreenRow] = {}
        self._by_device: dict[str, int] = {}
        self._by_name: dict[str, int] = {}
        self._controls: dict[Hashable, tuple[int, dict]] = {}
        self._contacts: dict[int, _Contact] = {}
        self._anonymous = 0
        self._mark: tuple | None = None
        self._versions = itertools.count(1)
        self._wakes: list[Callable[[frozenset | None], None]] = []
        self._built_at = self._seen_at = self._pruned_at = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._build({}, self.clock())

    # ---- the refresh thread ---------------------------------------------------------------
    def start(self) -> ScreenRegistry:
        try:
            self.refresh()
        except Exception as exc:  # noqa: BLE001 - the store may come later
            log.warning("screens: the store cannot be read yet (%s)", exc)
        self._thread = threading.Thread(target=self._run, name="screens", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(REFRESH_SECONDS):
            try:
                self.refresh()
            except Exception as exc:  # noqa: BLE001 - the store is down: try next second
                log.warning("screens: refresh skipped: %s: %s", type(exc).__name__, exc)

    def refresh(self) -> None:
        """Read the table when it changed (or rebuild the controls hourly); write reports
        once a tick; drop waiting rows of TVs gone for a day."""
        now, moment = self.clock(), time.monotonic()
        mark = devices.fleet_mark(self.engine)
        if mark != self._mark:
            rows = {r.id: r for r in devices.all_screens(self.engine)}
            self._mark = mark
            self._build(rows, now)
        elif moment - self._built_at >= REBUILD_SECONDS:
            self._build(dict(self._rows), now)
        if moment - self._seen_at >= self.seen_tick:
            self._seen_at = moment
            self.write_seen(now)
        if moment - self._pruned_at >= PRUNE_SECONDS:
            self._pruned_at = moment
            devices.prune_waiting(self.engine, before=now - WAITING_KEPT)

    def _build(self, rows: dict[int, ScreenRow], now: datetime) -> None:
        controls: dict[Hashable, dict] = {ANONYMOUS: build_control(None, self.config, now)}
        for row in rows.values():
            controls[row.id] = build_control(row, self.config, now)
        changed: set[Hashable] = set()
        with self._lock:
            old = self._controls
            fresh: dict[Hashable, tuple[int, dict]] = {}
            for handle, body in controls.items():
                before = old.get(handle)
                if before is not None and before[1] == body:
                    fresh[handle] = before
                else:
                    fresh[handle] = (next(self._versions), body)
                    changed.add(handle)
            changed.update(h for h in old if h not in fresh)  # forgotten screens
            self._rows, self._controls = rows, fresh
            self._by_device = {r.device_hash: r.id for r in rows.values() if r.device_hash}
            self._by_name = {r.name_key: r.id for r in rows.values() if r.name_key}
            self._built_at = time.monotonic()
        if changed and old:
            self._wake(None if ANONYMOUS in changed else frozenset(changed))

    def _wake(self, handles: frozenset | None) -> None:
        for wake in self._wakes:
            wake(handles)

    def write_seen(self, now: datetime | None = None) -> int:
        """Write last seen (and what they reported) for the screens here, in one statement."""
        now = now or self.clock()
        moment = time.monotonic()
        with self._lock:
            for key in [k for k, c in self._contacts.items()
                        if c.streams <= 0 and moment - c.polled_at > POLL_CONTACT_SECONDS]:
                del self._contacts[key]
            reports = [c.report for c in self._contacts.values()]
        return devices.record_seen(self.engine, reports, now=now,
                                   online_after=now - timedelta(seconds=ONLINE_SECONDS))

    # ---- the wall's ScreenLink ------------------------------------------------------------
    def subscribe(self, wake: Callable[[frozenset | None], None]) -> None:
        self._wakes.append(wake)

    def find(self, facts: ScreenFacts) -> Hashable | None:
        """The screen from memory; None when the store must be asked (meet)."""
        if facts.name is not None:
            try:
                key = name_key(check_name(facts.name))
            except ScreenError as error:
                return ("error", error.message)
            return self._by_name.get(key)
        if facts.device:
            found = self._by_device.get(device_hash(facts.device))
            if found is not None:
                return found
            return None if self.config.screens.pairing else ANONYMOUS
        return ANONYMOUS

    def meet(self, facts: ScreenFacts) -> Hashable:
        """Find or make the screen's row: a URL-named screen, or a TV waiting to be paired."""
        now = self.clock()
        if facts.name is not None:
            row = devices.named_for_url(self.engine, facts.name, now=now,
                                        profile=profile_from_search(facts.search, self.config))
        else:
            row = devices.waiting_for_device(self.engine, device_hash(facts.device), now=now)
        with self._lock:
            if row.id not in self._controls:
                self._rows = {**self._rows, row.id: row}
                self._controls[row.id] = (next(self._versions),
                                          build_control(row, self.config, now))
                if row.device_hash:
                    self._by_device = {**self._by_device, row.device_hash: row.id}
                if row.name_key:
                    self._by_name = {**self._by_name, row.name_key: row.id}
        return row.id

    def connected(self, handle: Hashable, facts: ScreenFacts, *, stream: bool) -> None:
        if not isinstance(handle, int):
            if stream:
                self._anonymous += 1
            return
        report = devices.SeenReport(handle, build=facts.build, width=facts.width,
                                    height=facts.height, memory_mb=facts.memory_mb,
                                    loaded_at=facts.loaded_at, stale=facts.stale)
        with self._lock:
            contact = self._contacts.setdefault(handle, _Contact(report))
            contact.report = report
            if stream:
                contact.streams += 1
            else:
                contact.polled_at = time.monotonic()

    def disconnected(self, handle: Hashable) -> None:
        if not isinstance(handle, int):
            self._anonymous -= 1
            return
        with self._lock:
            if (contact := self._contacts.get(handle)) is not None:
                contact.streams -= 1
                contact.polled_at = time.monotonic()  # seen until now

    def control(self, handle: Hashable) -> tuple[Hashable, dict]:
        anonymous = self._controls[ANONYMOUS]
        if isinstance(handle, tuple):  # a bad ?screen= name: anonymous, and told why
            return (handle, anonymous[0]), {**anonymous[1], "error": handle[1]}
        return self._controls.get(handle) or anonymous

    def resolve(self, device: str | None, search: str | None) -> tuple[str | None, str]:
        """(the query the screen shows, its identity key): a named screen's stored profile."""
        name = (parse_qs((search or "").lstrip("?")).get("screen") or [None])[0]
        handle: Hashable | None = ANONYMOUS
        if device or name is not None:
            facts = ScreenFacts(device=device, name=name, search=search)
            handle = self.find(facts)
            if handle is None:
                handle = self.meet(facts)
        row = self._rows.get(handle) if isinstance(handle, int) else None
        if row is None or row.name is None:
            return search, identity_key(None, {})
        return profile_search(row.profile), identity_key(row.name, row.profile)

    def status(self) -> dict:
        with self._lock:
            named = sum(1 for k in self._contacts if (r := self._rows.get(k)) and r.name)
            return {"named": named, "waiting": len(self._contacts) - named,
                    "anonymous": self._anonymous}
