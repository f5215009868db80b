"""The weekly digest job: at [digest] weekday and time (wall's time zone) each configured
team's channel gets its digest, once, whatever the number of processes.

`DigestJob.run` runs every minute. From the due moment until that local day ends, it claims
each team's digest (digest_claims.py), reads the numbers and posts; a failed post is retried
with the notifications' backoff until the day ends. Started after the due moment (the wall
was down), it posts the digests still missing that day.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from wallboard.alerts.channels import channel_for
from wallboard.alerts.delivery import RETRY_AFTER_MAX_SECONDS, TIMEOUT_SECONDS, retry_delay
from wallboard.alerts.digest_claims import claim, claim_key, finish
from wallboard.alerts.digest_message import DigestNumbers, digest_message
from wallboard.alerts.send import post_json
from wallboard.config import Config, Team
from wallboard.core.nps import team_stats
from wallboard.core.week_counts import digest_due, week_counts
from wallboard.store.wall_reads import followup_counts, load_responses, recent_comments
from wallboard.wall import challenge_board

log = logging.getLogger("wallboard.alerts")
WEEK = timedelta(days=7)
BEST_COMMENTS = 3


def best_comments(frame: pd.DataFrame, n: int = BEST_COMMENTS) -> tuple[str, ...]:
    """Pick the n best promoter comments: highest score, then the fuller words, then newest."""
    if frame.empty:
        return ()
    rows = frame.assign(length=frame["comment"].astype(str).str.strip().str.len())
    rows = rows[rows["length"] > 0].sort_values(["score", "length", "answered_at"],
                                                 ascending=[False, False, False])
    return tuple(str(c).strip() for c in rows["comment"].head(n))


def _stat(stats: pd.DataFrame, key: str, column: str) -> float | None:
    value = stats.at[key, column] if key in stats.index else None
    return None if value is None or pd.isna(value) else float(value)


def team_numbers(conn: Connection, config: Config, team: Team, *, due: datetime,
                 now: datetime) -> DigestNumbers:
    """Read one team's digest numbers from the store (a few queries)."""
    wall = config.wall
    frame = load_responses(conn, since=now - timedelta(days=wall.window_days) - WEEK)
    teams = config.teams
    stats = team_stats(frame, teams, end=now, days=wall.window_days,
                       min_responses=wall.min_responses)
    before = team_stats(frame, teams, end=now - WEEK, days=wall.window_days,
                        min_responses=wall.min_responses)
    enough = bool(stats.at[team.key, "enough"])
    was_enough = bool(before.at[team.key, "enough"])
    week = week_counts(frame, start=now - WEEK, end=now)
    place = list(week.index).index(team.key) + 1 if team.key in week.index else None
    comments = recent_comments(conn, team=team.key, scores=(9, 10), since=now - WEEK,
                               limit=200)
    counts = followup_counts(conn, since=now - timedelta(days=wall.window_days),
                             overdue_before=now - timedelta(hours=config.followup.sla_hours))
    open_, overdue = counts.get(team.key, (0, 0))
    board = challenge_board(conn, config, now)
    return DigestNumbers(
        team_key=team.key, team_name=team.name, due=due,
        nps=_stat(stats, team.key, "nps") if enough else None,
        responses=int(stats.at[team.key, "responses"]), min_responses=wall.min_responses,
        days=wall.window_days, goal=team.goal,
        previous_nps=_stat(before, team.key, "nps") if was_enough else None,
        week_responses=int(week.at[team.key, "responses"]) if place else 0,
        week_promoters=int(week.at[team.key, "promoters"]) if place else 0,
        place=place, teams=len(week.index), comments=best_comments(comments),
        open_followups=open_, overdue_followups=overdue, challenge=board,
        challenge_min_responses=config.challenge.min_responses if board else 0,
        challenge_names=tuple((k, config.team_name(k)) for k in dict.fromkeys(
            [s.team for s in board.standings] + [t for _, t in board.hall_of_fame]))
        if board else ())


class DigestJob:
    """Post each configured team's weekly digest to its channel; run `run` as a job.

    Not re-entrant: schedule it with max_instances=1. Several processes may each run one.
    """

    def __init__(self, config: Config, engine: Engine, *, public_url: str,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self.config, self.engine, self.public_url = config, engine, public_url.rstrip("/")
        self.clock, self.timeout = clock, timeout

    def run(self) -> int:
        """Post the digests due now that no process posted yet; return how many were posted.

        Never raises: a store that cannot be read is logged and tried again next run.
        """
        digest, wall = self.config.digest, self.config.wall
        due = digest_due(self.clock(), wall.timezone, digest.weekday, digest.time)
        if not digest.enabled or due is None:
            return 0
        posted = 0
        for team in self.config.teams:
            try:
                posted += self._post_team(team, *due)
            except Exception as exc:  # the store is down: the claim waits in it
                log.warning("digest of team %s: cannot read the store: %s", team.key, exc)
        return posted

    def _post_team(self, team: Team, due: datetime, day_end: datetime) -> int:
        channel = channel_for(self.config, team.key)
        if channel is None:
            return 0
        key = claim_key(team.key, due)
        with self.engine.begin() as conn:
            attempt = claim(conn, key=key, due=due, now=self.clock())
        if attempt is None:
            return 0
        with self.engine.connect() as conn:
            numbers = team_numbers(conn, self.config, team, due=due, now=self.clock())
        body = digest_message(numbers, lang=self.config.wall.language,
                              tz=self.config.wall.timezone, public_url=self.public_url)
        outcome = post_json(channel.url, body, timeout=self.timeout, now=self.clock())
        now = self.clock()
        wait = retry_delay(attempt)
        if outcome.retry_after is not None:  # the receiver asked for a pause
            wait = max(wait, timedelta(seconds=min(outcome.retry_after,
                                                   RETRY_AFTER_MAX_SECONDS)))
        retry_at = None if outcome.ok or outcome.permanent else now + wait
        if retry_at is not None and retry_at >= day_end:
            retry_at = None  # a digest is for its day: not posted after it
        with self.engine.begin() as conn:
            finish(conn, key=key, now=now, retry_at=retry_at,
                   error="" if outcome.ok else f"attempt {attempt}: {outcome.error}")
        if outcome.ok:
            log.info("digest of team %s posted, attempt %d", team.key, attempt)
            return 1
        log.warning("digest of team %s failed, attempt %d: %s; %s", team.key, attempt,
                    outcome.error, f"retry at {retry_at:%H:%M:%S} UTC" if retry_at
                    else "given up")
        return 0
