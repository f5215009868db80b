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


def test_poll_loop_polls_at_once_when_woken_and_when_the_watch_sees_a_change() -> None:
    from wallboard.jobs import PollLoop

    polls: list[float] = []
    polled = threading.Event()

    class Watch:
        flag = False

        def changed(self) -> bool:
            seen, self.flag = self.flag, False
            return seen

        def close(self) -> None:
            return None

    watch = Watch()

    def poll() -> None:
        polls.append(1)
        polled.set()

    loop = PollLoop(poll, 3600, watch, look_seconds=0.05).start()
    try:
        assert polled.wait(10)  # the first poll at start
        polled.clear()
        loop.wake()
        assert polled.wait(10) and len(polls) == 2
        polled.clear()
        watch.flag = True
        assert polled.wait(10) and len(polls) == 3
    finally:
        loop.stop()
