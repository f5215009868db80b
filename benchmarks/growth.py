#!/usr/bin/env python3
"""Measure how big the change log and the outbox get, with and without pruning.

Writes 20,000 responses and 5,000 edits into a fresh SQLite store (and PostgreSQL when
--postgres URL is given), spread over --days simulated days, the way survey tools and a SQL
client would (the database triggers log every change). New detractors are queued in the
outbox and marked delivered, as the delivery job does. Every 10 simulated minutes the
pruning job runs as in the server (the change log keeps an hour, the outbox 30 days).
Prints the table sizes: what the store would hold without pruning, the largest size seen,
and the size at the end. Not part of the test run. Usage:

    python benchmarks/growth.py [--posts 20000] [--edits 5000] [--days 40]
                                [--postgres postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, update

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wallboard import store  # noqa: E402
from wallboard.alerts import outbox, prune_outbox  # noqa: E402
from wallboard.store.pruning import ChangeLogPruner  # noqa: E402

TICK = timedelta(minutes=10)


def count(engine: Engine, table) -> int:  # noqa: ANN001
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def share(total: int, tick: int, ticks: int) -> int:
    return total * (tick + 1) // ticks - total * tick // ticks


def run(url: str, posts: int, edits: int, days: int) -> dict:
    engine = store.make_engine(url, create=True)
    store.migrate(engine)
    rng = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=days)
    ticks = int(timedelta(days=days) / TICK)
    sim = {"seconds": 0.0}
    pruner = ChangeLogPruner(engine, clock=lambda: sim["seconds"])
    ids: list[int] = []
    queued = 0
    largest = {"response_change": 0, "notification": 0}
    began = time.perf_counter()
    for tick in range(ticks):
        now = start + tick * TICK
        sim["seconds"] = (tick * TICK).total_seconds()
        rows = [{"source": "bench", "external_id": f"b-{tick}-{i}", "score": rng.randint(0, 10),
                 "comment": "", "team_key": rng.choice(("support", "sales", "field")),
                 "answered_at": now, "received_at": now}
                for i in range(share(posts, tick, ticks))]
        with engine.begin() as conn:
            if rows:
                conn.execute(insert(store.RESPONSE), rows)
                new = list(conn.execute(select(store.RESPONSE.c.id).where(
                    store.RESPONSE.c.external_id.in_([r["external_id"] for r in rows])))
                    .scalars())
                ids += new
                outbox.enqueue(conn, now=now, ids=new)
                queued += sum(row["score"] <= 6 for row in rows)
            for _ in range(share(edits, tick, ticks)):
                conn.execute(update(store.RESPONSE)
                             .where(store.RESPONSE.c.id == rng.choice(ids))
                             .values(score=rng.randint(0, 10)))
            conn.execute(update(store.NOTIFICATION).where(outbox.is_open())
                         .values(delivered_at=now, attempts=1, last_attempt_at=now))
        pruner.prune()
        prune_outbox(engine, now=now)
        largest = {"response_change": max(largest["response_change"],
                                          count(engine, store.CHANGE)),
                   "notification": max(largest["notification"],
                                       count(engine, store.NOTIFICATION))}
    with engine.connect() as conn:
        logged = int(conn.execute(select(func.max(store.CHANGE.c.seq))).scalar_one())
    result = {"responses": count(engine, store.RESPONSE), "changes_logged": logged,
              "response_change_end": count(engine, store.CHANGE),
              "response_change_largest": largest["response_change"],
              "notification_end": count(engine, store.NOTIFICATION), "queued": queued,
              "notification_largest": largest["notification"],
              "seconds": round(time.perf_counter() - began, 1)}
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--edits", type=int, default=5_000)
    parser.add_argument("--days", type=int, default=40)
    parser.add_argument("--postgres", metavar="URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        urls = {"sqlite": f"sqlite:///{Path(folder) / 'growth.db'}"}
        if args.postgres:
            urls["postgresql"] = args.postgres
        for name, url in urls.items():
            figures = run(url, args.posts, args.edits, args.days)
            print(f"{name}: {args.posts} posts + {args.edits} edits over {args.days} days")
            print(f"  change log: {figures['changes_logged']} changes logged (the size "
                  f"without pruning); largest {figures['response_change_largest']}, "
                  f"at the end {figures['response_change_end']} rows")
            print(f"  outbox: {figures['queued']} detractors notified (the size without "
                  f"pruning); largest {figures['notification_largest']}, at the end "
                  f"{figures['notification_end']} rows")
            print(f"  ({figures['seconds']} s)")


if __name__ == "__main__":
    main()
