#!/usr/bin/env python3
"""Benchmark several wall processes behind nginx: celebrations per process, recovery after a kill.

N processes (`run_wallboard.py`, the README's start command) on one PostgreSQL store behind
Debian's nginx with the shipped site config (deploy/nginx/wallboard.conf, as
tests/deploy/test_nginx.py runs it, plus a header naming the upstream each stream went to).
S synthetic screens hold a push stream each through nginx over HTTPS and behave as wall.js
does: the first message sets their baseline, then each promoter is celebrated once (their
memory of keys shown), a broken stream is reconnected after 1-2 s with Last-Event-ID.
Promoters are posted through nginx to the posting API.

It prints, per process: screens and celebrations seen against those expected; then one
process is killed (SIGKILL) and it prints how long until each of its screens was served by
another process again (reconnected and told the current state), and the celebrations of the
promoters posted after the kill, per process. Not part of the test run. Usage:

    python benchmarks/cluster.py --postgres-url URL [--processes 3] [--screens 60]
                                 [--promoters 10]

--postgres-url names a database the benchmark may empty (its schema is dropped).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import random
import ssl
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from tests.support.configs import write_config  # noqa: E402
from tests.support.data import insert_rows, response_row  # noqa: E402
from tests.support.nginx_site import Nginx  # noqa: E402
from tests.support.servers import WallServer  # noqa: E402
from wallboard.store import make_engine, migrate  # noqa: E402

TOKEN = "bench-token"
UNVERIFIED = ssl.create_default_context()
UNVERIFIED.check_hostname, UNVERIFIED.verify_mode = False, ssl.CERT_NONE
UPSTREAM_HEADER = "X-Bench-Upstream"


class Screen(threading.Thread):
    """One synthetic screen: a push stream through nginx, celebrating as wall.js does."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.upstream = ""                  # host:port of the process serving the stream
        self.baseline: int | None = None
        self.seen: dict[str, float] = {}    # promoter key -> when it was celebrated
        self.last_id: str | None = None
        self.connected_at: list[tuple[float, str]] = []  # (first message, upstream)
        self.stop = False

    def run(self) -> None:
        while not self.stop:
            with contextlib.suppress(OSError, http.client.HTTPException, ValueError):
                self._stream()
            time.sleep(1 + random.random())  # EventSource's retry, with the server's jitter

    def _stream(self) -> None:
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30,
                                           context=UNVERIFIED)
        headers = {"Accept": "text/event-stream"}
        if self.last_id:
            headers["Last-Event-ID"] = self.last_id
        conn.request("GET", "/api/stream", headers=headers)
        answer = conn.getresponse()
        if answer.status != 200:
            conn.close()
            return
        # nginx lists every upstream it tried ("dead:port, live:port"): the last one serves
        upstream, first = answer.getheader(UPSTREAM_HEADER, "?").split(",")[-1].strip(), True
        data: list[str] = []
        while not self.stop:
            line = answer.readline()
            if not line:
                break  # the line broke (the process died): reconnect
            line = line.decode().rstrip("\n")
            if line.startswith("id:"):
                self.last_id = line[3:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
            elif line == "" and data:
                news, data = json.loads("\n".join(data)), []
                if first:
                    self.upstream, first = upstream, False
                    self.connected_at.append((time.monotonic(), upstream))
                self._news(news)
        conn.close()

    def _news(self, news: dict) -> None:
        if "seq" not in news:
            return
        if self.baseline is None:
            self.baseline = news["seq"]  # celebrate only what comes from now on
            return
        for event in news.get("events", []):  # a screen's memory: each key shown once
            if event.get("kind") == "promoter" and event["seq"] > self.baseline \
                    and event["key"] not in self.seen:
                self.seen[event["key"]] = time.monotonic()


def post(base: str, item: dict) -> None:
    request = urllib.request.Request(f"{base}/api/responses", data=json.dumps(item).encode(),
                                     headers={"Authorization": f"Bearer {TOKEN}",
                                              "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30, context=UNVERIFIED).close()


def make_store(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:  # a database the benchmark may empty
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    insert_rows(engine, [response_row(s, minutes_ago=60 * 24 * (i % 80) + 30)
                         for i, s in enumerate([10, 9, 8, 7, 6, 3] * 500)])
    engine.dispose()


def wait(condition, timeout: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def per_process(screens: list[Screen], keys: list[str], ports: dict[str, int]) -> list[str]:
    rows = ["| process | screens | celebrations seen / expected |", "|---|---:|---:|"]
    for upstream, number in sorted(ports.items(), key=lambda item: item[1]):
        mine = [s for s in screens if s.upstream == upstream]
        seen = sum(1 for s in mine for k in keys if k in s.seen)
        rows.append(f"| {number} ({upstream}) | {len(mine)} | {seen} / {len(mine) * len(keys)} |")
    return rows


def celebrate(engine, nginx_url: str, screens: list[Screen], first: int,  # noqa: ANN001
              count: int, timeout: float) -> tuple[list[str], list[float]]:
    """Post count promoters; return their keys and the seconds from each post to each
    screen's celebration, sorted."""
    posted = []
    for i in range(first, first + count):
        posted.append(time.monotonic())
        post(nginx_url, {"id": f"bench-{i}", "score": 10, "team": "support",
                         "comment": f"Thank you {i}"})
        time.sleep(0.3)
    with engine.connect() as conn:
        ids = conn.execute(text("SELECT id FROM response WHERE external_id LIKE 'bench-%'"
                                " ORDER BY id")).scalars().all()
    keys = [f"promoter:{i}" for i in ids[first:first + count]]
    wait(lambda: all(all(k in s.seen for k in keys) for s in screens), timeout)
    late = sorted(s.seen[k] - at for k, at in zip(keys, posted, strict=True)
                  for s in screens if k in s.seen)
    return keys, late


def spread(late: list[float]) -> str:
    if not late:
        return "never"
    return (f"p50 {late[len(late) // 2] * 1000:.0f} ms, p95 "
            f"{late[min(len(late) - 1, int(0.95 * len(late)))] * 1000:.0f} ms, "
            f"max {late[-1] * 1000:.0f} ms")


def run(args: argparse.Namespace) -> str:
    engine = make_engine(args.postgres_url)
    folder = Path(tempfile.mkdtemp(prefix="wallboard-cluster-"))
    make_store(args.postgres_url)
    config = write_config(folder, store_url=args.postgres_url,  # each promoter on its own
                          wall={"celebrate_seconds": 2, "burst_size": 0},
                          extra=f'\n[api]\ntoken = "{TOKEN}"\n')
    config.write_text(config.read_text().replace("poll_seconds = 0.5", "poll_seconds = 2"))
    env = {"WALLBOARD_BUILD_ID": "bench"}
    say(f"starting {args.processes} processes and nginx ...")
    walls = [WallServer(config, env=env).start() for _ in range(args.processes)]
    ports = {f"127.0.0.1:{w.port}": i + 1 for i, w in enumerate(walls)}
    nginx = Nginx(folder / "nginx", [w.port for w in walls])
    site = folder / "nginx" / "site.conf"
    site.write_text(site.read_text().replace(
        "proxy_buffering off;", f"proxy_buffering off;\n        add_header {UPSTREAM_HEADER} "
        "$upstream_addr always;", 1))
    nginx.start()
    screens: list[Screen] = []
    try:
        screens = [Screen(nginx.https) for _ in range(args.screens)]
        for screen in screens:
            screen.start()
            time.sleep(0.02)
        if not wait(lambda: all(s.baseline is not None for s in screens), 60):
            raise RuntimeError("not every screen got the first news within 60 s")
        say(f"{args.screens} screens connected; posting {args.promoters} promoters ...")
        keys, took = celebrate(engine, nginx.url, screens, 0, args.promoters, 60)
        lines = [f"## {args.processes} processes behind nginx, {args.screens} screens, "
                 "one PostgreSQL store", "",
                 f"{args.promoters} promoters posted through nginx, one every 0.3 s: "
                 f"posted to celebrated on a screen {spread(took)}.", ""]
        lines += per_process(screens, keys, ports)
        victim = walls[0]
        theirs = [s for s in screens if s.upstream == f"127.0.0.1:{victim.port}"]
        say(f"killing process 1 ({len(theirs)} screens) ...")
        killed_at = time.monotonic()
        victim.process.kill()
        wait(lambda: all(len(s.connected_at) >= 2 for s in theirs), 60)
        recover = [s.connected_at[-1][0] - killed_at for s in theirs if len(s.connected_at) > 1]
        nan = float("nan")
        after, took = celebrate(engine, nginx.url, screens, args.promoters, args.promoters, 60)
        lines += ["", f"Process 1 killed (SIGKILL) with {len(theirs)} screens: each served by "
                  "another process again (reconnected and told the current state) after p50 "
                  f"{statistics.median(recover) if recover else nan:.1f} s, max "
                  f"{max(recover) if recover else nan:.1f} s "
                  f"({len(theirs) - len(recover)} not back within 60 s).",
                  f"Then {args.promoters} more promoters: posted to celebrated on a screen "
                  f"{spread(took)}.", ""]
        lines += per_process(screens, after, {k: v for k, v in ports.items() if v != 1})
        return "\n".join(lines)
    finally:
        for screen in screens:
            screen.stop = True
        nginx.stop()
        for wall in walls:
            wall.stop()
        engine.dispose()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", required=True,
                        help="a PostgreSQL database the benchmark may empty")
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--screens", type=int, default=60)
    parser.add_argument("--promoters", type=int, default=10)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    print(run(parse_args(argv)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
