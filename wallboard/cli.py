"""The command line: serve the wall (optionally with demo data) or check the setup."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from wallboard.config import ENV_CONFIG, Config, ConfigError, config_path, load_config

DEMO_STORE = "data/demo.db"
ENV_BUILD_ID = "WALLBOARD_BUILD_ID"
log = logging.getLogger("wallboard")


def build_parser() -> argparse.ArgumentParser:
    """Describe every command and option, for --help."""
    parser = argparse.ArgumentParser(
        prog="run_wallboard.py",
        description="Promoter Wallboard: serve the office wall, or check the setup.",
        epilog="Environment: WALLBOARD_CONFIG (config path), WALLBOARD_DATABASE_URL "
               "(overrides [store] url), WALLBOARD_API_TOKEN (overrides [api] token), "
               "WALLBOARD_BUILD_ID (names the deployed version; screens reload when it "
               "changes).")
    parser.add_argument("command", nargs="?", default="serve",
                        choices=["serve", "check", "import", "add-user", "remove-user",
                                 "users"],
                        help="serve (default): run the wall; check: validate the config and "
                             "that the store is reachable, exit 0 or 1; import FILE.csv: "
                             "store the responses of a CSV export; add-user NAME, "
                             "remove-user NAME, users: who may sign in to the meeting view")
    parser.add_argument("file", nargs="?", metavar="FILE|NAME",
                        help="import: the CSV file; add-user, remove-user: the user name")
    parser.add_argument("--source",
                        help="source name of imported rows without a source column (default "
                             "csv, or qualtrics with --preset qualtrics); with the id column "
                             "it makes re-imports idempotent")
    parser.add_argument("--preset", default="generic", choices=["generic", "qualtrics"],
                        help="import: how columns are recognised (default generic; qualtrics "
                             "reads ResponseId, RecordedDate and the NPS question)")
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                        help="import: take FIELD (id, source, score, comment, team, employee, "
                             "customer, answered_at) from COLUMN; repeatable")
    parser.add_argument("--dry-run", action="store_true",
                        help="import: check every row and report, but store nothing")
    parser.add_argument("--password-stdin", action="store_true",
                        help="add-user: read the password from the first line of stdin "
                             "instead of asking twice on the terminal")
    parser.add_argument("--replace", action="store_true",
                        help="add-user: change the password of an existing user")
    parser.add_argument("--config", metavar="PATH",
                        help=f"config file (default: ${ENV_CONFIG} or ./config.toml)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; TVs on the office "
                             "network need 0.0.0.0)")
    parser.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    parser.add_argument("--demo", action="store_true",
                        help=f"use the demo store ({DEMO_STORE} beside the config) and demo "
                             "teams, seed it with 90 days of history and keep adding live "
                             "responses")
    parser.add_argument("--debug", action="store_true",
                        help="Dash debug mode with dev tools (never on a wall)")
    return parser


def display_url(url: str) -> str:
    """Return the store URL with any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database URL)"


def demo_config(config: Config) -> Config:
    """Point the config at the demo store and the demo teams."""
    from wallboard.config import resolve_store_url
    from wallboard.demo.history import DEMO_TEAMS

    url = resolve_store_url(f"sqlite:///{DEMO_STORE}", config.path.parent)
    return replace(config, store=replace(config.store, url=url), teams=DEMO_TEAMS)


