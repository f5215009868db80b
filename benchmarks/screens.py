#!/usr/bin/env python3
"""Benchmark many screens: the push stream (uvicorn, one server-sent-events connection per
screen) side by side with the old design (waitress, every screen polling once a second),
in the same run, on the same store.

1. Idle screens: the server's CPU (share of one core) and RSS while 100, 500 and 1,000
   synthetic screens that see no change are connected, and the errors they met (streams
   refused or dropped; polls failed or slower than 5 s).
2. Store to screen in a real Chromium with many other (synthetic) screens connected: a
   promoter posted through the API, and one written into the store by another program;
   p50/p95 over --responses promoters each. On SQLite, and on PostgreSQL with --postgres-url.

The old design is today's release served the old way (waitress, connection_limit 100, the
poller on its schedule only); it needs `pip install waitress` (the `bench` extra).
Not part of the test run. Usage:

    python benchmarks/screens.py [--screens 100 500 1000] [--seconds 20] [--responses 10]
                                 [--latency-screens 1000] [--postgres-url URL] [--fleet]

--fleet measures idle push screens only, three ways: bare streams (old pages), streams with a
device key (anonymous, pairing off) and named screens (?screen=tv-N, a row each, set up
beforehand as an admin's fleet (new URL names are capped), last seen written every 10 s).

--postgres-url names a database the benchmark may empty (its schema is dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.data import insert_rows, response_row  # noqa: E402
from tests.support.servers import free_port, wait_for  # noqa: E402
from wallboard.core.clock import utcnow  # noqa: E402
from wallboard.store import make_engine, migrate, open_store  # noqa: E402
from wallboard.store.screen_devices import named_for_url  # noqa: E402
from wallboard.store.screens import set_profile  # noqa: E402

TOKEN = "bench-token"
HISTORY = 5_000
SHOWN = """() => { window.__at = {}; const node = document.getElementById('celebration');
  new MutationObserver(() => { const k = node.getAttribute('data-key');
    if (!node.hidden && k && !(k in window.__at)) { window.__at[k] = Date.now(); } })
  .observe(node, {attributes: true}); }"""


# ---- the two servers ----------------------------------------------------------------------
def serve_old(config_path: str, port: int) -> None:
    """Today's release served the old way: waitress, a poll every poll_seconds, no push."""
    from waitress import serve as waitress_serve

    from wallboard.app import create_app
    from wallboard.config import load_config
    from wallboard.jobs import start_jobs
    from wallboard.wall.poller import Poller
    from wallboard.wall.snapshot import SnapshotHolder

    config = load_config(Path(config_path))
    engine = open_store(config.store.url)
    holder = SnapshotHolder()
    poller = Poller(config, engine, holder)
    poller.poll()
    start_jobs(poller.poll, config.store.poll_seconds)
    app = create_app(config, holder, "bench", engine=engine)
    waitress_serve(app.server, host="127.0.0.1", port=port, threads=16, channel_timeout=30)


