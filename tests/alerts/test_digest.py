"""The weekly digest against two real local receivers: posted once per team at its time,
to the team's own channel, in the wall's language, with no customer contact data; retried
after a failure, caught up after downtime that day, and once with several processes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.alerts import PUBLIC, TEAMS, Receiver
from tests.support.data import insert_rows, response_row
from wallboard.alerts import DigestJob
from wallboard.config import Config, parse_config
from wallboard.wall.challenge import ChallengeTracker, board_json

# Monday 30 Nov 2026, 08:30 in Copenhagen is 07:30 UTC.
DUE = datetime(2026, 11, 30, 7, 30, tzinfo=UTC)


class Clock:
    """A clock the test sets by hand: the job never sleeps."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def receivers() -> Iterator[tuple[Receiver, Receiver]]:
    own, shared = Receiver([]), Receiver([])
    yield own, shared
    own.stop()
    shared.stop()


def digest_config(engine: Engine, tmp_path: Path, own: str, shared: str,
                  language: str = "da", challenge: dict | None = None) -> Config:
    url = engine.url.render_as_string(hide_password=False)
    return parse_config({
        "store": {"url": url},
        "wall": {"min_responses": 3, "language": language, "timezone": "Europe/Copenhagen"},
        "followup": {"notify_url": shared, "public_url": PUBLIC, "sla_hours": 48},
        "digest": {"enabled": True, "weekday": "monday", "time": "08:30"},
        "teams": [{**TEAMS[0], "notify_url": own}, TEAMS[1]],
        **({"challenge": challenge} if challenge else {})}, tmp_path / "config.toml")


def seed(engine: Engine) -> None:
    day = 24 * 60
    rows = [
        # last week: support NPS 0 on 4; now (last 7 days added) it rises
        response_row(10, "support", minutes_ago=10 * day, now=DUE),
        response_row(10, "support", minutes_ago=10 * day, now=DUE),
        response_row(2, "support", minutes_ago=10 * day, now=DUE),
        response_row(3, "support", minutes_ago=10 * day, now=DUE),
        response_row(10, "support", minutes_ago=2 * day, now=DUE, customer="Maria Jensen",
                     comment="Maria was wonderful, write me at maria.jensen@example.com"),
        response_row(9, "support", minutes_ago=day, now=DUE, comment="Quick and kind help"),
        response_row(10, "support", minutes_ago=3 * day, now=DUE,
                     comment="Fixed in one call, thank you so much <b>really</b>"),
        response_row(10, "support", minutes_ago=4 * day, now=DUE, comment="Great"),
        response_row(9, "support", minutes_ago=5 * day, now=DUE, comment="Call 22 33 44 55"),
        response_row(1, "support", minutes_ago=4 * day, now=DUE, comment="Awful",
                     customer="Ole Hansen"),  # with the two above: 3 open, past 48 hours
        response_row(10, "field", minutes_ago=day, now=DUE, comment="Technician on time"),
        response_row(5, "field", minutes_ago=60, now=DUE),
    ]
    insert_rows(engine, rows)


