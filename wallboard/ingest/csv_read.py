"""Read a CSV export into rows: encodings, delimiters, label rows and huge cells.

UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's "Unicode text"), or
Windows-1252 (what Excel saves on Danish Windows); comma, semicolon or tab separated.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The csv module's own default field limit: a longer cell refuses its row, not the file.
MAX_CELL = 131_072


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
    # (line, column, length) of each row left out for a cell longer than MAX_CELL
    oversized: tuple[tuple[int, str, int], ...] = ()


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM (repaired)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        return data.decode("utf-16", errors="replace"), "UTF-16 with BOM"
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
    # The limit is the csv module's (process-wide): raised while reading, so that a huge cell
    # refuses its row only (below), and put back afterwards.
    limit = csv.field_size_limit(max(len(text) + 1, MAX_CELL))
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
    finally:
        csv.field_size_limit(limit)
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
    rows, lines, oversized = [], [], []
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue  # blank lines, often at the end
        if huge := [(i, len(c)) for i, c in enumerate(cells) if len(c) > MAX_CELL]:
            i, length = huge[0]
            column = header[i] if i < len(header) else "(extra cells)"
            oversized.append((line, column, length))
            continue
        row = dict(zip(header, cells, strict=False))
        if len(cells) > len(header):
            row["(extra cells)"] = delimiter.join(cells[len(header):])
        rows.append(row)
        lines.append(line)
    return CsvFile(tuple(header), rows, lines, encoding, delimiter, labels, timezone, unclosed,
                   tuple(oversized))


