"""Real Chromium screens on the push stream: news arrive over it; a screen whose stream is
refused (a non-200 answer, after which EventSource gives up) polls by itself and returns to
the stream later."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests.support.configs import write_config
from tests.support.wall_page import RECORDER, seen
from wallboard.store import open_store

pytestmark = pytest.mark.browser
ARRIVES_MS = 15_000


def post(url: str, item: dict) -> None:
    request = urllib.request.Request(f"{url}/api/responses", data=json.dumps(item).encode(),
                                     headers={"Authorization": "Bearer s3cret",
                                              "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).close()


@pytest.fixture
def api_wall(tmp_path: Path, wall_server):  # noqa: ANN001, ANN201
    config = write_config(tmp_path, wall={"celebrate_seconds": 2},
                          extra='\n[api]\ntoken = "s3cret"\n')
    open_store(f"sqlite:///{tmp_path / 'data' / 'wallboard.db'}").dispose()  # as migrate does
    return wall_server(config)


def open_screen(chromium, url: str, refuse_stream: bool = False):  # noqa: ANN001, ANN201
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    if refuse_stream:
        context.route("**/api/stream*", lambda route: route.fulfill(
            status=503, content_type="application/json", body='{"error": "no"}'))
    page = context.new_page()
    page.goto(url + "/")
    page.wait_for_selector("#panels .panel.active", timeout=20000)
    page.wait_for_function("() => window.wallboard && window.wallboard.state().knownVersion",
                           timeout=20000)
    page.evaluate(RECORDER)
    return context, page


def wait_seen(page, key: str) -> None:  # noqa: ANN001
    page.wait_for_function("(k) => window.__seen.includes(k)", arg=key, timeout=ARRIVES_MS)


def test_a_posted_promoter_arrives_over_the_stream_once(api_wall, chromium) -> None:  # noqa: ANN001
    context, page = open_screen(chromium, api_wall.url)
    try:
        assert page.evaluate("() => window.wallboard.state().transport") == "stream"
        post(api_wall.url, {"id": "s1", "score": 10, "team": "support"})
        wait_seen(page, "promoter:1")
        post(api_wall.url, {"id": "s2", "score": 9, "team": "sales"})
        wait_seen(page, "promoter:2")
        page.wait_for_function("() => !window.wallboard.state().celebrating")
        assert seen(page) == ["promoter:1", "promoter:2"]
        page.reload()  # a reconnecting screen gets the state at once, and replays nothing
        page.wait_for_function("() => window.wallboard.state().knownVersion")
        page.evaluate(RECORDER)
        post(api_wall.url, {"id": "s3", "score": 10, "team": "support"})
        wait_seen(page, "promoter:3")
        assert seen(page) == ["promoter:3"]
    finally:
        context.close()


def test_a_refused_stream_falls_back_to_polling_and_returns(api_wall, chromium) -> None:  # noqa: ANN001
    context, page = open_screen(chromium, api_wall.url, refuse_stream=True)
    try:
        assert page.evaluate("() => window.wallboard.state().transport") == "poll"
        post(api_wall.url, {"id": "f1", "score": 10, "team": "support"})
        wait_seen(page, "promoter:1")
        assert page.evaluate("() => window.wallboard.state().transport") == "poll"
        context.unroute("**/api/stream*")
        page.wait_for_function("() => !window.wallboard.state().celebrating")
        page.evaluate("() => window.wallboard.setTimeScale(0.02)")  # retry the stream soon
        page.wait_for_function("() => window.wallboard.state().transport === 'stream'",
                               timeout=ARRIVES_MS)
        page.evaluate("() => window.wallboard.setTimeScale(1)")
        post(api_wall.url, {"id": "f2", "score": 9, "team": "support"})
        wait_seen(page, "promoter:2")
        page.wait_for_function("() => !window.wallboard.state().celebrating")
        assert seen(page) == ["promoter:1", "promoter:2"]
    finally:
        context.close()
