"""Import a CSV export from a survey tool: good rows stored, bad rows reported by line.

Comma, semicolon or tab separated; UTF-8 with or without a byte-order mark, or Windows-1252
(what Excel saves on Danish Windows); Qualtrics' label rows under the header are skipped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine

from wallboard.ingest.save import Saved, save_rows
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


class CsvError(ValueError):
    """The file as a whole cannot be read as CSV, or the options do not fit it."""


@dataclass(frozen=True)
class CsvFile:
    """A read CSV file: header, rows as dicts, and the file line each row starts on."""

    header: tuple[str, ...]
    rows: list[dict[str, str]]
    lines: list[int]
    encoding: str
    delimiter: str
    labels: dict[str, str] = field(default_factory=dict)  # Qualtrics question texts
    timezone: str | None = None  # the time zone a Qualtrics export declares for its dates
    # (first, last) file line of a final record whose quote is never closed: not imported
    unclosed: tuple[int, int] | None = None


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
        return len(self.file.rows)


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 with BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page; in Danish offices that is 1252.
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def _delimiter(header_line: str) -> str:
    counts = {d: 0 for d in ",;\t"}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _is_label_row(row: Sequence[str]) -> bool:
    return any(cell.strip().startswith('{"ImportId"') for cell in row)


def _declared_timezone(cells: Sequence[str]) -> str | None:
    """The timeZone a Qualtrics ImportId cell names for the export's dates, if valid."""
    for cell in cells:
        try:
            value = json.loads(cell)
        except ValueError:
            continue
        zone = value.get("timeZone") if isinstance(value, dict) else None
        if isinstance(zone, str):
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                continue
            return zone
    return None


def read_csv(path: Path) -> CsvFile:
    """Read a CSV export with a header row; quoted cells may span lines."""
    try:
        text, encoding = _decode(path.read_bytes())
    except OSError as exc:
        raise CsvError(f"cannot be read: {exc.strerror}") from None
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise CsvError("is empty: expected a header row such as id,score,team,comment")
        header = [h.strip() for h in header]
        if len(set(header)) != len(header):
            twice = sorted({h for h in header if header.count(h) > 1})
            raise CsvError(f"the header names {', '.join(map(repr, twice))} more than once")
        records: list[tuple[int, list[str]]] = []
        start = reader.line_num + 1
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CsvError(f"not readable as CSV at line {reader.line_num}: {exc}") from None
    unclosed = None
    # A quote that is never closed swallows the rest of the file into one cell: the CSV
    # reader accepts that silently, so count the quotes from the last record's first line.
    if records and "".join(text.splitlines(keepends=True)[records[-1][0] - 1:]).count('"') % 2:
        unclosed = (records[-1][0], reader.line_num)
        records = records[:-1]
    labels: dict[str, str] = {}
    timezone = None
    # Qualtrics: row 2 holds the question texts, row 3 the ImportIds (older exports: row 2).
    if len(records) >= 2 and _is_label_row(records[1][1]):
        labels = dict(zip(header, records[0][1], strict=False))
        timezone = _declared_timezone(records[1][1])
        records = records[2:]
    elif records and _is_label_row(records[0][1]):
        timezone = _declared_timezone(records[0][1])
        records = records[1:]
    rows, lines = [], []
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue  # blank lines, often at the end
        row = dict(zip(header, cells, strict=False))
        if len(cells) > len(header):
            row["(extra cells)"] = delimiter.join(cells[len(header):])
        rows.append(row)
        lines.append(line)
    return CsvFile(tuple(header), rows, lines, encoding, delimiter, labels, timezone, unclosed)


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
    # (nothing is written, so a later chunk could not see an earlier one).
    step = len(rows) or 1 if dry_run else CHUNK
    for start in range(0, len(rows), step):
        outcomes += save_rows(engine, rows[start:start + step], dry_run=dry_run).outcomes
        if progress:
            progress(min(start + step, len(rows)), len(rows))
    line_errors = [_line_error(e, lines, mapping) for e in errors]
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
