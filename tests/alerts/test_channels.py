"""Per-team chat channels: each detractor goes to its team's webhook only, against two real
local receivers; teams without their own URL use [followup] notify_url.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from tests.support.alerts import PUBLIC, TEAMS, Clock, Receiver, burst, outbox, response_id
from tests.support.data import insert_rows, response_row
from wallboard.alerts import Notifier, channel_for, channels_of, watchers_for
from wallboard.config import Config, parse_config
from wallboard.store import FOLLOWUP
from wallboard.wall.poller import Poller
from wallboard.wall.snapshot import SnapshotHolder


@pytest.fixture
def receivers() -> Iterator[tuple[Receiver, Receiver]]:
    """Two channels that accept everything: the support team's own and the global one."""
    own, shared = Receiver([]), Receiver([])
    yield own, shared
    own.stop()
    shared.stop()


def channel_config(engine: Engine, tmp_path: Path, own: str, shared: str,
                   **wall: object) -> Config:
    url = engine.url.render_as_string(hide_password=False)
    teams = [{**TEAMS[0], "notify_url": own}, TEAMS[1]]
    return parse_config({"store": {"url": url}, "wall": {"min_responses": 3, **wall},
                         "followup": {"notify_url": shared, "public_url": PUBLIC},
                         "teams": teams}, tmp_path / "config.toml")


def poller_for(config: Config, engine: Engine) -> Poller:
    poller = Poller(config, engine, SnapshotHolder(), listeners=watchers_for(config, engine))
    assert poller.poll() is not None
    return poller


def test_channels_from_the_config(engine: Engine, tmp_path: Path) -> None:
    config = channel_config(engine, tmp_path, "http://a.example/x", "http://b.example/y")
    assert [c.url for c in channels_of(config)] == ["http://a.example/x", "http://b.example/y"]
    assert channel_for(config, "support").url == "http://a.example/x"
    assert channel_for(config, "field").url == "http://b.example/y"
    assert channel_for(config, "unknown-team").url == "http://b.example/y"
    same = channel_config(engine, tmp_path, "http://b.example/y", "http://b.example/y")
    assert len(channels_of(same)) == 1  # one URL, one channel, one rate limit
    alone = channel_config(engine, tmp_path, "http://a.example/x", "")
    assert channel_for(alone, "field") is None and channel_for(alone, "support") is not None


def test_config_refuses_a_team_url_that_is_not_http(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="http"):
        parse_config({"teams": [{**TEAMS[0], "notify_url": "ftp://x"}]}, tmp_path / "c.toml")


def test_a_detractor_reaches_its_teams_channel_only(
        engine: Engine, tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> None:
    own, shared = receivers
    config = channel_config(engine, tmp_path, own.url, shared.url)
    poller, clock = poller_for(config, engine), Clock()
    notifier = Notifier(config, engine, public_url=PUBLIC, clock=clock)
    insert_rows(engine, [response_row(2, "support", external_id="s1", employee="Anna"),
                         response_row(4, "field", external_id="f1", employee="Piotr")])
    poller.poll()
    with engine.begin() as conn:  # someone already took the support detractor on
        conn.execute(insert(FOLLOWUP).values(response_id=response_id(engine, "s1"),
                                             owner="Bo Berg", status="open",
                                             created_at=clock()))
    assert notifier.deliver_due() == 2
    assert [b["text"].rsplit("response=", 1)[1] for b in own.bodies] == \
        [str(response_id(engine, "s1"))]
    assert [b["text"].rsplit("response=", 1)[1] for b in shared.bodies] == \
        [str(response_id(engine, "f1"))]
    assert "Customer Support" in own.bodies[0]["text"] and "Anna" in own.bodies[0]["text"]
    assert "follow-up by Bo Berg" in own.bodies[0]["text"]
    assert "Field Service North" in shared.bodies[0]["text"]
    assert "Piotr" in shared.bodies[0]["text"] and "follow-up by" not in shared.bodies[0]["text"]
    assert all(row.delivered_at is not None for row in outbox(engine))
    assert notifier.deliver_due() == 0  # once
    assert (len(own.bodies), len(shared.bodies)) == (1, 1)


def test_without_a_global_url_only_teams_with_their_own_are_told(
        engine: Engine, tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> None:
    own, _ = receivers
    config = channel_config(engine, tmp_path, own.url, "")
    poller, clock = poller_for(config, engine), Clock()
    insert_rows(engine, [response_row(2, "support", external_id="s1"),
                         response_row(4, "field", external_id="f1")])
    poller.poll()
    assert [row.response_id for row in outbox(engine)] == [response_id(engine, "s1")]
    assert Notifier(config, engine, public_url=PUBLIC, clock=clock).deliver_due() == 1
    assert len(own.bodies) == 1


def test_a_burst_is_summarised_per_channel(
        engine: Engine, tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> None:
    own, shared = receivers
    config = channel_config(engine, tmp_path, own.url, shared.url)
    poller, clock = poller_for(config, engine), Clock()
    notifier = Notifier(config, engine, public_url=PUBLIC, clock=clock)
    burst(engine, support=14, field=2)  # a burst in support's channel only
    poller.poll()
    assert notifier.deliver_due() == 16
    own_singles = [b for b in own.bodies if "response=" in b["text"]]
    own_summaries = [b for b in own.bodies if "response=" not in b["text"]]
    assert len(own_singles) == 5 and len(own_summaries) == 1
    assert "Field Service North" not in own_summaries[0]["text"]
    assert len(shared.bodies) == 2  # the other channel's two are sent on their own
    assert all("response=" in b["text"] for b in shared.bodies)


def test_the_rate_limit_is_counted_per_channel(
        engine: Engine, tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> None:
    own, shared = receivers
    config = channel_config(engine, tmp_path, own.url, shared.url)
    poller, clock = poller_for(config, engine), Clock()
    notifier = Notifier(config, engine, public_url=PUBLIC, clock=clock, rate_limit=3)
    insert_rows(engine, [response_row(2, "support") for _ in range(4)] +
                [response_row(3, "field") for _ in range(2)])
    poller.poll()
    assert notifier.deliver_due() == 5  # support's channel is full at 3; field's is not
    assert (len(own.bodies), len(shared.bodies)) == (3, 2)
    clock.advance(61)
    assert notifier.deliver_due() == 1 and len(own.bodies) == 4
