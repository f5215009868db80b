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


def read_csv(path: Path) -> list[dict]:
    """Read a CSV file with a header row; comma or semicolon separated, UTF-8 (with BOM)."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    rows = []
    for row in reader:
        if None in row:  # more cells than header names
            row = {k: v for k, v in row.items() if k is not None} | {"extra cells": row[None]}
        rows.append({(k or "").strip(): v for k, v in row.items()})
    return rows


def import_csv(engine: Engine, path: Path, *, teams: set[str] | None,
               source: str) -> ImportResult:
    """Validate and store every row of a CSV file; rows are numbered by file line."""
    rows = read_csv(path)
    good, errors = validate_rows(rows, teams=teams, default_source=source)
    saved = save_rows(engine, good) if good else Saved()
    # Row 1 of the data is line 2 of the file, below the header.
    errors = [RowError(e.row + 1, e.field, e.error) for e in errors]
    return ImportResult(rows=len(rows), saved=saved, errors=errors)
