"""The weekly challenge's rules, as a fair referee applies them: pure functions on answers.

- The week starts on Monday at 00:00 in the wall's time zone and ends at the next Monday's
  00:00 (a daylight-saving week is 167 or 169 hours long). Only answers given in the week count.
- A team reaches the target at the moment the store *received* the answer that took it there:
  that is when the wall could know, so the race on the screens and the referee agree, and an
  import of old answers cannot overtake a team that is already celebrated.
- Ties: teams that reach the target within the same second share the place.
- A team that joins mid-week races with the answers it has; nobody is handicapped.
- A win, once reached and recorded, stands: an answer edited or deleted later changes the
  team's value on the panel but never takes back its place (the screens have celebrated it).
  An answer edited up later counts from the moment the referee sees the edit.
- `improvement` (NPS this week minus last week, both on at least min_responses answers) is
  decided when the week ends; the biggest rise wins, equal rises share the place.
- A week in which nobody reaches the target has no winner and no hall-of-fame entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

KINDS = ("promoters", "nps", "improvement")


@dataclass(frozen=True)
class Answer:
    """One answer as the referee sees it."""

    team: str
    score: int
    answered_at: datetime
    received_at: datetime


@dataclass(frozen=True)
class Rule:
    """This challenge: kind, the common target, per-team targets and the NPS's minimum."""

    kind: str
    target: float | None
    min_responses: int = 10
    targets: Mapping[str, float] = field(default_factory=dict)

    def target_for(self, team: str) -> float | None:
        if self.kind == "improvement":
            return None
        return self.targets.get(team, self.target)


@dataclass(frozen=True)
class Standing:
    """A team's place in this week's race; reached_at and place are None until reached."""

    team: str
    value: float | None
    target: float | None
    reached_at: datetime | None
    place: int | None = None
    responses: int = 0


@dataclass(frozen=True)
class Board:
    """This week's challenge as the wall shows it, with the last weeks' first places."""

    kind: str
    week_start: datetime
    week_end: datetime
    target: float | None
    standings: tuple[Standing, ...]
    hall_of_fame: tuple[tuple[datetime, str], ...] = ()


def week_of(moment: datetime, tz: str) -> tuple[datetime, datetime]:
    """Return the UTC start and end of the week (Monday 00:00 local) that holds moment."""
    zone = ZoneInfo(tz)
    local = moment.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def _nps(promoters: int, detractors: int, responses: int) -> float:
    return 100.0 * (promoters - detractors) / responses


def _in(answers: Iterable[Answer], start: datetime, end: datetime,
        now: datetime) -> list[Answer]:
    chosen = [a for a in answers if start <= a.answered_at < end and a.received_at <= now]
    return sorted(chosen, key=lambda a: (a.received_at, a.answered_at))


def _by_team(answers: Iterable[Answer]) -> dict[str, list[Answer]]:
    """Group answers by team, keeping their order (one pass, not one per team)."""
    out: dict[str, list[Answer]] = {}
    for answer in answers:
        out.setdefault(answer.team, []).append(answer)
    return out


def _race(rule: Rule, team: str, answers: Sequence[Answer]) -> Standing:
    """Walk the team's answers in the order they were received; note when the target fell."""
    target = rule.target_for(team)
    promoters = detractors = 0
    reached = None
    for i, answer in enumerate(answers, 1):
        promoters += answer.score >= 9
        detractors += answer.score <= 6
        if reached is None and target is not None:
            if rule.kind == "promoters":
                hit = promoters >= target
            else:
                hit = i >= rule.min_responses and _nps(promoters, detractors, i) >= target
            if hit:
                reached = answer.received_at
    n = len(answers)
    if rule.kind == "promoters":
        value: float | None = float(promoters)
    else:
        value = _nps(promoters, detractors, n) if n >= rule.min_responses else None
    return Standing(team, value, target, reached, None, n)


def _nps_of(answers: Sequence[Answer], min_responses: int) -> float | None:
    if len(answers) < min_responses:
        return None
    return _nps(sum(a.score >= 9 for a in answers), sum(a.score <= 6 for a in answers),
                len(answers))


def _improvement(rule: Rule, team: str, this: Sequence[Answer], last: Sequence[Answer],
                 ) -> Standing:
    now_nps, then_nps = _nps_of(this, rule.min_responses), _nps_of(last, rule.min_responses)
    value = None if now_nps is None or then_nps is None else now_nps - then_nps
    return Standing(team, value, None, None, None, len(this))


