"""The scheduler: the retention job runs once at start and then every day."""

from __future__ import annotations

import threading
from datetime import timedelta

from wallboard.jobs import start_jobs


def test_retention_runs_at_start_and_daily() -> None:
    ran = threading.Event()
    scheduler = start_jobs(lambda: None, 3600, retain=ran.set)
    try:
        assert ran.wait(30)
        job = scheduler.get_job("privacy-retention")
        assert job.trigger.interval == timedelta(days=1)
    finally:
        scheduler.shutdown(wait=False)


def test_weekly_digest_runs_at_start_and_every_minute() -> None:
    ran = threading.Event()
    scheduler = start_jobs(lambda: None, 3600, digest=ran.set)
    try:
        assert ran.wait(30)  # a digest missed while the wall was down goes out at start
        assert scheduler.get_job("weekly-digest").trigger.interval == timedelta(seconds=60)
    finally:
        scheduler.shutdown(wait=False)
