"""Several wall processes on one PostgreSQL store behind a real nginx with the shipped
config: screens on different processes each celebrate a promoter once; a killed process's
screens are served by another within 10 s and keep celebrating."""

from __future__ import annotations

import json
import ssl
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.configs import write_config
from tests.support.nginx_site import Nginx, get
from tests.support.wall_page import RECORDER, seen

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
UNVERIFIED = ssl.create_default_context()
UNVERIFIED.check_hostname, UNVERIFIED.verify_mode = False, ssl.CERT_NONE
RECOVER_SECONDS = 10      # what the README promises after a process is killed
ARRIVES_MS = 20_000


def post(base: str, item: dict) -> None:
    request = urllib.request.Request(f"{base}/api/responses", data=json.dumps(item).encode(),
                                     headers={"Authorization": "Bearer s3cret",
                                              "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30, context=UNVERIFIED).close()


def streams(server) -> int:  # noqa: ANN001
    try:
        with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as answer:
            return json.load(answer)["screens"]["streams"]
    except OSError:
        return -1


def wait_streams(servers, total: int, timeout: float) -> list[int]:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(counts := [streams(s) for s in servers]) == total:
            return counts
        time.sleep(0.1)
    return [streams(s) for s in servers]


def open_screen(chromium, url: str):  # noqa: ANN001, ANN201
    context = chromium.new_context(viewport={"width": 1280, "height": 720},
                                   ignore_https_errors=True)
    page = context.new_page()
    page.goto(url + "/")
    page.wait_for_selector("#panels .panel.active", timeout=20000)
    page.wait_for_function("() => window.wallboard && window.wallboard.state().knownVersion",
                           timeout=20000)
    page.evaluate(RECORDER)
    return context, page


def test_two_processes_behind_nginx_celebrate_once_and_survive_a_kill(
        tmp_path: Path, postgres_store_url: str, wall_server, chromium) -> None:  # noqa: ANN001
    config = write_config(tmp_path, store_url=postgres_store_url,
                          wall={"celebrate_seconds": 2},
                          extra='\n[api]\ntoken = "s3cret"\n')
    env = {"WALLBOARD_BUILD_ID": "same-build"}
    walls = [wall_server(config, env=env), wall_server(config, env=env)]
    nginx = Nginx(tmp_path / "nginx", [w.port for w in walls]).start()
    contexts = []
    try:
        get(nginx.url + "/healthz").close()
        first, page_a = open_screen(chromium, nginx.url)
        contexts.append(first)
        holder_a = wait_streams(walls, 1, 20).index(1)
        second, page_b = open_screen(chromium, nginx.url)
        contexts.append(second)
        # least_conn sends the second screen's stream to the other process
        assert wait_streams(walls, 2, 20) == [1, 1]

        for page in (page_a, page_b):  # the stream passes nginx: no fallback to polling
            assert page.evaluate("() => window.wallboard.state().transport") == "stream"
        post(nginx.url, {"id": "n1", "score": 10, "team": "support", "comment": "Tak!"})
        for page in (page_a, page_b):
            page.wait_for_function("() => window.__seen.includes('promoter:1')",
                                   timeout=ARRIVES_MS)

        walls[holder_a].process.kill()  # no goodbye: its screen's stream just breaks
        other = walls[1 - holder_a]
        deadline = time.monotonic() + RECOVER_SECONDS
        while streams(other) != 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert streams(other) == 2, "the killed process's screen did not move within 10 s"

        post(nginx.url, {"id": "n2", "score": 9, "team": "sales"})
        for page in (page_a, page_b):
            page.wait_for_function("() => window.__seen.includes('promoter:2')",
                                   timeout=ARRIVES_MS)
            page.wait_for_function("() => !window.wallboard.state().celebrating")
            assert seen(page) == ["promoter:1", "promoter:2"]  # each once, in order
    finally:
        for context in contexts:
            context.close()
        nginx.stop()
