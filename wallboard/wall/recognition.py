"""Celebrations with manners: hidden employees, bursts, personal milestones, team accents.

- An employee in `[privacy] hidden_employees` is never named on the wall; their promoters
  are still celebrated, for the team, and they get no personal milestone.
- BURST_SIZE or more promoters within BURST_WINDOW of each other become one "burst"
  celebration (count, teams, a few words) instead of a queue. A burst stays open while
  promoters keep coming within the window: they join it instead of starting a new one.
- An employee's 10th, 25th, 50th, 100th and every further hundredth promoter of all time
  (every 9 or 10 stored with their name) is celebrated with name and count.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Engine

from wallboard.config import Config
from wallboard.store import recognition_reads
from wallboard.wall.challenge import ChallengeTracker
from wallboard.wall.panels.text import clip
from wallboard.wall.snapshot import Event

BURST_SIZE = 5
BURST_WINDOW = timedelta(minutes=1)
BURST_QUOTES = 3          # a few of the customers' words
BURST_QUOTE_CHARS = 90
FIRST_MILESTONES = (10, 25, 50, 100)

Events = deque[tuple[datetime, Event]]


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def is_hidden(config: Config, name: object) -> bool:
    """Return whether an employee is kept off the wall (names compared case-insensitively)."""
    if not isinstance(name, str) or not name.strip():
        return False
    return _norm(name) in {_norm(n) for n in config.privacy.hidden_employees}


def shown_employee(config: Config, name: object) -> str | None:
    """Return the employee's name as the wall may show it: None if empty or hidden."""
    if not isinstance(name, str) or not name or is_hidden(config, name):
        return None
    return name


def accent(config: Config, team: str) -> dict[str, str | None]:
    """Return the team's accent colour and emoji (None when not configured)."""
    found = config.team(team)
    return {"accent": found.accent_color if found else None,
            "emoji": found.accent_emoji if found else None}


def milestones_between(before: int, after: int) -> list[int]:
    """Return the milestone counts in (before, after]: 10, 25, 50, 100, 200, 300 ..."""
    marks = [m for m in FIRST_MILESTONES if before < m <= after]
    hundred = max(before // 100 + 1, 2) * 100
    marks += list(range(hundred, after + 1, 100))
    return sorted(set(marks))


def _quote(text: str) -> str:
    return clip(text, BURST_QUOTE_CHARS)  # on a word boundary


def _burst(promoters: Iterable[Event], key: str | None = None,
           base: Event | None = None) -> Event:
    items = list(promoters)
    teams = list(dict.fromkeys([*(base.teams if base else ()), *(e.team_name for e in items)]))
    keys = list(dict.fromkeys([*(base.team_keys if base else ()), *(e.team for e in items)]))
    quotes = list(base.quotes) if base else []
    for e in items:
        if e.text and len(quotes) < BURST_QUOTES:
            quotes.append(_quote(e.text))
    count = (base.count or 0) + len(items) if base else len(items)
    first = base or items[0]
    return Event(seq=max(e.seq for e in [*items, first]), key=key or f"burst:{items[0].key}",
                 kind="burst", team=first.team, team_name=first.team_name, count=count,
                 teams=tuple(teams), team_keys=tuple(keys), quotes=tuple(quotes))


def emit(events: Events, now: datetime, event: Event, *, burst_size: int = BURST_SIZE) -> None:
    """Queue one event; burst_size promoters close together are folded into a burst (0:
    never)."""
    if event.kind != "promoter" or burst_size == 0:
        events.append((now, event))
        return
    since = now - BURST_WINDOW
    open_burst = next((i for i in range(len(events) - 1, -1, -1)
                       if events[i][1].kind == "burst" and events[i][0] > since), None)
    if open_burst is not None:
        burst = events[open_burst][1]
        del events[open_burst]
        events.append((now, _burst([event], key=burst.key, base=burst)))
        return
    recent = [e for seen, e in events if e.kind == "promoter" and seen > since]
    if len(recent) + 1 < burst_size:
        events.append((now, event))
        return
    folded = {e.key for e in recent}
    kept = [(seen, e) for seen, e in events if e.key not in folded]
    events.clear()
    events.extend(kept)
    events.append((now, _burst([*recent, event])))


class Recognition:
    """What the poller adds to each snapshot: milestones now due, and the challenge board."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.pending: dict[str, list[Event]] = {}   # employee -> promoters not yet counted
        self.challenge = ChallengeTracker(config, followed=True)  # the poller tells changes

    def shown(self, event: Event) -> Event:
        """Return an event as the wall shows it (team accent, a hidden employee unnamed);
        note a promoter's employee for the milestones."""
        if event.kind != "promoter":
            return replace(event, **accent(self.config, event.team)) if not event.accent \
                else event
        name = event.employee
        if name and not is_hidden(self.config, name):
            self.pending.setdefault(name, []).append(event)
        return replace(event, employee=shown_employee(self.config, name),
                       **accent(self.config, event.team))

    def changed(self, ids: set[int], rows: pd.DataFrame) -> None:
        """Take the responses the poller saw change (rows: as they are now)."""
        self.challenge.answers.changed(ids, rows)

    def forget(self) -> None:
        """The poller read its window whole again: so does the challenge, next time."""
        self.challenge.answers.forget()

    def publish(self, engine: Engine, events: Events, now: datetime, seq: int):  # noqa: ANN201
        """Emit the milestones and challenge wins due; return this week's Board (or None)."""
        pending, self.pending = self.pending, {}
        if pending:
            with engine.connect() as conn:
                counts = recognition_reads.promoter_counts(conn, set(pending))
            for name, promoters in pending.items():
                after = counts.get(name, 0)
                for mark in milestones_between(max(after - len(promoters), 0), after):
                    last = promoters[-1]
                    events.append((now, Event(
                        seq=max(seq, last.seq), key=f"employee-milestone:{name}:{mark}",
                        kind="employee-milestone", team=last.team, team_name=last.team_name,
                        employee=name, count=mark, **accent(self.config, last.team))))
        board, wins = self.challenge.update(engine, now, seq)
        for win in wins:
            events.append((now, win))
        return board