def start(design: str, config: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "WALLBOARD_BUILD_ID": "bench"}
    args = ([sys.executable, str(ROOT / "run_wallboard.py"), "--config", str(config),
             "--port", str(port)]
            if design != "poll"
            else [sys.executable, __file__, "--serve-old", str(config), str(port)])
    log = (config.parent / f"{design}-{port}.log").open("ab")
    process = subprocess.Popen(args, cwd=config.parent, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{port}/api/health", timeout=120)
    return process, port


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# ---- synthetic screens --------------------------------------------------------------------
class Screens:
    """N synthetic screens on an asyncio loop in a thread: streams or 1-second pollers."""

    def __init__(self, port: int, count: int, design: str) -> None:
        self.port, self.count, self.design = port, count, design
        self.errors = self.connected = self.polls = 0
        self.stop = False
        self.tasks: list[asyncio.Future] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._all())

    async def _all(self) -> None:
        self.tasks = [asyncio.ensure_future(self._one(i)) for i in range(self.count)]
        await asyncio.gather(*self.tasks, return_exceptions=True)

    def _cancel(self) -> None:
        for task in self.tasks:
            task.cancel()

    async def _one(self, index: int) -> None:
        await asyncio.sleep(index * 0.003)  # connect over a few seconds, as TVs would
        if self.design != "poll":
            await self._stream(index)
        else:
            await self._poll()

    async def _stream(self, index: int) -> None:
        device = f"{index:032x}"
        path = {"device": f"/api/stream?device={device}&w=1920&h=1080",
                "named": f"/api/stream?device={device}&screen=tv-{index}&w=1920&h=1080"
                }.get(self.design, "/api/stream")
        while not self.stop:
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection("127.0.0.1", self.port), 10)
                writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
                if b" 200 " not in head.split(b"\r\n")[0]:
                    raise ConnectionError(head[:40])
                self.connected += 1
                while not self.stop:
                    if not await reader.read(65536):
                        raise ConnectionError("dropped")
            except (OSError, TimeoutError, asyncio.IncompleteReadError, ConnectionError):
                self.errors += 1
                await asyncio.sleep(1)

    async def _poll(self) -> None:
        writer, version, counted = None, "", False
        while not self.stop:
            began = time.monotonic()
            try:
                if writer is None:
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection("127.0.0.1", self.port), 5)
                writer.write(f"GET /api/screen?v={version} HTTP/1.1\r\nHost: bench\r\n\r\n"
                             .encode())
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
                length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                                  if line.lower().startswith(b"content-length")))
                body = json.loads(await asyncio.wait_for(reader.readexactly(length), 5))
                version = body["v"]
                self.polls += 1
                if not counted:
                    self.connected, counted = self.connected + 1, True
            except (OSError, TimeoutError, asyncio.IncompleteReadError, StopIteration,
                    ValueError):
                self.errors += 1
                if writer is not None:
                    writer.close()
                writer = None
            await asyncio.sleep(max(0.0, 1 - (time.monotonic() - began)))

    def __enter__(self) -> Screens:
        self.thread.start()
        deadline = time.monotonic() + 60
        while self.connected < self.count and time.monotonic() < deadline:
            time.sleep(0.2)
        return self

    def __exit__(self, *_: object) -> None:
        self.stop = True
        self.loop.call_soon_threadsafe(self._cancel)
        self.thread.join(timeout=10)


def idle_figures(design: str, config: Path, count: int, seconds: float) -> dict:
    process, port = start(design, config)
    try:
        with Screens(port, count, design) as screens:
            errors_before = screens.errors
            cpu0, t0 = cpu_seconds(process.pid), time.monotonic()
            time.sleep(seconds)
            cpu = (cpu_seconds(process.pid) - cpu0) / (time.monotonic() - t0)
            return {"cpu": cpu, "rss": rss_mb(process.pid), "connected": screens.connected,
                    "errors": screens.errors, "errors_in_window": screens.errors - errors_before}
    finally:
        stop(process)


# ---- store to screen in Chromium ---------------------------------------------------------
def post(port: int, rid: str) -> None:
    item = {"id": rid, "score": 10, "team": "support", "employee": "Anna"}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/responses",
                                     data=json.dumps(item).encode(),
                                     headers={"Authorization": f"Bearer {TOKEN}",
                                              "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).close()


def write_outside(url: str, rid: str) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            conn.execute("INSERT INTO response (source, external_id, score, team_key, employee,"
                         " comment, answered_at, received_at) VALUES ('sql', ?, 10, 'support',"
                         " 'Ewa', '', ?, ?)", (rid, now.isoformat(sep=" "), now.isoformat(sep=" ")))
        return
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("INSERT INTO response (source, external_id, score, team_key, employee,"
                     " comment, answered_at, received_at) VALUES ('sql', %s, 10, 'support',"
                     " 'Ewa', '', now(), now())", (rid,))


def latencies(design: str, config: Path, store_url: str, others: int,
              responses: int) -> dict:
    from playwright.sync_api import sync_playwright

    process, port = start(design, config)
    found: dict[str, list[float]] = {"api": [], "outside": []}
    missed = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            with Screens(port, others, design):
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                try:
                    page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded",
                              timeout=60_000)
                    page.wait_for_function("() => window.wallboard && "
                                           "window.wallboard.state().knownVersion",
                                           timeout=60_000)
                except Exception:  # noqa: BLE001 - the old design may not serve one more
                    browser.close()
                    return {"api": [], "outside": [], "missed": "the page did not load"}
                page.evaluate(SHOWN)
                for n in range(responses):
                    for how in ("api", "outside"):
                        rid = f"{design}-{how}-{n}-{time.time_ns()}"
                        count = len(page.evaluate("() => Object.keys(window.__at)"))
                        began = time.time()
                        post(port, rid) if how == "api" else write_outside(store_url, rid)
                        try:
                            page.wait_for_function("(n) => Object.keys(window.__at).length > n",
                                                   arg=count, timeout=15_000)
                        except Exception:  # noqa: BLE001 - a miss is a figure, not a crash
                            missed += 1
                            continue
                        shown = max(page.evaluate("() => Object.values(window.__at)"))
                        found[how].append(shown / 1000 - began)
                        page.wait_for_function("() => !window.wallboard.state().celebrating",
                                               timeout=30_000)
            browser.close()
    finally:
        stop(process)
    return {how: values for how, values in found.items()} | {"missed": missed}


