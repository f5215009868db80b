#!/usr/bin/env python3
"""Benchmark the live loop: store -> poller -> screen poll -> celebration in a real Chromium.

For each store size it fills a fresh SQLite store with realistic responses (200 days, about
50 teams), starts the real server (`run_wallboard.py`, shipped poll interval) and measures:

1. Latency: from a promoter committed into the store by another program to its celebration
   on a 1920x1080 headless Chromium screen (p50, p95, max over --responses promoters).
2. Server cost of a screen's poll when nothing changed (`/api/screen?v=<current>`) against
   the naive Dash pattern, which rebuilds everything from the store on every tick, and the
   ratio of the two, measured in the same run.
3. The server's own job: an incremental poll of the store with no change, with one new
   response, and the periodic recompute.

Not part of the test run. Usage:

    python benchmarks/live_loop.py [--sizes 10000 1000000] [--responses 20] [--poll-seconds 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.servers import free_port  # noqa: E402
from wallboard.app import create_app  # noqa: E402
from wallboard.config import Config, load_config  # noqa: E402
from wallboard.demo.texts import COMMENTS, FIRST_NAMES, LAST_NAMES  # noqa: E402
from wallboard.store import open_store  # noqa: E402
from wallboard.wall import ids  # noqa: E402
from wallboard.wall.poller import Poller  # noqa: E402
from wallboard.wall.snapshot import SnapshotHolder  # noqa: E402

HISTORY_DAYS = 200
TEAM_COUNT = 50
EMPLOYEES_PER_TEAM = 8
CHUNK = 50_000
COMMENT_SHARE = 0.55
CELEBRATE_SECONDS = 2
UNCHANGED_REPEATS = 2000
HTTP_REPEATS = 500
POLLER_IDLE_REPEATS = 200
PANELS_PATH = "/api/panels?search="  # what a screen fetches when the version changes
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite
INSERT_SQL = ("INSERT INTO response (source, external_id, score, comment, team_key, employee,"
              " customer_name, answered_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
FUNCTIONS = ("Support", "Sales", "Billing", "Onboarding", "Field Service", "Returns",
             "Technical Help", "Retention", "Installations", "Business Desk")
CITIES = (("Copenhagen", "da"), ("Aarhus", "da"), ("Warsaw", "pl"), ("Kraków", "pl"),
          ("Manchester", "en"))

# The page notes when each celebration appears: the DOM change, and the next frame after it.
RECORDER = """() => {
  window.__shown = {}; window.__frame = {};
  const node = document.getElementById('celebration');
  const stamp = () => performance.timeOrigin + performance.now();
  new MutationObserver(() => {
    const key = node.getAttribute('data-key');
    if (!node.hidden && key && !(key in window.__shown)) {
      window.__shown[key] = stamp();
      requestAnimationFrame(() => { window.__frame[key] = stamp(); });
    }
  }).observe(node, {attributes: true});
}"""


# ---------------------------------------------------------------- figures


def summary(values: list[float]) -> dict[str, float]:
    """Return n, mean, p50, p95 and max of values (nearest-rank percentiles)."""
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[max(0, min(len(ordered) - 1, int(np.ceil(q * len(ordered))) - 1))]

    return {"n": len(ordered), "mean": statistics.fmean(ordered), "p50": rank(0.5),
            "p95": rank(0.95), "max": ordered[-1]}


def timed(fn: Callable[[], object], repeats: int) -> list[float]:
    """Call fn repeats times; return each call's duration in seconds."""
    durations = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        durations.append(time.perf_counter() - start)
    return durations


def db_time(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).strftime(TIME_FORMAT)


# ---------------------------------------------------------------- a realistic store


@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    language: str
    baseline: int
    goal: int
    nps: float       # the team's true NPS the scores are drawn from
    weight: float    # its share of all responses
    employees: tuple[str, ...]


