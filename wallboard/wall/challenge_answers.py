"""The challenge's answers held in memory and kept current from the poller's changes.

Reading the week's answers from the store on every new response cost 0.1-0.4 s at
1,000,000 responses (35,000 answers a week at 200 teams), and racing all teams again as
much: the poller would miss its 50 ms. Here they are read once (at start, after a reload
of the window, and when the week turns), then each change the poller read (insert, edit or
delete: the poller's change log reading is gap-aware) replaces its answer, and only the
teams it touched are raced again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd
from sqlalchemy.engine import Connection

from wallboard.core.challenge import Answer, Rule, Standing, team_race
from wallboard.store import recognition_reads


class ChallengeAnswers:
    """The answers given since a moment, by team, and the races run on them."""

    def __init__(self) -> None:
        self.since: datetime | None = None     # None: read them at the next `fresh`
        self.by_id: dict[int, Answer] = {}
        self.teams: dict[str, dict[int, Answer]] = {}
        self.raced: dict[str, Standing] = {}
        self.raced_week: tuple | None = None   # the week the races were run for

    def forget(self) -> None:
        """Read everything again at the next `fresh` (the poller reloaded its window)."""
        self.since = None

    def fresh(self, conn: Connection, since: datetime) -> None:
        """Read the answers given since `since` unless they are held already."""
        if self.since == since:
            return
        self.by_id, self.teams, self.raced, self.since = {}, {}, {}, since
        for response_id, answer in recognition_reads.answers_with_ids(conn, since):
            self._put(response_id, answer)

    def changed(self, ids: set[int], rows: pd.DataFrame) -> None:
        """Take the poller's changes: ids changed, rows (wall_reads.DETAIL_COLUMNS) as now."""
        if self.since is None:
            return
        for response_id in ids:
            old = self.by_id.pop(response_id, None)
            if old is not None:
                self.teams[old.team].pop(response_id, None)
                self.raced.pop(old.team, None)
        since = pd.Timestamp(self.since)
        for row in rows.itertuples():
            if row.answered_at >= since:
                self._put(int(row.id), Answer(row.team, int(row.score),
                                              row.answered_at.to_pydatetime(),
                                              row.received_at.to_pydatetime()))

    def _put(self, response_id: int, answer: Answer) -> None:
        self.by_id[response_id] = answer
        self.teams.setdefault(answer.team, {})[response_id] = answer
        self.raced.pop(answer.team, None)

    def by_team(self) -> dict[str, Iterable[Answer]]:
        """Return each team's answers as live views (no copy: read them before a change)."""
        return {team: rows.values() for team, rows in self.teams.items()}

    def races(self, rule: Rule, week: tuple[datetime, datetime],
              now: datetime) -> dict[str, Standing]:
        """Return every team's race (kinds promoters and nps), run again only for the teams
        whose answers changed since; a team holding an answer received after `now` (another
        writer's clock ahead) is run again each time until that answer counts."""
        if self.raced_week != week:
            self.raced, self.raced_week = {}, week
        out = {}
        for team, rows in self.teams.items():
            race = self.raced.get(team)
            if race is None:
                answers = list(rows.values())
                race = team_race(rule, team, answers, week=week, now=now)
                if all(a.received_at <= now for a in answers):
                    self.raced[team] = race
            out[team] = race
        return out