def check(config: Config) -> int:
    """Print whether the store can be opened and read; return the exit code."""
    from wallboard.store import open_store, ping

    print(f"config ok: {config.path} ({len(config.teams)} teams)")
    try:
        engine = open_store(config.store.url)
        ping(engine)
    except Exception as exc:  # any driver error means unreachable
        print(f"store unreachable: {display_url(config.store.url)}: "
              f"{type(exc).__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    print(f"store reachable: {display_url(config.store.url)}")
    engine.dispose()
    return 0


def _progress(total_rows: int) -> Callable[[int, int], None] | None:
    """A progress bar on stderr for large files (a line per quarter when not a terminal)."""
    if total_rows < 5000:
        return None
    tty = sys.stderr.isatty()
    shown = [-1]

    def show(done: int, total: int) -> None:
        share = done / total if total else 1.0
        if tty:
            bar = "#" * int(share * 30)
            print(f"\r  storing [{bar:<30}] {done:,} / {total:,} rows", end="",
                  file=sys.stderr, flush=True)
            if done >= total:
                print(file=sys.stderr)
        elif int(share * 4) > shown[0]:
            shown[0] = int(share * 4)
            print(f"  stored {done:,} / {total:,} rows", file=sys.stderr, flush=True)

    return show


def _parse_map(pairs: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise ValueError(f"--map {pair}: expected FIELD=COLUMN, e.g. --map score=Q1")
        mapping[name.strip()] = column.strip()
    return mapping


def import_file(config: Config, path: Path, *, source: str, preset: str = "generic",
                mapping: Sequence[str] = (), dry_run: bool = False) -> int:
    """Import a CSV file into the store; print a summary and each bad row.

    Exit code 0: every row stored (or already there); 1: some rows were rejected;
    2: the file or the options could not be used at all.
    """
    from wallboard.ingest.csv_import import CsvError, import_csv, read_csv
    from wallboard.store import open_store

    if not path.is_file():
        print(f"import error: {path}: no such file", file=sys.stderr)
        return 2
    try:
        overrides = _parse_map(mapping)
        rows = len(read_csv(path).rows)
    except (ValueError, CsvError) as exc:
        print(f"import error: {path}: {exc}", file=sys.stderr)
        return 2
    engine = open_store(config.store.url)
    try:
        result = import_csv(engine, path, teams=[(t.key, t.name) for t in config.teams],
                            source=source, timezone=config.wall.timezone, preset=preset,
                            overrides=overrides, dry_run=dry_run, progress=_progress(rows))
    except CsvError as exc:
        print(f"import error: {path}: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    saved, file = result.saved, result.file
    # Problems first, in file order, then the summary last, where the eye lands.
    notes = [(line, f"line {line}: skipped: {reason}") for line, reason in result.skipped]
    notes += [(error.line, str(error)) for error in result.errors]
    for _, note in sorted(notes, key=lambda n: n[0]):
        print(f"{path}: {note}", file=sys.stderr)
    sys.stderr.flush()
    delimiter = {",": "comma", ";": "semicolon", "\t": "tab"}[file.delimiter]
    columns = ", ".join(f"{k}={v!r}" for k, v in result.mapping.items())
    extras = []
    if file.labels:
        extras.append("Qualtrics label rows skipped")
    if file.timezone:
        extras.append(f"dates in {file.timezone}")
    print(f"{path}: {result.rows:,} rows ({file.encoding}, {delimiter}-separated"
          f"{''.join(', ' + e for e in extras)}); columns: {columns}")
    if not result.rows:
        print("  the file has a header but no rows: nothing to import")
    rejected_rows = len({e.line for e in result.errors})
    verb = "would be" if dry_run else "were"
    print(f"  {saved.inserted:,} new, {saved.updated:,} updated, {saved.unchanged:,} already "
          f"stored, {rejected_rows:,} rejected ({len(result.errors):,} errors), "
          f"{len(result.skipped):,} skipped: new and updated rows {verb} stored"
          + (" (dry run: nothing was written)" if dry_run else ""))
    return 1 if result.errors else 0


def serve(config: Config, *, host: str, port: int, demo: bool, debug: bool) -> int:
    """Open the store, start the poller (and demo simulator) and serve the wall."""
    from wallboard.app import create_app
    from wallboard.jobs import start_jobs
    from wallboard.store import make_engine, open_store
    from wallboard.wall.poller import Poller
    from wallboard.wall.snapshot import SnapshotHolder

    try:
        engine = open_store(config.store.url)
    except Exception as exc:  # the store may come later: serve, stale, and keep trying
        log.warning("store %s cannot be opened yet (%s); the wall starts stale and "
                    "retries every poll", display_url(config.store.url), exc)
        if demo:
            raise
        engine = make_engine(config.store.url)
    simulate = None
    if demo:
        from wallboard.demo.history import DemoSimulator, seed_demo_store

        added = seed_demo_store(engine, sla_hours=config.followup.sla_hours)
        log.info("demo store %s: %s", display_url(config.store.url),
                 f"seeded with {added} responses" if added else "already seeded")
        simulate = DemoSimulator(engine).step
        from wallboard.accounts.users import ensure_demo_user

        demo_user = ensure_demo_user(engine)
    holder = SnapshotHolder()
    poller = Poller(config, engine, holder)
    poller.poll()  # the first screen gets numbers at once, not after the first interval
    deliver = None
    if config.followup.notify_url:
        from wallboard.alerts.outbox import Notifier, public_base

        deliver = Notifier(config, engine, public_url=public_base(config, port)).deliver_due
    scheduler = start_jobs(poller.poll, config.store.poll_seconds, simulate,
                           deliver=deliver)
    app = create_app(config, holder, os.environ.get(ENV_BUILD_ID) or None, engine=engine)
    log.info("wall on http://%s:%d/ (store %s)", host, port, display_url(config.store.url))
    if demo:
        log.info("meeting view on http://%s:%d/meeting/: sign in as %s, password %s",
                 host, port, *demo_user)
    try:
        if debug:
            app.run(host=host, port=port, debug=True, use_reloader=False)
        else:
            from waitress import serve as waitress_serve

            waitress_serve(app.server, host=host, port=port, threads=16,
                           channel_timeout=30, ident="wallboard")
    finally:
        scheduler.shutdown(wait=False)
        engine.dispose()
    return 0


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    environ = os.environ if environ is None else environ
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    path = config_path(args.config, environ)
    try:
        config = load_config(path, environ)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 1
    if args.demo:
        config = demo_config(config)
    if args.command in ("add-user", "remove-user", "users"):
        from wallboard.accounts.commands import run_user_command

        return run_user_command(config, args.command, args.file,
                                password_stdin=args.password_stdin, replace=args.replace)
    if args.command == "check":
        return check(config)
    if args.command == "import":
        if not args.file:
            print("import error: name the CSV file: run_wallboard.py import FILE.csv",
                  file=sys.stderr)
            return 2
        source = args.source or ("qualtrics" if args.preset == "qualtrics" else "csv")
        return import_file(config, Path(args.file), source=source, preset=args.preset,
                           mapping=args.map, dry_run=args.dry_run)
    return serve(config, host=args.host, port=args.port, demo=args.demo, debug=args.debug)


