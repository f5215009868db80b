"""The import command: store a CSV export, report each bad row by line, summarise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from wallboard.config import Config


def progress_bar(total_rows: int) -> Callable[[int, int], None] | None:
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
    from sqlalchemy.exc import SQLAlchemyError

    from wallboard.ingest.csv_import import CsvError, import_csv, read_csv
    from wallboard.store import open_store
    from wallboard.store.commands import say_if_creating

    if not path.is_file():
        print(f"import error: {path}: no such file", file=sys.stderr)
        return 2
    try:
        overrides = _parse_map(mapping)
        rows = len(read_csv(path).rows)
    except (ValueError, CsvError) as exc:
        print(f"import error: {path}: {exc}", file=sys.stderr)
        return 2
    engine = None
    try:
        say_if_creating(config.store.url, "import")
        engine = open_store(config.store.url)
        result = import_csv(engine, path, teams=[(t.key, t.name) for t in config.teams],
                            source=source, timezone=config.wall.timezone, preset=preset,
                            overrides=overrides, dry_run=dry_run, progress=progress_bar(rows))
    except CsvError as exc:
        print(f"import error: {path}: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        reason = " ".join(str(exc.orig if hasattr(exc, "orig") else exc).split())[:300]
        print(f"import error: {path}: the store failed ({reason}); rows stored before that "
              "are kept, and importing the file again stores nothing twice", file=sys.stderr)
        return 2
    finally:
        if engine is not None:
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
