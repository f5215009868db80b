"""The screens' push stream (/api/stream): state at once, each new snapshot, no replay on
resume, heartbeats, the stale marker; served by the real async server in-process."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from tests.support.snapshot import fixed_snapshot
from tests.support.sse import StreamReader, stream_server
from wallboard.wall.snapshot import Event, SnapshotHolder


def promoter(seq: int, rid: int) -> Event:
    return Event(seq=seq, key=f"promoter:{rid}", kind="promoter", team="support",
                 team_name="Support", score=10, text="Great",
                 answered_at=datetime.now(UTC))


def publish(holder: SnapshotHolder, *events: Event) -> int:
    seq = max((e.seq for e in events), default=0)
    return holder.publish(replace(fixed_snapshot(), events=events, last_seq=seq)).version


def test_stream_sends_retry_and_the_current_state_at_once_then_each_new_snapshot() -> None:
    holder = SnapshotHolder()
    first = publish(holder, promoter(1, 11))
    with stream_server(holder) as (host, port):
        reader = StreamReader(host, port)
        assert reader.status == 200
        assert "content-type: text/event-stream" in reader.headers
        assert "cache-control: no-store" in reader.headers
        hello = reader.frame()
        assert hello.retry is not None and hello.retry >= 1000
        now = reader.event()
        assert now.id == str(first) and now.data["v"] == first
        assert [e["key"] for e in now.data["events"]] == ["promoter:11"]
        assert now.data["build"] == "b1" and now.data["stale"] is False

        second = publish(holder, promoter(1, 11), promoter(2, 12))
        news = reader.event()
        assert news.id == str(second) and news.data["v"] == second
        assert [e["key"] for e in news.data["events"]] == ["promoter:11", "promoter:12"]
        assert news.data["seq"] == 2
        reader.close()


def test_resume_with_last_event_id_gives_the_state_without_replaying_events() -> None:
    holder = SnapshotHolder()
    current = publish(holder, promoter(1, 11))
    with stream_server(holder) as (host, port):
        resumed = StreamReader(host, port, last_id=str(current))
        state = resumed.event()
        assert state.data["v"] == current
        assert "events" not in state.data  # nothing it has not seen: no celebration again
        resumed.close()

        missed = StreamReader(host, port, last_id=str(current - 5))
        assert [e["key"] for e in missed.event().data["events"]] == ["promoter:11"]
        missed.close()


def test_heartbeats_keep_an_idle_stream_alive() -> None:
    holder = SnapshotHolder()
    publish(holder)
    with stream_server(holder, heartbeat=0.2) as (host, port):
        reader = StreamReader(host, port)
        reader.event()
        comments = [reader.frame() for _ in range(3)]
        assert all(f.comments == ["hb"] and f.data is None for f in comments)
        reader.close()


def test_the_stale_marker_is_pushed_when_the_store_cannot_be_read() -> None:
    holder = SnapshotHolder()
    version = publish(holder)
    with stream_server(holder) as (host, port):
        reader = StreamReader(host, port)
        assert reader.event().data["stale"] is False
        for _ in range(3):
            holder.poll_failed("OperationalError: down")
        stale = reader.event()
        assert stale.data["stale"] is True and stale.data["v"] == version
        holder.poll_ok(datetime.now(UTC))
        assert reader.event().data["stale"] is False
        reader.close()


def test_a_new_build_reaches_open_streams_so_screens_reload() -> None:
    holder = SnapshotHolder()
    publish(holder)
    with stream_server(holder, build="new-build") as (host, port):
        reader = StreamReader(host, port, last_id="1")
        assert reader.event().data["build"] == "new-build"
        reader.close()
