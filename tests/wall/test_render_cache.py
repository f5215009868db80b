"""The panel cache: one drawing per snapshot and the choices rendering reads."""

from __future__ import annotations

from pathlib import Path

from tests.support.snapshot import fixed_snapshot
from wallboard.config import parse_config
from wallboard.wall.render import PanelRenderer
from wallboard.wall.snapshot import SnapshotHolder

CONFIG = parse_config({"wall": {"timezone": "Europe/Copenhagen", "rotate_seconds": 20}},
                      Path("t.toml"))


def renderer_with_snapshot() -> tuple[PanelRenderer, SnapshotHolder]:
    holder = SnapshotHolder()
    holder.publish(fixed_snapshot(3))
    return PanelRenderer(CONFIG, holder), holder


def test_ignored_parameters_share_one_rendering() -> None:
    renderer, holder = renderer_with_snapshot()
    queries = [f"?rotate=3.{n:02d}" for n in range(1, 40)]
    queries += ["?celebrate=0", "?celebrate=1", "?rotate=7&celebrate=off", ""]
    answers = {renderer.rendered(holder.snapshot, renderer.screen_for(q)) for q in queries}
    assert renderer.renders == 1
    assert len(answers) == 1


def test_parameters_rendering_reads_still_draw_apart() -> None:
    renderer, holder = renderer_with_snapshot()
    queries = ["", "?lang=da", "?lang=pl", "?panels=trend", "?rotate=9&lang=da"]
    answers = [renderer.rendered(holder.snapshot, renderer.screen_for(q)) for q in queries]
    assert renderer.renders == 4
    assert answers[1] == answers[4]
    assert len(set(answers)) == 4


def test_a_new_snapshot_draws_again() -> None:
    renderer, holder = renderer_with_snapshot()
    renderer.rendered(holder.snapshot, renderer.screen_for("?rotate=5"))
    holder.publish(fixed_snapshot(3))
    renderer.rendered(holder.snapshot, renderer.screen_for("?rotate=6"))
    assert renderer.renders == 2


def test_panels_route_draws_once_for_screens_that_differ_only_in_pace() -> None:
    from urllib.parse import quote

    from flask import Flask

    from wallboard.wall import screen_api

    renderer, holder = renderer_with_snapshot()
    server = Flask(__name__)
    screen_api.register(server, holder, renderer, build="test")
    client = server.test_client()
    bodies = set()
    for n in range(1, 21):
        answer = client.get("/api/panels?search=" + quote(f"?rotate=3.{n:02d}&lang=da"))
        assert answer.status_code == 200
        bodies.add(answer.get_data())
    assert renderer.renders == 1 and len(bodies) == 1
