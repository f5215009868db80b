#!/usr/bin/env python3
"""Benchmark the poller on a big store: start-up, memory and the cost of one change.

For each store size (200 teams, 200 days of history, seeded once into --cache and reused) it
runs, each in a fresh process on its own copy of the store:

- "running": today's Poller (running counts per team and day, compact columns);
- "challenge": the same with a weekly challenge configured (kind promoters, target 200), whose
  board is built on every published snapshot;
- "full": the Poller of --old-ref (default: the commit before running counts), loaded from git,
  which keeps the whole window as a pandas frame and recomputes it for every change;

and prints side by side: the first load (start-up to the first snapshot), RSS after it, peak
RSS (getrusage ru_maxrss), the poller's cost for one new response (a promoter written by
another program, then one poll) and for the periodic recompute, and the ratio of the two.
With --server it also times `run_wallboard.py` from start to /api/health 200 (today's code).

Not part of the test run. Usage:

    python benchmarks/poller_cost.py [--sizes 10000 1000000] [--changes 20] [--server]
                                     [--cache FOLDER] [--profile FOLDER]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import live_loop  # noqa: E402

TEAMS = 200
CHALLENGE = '\n[challenge]\nkind = "promoters"\ntarget = 200\n'
OLD_REF = "a54faad"  # the last commit whose Poller recomputed the whole window per change


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def old_poller_class(ref: str) -> type:
    """Load wallboard/wall/poller.py as it was at ref (it uses today's store and core)."""
    source = subprocess.run(["git", "show", f"{ref}:wallboard/wall/poller.py"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "old_poller.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_poller", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Poller


def child(args: argparse.Namespace) -> dict[str, Any]:
    """Measure one Poller in this process (run as a subprocess by the parent)."""
    from wallboard.config import load_config
    from wallboard.store import open_store
    from wallboard.wall.poller import Poller
    from wallboard.wall.snapshot import SnapshotHolder

    poller_class = Poller if args.child != "full" else old_poller_class(args.old_ref)
    config = load_config(Path(args.config))
    before = rss_kb()
    # Both pollers see the same moment at their first poll: their numbers must agree.
    first, began = datetime.fromisoformat(args.now), [float("inf")]

    def clock() -> datetime:
        return first + timedelta(seconds=max(0.0, time.monotonic() - began[0]))

    start, cpu = time.perf_counter(), time.process_time()
    poller = poller_class(config, open_store(config.store.url), SnapshotHolder(), clock=clock)
    snapshot = poller.poll()
    if snapshot is None:
        raise RuntimeError(f"first poll failed: {poller.holder.health.last_error}")
    began[0] = time.monotonic()
    out: dict[str, Any] = {"start_s": time.perf_counter() - start,
                           "start_cpu_s": time.process_time() - cpu, "rss_before_kb": before,
                           "rss_start_kb": rss_kb(), "total": snapshot.total_responses,
                           "teams": [(t.key, t.responses, t.nps, t.rank, t.movement)
                                     for t in snapshot.teams],
                           "trend": snapshot.trend["responses"].tolist()}
    out["peak_start_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    db, team = Path(args.db), config.teams[0].key
    costs: dict[str, list[float]] = {"one_new": [], "one_new_cpu": [], "recompute": [],
                                     "recompute_cpu": []}
    for i in range(args.changes):
        live_loop.insert_promoter(db, team, f"Poll {i + 1:03d}")
        tick, cpu = time.perf_counter(), time.process_time()
        snapshot = poller.poll()
        costs["one_new"].append(time.perf_counter() - tick)
        costs["one_new_cpu"].append(time.process_time() - cpu)
        if snapshot is None or not snapshot.events:
            raise RuntimeError("a new promoter did not publish its celebration")
        poller.computed_at = 0.0  # as when RECOMPUTE_SECONDS have passed: the window slides
        poller.followups_at = -float("inf")  # and the follow-up counts are read again
        tick, cpu = time.perf_counter(), time.process_time()
        poller.poll()
        costs["recompute"].append(time.perf_counter() - tick)
        costs["recompute_cpu"].append(time.process_time() - cpu)
    out |= costs | {"rss_end_kb": rss_kb(),
                    "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    if args.profile:  # after the timed changes: the profiler's own cost is not in them
        profile_changes(poller, db, team, args)
    return out


def profile_changes(poller: Any, db: Path, team: str, args: argparse.Namespace) -> None:
    """Write where the time of args.changes more new responses goes (pyinstrument, text)."""
    from pyinstrument import Profiler  # the bench extra

    profiler = Profiler(interval=0.0005)
    for i in range(args.changes):
        live_loop.insert_promoter(db, team, f"Profiled {i + 1:03d}")
        profiler.start()
        poller.poll()
        profiler.stop()
    path = Path(args.profile) / f"one-new-{args.child}.txt"
    path.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")


def seeded(size: int, cache: Path) -> tuple[Path, list]:
    """Return the cached store of size rows (filled once) and its teams."""
    teams = live_loop.make_teams(TEAMS, random.Random(2026))
    db = cache / f"store_{size}_{TEAMS}.db"
    if not db.exists():
        say(f"[{size:,}] seeding {db} once ...")
        partial = db.with_suffix(".part")
        partial.unlink(missing_ok=True)
        live_loop.fill_store(partial, size, teams)
        partial.rename(db)
    return db, teams


def run_child(kind: str, db: Path, teams: list, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store.db"
        shutil.copyfile(db, copy)
        config = live_loop.write_config(Path(tmp), copy, teams, 2.0)
        if kind == "challenge":
            config.write_text(config.read_text() + CHALLENGE, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--db", str(copy), "--config",
             str(config), "--changes", str(args.changes), "--old-ref", args.old_ref,
             "--now", args.now, *(["--profile", str(args.profile)] if args.profile else [])],
            check=False, capture_output=True, text=True)
        if result.returncode:
            raise RuntimeError(f"the {kind} poller failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])


def server_start(db: Path, teams: list) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store.db"
        shutil.copyfile(db, copy)
        server = live_loop.Server(live_loop.write_config(Path(tmp), copy, teams, 2.0))
        try:
            seconds = server.start()
            status = live_loop.proc_status(server.process.pid)
        finally:
            server.stop()
    return {"health_s": seconds, "page_s": server.page_s, "health_cpu_s": server.health_cpu_s,
            "rss_kb": status["VmRSS"], "peak_kb": status["VmHWM"]}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(size: int, new: dict, race: dict, old: dict, server: dict | None) -> str:
    """One table: running counts, the same with [challenge], full recompute, and the ratio
    full / running. Wall times depend on the machine's load; CPU times much less."""
    def ms(r: dict, key: str) -> str:
        return f"{statistics.median(r[key]) * 1000:.1f} / {p(r[key], .95) * 1000:.1f}"

    def ratio(key: str) -> str:
        return f"{statistics.median(old[key]) / statistics.median(new[key]):.1f}x"

    same = "yes" if (new["teams"], new["trend"]) == (old["teams"], old["trend"]) \
        == (race["teams"], race["trend"]) else "NO"
    lines = [f"## {size:,} responses, {TEAMS} teams (same numbers on the wall: {same})", "",
             "| figure | running counts | with [challenge] | full recompute | ratio |",
             "|---|---:|---:|---:|---:|"]
    for label, key in (("first load to snapshot (s)", "start_s"),
                       ("CPU of the first load (s)", "start_cpu_s")):
        lines.append(f"| {label} | {new[key]:.2f} | {race[key]:.2f} | {old[key]:.2f} | "
                     f"{old[key] / new[key]:.1f}x |")
    for label, key in (("RSS after start (MB)", "rss_start_kb"),
                       ("peak RSS during start, ru_maxrss (MB)", "peak_start_kb"),
                       ("RSS after the changes (MB)", "rss_end_kb"),
                       ("peak RSS over the run (MB)", "peak_kb")):
        lines.append(f"| {label} | {new[key] / 1024:.0f} | {race[key] / 1024:.0f} | "
                     f"{old[key] / 1024:.0f} | {old[key] / new[key]:.1f}x |")
    for label, key in (("one new response, wall p50 / p95 (ms)", "one_new"),
                       ("CPU of one new response, p50 / p95 (ms)", "one_new_cpu"),
                       ("periodic recompute, wall p50 / p95 (ms)", "recompute"),
                       ("CPU of the periodic recompute, p50 / p95 (ms)", "recompute_cpu")):
        lines.append(f"| {label} | {ms(new, key)} | {ms(race, key)} | {ms(old, key)} | "
                     f"{ratio(key)} |")
    if server:
        lines += [f"| run_wallboard.py to the wall's page 200, screens served (s) | "
                  f"{server['page_s']:.2f} | | | |",
                  f"| run_wallboard.py to /api/health 200, numbers read (s); its CPU (s) | "
                  f"{server['health_s']:.2f}; {server['health_cpu_s']:.2f} | | | |",
                  f"| server RSS / peak RSS at health (MB) | {server['rss_kb'] / 1024:.0f} / "
                  f"{server['peak_kb'] / 1024:.0f} | | | |"]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--changes", type=int, default=20, help="new responses per poller")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/wallboard-bench"),
                        help="folder for the seeded stores, reused between runs")
    parser.add_argument("--old-ref", default=OLD_REF, help="git ref of the full-recompute Poller")
    parser.add_argument("--server", action="store_true", help="also time run_wallboard.py")
    parser.add_argument("--profile", type=Path,
                        help="folder for a pyinstrument profile of one new response per "
                             "poller (`pip install -e .[bench]`), taken after the timings")
    parser.add_argument("--child", choices=["running", "challenge", "full"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--now", default=datetime.now(UTC).isoformat(), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child(args)))
        return 0
    args.cache.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        db, teams = seeded(size, args.cache)
        say(f"[{size:,}] running counts ...")
        new = run_child("running", db, teams, args)
        say(f"[{size:,}] running counts with [challenge] ...")
        race = run_child("challenge", db, teams, args)
        say(f"[{size:,}] full recompute ({args.old_ref}) ...")
        old = run_child("full", db, teams, args)
        server = server_start(db, teams) if args.server else None
        print(report(size, new, race, old, server) + "\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
