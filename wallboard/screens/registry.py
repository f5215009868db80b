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
from wallboard.screens.liveness import REPORT_FRESH_SECONDS, Contact
from wallboard.screens.online import ONLINE_SECONDS, SEEN_TICK_SECONDS
from wallboard.store import screen_devices as devices
from wallboard.store.screens import ScreenError, ScreenRow, check_name, name_key
from wallboard.wall import ScreenFacts

ANONYMOUS = "anonymous"
# Why a request with ?screen= is shown the wall anonymously (screen.js says it in words).
BAD, TAKEN, FULL = "bad", "taken", "full"
REFRESH_SECONDS = 1.0
REBUILD_SECONDS = 3600.0    # spans and the nightly moment slide with time: rebuilt hourly
PRUNE_SECONDS = 3600.0
WAITING_KEPT = timedelta(days=1)
# A flood of made-up device keys or URL names must not fill the store: past this many rows
# no admin has adopted (TVs waiting for a code, screens met only through their URL), a
# stranger is shown the wall anonymously until some are paired, adopted or dropped.
WAITING_MAX = 200
log = logging.getLogger(__name__)


def device_hash(device: str) -> str:
    """The SHA-256 the store keeps of a device key (never the key)."""
    return hashlib.sha256(device.encode()).hexdigest()


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
        self._contacts: dict[int, Contact] = {}
        self._met: dict[int, tuple[float, ScreenRow]] = {}  # rows made here, since the read
        self._anonymous = self._unadopted = 0
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
            self._build(rows, now, read_at=moment)
        elif moment - self._built_at >= REBUILD_SECONDS:
            self._build(dict(self._rows), now)
        if moment - self._seen_at >= self.seen_tick:
            self._seen_at = moment
            self.write_seen(now)
        if moment - self._pruned_at >= PRUNE_SECONDS:
            self._pruned_at = moment
            devices.prune_waiting(self.engine, before=now - WAITING_KEPT,
                                  pairing=self.config.screens.pairing)

    def _build(self, rows: dict[int, ScreenRow], now: datetime,
               read_at: float | None = None) -> None:
        """Swap in rows and their controls; wake the streams of screens whose control changed.

        A row met (made) after the rows were read is kept: it is news, not a deletion.
        """
        with self._lock:
            if read_at is not None:
                self._met = {k: v for k, v in self._met.items() if v[0] >= read_at}
            rows = {**{k: v[1] for k, v in self._met.items()}, **rows}
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
            self._unadopted = sum(1 for r in rows.values() if r.paired_at is None)
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
                        if c.streams <= 0 and not c.alive(moment)]:
                del self._contacts[key]
            reports = [c.report for c in self._contacts.values() if c.alive(moment)]
        return devices.record_seen(self.engine, reports, now=now,
                                   online_after=now - timedelta(seconds=ONLINE_SECONDS))

    # ---- the wall's ScreenLink ------------------------------------------------------------
    def subscribe(self, wake: Callable[[frozenset | None], None]) -> None:
        self._wakes.append(wake)

    def find(self, facts: ScreenFacts) -> Hashable | None:
        """The screen from memory; None when the store must be asked (meet).

        The device key wins over the URL: a known device is its row whatever ?screen= says
        (a renamed TV whose URL still says the old name). A URL name is bound to the first
        device that claims it; another device, or none, never becomes that screen.
        """
        dev = device_hash(facts.device) if facts.device else None
        if dev is not None and (found := self._by_device.get(dev)) is not None:
            row = self._rows.get(found)
            if row is not None and row.name is None and not self.config.screens.pairing:
                return ANONYMOUS  # pairing off: a waiting TV is released to the wall
            return found
        if facts.name is not None:
            try:
                key = name_key(check_name(facts.name))
            except ScreenError as error:
                return (BAD, error.message)
            if dev is None:
                return ANONYMOUS  # a name without a device key creates or claims nothing
            found = self._by_name.get(key)
            if found is not None and (row := self._rows.get(found)) and row.device_hash:
                return (TAKEN, "the name belongs to another screen")
            if found is None and self._unadopted >= WAITING_MAX:
                return (FULL, "too many new screens")
            return None
        if dev is not None:
            pairing = self.config.screens.pairing and self._unadopted < WAITING_MAX
            return None if pairing else ANONYMOUS
        return ANONYMOUS

    def named(self, name: str) -> Hashable | None:
        """The known screen of that name (read only: the kiosk launcher's probe)."""
        try:
            return self._by_name.get(name_key(check_name(name)))
        except ScreenError:
            return None

    def meet(self, facts: ScreenFacts) -> Hashable:
        """Find or make the screen's row: a URL-named screen, or a TV waiting to be paired."""
        now, dev = self.clock(), device_hash(facts.device or "")
        if facts.name is not None:
            row = devices.named_for_url(self.engine, facts.name, dev, now=now,
                                        profile=profile_from_search(facts.search, self.config),
                                        cap=WAITING_MAX)
            if row is None:
                return (FULL, "too many new screens")
        else:
            row = devices.waiting_for_device(self.engine, dev, now=now)
        with self._lock:
            self._met[row.id] = (time.monotonic(), row)
            if row.id not in self._controls:
                self._rows = {**self._rows, row.id: row}
                self._controls[row.id] = (next(self._versions),
                                          build_control(row, self.config, now))
                self._unadopted += row.paired_at is None
            else:
                self._rows = {**self._rows, row.id: row}  # claimed: its device is known now
            if row.device_hash:
                self._by_device = {**self._by_device, row.device_hash: row.id}
            if row.name_key:
                self._by_name = {**self._by_name, row.name_key: row.id}
        if row.device_hash != dev:
            return (TAKEN, "the name belongs to another screen")
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
            contact = self._contacts.setdefault(handle, Contact(report))
            contact.report = report
            contact.reported_at = moment = time.monotonic()
            if facts.report and contact.streams <= 0 and not stream:
                contact.remote_until = moment + REPORT_FRESH_SECONDS
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
                if contact.alive(moment := time.monotonic()):
                    contact.polled_at = moment  # seen until now

    def control(self, handle: Hashable) -> tuple[Hashable, dict]:
        anonymous = self._controls[ANONYMOUS]
        if isinstance(handle, tuple):  # a ?screen= name refused: anonymous, and told why
            return (handle, anonymous[0]), {**anonymous[1], "error": handle[1],
                                            "error_kind": handle[0]}
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
