"""Turn query rows into pandas frames fast, for bulk reads."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Column, String, type_coerce
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.types import DateTime


def raw_time(engine_or_conn: Engine | Connection, column: Column):  # noqa: ANN201
    """Select a time column as text (SQLite) or a plain timestamp, for pandas to parse."""
    # Skip per-row Python conversion on bulk reads; pandas parses the column at once.
    if engine_or_conn.dialect.name == "sqlite":
        return type_coerce(column, String()).label(column.name)
    return type_coerce(column, DateTime(timezone=True)).label(column.name)


def to_frame(rows: Sequence, columns: list[str]) -> pd.DataFrame:
    """Build a frame of rows column-wise; parse time columns as UTC, ids and scores as int."""
    # Column-wise from plain tuples: pandas inspects each SQLAlchemy Row object otherwise,
    # which costs seconds at a million rows.
    values = list(zip(*map(tuple, rows), strict=True))
    frame = (pd.DataFrame(dict(zip(columns, values, strict=True))) if values
             else pd.DataFrame(columns=columns, dtype=object))
    for column in ("answered_at", "received_at"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    frame["id"] = frame["id"].astype("int64")
    frame["score"] = frame["score"].astype("int64")
    return frame
