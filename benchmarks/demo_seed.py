#!/usr/bin/env python3
"""Benchmark seeding the demo store: the history `--demo` writes into a fresh store.

Measures, on a fresh SQLite file (and PostgreSQL when --postgres URL is given), how long
`seed_demo_store` takes to write the demo's history, follow-ups included, and how long the
second call takes, which must find the store seeded and write nothing. Prints rows per
second. Not part of the test run (tests/demo/test_demo.py checks what is written). Usage:

    python benchmarks/demo_seed.py [--postgres postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wallboard.demo import history  # noqa: E402
from wallboard.store import open_store  # noqa: E402


def measure(url: str) -> None:
    """Seed the store at url twice and print how long each took."""
    engine = open_store(url)
    now = datetime.now(UTC)
    started = time.perf_counter()
    inserted = history.seed_demo_store(engine, now=now)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = history.seed_demo_store(engine, now=now)
    second = time.perf_counter() - started
    engine.dispose()
    print(f"{engine.dialect.name:10} seeded {inserted:,} responses in {first:.2f} s "
          f"({inserted / first:,.0f} rows/s); again: {again} rows in {second * 1000:.0f} ms")


def main() -> None:
    """Run the benchmark on SQLite and, when asked, PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="an EMPTY PostgreSQL database URL to seed")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}")
    with tempfile.TemporaryDirectory() as folder:
        measure(f"sqlite:///{Path(folder) / 'demo.db'}")
    if args.postgres:
        measure(args.postgres)


if __name__ == "__main__":
    main()