def test_digest_posted_once_at_its_time_to_each_teams_channel(
        engine: Engine, tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> None:
    own, shared = receivers
    config = digest_config(engine, tmp_path, own.url, shared.url)
    seed(engine)
    clock = Clock(DUE - timedelta(minutes=1))
    job = DigestJob(config, engine, public_url=PUBLIC, clock=clock)
    assert job.run() == 0 and own.bodies == [] and shared.bodies == []

    clock.now = DUE
    assert job.run() == 2
    assert len(own.bodies) == 1 and len(shared.bodies) == 1
    support, field = own.bodies[0]["text"], shared.bodies[0]["text"]
    assert support.startswith("*Customer Support: ugentligt NPS-overblik, 30. nov.*")
    assert "Field Service North" not in support and "Customer Support" not in field
    assert "(mål 40)" in support and "i forhold til sidste uge" in support
    assert "Seneste 7 dage: 5 af 6 besvarelser er anbefalere" in support
    assert "Nr. 1 af 2 teams" in support
    assert "Åbne opfølgninger: 3, over fristen: 3" in support
    assert f"{PUBLIC}/meeting/?team=support" in support
    assert f"{PUBLIC}/meeting/followups?team=support" in support
    # the three best promoter comments: 10s first, fuller words first; never contact data
    quoted = [line for line in support.splitlines() if line.startswith("> ")]
    assert len(quoted) == 3
    assert "maria.jensen@example.com" not in support and "22 33 44 55" not in support
    assert "Ole Hansen" not in support and "[…]" in support
    assert "&lt;b&gt;really&lt;/b&gt;" in support and "<b>" not in support
    assert "»" in quoted[0] and "«" in quoted[0]

    clock.now = DUE + timedelta(hours=3)
    assert job.run() == 0  # once
    restarted = DigestJob(config, engine, public_url=PUBLIC, clock=clock)
    assert restarted.run() == 0  # and after a restart
    clock.now = DUE + timedelta(days=7)
    assert job.run() == 2  # next week again
    assert len(own.bodies) == 2 and len(shared.bodies) == 2


def test_digest_is_in_the_walls_language(
        engine: Engine, tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> None:
    own, shared = receivers
    seed(engine)
    config = digest_config(engine, tmp_path, own.url, shared.url, language="pl")
    assert DigestJob(config, engine, public_url=PUBLIC, clock=Clock(DUE)).run() == 2
    assert "tygodniowe podsumowanie NPS" in own.bodies[0]["text"]
    assert "Otwarte kontakty zwrotne" in own.bodies[0]["text"]
    assert own.bodies[0]["potentialAction"][0]["name"] == "Otwórz widok spotkania"


def test_a_digest_missed_while_down_is_posted_that_day_only(
        engine: Engine, tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> None:
    own, shared = receivers
    config = digest_config(engine, tmp_path, own.url, shared.url)
    late = DigestJob(config, engine, public_url=PUBLIC,
                     clock=Clock(datetime(2026, 11, 30, 22, 59, tzinfo=UTC)))
    assert late.run() == 2  # 23:59 in Copenhagen: still the meeting day
    too_late = DigestJob(config, engine, public_url=PUBLIC,
                         clock=Clock(datetime(2026, 12, 7, 23, 0, tzinfo=UTC)))
    assert too_late.run() == 0  # Tuesday 00:00 locally: that week's digest is not sent
    assert len(own.bodies) == 1 and len(shared.bodies) == 1


def test_a_failed_post_is_retried_with_backoff(engine: Engine, tmp_path: Path) -> None:
    own, shared = Receiver([500, 200]), Receiver([])
    try:
        config = digest_config(engine, tmp_path, own.url, shared.url)
        clock = Clock(DUE)
        job = DigestJob(config, engine, public_url=PUBLIC, clock=clock)
        assert job.run() == 1 and len(own.bodies) == 1  # support failed, field posted
        assert job.run() == 0 and len(own.bodies) == 1  # not again before the backoff
        clock.now = DUE + timedelta(seconds=11)
        assert job.run() == 1 and len(own.bodies) == 2
        clock.now = DUE + timedelta(minutes=5)
        assert job.run() == 0 and len(own.bodies) == 2 and len(shared.bodies) == 1
    finally:
        own.stop()
        shared.stop()


def test_several_processes_post_each_digest_once(
        engine: Engine, tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> None:
    own, shared = receivers
    config = digest_config(engine, tmp_path, own.url, shared.url)
    jobs = [DigestJob(config, engine, public_url=PUBLIC, clock=Clock(DUE)) for _ in range(4)]
    results: list[int] = []
    start = threading.Barrier(len(jobs))

    def run(job: DigestJob) -> None:
        start.wait()
        results.append(job.run())

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 2
    assert len(own.bodies) == 1 and len(shared.bodies) == 1


def test_no_digest_when_disabled(engine: Engine, tmp_path: Path,
                                 receivers: tuple[Receiver, Receiver]) -> None:
    own, shared = receivers
    config = digest_config(engine, tmp_path, own.url, shared.url)
    off = config.model_copy(update={"digest": config.digest.model_copy(
        update={"enabled": False})})
    assert DigestJob(off, engine, public_url=PUBLIC, clock=Clock(DUE)).run() == 0
    assert own.bodies == [] and shared.bodies == []


def test_a_digest_waits_as_asked_and_a_refused_one_is_given_up(engine: Engine,
                                                               tmp_path: Path) -> None:
    own, shared = Receiver([(429, {"Retry-After": "120"}), 200]), Receiver([404])
    try:
        config = digest_config(engine, tmp_path, own.url, shared.url)
        clock = Clock(DUE)
        job = DigestJob(config, engine, public_url=PUBLIC, clock=clock)
        assert job.run() == 0 and (len(own.bodies), len(shared.bodies)) == (1, 1)
        clock.now = DUE + timedelta(seconds=60)
        assert job.run() == 0 and len(own.bodies) == 1  # 120 s asked, not our 10 s
        clock.now = DUE + timedelta(seconds=121)
        assert job.run() == 1 and len(own.bodies) == 2
        clock.now = DUE + timedelta(hours=1)
        assert job.run() == 0 and len(shared.bodies) == 1  # 404: given up, not retried
    finally:
        own.stop()
        shared.stop()


def test_the_digest_reports_the_weekly_challenge_as_the_panel_shows_it(
        engine: Engine, tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> None:
    """Kind nps: field reached NPS 50 this week and was recorded by the wall; answers
    that came after take its NPS below the target, yet its win stands, on the panel and
    in the digest. Support has too few answers this week to have an NPS yet."""
    own, shared = receivers
    config = digest_config(engine, tmp_path, own.url, shared.url, language="en",
                           challenge={"kind": "nps", "target": 50, "min_responses": 3})
    seed(engine)  # last week's answers: a race of their own, before this week
    # This week began on Monday 00:00 in Copenhagen (Sunday 23:00 UTC): 8.5 hours ago.
    insert_rows(engine, [response_row(10, "field", minutes_ago=m, now=DUE)
                         for m in (300, 240, 200)]
                + [response_row(9, "support", minutes_ago=100, now=DUE)])
    wall = ChallengeTracker(config)  # the wall's poller saw field reach the target
    board, wins = wall.update(engine, DUE - timedelta(minutes=195), 1)
    assert [w.team for w in wins] == ["field"]
    insert_rows(engine, [response_row(0, "field", minutes_ago=m, now=DUE)
                         for m in (70, 50)])  # with seed's 5: NPS 0 now, yet the win stands
    panel = board_json(wall.update(engine, DUE, 2)[0])
    assert panel["winners"] == ["field"]
    assert [(s["team"], s["value"], s["place"]) for s in panel["standings"]] == [
        ("field", 0.0, 1), ("support", None, None)]

    assert DigestJob(config, engine, public_url=PUBLIC, clock=Clock(DUE)).run() == 2
    support, field = own.bodies[0]["text"], shared.bodies[0]["text"]
    rule = ("Weekly challenge: First team to an NPS of 50 on 3 or more responses "
            "this week wins")
    for text in (support, field):
        assert rule in text
        assert "Made it: 1st Field Service North" in text
        assert "Place 1 of 2 teams by promoters" not in text  # not the last 7 days' race
    assert "Field Service North: NPS 0 · needs 50 · 1st" in field
    assert "Customer Support: 1 of 3 responses" in support


def test_the_digest_says_the_challenge_in_the_walls_language(
        engine: Engine, tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> None:
    own, shared = receivers
    config = digest_config(engine, tmp_path, own.url, shared.url, language="pl",
                           challenge={"kind": "promoters", "target": 2})
    insert_rows(engine, [response_row(10, "support", minutes_ago=m, now=DUE)
                         for m in (300, 200)])
    ChallengeTracker(config).update(engine, DUE - timedelta(minutes=100), 1)
    assert DigestJob(config, engine, public_url=PUBLIC, clock=Clock(DUE)).run() == 2
    support = own.bodies[0]["text"]
    assert "Wyzwanie tygodnia: " in support
    assert "Customer Support: 2 z 2 · 1." in support
    assert "Żaden zespół" not in support and "Miejsce 1 z" not in support
