"""Start the background jobs: the store poller, notification delivery, the weekly digest,
retention of personal data, pruning and the demo simulator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler


def start_jobs(poll: Callable[[], object], poll_seconds: float,
               simulate: Callable[[], object] | None = None,
               simulate_seconds: float = 6.0,
               deliver: Callable[[], object] | None = None,
               deliver_seconds: float = 2.0,
               retain: Callable[[], object] | None = None,
               prune: Callable[[], object] | None = None,
               prune_seconds: float = 600.0,
               digest: Callable[[], object] | None = None) -> BackgroundScheduler:
    """Start one scheduler running poll every poll_seconds; never two polls at once."""
    scheduler = BackgroundScheduler(timezone=UTC, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": None})
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
    scheduler.start()
    return scheduler
