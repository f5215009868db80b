"""The control object over a real wall process's push stream: sent first, then only when it
changes for that screen; a malformed key is ignored (anonymous); old pages get none."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.support.configs import write_config
from tests.support.sse import StreamReader
from wallboard.store import open_store
from wallboard.store import screens as fleet

DEVICE = "d" * 32


def frames_until(reader: StreamReader, wanted) -> list:  # noqa: ANN001
    """Read data frames until one matches wanted; return them all."""
    got = []
    while True:
        frame = reader.event()
        got.append(frame)
        if wanted(frame):
            return got


def test_the_stream_tells_a_screen_its_control_and_each_change(tmp_path: Path,
                                                                wall_server) -> None:  # noqa: ANN001
    config = write_config(tmp_path, extra='\n[screens]\npairing = true\n')
    engine = open_store(f"sqlite:///{tmp_path / 'data' / 'wallboard.db'}")
    wall = wall_server(config)
    named = StreamReader("127.0.0.1", wall.port, query=f"device={DEVICE}&screen=Hall")
    other = StreamReader("127.0.0.1", wall.port, query="device=" + "e" * 32)
    malformed = StreamReader("127.0.0.1", wall.port, query="device=nope&w=wide")
    bare = StreamReader("127.0.0.1", wall.port)
    try:
        first, news = named.event(), named.event()
        assert first.event == "control" and first.data["name"] == "Hall"
        assert news.event is None and "v" in news.data     # the control comes first
        waiting = other.event()
        assert waiting.data["code"] and waiting.data["name"] is None
        ignored = malformed.event()                        # ignored: anonymous, no code
        assert ignored.event == "control"
        assert (ignored.data["name"], ignored.data["code"]) == (None, None)
        assert bare.event().event is None                  # an old page: news only
        fleet.request_reload(engine, "hall")
        changed = frames_until(named, lambda f: f.event == "control")[-1]
        assert changed.data["reload"] == 1
        fleet.identify(engine, "Hall", now=datetime.now(UTC))
        assert frames_until(named, lambda f: f.event == "control")[-1].data["identify_until"]
        fleet.pair(engine, waiting.data["code"], "Door", {}, now=datetime.now(UTC))
        assert frames_until(other, lambda f: f.event == "control")[-1].data["name"] == "Door"
        assert [r.name for r in fleet.list_screens(engine)] == ["Door", "Hall"]
    finally:
        for reader in (named, other, malformed, bare):
            reader.close()
        engine.dispose()
