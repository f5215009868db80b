#!/usr/bin/env python3
"""Benchmark getting responses in: batched validate-and-store against row-by-row.

Measures, on a fresh SQLite file (and PostgreSQL when --postgres URL is given):

1. POST /api/responses with one batch of 10,000 items through the Flask app (validation,
   per-item outcomes, storing), first time (all new) and again (all duplicates).
2. `import FILE.csv` of 40,000 rows (semicolon separated, Danish dates), first and second run.
3. The simple approach in the same run: one transaction per response that looks the response
   up and inserts it (what a naive webhook handler does), on the same rows.

Prints rows per second and the ratio of the two approaches. Not part of the test run. Usage:

    python benchmarks/ingest.py [--rows 40000] [--postgres postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wallboard import store  # noqa: E402
from wallboard.app import create_app  # noqa: E402
from wallboard.config import parse_config  # noqa: E402
from wallboard.ingest.csv_import import import_csv  # noqa: E402
from wallboard.ingest.validate import TeamIndex, validate_items  # noqa: E402
from wallboard.store import Response  # noqa: E402
from wallboard.wall.snapshot import SnapshotHolder  # noqa: E402

TEAMS = [(f"team-{i}", f"Team {i}") for i in range(20)]
START = datetime(2026, 9, 1, tzinfo=UTC)


def items(n: int, prefix: str) -> list[dict]:
    return [{"id": f"{prefix}{i}", "score": i % 11, "team": TEAMS[i % 20][0],
             "employee": f"Medarbejder {i % 60}", "comment": f"Kommentar nummer {i} – tak!",
             "answered_at": (START + timedelta(minutes=i)).isoformat()} for i in range(n)]


def reset(url: str) -> None:
    engine = store.make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        store.migrate(engine)
    engine.dispose()


def timed(action) -> float:  # noqa: ANN001
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def naive_store(engine, rows: list[dict]) -> None:  # noqa: ANN001
    """One transaction per response: look it up, insert it if new."""
    table = Response.__table__
    for row in rows:
        with engine.begin() as conn:
            found = conn.execute(select(table.c.id).where(
                table.c.source == row["source"],
                table.c.external_id == row["external_id"])).first()
            if found is None:
                conn.execute(table.insert(), {k: v for k, v in row.items()
                                              if not k.startswith("_")})


def run(url: str, rows: int, folder: Path) -> None:
    print(f"\n== {url.split('@')[-1]} ==")
    reset(url)
    config = parse_config({"store": {"url": url}, "api": {"token": "bench"},
                           "teams": [{"key": k, "name": n} for k, n in TEAMS]},
                          folder / "config.toml")
    engine = store.open_store(config.store.url)
    http = create_app(config, SnapshotHolder(), "bench", engine=engine).server.test_client()
    batch = items(10_000, "api-")
    auth = {"Authorization": "Bearer bench"}
    body = json.dumps(batch)
    first = timed(lambda: http.post("/api/responses", data=body, headers=auth,
                                    content_type="application/json"))
    again = timed(lambda: http.post("/api/responses", data=body, headers=auth,
                                    content_type="application/json"))
    print(f"POST 10,000 items: new {first:.2f} s ({10_000 / first:,.0f}/s), "
          f"repeated {again:.2f} s ({10_000 / again:,.0f}/s)")

    path = folder / "export.csv"
    lines = ["Svar ID;Score;Hold;Medarbejder;Kommentar;Dato"]
    for i in range(rows):
        when = START + timedelta(minutes=i)
        lines.append(f"csv-{i};{i % 11};{TEAMS[i % 20][0]};Medarbejder {i % 60};"
                     f"Kommentar {i};{when:%d-%m-%Y %H:%M}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    teams = TEAMS
    csv_first = timed(lambda: import_csv(engine, path, teams=teams, source="csv",
                                         timezone="Europe/Copenhagen"))
    csv_again = timed(lambda: import_csv(engine, path, teams=teams, source="csv",
                                         timezone="Europe/Copenhagen"))
    print(f"import {rows:,} CSV rows: new {csv_first:.2f} s ({rows / csv_first:,.0f}/s), "
          f"repeated {csv_again:.2f} s ({rows / csv_again:,.0f}/s)")

    good, _ = validate_items(items(rows, "naive-"), teams=TeamIndex.of(TEAMS),
                             default_source="naive")
    naive_rows = [row for _, row in good]
    naive = timed(lambda: naive_store(engine, naive_rows))
    print(f"naive, a transaction per response, {rows:,} rows: {naive:.2f} s "
          f"({rows / naive:,.0f}/s)")
    print(f"ratio naive / batched import (new rows): {naive / csv_first:.1f}x")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=40_000)
    parser.add_argument("--postgres", help="also measure on this (empty, writable) database")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run(f"sqlite:///{folder / 'bench.db'}", args.rows, folder)
        if args.postgres:
            run(args.postgres, args.rows, folder)


if __name__ == "__main__":
    main()
