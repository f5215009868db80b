"""A thousand idle screens on one wall process: all stay connected and all get the next news.

A behaviour test with a generous deadline; how much CPU and memory they cost is measured by
benchmarks/screens.py.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.support.configs import write_config
from tests.support.sse import idle_screen
from wallboard.store import open_store

SCREENS = 1000


def post(url: str, item: dict) -> int:
    request = urllib.request.Request(f"{url}/api/responses", data=json.dumps(item).encode(),
                                     headers={"Authorization": "Bearer s3cret",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status


async def thousand_screens(url: str, port: int) -> tuple[list[bool], int]:
    opened: list[int] = []
    # Half send a device key as today's pages do (anonymous: pairing is off), half do not.
    tasks = [asyncio.create_task(idle_screen(
        "127.0.0.1", port, "promoter:", None, opened, timeout=120,
        query=f"device={secrets.token_hex(16)}&w=1920&h=1080" if i % 2 else ""))
        for i in range(SCREENS)]
    for _ in range(1200):  # every screen holds its stream before the news comes
        if len(opened) >= SCREENS or any(t.done() for t in tasks):
            break
        await asyncio.sleep(0.1)
    connected = len(opened)
    health = await asyncio.to_thread(lambda: json.load(
        urllib.request.urlopen(f"{url}/healthz", timeout=30)))
    assert health["screens"]["streams"] >= SCREENS  # /healthz counts the screens it holds
    assert health["screens"]["anonymous"] >= SCREENS // 2  # counted, nothing written
    await asyncio.to_thread(post, url, {"id": "p1", "score": 10, "team": "support",
                                        "comment": "Thank you!"})
    results = await asyncio.gather(*tasks, return_exceptions=True)
    return [r is True for r in results], connected


def test_a_thousand_idle_streams_all_get_the_next_promoter(tmp_path: Path,
                                                           wall_server) -> None:  # noqa: ANN001
    config = write_config(tmp_path, extra='\n[api]\ntoken = "s3cret"\n')
    open_store(f"sqlite:///{tmp_path / 'data' / 'wallboard.db'}").dispose()  # as migrate does
    server = wall_server(config)
    # Its own event loop in its own thread: the session's Playwright may run one here.
    with ThreadPoolExecutor(1) as pool:
        got, connected = pool.submit(asyncio.run,
                                     thousand_screens(server.url, server.port)).result()
    assert connected == SCREENS
    assert sum(got) == SCREENS, f"{SCREENS - sum(got)} screens missed the promoter"
    with urllib.request.urlopen(f"{server.url}/healthz", timeout=10) as answer:
        assert json.load(answer)["status"] == "ok"
