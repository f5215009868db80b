"""Chat channels: which webhook hears about which team's detractors and digests.

A team with its own `notify_url` has its own channel; every other team (and a team known
only from the store) uses `[followup] notify_url`. Teams that name the same URL share one
channel, so its rate limit and burst summary count their messages together.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, true

from wallboard.config import Config
from wallboard.store import RESPONSE


@dataclass(frozen=True)
class Channel:
    """One webhook and the teams it hears: keys, or (others) every team but keys."""

    url: str
    keys: frozenset[str]
    others: bool = False

    def hears(self, team_key: str) -> bool:
        """Whether this channel is told about the team's detractors."""
        return (team_key not in self.keys) if self.others else (team_key in self.keys)


def channels_of(config: Config) -> tuple[Channel, ...]:
    """Return the configured channels: one per distinct URL; none without any URL."""
    own: dict[str, set[str]] = {}
    for team in config.teams:
        if team.notify_url:
            own.setdefault(team.notify_url, set()).add(team.key)
    teams_with_own = frozenset().union(*own.values()) if own else frozenset()
    channels = [Channel(url, frozenset(keys)) for url, keys in own.items()
                if url != config.followup.notify_url]
    shared = own.get(config.followup.notify_url, set())
    # The global channel hears every team without its own URL, and any team that names
    # the global URL as its own. Without a global URL, those teams are not told.
    fallback = Channel(config.followup.notify_url, teams_with_own - shared, others=True)
    return (*channels, fallback) if config.followup.notify_url else tuple(channels)


def channel_for(config: Config, team_key: str) -> Channel | None:
    """Return the channel that hears this team, None when no URL covers it."""
    return next((c for c in channels_of(config) if c.hears(team_key)), None)


def told_teams(config: Config) -> Channel | None:
    """Return which teams any channel hears, as one channel-like filter (None: every team)."""
    if config.followup.notify_url:
        return None
    keys = frozenset(t.key for t in config.teams if t.notify_url)
    return Channel("", keys)


def in_channel(response_id, channel: Channel | None):  # noqa: ANN001, ANN201
    """Condition on a response id column: its response belongs to the channel's teams.

    A correlated EXISTS on the response's primary key, so each candidate row costs one index
    look-up however many responses the teams have. For the global channel (others), a
    response that is gone counts as its own: a row left by a writer without cascades is then
    still found, and dropped, by that channel.
    """
    if channel is None:
        return true()
    member = RESPONSE.alias("channel_response")
    belongs = exists().where(member.c.id == response_id,
                             member.c.team_key.in_(sorted(channel.keys)))
    return ~belongs if channel.others else belongs
