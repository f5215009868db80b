"""Import a CSV export from a survey tool: good rows stored, bad rows reported by line."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from wallboard.ingest.save import Saved, save_rows
from wallboard.ingest.validate import RowError, validate_rows


@dataclass(frozen=True)
class ImportResult:
    rows: int
    saved: Saved
    errors: list[RowError]


class CsvError(ValueError):
    """The file as a whole cannot be read as CSV."""


def read_csv(path: Path) -> tuple[list[dict], list[int]]:
    """Read a CSV file with a header row; return its rows and the file line each starts on.

    Comma, semicolon or tab separated, UTF-8 with or without BOM; quoted cells may span
    lines.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.readline()
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            handle.seek(0)
            reader = csv.DictReader(handle, dialect=dialect)
            rows, lines = [], []
            for row in reader:
                if None in row:  # more cells than header names
                    row = {k: v for k, v in row.items() if k is not None} | {
                        "extra cells": row[None]}
                rows.append({(k or "").strip(): v for k, v in row.items()})
                # line_num is the row's last line; quoted cells may hold line breaks.
                breaks = sum(v.count("\n") for v in row.values() if isinstance(v, str))
                lines.append(reader.line_num - breaks)
    except UnicodeDecodeError as exc:
        raise CsvError(f"not UTF-8 (byte {exc.start}): save the export as UTF-8 CSV") from None
    except csv.Error as exc:
        raise CsvError(f"not readable as CSV: {exc}") from None
    return rows, lines


def import_csv(engine: Engine, path: Path, *, teams: set[str] | None,
               source: str) -> ImportResult:
    """Validate and store every row of a CSV file; errors name the file line of the row."""
    rows, lines = read_csv(path)
    good, errors = validate_rows(rows, teams=teams, default_source=source)
    saved = save_rows(engine, good) if good else Saved()
    errors = [RowError(lines[e.row - 1], e.field, e.error) for e in errors]
    return ImportResult(rows=len(rows), saved=saved, errors=errors)