def make_teams(count: int, rng: random.Random) -> list[TeamSpec]:
    """Return count teams over a few cities and functions, of uneven size and skill."""
    teams = []
    for i in range(count):
        function = FUNCTIONS[i // len(CITIES) % len(FUNCTIONS)]
        city, language = CITIES[i % len(CITIES)]
        women, men = FIRST_NAMES[language]
        baseline = rng.randrange(-10, 35, 5)
        teams.append(TeamSpec(
            key=f"team-{i + 1:02d}", name=f"{function} {city}", language=language,
            baseline=baseline, goal=baseline + 20, nps=rng.uniform(-15, 60),
            weight=rng.paretovariate(2.0),
            employees=tuple(rng.choice(women + men) for _ in range(EMPLOYEES_PER_TEAM))))
    return teams


def _plain(template: str, employee: str) -> str:
    """Fill {employee} and pick the first form of [male|female] and <male|female> markers."""
    text = re.sub(r"\[([^|\]]*)\|[^\]]*\]|<([^|>]*)\|[^>]*>",
                  lambda m: m.group(1) or m.group(2) or "", template)
    return text.replace("{employee}", employee)


def _customers(language: str, rng: random.Random, count: int = 300) -> list[str]:
    women, men = FIRST_NAMES[language]
    return [f"{rng.choice(women + men)} {rng.choice(LAST_NAMES[language]).split('/')[0]}"
            for _ in range(count)]


def _scores(gen: np.random.Generator, nps: np.ndarray) -> np.ndarray:
    """Draw scores so that promoters - detractors = nps and a quarter are passive."""
    promoter, detractor = (0.75 + nps / 100) / 2, (0.75 - nps / 100) / 2
    count = len(nps)
    roll = gen.random(count)
    low = gen.choice(np.arange(7), size=count, p=[.2, .06, .07, .09, .1, .2, .28])
    middle = gen.integers(7, 9, count)
    high = gen.choice([9, 10], size=count, p=[.4, .6])
    return np.select([roll < detractor, roll < 1 - promoter], [low, middle], high)


def _times(gen: np.random.Generator, count: int, now: datetime) -> np.ndarray:
    """Answer times over the last HISTORY_DAYS, in office hours, oldest first (UTC)."""
    midnight = np.datetime64(now.astimezone(UTC).replace(tzinfo=None).date(), "us")
    day = gen.integers(0, HISTORY_DAYS, count).astype("timedelta64[D]")
    hours = gen.triangular(6, 11, 19, count)
    stamps = midnight - day + (hours * 3_600_000_000).astype("timedelta64[us]")
    later = stamps > latest_time(now)  # today after now: the same hour a day earlier
    return np.sort(np.where(later, stamps - np.timedelta64(1, "D"), stamps))


def latest_time(now: datetime) -> np.datetime64:
    """The newest stored moment of the history: a minute before now, in UTC."""
    return np.datetime64(now.astimezone(UTC).replace(tzinfo=None), "us") - 60_000_000


def generate_rows(count: int, teams: list[TeamSpec], now: datetime,
                  seed: int = 2026) -> Iterator[list[tuple]]:
    """Yield chunks of response rows: uneven teams, their employees, comments, customers."""
    rng, gen = random.Random(seed), np.random.default_rng(seed)
    weights = np.array([t.weight for t in teams])
    team = gen.choice(len(teams), size=count, p=weights / weights.sum())
    scores = _scores(gen, np.array([t.nps for t in teams])[team])
    answered = _times(gen, count, now)
    received = np.minimum(answered + gen.exponential(300e6, count).astype("timedelta64[us]"),
                          latest_time(now))
    employee = gen.integers(0, EMPLOYEES_PER_TEAM, count)
    has_comment = gen.random(count) < COMMENT_SHARE
    pick = gen.integers(0, 1 << 30, count)
    customers = {lang: _customers(lang, rng) for lang in COMMENTS}
    kinds = np.where(scores >= 9, 0, np.where(scores >= 7, 1, 2))
    texts = {(t.key, e, k): [_plain(c, name) for c in COMMENTS[t.language][kind]]
             for t in teams for e, name in enumerate(t.employees)
             for k, kind in enumerate(("promoter", "passive", "detractor"))}
    as_text = [np.char.replace(np.datetime_as_string(a, unit="us"), "T", " ").tolist()
               for a in (answered, received)]
    for start in range(0, count, CHUNK):
        rows = []
        for i in range(start, min(start + CHUNK, count)):
            spec, emp = teams[team[i]], int(employee[i])
            pool = texts[(spec.key, emp, int(kinds[i]))]
            comment = pool[pick[i] % len(pool)] if has_comment[i] else ""
            people = customers[spec.language]
            rows.append(("bench", f"b-{i}", int(scores[i]), comment, spec.key,
                         spec.employees[emp], people[pick[i] % len(people)],
                         as_text[0][i], as_text[1][i]))
        yield rows


def fill_store(db: Path, count: int, teams: list[TeamSpec]) -> float:
    """Create the store with the product's schema and bulk insert count rows; return seconds."""
    open_store(f"sqlite:///{db}").dispose()  # tables, indexes and change-log triggers
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        with conn:
            for rows in generate_rows(count, teams, datetime.now(UTC)):
                conn.executemany(INSERT_SQL, rows)
    finally:
        conn.close()
    return time.perf_counter() - start


def write_config(folder: Path, db: Path, teams: list[TeamSpec], poll_seconds: float) -> Path:
    """Write the wall's config.toml: shipped defaults but for a short celebration."""
    lines = ["[store]", f'url = "sqlite:///{db}"', f"poll_seconds = {poll_seconds}", "",
             "[wall]", 'language = "en"', 'timezone = "Europe/Copenhagen"',
             f"celebrate_seconds = {CELEBRATE_SECONDS}"]
    for team in teams:
        lines += ["", "[[teams]]", f'key = "{team.key}"', f'name = "{team.name}"',
                  f"baseline = {team.baseline}", f"goal = {team.goal}"]
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def insert_promoter(db: Path, team: str, employee: str) -> tuple[int, float]:
    """Insert a 10 as another program would; return its id and time.time() after commit."""
    now = db_time(datetime.now(UTC))
    conn = sqlite3.connect(db, timeout=5)
    try:
        cursor = conn.execute(INSERT_SQL, ("bench-live", f"live-{time.time_ns()}", 10,
                                           f"{employee} sorted it out in minutes, thank you!",
                                           team, employee, "Ewa Nowak", now, now))
        conn.commit()
        committed = time.time()
    finally:
        conn.close()
    return int(cursor.lastrowid), committed


# ---------------------------------------------------------------- the real server


def proc_status(pid: int) -> dict[str, int]:
    """Return VmRSS and VmHWM (peak RSS) of a process, in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """`python run_wallboard.py --config X --port P` as a subprocess."""

    config: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 600) -> float:
        """Start the server; return seconds until /api/health answers 200 (the numbers are
        read). Also note page_s, seconds until the wall's page answers 200 (screens served),
        and health_cpu_s, the server's CPU seconds until health."""
        log = (self.config.parent / "server.log").open("ab")
        started = time.perf_counter()
        self.page_s: float | None = None
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "run_wallboard.py"), "--config", str(self.config),
             "--port", str(self.port)], cwd=self.config.parent, stdout=log,
            stderr=subprocess.STDOUT)
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_tail()}")
            try:
                if self.page_s is None:
                    with urllib.request.urlopen(self.url + "/", timeout=5) as answer:
                        if answer.status == 200:
                            self.page_s = time.perf_counter() - started
                with urllib.request.urlopen(self.url + "/api/health", timeout=5) as answer:
                    if answer.status == 200:
                        self.health_cpu_s = cpu_seconds(self.process.pid)
                        return time.perf_counter() - started
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise TimeoutError(f"server not healthy within {timeout} s: {self.log_tail()}")

    def log_tail(self) -> str:
        return (self.config.parent / "server.log").read_text(errors="replace")[-2000:]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def http_unchanged_polls(url: str, repeats: int) -> list[float]:
    """Time GET /api/screen?v=<current> over one keep-alive connection, as a screen polls."""
    with urllib.request.urlopen(url + "/api/screen") as answer:
        version = json.load(answer)["v"]
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)

    def one() -> None:
        conn.request("GET", f"/api/screen?v={version}")
        conn.getresponse().read()

    try:
        one()
        return timed(one, repeats)
    finally:
        conn.close()


