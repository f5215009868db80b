"""The weekly challenge on the wall: the referee's standings, recorded wins, winner events.

The rules are wallboard/core/challenge.py; this module reads the week's answers from the
store, records each team the moment it reaches the target (a win, once recorded, stands and
survives restarts), and celebrates the first three places once each.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from wallboard.config import Config
from wallboard.core.challenge import Board, Rule, standings, standings_by_team, week_of
from wallboard.store import recognition_reads
from wallboard.wall.challenge_answers import ChallengeAnswers
from wallboard.wall.snapshot import Event

CELEBRATED_PLACES = 3           # 1st: the winner's celebration; 2nd and 3rd: a smaller one
CELEBRATE_WITHIN = timedelta(minutes=10)  # a win seen later (a restart) is not celebrated


def rule_of(config: Config) -> Rule | None:
    """Return the challenge's Rule from the config, or None without [challenge]."""
    settings = config.challenge
    if settings is None:
        return None
    targets = {t.key: t.challenge_target for t in config.teams
               if t.challenge_target is not None}
    return Rule(settings.kind, settings.target, settings.min_responses, targets)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def board_json(board: Board | None) -> dict | None:
    """The snapshot's `challenge` as GET /api/snapshot promises it (None without one)."""
    if board is None:
        return None
    return {
        "kind": board.kind, "week_start": _iso(board.week_start),
        "week_end": _iso(board.week_end), "target": board.target,
        "standings": [{"team": s.team, "value": None if s.value is None else round(s.value, 1),
                       "target": s.target, "reached_at": _iso(s.reached_at),
                       "place": s.place, "responses": s.responses} for s in board.standings],
        "winners": [s.team for s in board.standings if s.place is not None],
        "hall_of_fame": [{"week_start": _iso(w), "team": t} for w, t in board.hall_of_fame],
    }


def challenge_board(conn: Connection, config: Config, now: datetime) -> Board | None:
    """Return this week's Board at now as the wall's panel shows it, reading only: the wins
    the wall recorded stand, the rest are raced from the store's answers (the digest's)."""
    rule = rule_of(config)
    if rule is None:
        return None
    tz = config.wall.timezone
    week = week_of(now, tz)
    span = week[1] - week[0]
    answers = recognition_reads.answers_since(
        conn, week[0] - span if rule.kind == "improvement" else week[0])
    recorded = recognition_reads.recorded_wins(conn, week[0], rule.kind)
    rows = standings(rule, answers, [t.key for t in config.teams], week=week, now=now,
                     recorded=recorded)
    hall = recognition_reads.hall_of_fame(conn, before=week[0],
                                          weeks=config.challenge.hall_of_fame_weeks)
    return Board(rule.kind, week[0], week[1], rule.target, rows, tuple(hall))


class ChallengeTracker:
    """Keep the week's standings and record wins; one per poller (not thread-safe)."""

    def __init__(self, config: Config, *, followed: bool = False) -> None:
        """followed: the poller passes every change it reads to `answers` (changed, forget),
        so they are read from the store once; otherwise they are read at every update."""
        self.config, self.rule = config, rule_of(config)
        self.seen_from: datetime | None = None
        self.celebrated: set[str] = set()
        self.answers = ChallengeAnswers()
        self.followed = followed

    def update(self, engine: Engine, now: datetime, seq: int) -> tuple[Board | None, list[Event]]:
        """Return this week's Board and the winner celebrations due now."""
        if self.rule is None:
            return None, []
        rule, tz = self.rule, self.config.wall.timezone
        week = week_of(now, tz)
        last = week_of(week[0] - timedelta(seconds=1), tz)
        teams = [t.key for t in self.config.teams]
        events: list[Event] = []
        with engine.begin() as conn:
            # improvement decides last week when it ends (its week before counts too);
            # the races need this week's answers only
            if not self.followed:
                self.answers.forget()
            self.answers.fresh(conn, last[0] - (last[1] - last[0])
                               if rule.kind == "improvement" else week[0])
            answers = self.answers.by_team()
            if rule.kind == "improvement":  # last week's race is decided now that it ended
                self._record(conn, rule, answers, teams, last, last[1], events, now, seq)
            rows = self._record(conn, rule, answers, teams, week, now, events, now, seq)
            hall = recognition_reads.hall_of_fame(
                conn, before=week[0], weeks=self.config.challenge.hall_of_fame_weeks)
        self.seen_from = now
        board = Board(rule.kind, week[0], week[1], rule.target, rows, tuple(hall))
        return board, events

    def _record(self, conn, rule: Rule, answers: dict, teams: list[str],  # noqa: ANN001
                week: tuple[datetime, datetime], at: datetime, events: list[Event],
                now: datetime, seq: int) -> tuple:
        recorded = recognition_reads.recorded_wins(conn, week[0], rule.kind)
        raced = self.answers.races(rule, week, at) if rule.kind != "improvement" else None
        rows = standings_by_team(rule, answers, teams, week=week, now=at, recorded=recorded,
                                 seen_from=self.seen_from, raced=raced)
        for row in rows:
            if row.reached_at is not None and row.team not in recorded:
                recognition_reads.record_win(conn, week_start=week[0], kind=rule.kind,
                                             team=row.team, reached_at=row.reached_at,
                                             value=row.value)
            key = f"challenge:{week[0]:%Y-%m-%d}:{rule.kind}:{row.team}"
            fresh = row.reached_at is not None and row.reached_at > now - CELEBRATE_WITHIN
            if row.place is not None and row.place <= CELEBRATED_PLACES and fresh \
                    and key not in self.celebrated:
                self.celebrated.add(key)
                events.append(self._event(key, row, week[0], seq))
        return rows

    def _event(self, key: str, row, week_start: datetime, seq: int) -> Event:  # noqa: ANN001
        team = self.config.team(row.team)
        return Event(
            seq=seq, key=key, kind="challenge-winner", team=row.team,
            team_name=self.config.team_name(row.team), value=row.value, goal=row.target,
            text=self.rule.kind,  # the screen words the feat by the challenge's kind
            place=row.place, took_seconds=int((row.reached_at - week_start).total_seconds()),
            accent=team.accent_color if team else None,
            emoji=team.accent_emoji if team else None)