def second(moment: datetime) -> datetime:
    """Return moment to the second: the referee's resolution (same second, same place)."""
    return moment.replace(microsecond=0)


def placed(standings: Iterable[Standing]) -> tuple[Standing, ...]:
    """Give places by reached_at (to the second, ties share); reached first, then by value."""
    rows = list(standings)
    times = [second(s.reached_at) for s in rows if s.reached_at is not None]
    out = []
    for s in rows:
        place = None
        if s.reached_at is not None:
            place = 1 + sum(t < second(s.reached_at) for t in times)
        out.append(Standing(s.team, s.value, s.target, s.reached_at, place, s.responses))
    far = datetime.max.replace(tzinfo=UTC)
    return tuple(sorted(out, key=lambda s: (
        s.reached_at is None, second(s.reached_at) if s.reached_at else far,
        -(s.value if s.value is not None else -1e9), s.team)))


def standings(rule: Rule, answers: Iterable[Answer], teams: Iterable[str], *,
              week: tuple[datetime, datetime], now: datetime,
              recorded: Mapping[str, datetime] | None = None,
              seen_from: datetime | None = None) -> tuple[Standing, ...]:
    """Return every team's standing this week at `now`, first to reach the target first.

    recorded: reached_at of wins already recorded this week (they stand, whatever the answers
    say now). seen_from: when the referee last looked; a target reached by an answer received
    earlier (an edit of an old answer) counts from seen_from, not from the old answer.
    """
    return standings_by_team(rule, _by_team(answers), teams, week=week, now=now,
                             recorded=recorded, seen_from=seen_from)


def race_keys(teams: Iterable[str], recorded: Mapping[str, datetime],
              by_team: Mapping[str, Iterable[Answer]],
              week: tuple[datetime, datetime]) -> list[str]:
    """Return the teams in the race: configured, recorded, then any with an answer this week."""
    start, end = week
    given = [k for k, rows in by_team.items() if any(start <= a.answered_at < end for a in rows)]
    return list(dict.fromkeys([*teams, *recorded, *given]))


def team_race(rule: Rule, team: str, answers: Iterable[Answer], *,
              week: tuple[datetime, datetime], now: datetime) -> Standing:
    """Return one team's race (kinds promoters and nps) on its answers, unplaced."""
    return _race(rule, team, _in(answers, *week, now))


def standings_by_team(rule: Rule, by_team: Mapping[str, Iterable[Answer]],
                      teams: Iterable[str], *, week: tuple[datetime, datetime], now: datetime,
                      recorded: Mapping[str, datetime] | None = None,
                      seen_from: datetime | None = None,
                      raced: Mapping[str, Standing] | None = None) -> tuple[Standing, ...]:
    """`standings` on answers grouped by team; raced: races already run (kinds promoters
    and nps) on the same answers at the same moment, not run again."""
    recorded, raced = recorded or {}, raced or {}
    start, end = week
    keys = race_keys(teams, recorded, by_team, week)
    if rule.kind == "improvement":
        span = end - start
        rows = [_improvement(rule, k, _in(by_team.get(k, []), start, end, now),
                             _in(by_team.get(k, []), start - span, start, now)) for k in keys]
        best = max((r.value for r in rows if r.value is not None), default=None)
        if now >= end and best is not None:  # decided when the week ends
            rows = [Standing(r.team, r.value, None, end if r.value == best else None, None,
                             r.responses) for r in rows]
    else:
        rows = [raced.get(k) or team_race(rule, k, by_team.get(k, []), week=week, now=now)
                for k in keys]
    fixed = []
    for r in rows:
        reached = recorded.get(r.team, r.reached_at)
        if r.team not in recorded and reached is not None and seen_from is not None:
            reached = max(reached, seen_from)
        fixed.append(Standing(r.team, r.value, r.target, reached, None, r.responses))
    return placed(fixed)


def winners(rows: Iterable[Standing]) -> list[str]:
    """Return the teams that made it, in the order they did."""
    return [s.team for s in rows if s.place is not None]


def first_place(rows: Iterable[Standing]) -> list[str]:
    """Return the week's winners: every team in first place (ties share it)."""
    return [s.team for s in rows if s.place == 1]
