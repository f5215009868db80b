"""Import a CSV export from a survey tool: good rows stored, bad rows reported by line.

Comma, semicolon or tab separated; UTF-8 with or without a byte-order mark, UTF-16 with one
(Excel's "Unicode text"), or Windows-1252 (what Excel saves on Danish Windows); Qualtrics'
label rows under the header are skipped. A row with a cell longer than MAX_CELL is refused
alone; text is cleaned by the rule of wallboard.core.cleaning when validated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from wallboard.ingest.csv_read import MAX_CELL, CsvError, CsvFile, read_csv
from wallboard.ingest.save import REFUSED_BY_STORE, Saved, save_rows, save_rows_or_each
from wallboard.ingest.validate import FIELDS, FieldError, TeamIndex, validate_items

PRESETS = ("generic", "qualtrics")
# Header names each field is recognised by (compared ignoring case, spaces, - and _).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "externalid", "responseid", "response", "svarid", "surveyresponseid"),
    "source": ("source", "kilde", "zrodlo"),
    "score": ("score", "nps", "npsscore", "rating", "karakter", "ocena", "likelihood"),
    "comment": ("comment", "comments", "kommentar", "begrundelse", "feedback",
                "komentarz", "reason"),
    "team": ("team", "teamkey", "hold", "afdeling", "zespol", "dzial"),
    "employee": ("employee", "medarbejder", "agent", "pracownik", "employeename"),
    "customer": ("customer", "customername", "kunde", "kundenavn", "klient"),
    "answered_at": ("answeredat", "answered", "date", "dato", "time", "tidspunkt",
                    "submittedat", "createdat", "recordeddate", "data", "respondedat"),
}
QUALTRICS = {"id": ("ResponseId",), "answered_at": ("RecordedDate", "EndDate")}
QUALTRICS_NAME = ("RecipientFirstName", "RecipientLastName")
# Qualtrics Status values that are not real customers: previews, tests and spam.
QUALTRICS_SKIP = {"survey preview", "survey test", "spam", "preview spam", "1", "2", "8", "9"}
CHUNK = 2000
__all__ = ["CsvError", "CsvFile", "ImportResult", "LineError", "import_csv", "read_csv"]


@dataclass(frozen=True)
class LineError:
    """A refused row: its file line, the column (if any), the field and the reason."""

    line: int
    column: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"column {self.column!r}" if self.column else self.field
        return f"line {self.line}: {where}: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    file: CsvFile
    mapping: dict[str, str]
    saved: Saved
    errors: list[LineError]
    skipped: list[tuple[int, str]]
    dry_run: bool

    @property
    def rows(self) -> int:
        return len(self.file.rows) + len(self.file.oversized)


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def column_mapping(file: CsvFile, *, preset: str,
                   overrides: Mapping[str, str]) -> dict[str, str]:
    """Return field -> column: --map first, then the preset's names, then common aliases."""
    if preset not in PRESETS:
        raise CsvError(f"unknown preset {preset!r}; known: {', '.join(PRESETS)}")
    by_key = {_key(h): h for h in file.header}
    mapping: dict[str, str] = {}
    for name, column in overrides.items():
        if name not in FIELDS:
            raise CsvError(f"--map {name}=...: unknown field; known: {', '.join(FIELDS)}")
        found = column if column in file.header else by_key.get(_key(column))
        if found is None:
            raise CsvError(f"--map {name}={column}: no such column; the header has "
                           f"{', '.join(file.header)}")
        mapping[name] = found
    if preset == "qualtrics":
        for name, columns in QUALTRICS.items():
            column = next((c for c in columns if c in file.header), None)
            if column and name not in mapping:
                mapping[name] = column
        if "score" not in mapping:  # the NPS question X comes with a column X_NPS_GROUP
            group = next((h for h in file.header if h.endswith("_NPS_GROUP")), None)
            if group and group[: -len("_NPS_GROUP")] in file.header:
                mapping["score"] = group[: -len("_NPS_GROUP")]
    for name, aliases in ALIASES.items():
        if name in mapping:
            continue
        column = next((by_key[a] for a in aliases if a in by_key), None)
        if column is not None and column not in mapping.values():
            mapping[name] = column
    missing = [f for f in ("score", "team") if f not in mapping]
    if missing:
        raise CsvError(f"no column for {' and '.join(missing)}: name it in the header or "
                       f"use --map {missing[0]}=COLUMN (the header has "
                       f"{', '.join(file.header)})")
    return mapping