# ---------------------------------------------------------------- latency in Chromium


def open_wall(browser: Any, url: str) -> Any:
    """Open the wall at 1080p in a fresh context; wait for panels and the first poll."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(url + "/")
    page.wait_for_selector("#panels .panel.active", timeout=120_000)
    page.wait_for_function("() => window.wallboard && window.wallboard.state().knownVersion",
                           timeout=60_000)
    page.evaluate(RECORDER)
    return page


def one_celebration(page: Any, db: Path, team: str, employee: str) -> dict[str, float]:
    """Store one promoter; return seconds from commit to DOM change, next frame, Python."""
    response_id, committed = insert_promoter(db, team, employee)
    key = f"promoter:{response_id}"
    page.wait_for_function("k => window.__frame[k] !== undefined", arg=key, timeout=30_000)
    seen = time.time()
    if employee not in page.inner_text(f"#{ids.CELEBRATION}"):
        raise RuntimeError(f"{key} celebrated without {employee}")
    dom, frame = page.evaluate("k => [window.__shown[k], window.__frame[k]]", key)
    return {"dom": dom / 1000 - committed, "frame": frame / 1000 - committed,
            "python": seen - committed}


def measure_latency(url: str, db: Path, team: str, count: int, poll_seconds: float,
                    rng: random.Random) -> tuple[dict[str, list[float]], str]:
    """Celebrate count promoters one at a time; return their latencies and Chromium's version."""
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {"dom": [], "frame": [], "python": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            page = open_wall(browser, url)
            for i in range(count):
                # Land at a random moment of the server's and the screen's poll cycles.
                time.sleep(rng.uniform(0, max(poll_seconds, 1.0)))
                for name, value in one_celebration(page, db, team, f"Bench {i + 1:03d}").items():
                    results[name].append(value)
                page.wait_for_function(
                    "() => !window.wallboard.state().celebrating && "
                    f"document.getElementById('{ids.CELEBRATION}').hidden", timeout=60_000)
            version = browser.version
        finally:
            browser.close()
    return results, version


# ---------------------------------------------------------------- server cost in-process


def build_server(config: Config) -> tuple[Any, SnapshotHolder, Poller, float]:
    """Build the app as `run_wallboard.py` does; return it, holder, poller, first-load seconds."""
    engine = open_store(config.store.url)
    holder = SnapshotHolder()
    poller = Poller(config, engine, holder)
    start = time.perf_counter()
    poller.poll()
    loaded = time.perf_counter() - start
    if holder.snapshot is None:
        raise RuntimeError(f"first poll failed: {holder.health.last_error}")
    return create_app(config, holder), holder, poller, loaded


def unchanged_screen_polls(app: Any, holder: SnapshotHolder, repeats: int) -> tuple[list, int]:
    """Time the hot path: GET /api/screen?v=<current> through the Flask app."""
    client = app.server.test_client()
    path = f"/api/screen?v={holder.version}"
    size = len(client.get(path).data)
    if b'"events"' in client.get(path).data:
        raise RuntimeError("the unchanged poll sent events: version mismatch")
    return timed(lambda: client.get(path), repeats), size


def naive_ticks(config: Config, repeats: int) -> dict[str, list[float]]:
    """The naive Dash pattern: every tick reads the store and rebuilds the whole screen.

    Each tick is a fresh Poller (no memory between ticks) that reads the responses the
    numbers need and the comments, and computes leaderboard, trend and milestones; then the
    product's own panels route (what a screen fetches for a new version) renders every panel
    and serialises the layout to JSON.
    """
    engine = open_store(config.store.url)
    holder = SnapshotHolder()
    client = create_app(config, holder).server.test_client()
    times: dict[str, list[float]] = {"read_compute": [], "render": [], "total": [],
                                     "bytes": []}
    try:
        for i in range(repeats + 1):  # the first tick warms Dash up and is not counted
            start = time.perf_counter()
            Poller(config, engine, holder).poll()
            computed = time.perf_counter()
            answer = client.get(PANELS_PATH)
            done = time.perf_counter()
            if answer.status_code != 200 or str(holder.version).encode() not in answer.data:
                raise RuntimeError(f"{PANELS_PATH} failed: {answer.status_code}")
            if i:
                times["read_compute"].append(computed - start)
                times["render"].append(done - computed)
                times["total"].append(done - start)
                times["bytes"].append(len(answer.data))
    finally:
        engine.dispose()
    return times


def poller_costs(poller: Poller, db: Path, team: str, added: int) -> dict[str, list[float]]:
    """Time the server's job: a poll with no change, the periodic recompute, one new row."""
    idle = timed(poller.poll, POLLER_IDLE_REPEATS)
    recompute = []
    for _ in range(max(3, added // 2)):
        poller.computed_at = 0.0  # as when RECOMPUTE_SECONDS have passed: the window slides
        recompute += timed(poller.poll, 1)
    one_new = []
    for i in range(added):
        insert_promoter(db, team, f"Poll {i + 1:03d}")
        one_new += timed(poller.poll, 1)
    return {"idle": idle, "recompute": recompute, "one_new": one_new}


# ---------------------------------------------------------------- one size, start to end


def run_size(size: int, args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    """Fill a store of size responses, run every measurement, return the figures."""
    result: dict[str, Any] = {"size": size}
    with tempfile.TemporaryDirectory(prefix=f"wallbench-{size}-") as tmp:
        folder = Path(tmp)
        db = folder / "store.db"
        teams = make_teams(TEAM_COUNT, rng)
        say(f"[{size:,}] filling the store ...")
        result["fill_s"] = fill_store(db, size, teams)
        result["db_mb"] = db.stat().st_size / 1e6
        config_path = write_config(folder, db, teams, args.poll_seconds)
        result.update(run_server_part(config_path, db, teams[0].key, args, rng))
        say(f"[{size:,}] in-process server cost ...")
        result.update(run_inprocess_part(load_config(config_path), db, teams[0].key, size))
    return result


def run_server_part(config_path: Path, db: Path, team: str, args: argparse.Namespace,
                    rng: random.Random) -> dict[str, Any]:
    """Start the real server; measure start-up, memory, latency in Chromium, HTTP poll."""
    server = Server(config_path)
    out: dict[str, Any] = {}
    try:
        out["startup_s"] = server.start()
        pid = server.process.pid
        out["rss_start_kb"] = proc_status(pid)
        say(f"  server up in {out['startup_s']:.1f} s, RSS {out['rss_start_kb']['VmRSS']} kB; "
            f"{args.responses} celebrations ...")
        cpu_before, wall_before = cpu_seconds(pid), time.perf_counter()
        out["latency"], out["chromium"] = measure_latency(server.url, db, team, args.responses,
                                                          args.poll_seconds, rng)
        say("  store -> celebration (ms, DOM): "
            + " ".join(f"{v * 1000:.0f}" for v in out["latency"]["dom"]))
        out["server_cpu_share"] = ((cpu_seconds(pid) - cpu_before)
                                   / (time.perf_counter() - wall_before))
        out["http_unchanged"] = http_unchanged_polls(server.url, HTTP_REPEATS)
        out["rss_end_kb"] = proc_status(pid)
    finally:
        server.stop()
    return out


def run_inprocess_part(config: Config, db: Path, team: str, size: int) -> dict[str, Any]:
    """Measure the unchanged poll, the naive rebuild and the poller in this process."""
    app, holder, poller, first_load = build_server(config)
    unchanged, unchanged_bytes = unchanged_screen_polls(app, holder, UNCHANGED_REPEATS)
    repeats = 5 if size > 100_000 else 30
    return {"inproc_first_load_s": first_load, "unchanged": unchanged,
            "unchanged_bytes": unchanged_bytes, "naive": naive_ticks(config, repeats),
            "poller": poller_costs(poller, db, team, 10 if size > 100_000 else 30),
            "frame_rows": len(poller.counts)}


# ---------------------------------------------------------------- the report


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ms(values: list[float], key: str) -> str:
    return f"{summary(values)[key] * 1000:,.1f}"


def us(values: list[float], key: str) -> str:
    return f"{summary(values)[key] * 1e6:,.0f}"


def table_rows(r: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (label, value) pairs of one size's figures, in report order."""
    lat, naive, poll = r["latency"], r["naive"], r["poller"]
    unchanged_mean = summary(r["unchanged"])["mean"]
    rows = [
        ("responses in store / in the poller's frame", f"{r['size']:,} / {r['frame_rows']:,}"),
        ("store file (MB) / bulk fill (s)", f"{r['db_mb']:,.0f} / {r['fill_s']:.1f}"),
        ("server start-up to /api/health 200 (s)", f"{r['startup_s']:.2f}"),
        ("first load in-process (s)", f"{r['inproc_first_load_s']:.2f}"),
        ("server RSS after start / after latency run (MB)",
         f"{r['rss_start_kb']['VmRSS'] / 1024:,.0f} / {r['rss_end_kb']['VmRSS'] / 1024:,.0f}"),
        ("server peak RSS, VmHWM (MB)", f"{r['rss_end_kb']['VmHWM'] / 1024:,.0f}"),
        ("server CPU during latency run (% of one core)", f"{r['server_cpu_share'] * 100:.1f}"),
    ]
    for name, label in (("dom", "DOM change, page clock"), ("frame", "next frame, page clock"),
                        ("python", "seen by Playwright")):
        rows.append((f"store -> celebration, {label}: p50 / p95 / max (ms)",
                     f"{ms(lat[name], 'p50')} / {ms(lat[name], 'p95')} / "
                     f"{ms(lat[name], 'max')}"))
    rows += [
        ("unchanged screen poll, in-process: mean / p50 / p95 (µs)",
         f"{us(r['unchanged'], 'mean')} / {us(r['unchanged'], 'p50')} / "
         f"{us(r['unchanged'], 'p95')}"),
        ("unchanged screen poll over HTTP keep-alive: p50 / p95 (µs)",
         f"{us(r['http_unchanged'], 'p50')} / {us(r['http_unchanged'], 'p95')}"),
        ("naive tick: read + compute, mean (ms)", ms(naive["read_compute"], "mean")),
        ("naive tick: render + serialise panels, mean (ms)", ms(naive["render"], "mean")),
        ("naive tick total: mean / p95 (ms) (ticks)",
         f"{ms(naive['total'], 'mean')} / {ms(naive['total'], 'p95')} "
         f"({len(naive['total'])})"),
        ("answer size: unchanged / naive (bytes)",
         f"{r['unchanged_bytes']:,} / {int(statistics.fmean(naive['bytes'])):,}"),
        ("**ratio naive / unchanged (mean)**",
         f"**{summary(naive['total'])['mean'] / unchanged_mean:,.0f}x**"),
        ("poller, no change: mean / p95 (ms)",
         f"{ms(poll['idle'], 'mean')} / {ms(poll['idle'], 'p95')}"),
        ("poller, one new response: mean / p95 (ms)",
         f"{ms(poll['one_new'], 'mean')} / {ms(poll['one_new'], 'p95')}"),
        ("poller, periodic recompute (every 60 s): mean (ms)", ms(poll["recompute"], "mean")),
    ]
    return rows


def machine() -> str:
    return (f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}")


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    """Return the markdown report of every size."""
    columns = [table_rows(r) for r in results]
    lines = ["# Live loop benchmark", "",
             f"Machine: {machine()}; Chromium {results[0]['chromium']} headless, 1920x1080.",
             f"Server: run_wallboard.py, store.poll_seconds = {args.poll_seconds}, "
             f"celebrate_seconds = {CELEBRATE_SECONDS}, {TEAM_COUNT} teams, "
             f"{HISTORY_DAYS} days of history; screens poll every 1 s.", "",
             "| figure | " + " | ".join(f"{r['size']:,} responses" for r in results) + " |",
             "|---|" + "---:|" * len(results)]
    for i, (label, _) in enumerate(columns[0]):
        lines.append(f"| {label} | " + " | ".join(c[i][1] for c in columns) + " |")
    lines += ["", *NOTES]
    return "\n".join(lines)


NOTES = [
    "- store -> celebration: time.time() right after another program's sqlite3 commit to the",
    "  moment the page (MutationObserver, performance.timeOrigin + now(), same clock) shows",
    "  that response's celebration; one promoter at a time, each at a random moment of the",
    "  poll cycles. Expected: up to poll_seconds (server) + 1 s (screen) + the work between.",
    "- unchanged screen poll: GET /api/screen?v=<current> through the product's Flask app",
    "  (Werkzeug test client, so its overhead is included), as every screen asks every second.",
    "- naive tick: what a Dash app with a dcc.Interval does when it rebuilds from the store on",
    "  every tick: a fresh Poller (no memory) reads the responses the numbers need (two windows",
    "  and the quarter) and the comments, computes leaderboard, trend and milestones, then the",
    "  product's own panels route (GET /api/panels, what a screen fetches for a new version)",
    "  renders all four panels and serialises them to JSON.",
    "  Same code and same screen as the product, so the ratio is not inflated by a slow read.",
    "- poller: the server's one job per poll_seconds for all screens; 'one new response' is an",
    "  incremental read of the change log plus a recompute of the numbers.",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000],
                        help="stored responses per run (default: 10000 1000000)")
    parser.add_argument("--responses", type=int, default=20,
                        help="promoters celebrated per size for the latency (default 20)")
    parser.add_argument("--poll-seconds", type=float, default=2.0,
                        help="the server's store.poll_seconds (default 2, as shipped)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not Path(CHROMIUM).exists():
        say(f"{CHROMIUM} not found: install Debian's chromium (see README)")
        return 1
    rng = random.Random(args.seed)
    results = [run_size(size, args, rng) for size in args.sizes]
    print(report(results, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
