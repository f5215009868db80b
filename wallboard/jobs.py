"""Start the background jobs: the store poller, notification delivery, the weekly digest,
the screens' offline alerts, retention of personal data, pruning and the demo simulator."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from apscheduler.schedulers.background import BackgroundScheduler

LOOK_SECONDS = 0.1   # how often the poll loop asks the store's change watch (microseconds each)
log = logging.getLogger(__name__)


class Watch(Protocol):
    def changed(self) -> bool: ...

    def close(self) -> None: ...


class PollLoop:
    """Run poll in one thread: at once when woken or when the store's watch sees a change,
    and every poll_seconds whatever happens (the window slides, a watch may miss).

    Never two polls at once. `wake` is safe from any thread (e.g. right after the posting
    API stored a promoter).
    """

    def __init__(self, poll: Callable[[], object], poll_seconds: float,
                 watch: Watch | None = None, look_seconds: float = LOOK_SECONDS) -> None:
        self.poll, self.poll_seconds, self.watch = poll, poll_seconds, watch
        self.look_seconds = look_seconds
        self._woken = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="poll-store", daemon=True)
        self.polls = 0

    def start(self) -> PollLoop:
        self._thread.start()
        return self

    def wake(self) -> None:
        """Poll as soon as possible (the current poll, if any, finishes first)."""
        self._woken.set()

    def stop(self) -> None:
        self._stop.set()
        self._woken.set()
        self._thread.join(timeout=10)
        if self.watch is not None:
            self.watch.close()

    def _due(self, next_at: float) -> bool:
        if self._woken.is_set() or time.monotonic() >= next_at:
            return True
        return self.watch is not None and self.watch.changed()

    def _run(self) -> None:
        next_at = 0.0
        while not self._stop.is_set():
            if self._due(next_at):
                self._woken.clear()
                if self.watch is not None:
                    self.watch.changed()  # take the watch's state before reading
                try:
                    self.poll()
                except Exception:  # noqa: BLE001 - poll never raises; this is a last guard
                    log.exception("poll failed")
                self.polls += 1
                next_at = time.monotonic() + self.poll_seconds
            self._woken.wait(min(self.look_seconds, max(0.0, next_at - time.monotonic())))


def start_jobs(poll: Callable[[], object] | None, poll_seconds: float,
               simulate: Callable[[], object] | None = None,
               simulate_seconds: float = 6.0,
               deliver: Callable[[], object] | None = None,
               deliver_seconds: float = 2.0,
               retain: Callable[[], object] | None = None,
               prune: Callable[[], object] | None = None,
               prune_seconds: float = 600.0,
               digest: Callable[[], object] | None = None,
               offline: Callable[[], object] | None = None,
               offline_seconds: float = 15.0) -> BackgroundScheduler:
    """Start one scheduler: poll every poll_seconds (None: a PollLoop polls instead; never
    two polls at once), notifications, the weekly digest, the screens' offline alerts,
    retention, pruning and the demo simulator."""
    scheduler = BackgroundScheduler(timezone=UTC, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": None})
    if poll is not None:
        scheduler.add_job(poll, "interval", seconds=poll_seconds, id="poll-store",
                          next_run_time=datetime.now(UTC))
    if simulate is not None:
        scheduler.add_job(simulate, "interval", seconds=simulate_seconds, id="demo-simulator",
                          jitter=simulate_seconds / 2)
    if deliver is not None:  # notifications: its own job, so a slow receiver never delays a poll
        scheduler.add_job(deliver, "interval", seconds=deliver_seconds, id="notify",
                          next_run_time=datetime.now(UTC))
    if retain is not None:  # personal data past [privacy] keep_personal_days: at start, daily
        scheduler.add_job(retain, "interval", days=1, id="privacy-retention",
                          next_run_time=datetime.now(UTC))
    if prune is not None:  # keeps the change log and the outbox bounded
        scheduler.add_job(prune, "interval", seconds=prune_seconds, id="prune",
                          next_run_time=datetime.now(UTC))
    if digest is not None:  # the weekly digest: checked at start (a missed one) and each minute
        scheduler.add_job(digest, "interval", seconds=60, id="weekly-digest",
                          next_run_time=datetime.now(UTC))
    if offline is not None:  # screens unseen during working hours: the chat is told
        scheduler.add_job(offline, "interval", seconds=offline_seconds, id="offline-alerts",
                          next_run_time=datetime.now(UTC))
    scheduler.start()
    return scheduler