def import_csv(engine: Engine, path: Path, *, teams: Sequence[tuple[str, str]], source: str,
               timezone: str, preset: str = "generic", overrides: Mapping[str, str] | None = None,
               dry_run: bool = False, progress: Callable[[int, int], None] | None = None,
               now: datetime | None = None) -> ImportResult:
    """Validate and store every row of a CSV file; errors name the file line and column.

    Times without an offset are read in the time zone the file declares (Qualtrics), else in
    timezone. Nothing is written with dry_run.
    """
    file = read_csv(path)
    mapping = column_mapping(file, preset=preset, overrides=overrides or {})
    skipped: list[tuple[int, str]] = []
    items, raws, lines = [], [], []
    qualtrics = preset == "qualtrics"
    status = "Status" if qualtrics and "Status" in file.header else None
    finished = "Finished" if qualtrics and "Finished" in file.header else None
    name_columns = [c for c in QUALTRICS_NAME if c in file.header] if qualtrics else []
    for row, line in zip(file.rows, file.lines, strict=True):
        if status and row.get(status, "").strip().casefold() in QUALTRICS_SKIP:
            skipped.append((line, f"Qualtrics status {row[status]!r}"))
            continue
        if finished and row.get(finished, "").strip().casefold() in ("false", "0"):
            share = row.get("Progress", "").strip()
            skipped.append((line, "not finished" + (f" ({share} %)" if share else "")))
            continue
        item = {name: row.get(column, "") for name, column in mapping.items()}
        if "customer" not in mapping and name_columns:
            names = (row.get(c, "").strip() for c in name_columns)
            item["customer"] = " ".join(n for n in names if n)
        items.append(item)
        raws.append({"file": path.name, "line": line, "row": row})
        lines.append(line)
    good, errors = validate_items(items, teams=TeamIndex.of(teams), default_source=source,
                                  now=now or datetime.now(UTC),
                                  timezone=file.timezone or timezone, raws=raws)
    outcomes: list[str] = []
    rows = [row for _, row in good]
    # A transaction per chunk, so a large file shows progress; a dry run plans all at once
    # (nothing is written, so a later chunk could not see an earlier one). A chunk the store
    # refuses for a value is stored row by row: only the refused rows are lost.
    step = len(rows) or 1 if dry_run else CHUNK
    for start in range(0, len(rows), step):
        chunk = rows[start:start + step]
        done = (save_rows(engine, chunk, dry_run=True).outcomes if dry_run
                else save_rows_or_each(engine, chunk))
        for (index, _), outcome in zip(good[start:start + step], done, strict=True):
            if outcome is None:
                errors.append(FieldError(index, "row", REFUSED_BY_STORE))
            else:
                outcomes.append(outcome)
        if progress:
            progress(min(start + step, len(rows)), len(rows))
    line_errors = [_line_error(e, lines, mapping) for e in errors]
    by_column = {column: name for name, column in mapping.items()}
    line_errors += [LineError(line, column, by_column.get(column, "row"), (
        f"the cell is {length:,} characters long; at most {MAX_CELL:,} are read: "
        "this row was not imported")) for line, column, length in file.oversized]
    if file.unclosed:
        first, last = file.unclosed
        line_errors.append(LineError(first, None, "row", (
            f"a quote (\") opened here is never closed, so lines {first} to {last} were read "
            "as one cell and not imported; close the quote and import again")))
    return ImportResult(file=file, mapping=mapping, saved=Saved(tuple(outcomes)),
                        errors=line_errors,
                        skipped=skipped, dry_run=dry_run)


def _line_error(error: FieldError, lines: list[int], mapping: Mapping[str, str]) -> LineError:
    return LineError(lines[error.index], mapping.get(error.field), error.field, error.message)