def pct(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.0f} ms"


# ---- the run -----------------------------------------------------------------------------
def make_store(folder: Path, url: str | None, named: int = 0) -> tuple[Path, str]:
    url = url or f"sqlite:///{folder / 'store.db'}"
    engine = make_engine(url) if url.startswith("postgresql") else open_store(url)
    if url.startswith("postgresql"):  # a database the benchmark may empty
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        migrate(engine)
    insert_rows(engine, [response_row(s, minutes_ago=60 * 24 * (i % 80) + 30)
                         for i, s in enumerate([10, 9, 8, 7, 6, 3] * (HISTORY // 6))])
    for index in range(named):  # a fleet an admin set up: each first browser claims its row
        set_profile(engine, named_for_url(engine, f"tv-{index}", now=utcnow()).name, {})
    engine.dispose()
    config = folder / "config.toml"
    config.write_text(f'[store]\nurl = "{url}"\n\n[api]\ntoken = "{TOKEN}"\n\n'
                      # burst_size = 0: every promoter is its own moment, so each is timed
                      '[wall]\ncelebrate_seconds = 2\nburst_size = 0\n\n'
                      '[[teams]]\nkey = "support"\nname = "Support"\n\n'
                      '[[teams]]\nkey = "sales"\nname = "Sales"\n')
    return config, url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screens", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--responses", type=int, default=10)
    parser.add_argument("--latency-screens", type=int, nargs="+", default=[1000])
    parser.add_argument("--postgres-url")
    parser.add_argument("--skip-idle", action="store_true")
    parser.add_argument("--fleet", action="store_true")
    parser.add_argument("--serve-old", nargs=2, metavar=("CONFIG", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_old:
        serve_old(args.serve_old[0], int(args.serve_old[1]))
        return 0
    print(f"{os.cpu_count()} CPUs; default poll_seconds; {HISTORY:,} stored responses")
    with tempfile.TemporaryDirectory() as tmp:
        config, url = make_store(Path(tmp), None,
                                 named=max(args.screens) if args.fleet else 0)
        if args.fleet:
            print("\nIdle push screens: server CPU (share of one core), RSS, errors")
            print(f"{'screens':>8} | {'bare':>22} | {'device key':>22} | {'named':>22}")
            for count in args.screens:
                row = [idle_figures(kind, config, count, args.seconds)
                       for kind in ("push", "device", "named")]
                print(f"{count:>8} | " + " | ".join(
                    f"{r['cpu']:>7.1%} {r['rss']:>5.0f}MB {r['errors']:>5}" for r in row),
                    flush=True)
            return 0
        if not args.skip_idle:
            print("\nIdle screens (no change): server CPU (share of one core), RSS, errors")
            print(f"{'screens':>8} | {'push: CPU':>9} {'RSS':>7} {'errors':>6} | "
                  f"{'poll: CPU':>9} {'RSS':>7} {'errors':>6}")
            for count in args.screens:
                push = idle_figures("push", config, count, args.seconds)
                old = idle_figures("poll", config, count, args.seconds)
                print(f"{count:>8} | {push['cpu']:>8.1%} {push['rss']:>5.0f}MB "
                      f"{push['errors']:>6} | {old['cpu']:>8.1%} {old['rss']:>5.0f}MB "
                      f"{old['errors']:>6}", flush=True)
        stores = [("SQLite", config, url)]
        if args.postgres_url:
            pg_folder = Path(tmp) / "pg"
            pg_folder.mkdir()
            stores.append(("PostgreSQL", *make_store(pg_folder, args.postgres_url)))
        print(f"\nStore to screen (Chromium, {args.responses} promoters each way): p50 / p95")
        for name, store_config, store_url in stores:
            for design, others in ((d, n) for n in args.latency_screens
                                   for d in ("push", "poll")):
                r = latencies(design, store_config, store_url, others, args.responses)
                print(f"{name:>10} {design:>4} {others:>5} other screens | API post "
                      f"{pct(r['api'], .5)} / "
                      f"{pct(r['api'], .95)} | outside write {pct(r['outside'], .5)} / "
                      f"{pct(r['outside'], .95)} | missed {r['missed']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
