"""The command line: serve the wall (optionally with demo data) or check the setup."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from wallboard.config import ENV_CONFIG, Config, ConfigError, config_path, load_config
from wallboard.serve import serve

DEMO_STORE = "data/demo.db"
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
                        choices=["serve", "check", "migrate", "import", "add-user",
                                 "set-role", "remove-user", "users", "sessions", "forget",
                                 "export-person", "backup"],
                        help="serve (default): run the wall; check: validate the config and "
                             "that the store is reachable, exit 0 or 1, writes nothing; "
                             "migrate: bring the store's schema up to date; import FILE.csv: "
                             "store the responses of a CSV export; add-user NAME, "
                             "remove-user NAME, users: who may sign in to the meeting view "
                             "(admins also to the fleet page); set-role NAME --role ROLE: "
                             "make a user admin or lead; "
                             "sessions NAME [--end]: list (or end) NAME's sign-ins; "
                             "forget, export-person: erase or export one customer's personal "
                             "data; backup FILE: copy an embedded SQLite store while it runs")
    parser.add_argument("file", nargs="?", metavar="FILE|NAME",
                        help="import: the CSV file; add-user, set-role, remove-user, sessions: "
                             "the user name; backup: the file to write")
    parser.add_argument("--customer", metavar="NAME_OR_EMAIL",
                        help="forget, export-person: the customer, by the name stored with "
                             "their responses or their e-mail address")
    parser.add_argument("--response", metavar="SOURCE:ID",
                        help="forget, export-person: one response, by source and id")
    parser.add_argument("--out", metavar="FILE",
                        help="export-person: write the JSON to FILE instead of stdout")
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
                        help="import: check every row and report, but store nothing; "
                             "forget: count what would be erased, erase nothing")
    parser.add_argument("--password-stdin", action="store_true",
                        help="add-user: read the password from the first line of stdin "
                             "instead of asking twice on the terminal")
    parser.add_argument("--replace", action="store_true",
                        help="add-user: change the password of an existing user")
    parser.add_argument("--role", choices=["admin", "lead"],
                        help="add-user: the new user's role (default lead: the meeting view; "
                             "admin: also the fleet page and its screens); with --replace it "
                             "changes the role too; set-role: the role to give")
    parser.add_argument("--end", action="store_true",
                        help="sessions: end every sign-in of the user at once")
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


def demo_config(config: Config) -> Config:
    """Point the config at the demo store and the demo teams."""
    from wallboard.config import resolve_store_url
    from wallboard.demo import DEMO_TEAMS

    url = resolve_store_url(f"sqlite:///{DEMO_STORE}", config.path.parent)
    store = config.store.model_copy(update={"url": url})
    return config.model_copy(update={"store": store, "teams": DEMO_TEAMS})


def check(config: Config) -> int:
    """Print whether the config and the store are fit to start the wall; return the exit code."""
    from wallboard.store.commands import check_store

    print(f"config ok: {config.path} ({len(config.teams)} teams)")
    return check_store(config.store.url)


def privacy_command(config: Config, args: argparse.Namespace) -> int:
    """Run forget, export-person or backup; return the exit code."""
    from wallboard.store import privacy_commands
    from wallboard.store.commands import missing_store

    if args.command == "backup":
        if not args.file:
            print("backup error: name the file to write: run_wallboard.py backup FILE",
                  file=sys.stderr)
            return 2
        if missing := missing_store(config.store.url):
            print(f"backup error: {missing}", file=sys.stderr)
            return 1
        return privacy_commands.backup(config.store.url, Path(args.file))
    try:
        person = privacy_commands.person_of(args.customer, args.response)
    except ValueError as exc:
        print(f"{args.command} error: {exc}", file=sys.stderr)
        return 2
    if missing := missing_store(config.store.url):
        print(f"{args.command} error: {missing}", file=sys.stderr)
        return 1
    if args.command == "forget":
        return privacy_commands.forget(config.store.url, person, dry_run=args.dry_run)
    return privacy_commands.export_person(config.store.url, person,
                                          out=Path(args.out) if args.out else None)


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
    if args.command in ("add-user", "set-role", "remove-user", "users", "sessions"):
        from wallboard.accounts.commands import run_user_command

        return run_user_command(config, args.command, args.file,
                                password_stdin=args.password_stdin, replace=args.replace,
                                end=args.end, role=args.role)
    if args.command == "check":
        return check(config)
    if args.command in ("forget", "export-person", "backup"):
        return privacy_command(config, args)
    if args.command == "migrate":
        from wallboard.store.commands import migrate_store

        return migrate_store(config.store.url)
    if args.command == "import":
        if not args.file:
            print("import error: name the CSV file: run_wallboard.py import FILE.csv",
                  file=sys.stderr)
            return 2
        source = args.source or ("qualtrics" if args.preset == "qualtrics" else "csv")
        from wallboard.ingest.commands import import_file

        return import_file(config, Path(args.file), source=source, preset=args.preset,
                           mapping=args.map, dry_run=args.dry_run)
    return serve(config, host=args.host, port=args.port, demo=args.demo, debug=args.debug)


