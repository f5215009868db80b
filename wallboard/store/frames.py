"""Turn query rows into pandas frames or compact numpy columns fast, for bulk reads."""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
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


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk read.

    A read of a million rows makes millions of tuples, and each collection would scan them
    all: that doubles the time of the read for no garbage found.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def utc_nanos(values: Sequence) -> np.ndarray:
    """Parse times (ISO text or datetimes) as UTC nanoseconds since the epoch, int64."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. numpy's "no explicit representation of timezones"
        try:  # naive UTC text as SQLite holds it: numpy parses it several times faster
            return np.array(values, dtype="datetime64[ns]").view(np.int64)
        except (ValueError, TypeError, Warning):
            pass
    stamps = pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601")
    return pd.DatetimeIndex(stamps).as_unit("ns").asi8


def compact_columns(rows: Sequence) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray,
                                             np.ndarray]:
    """Return ids, team keys, team codes (int32), scores (int8) and UTC nanoseconds of
    (id, team, score, time) rows: a few bytes a row instead of a few hundred."""
    ids, teams, scores, times = zip(*rows, strict=True)
    codes, keys = pd.factorize(pd.Series(teams, dtype=object))
    return (np.array(ids, dtype=np.int64), [str(k) for k in keys], codes.astype(np.int32),
            np.array(scores, dtype=np.int8), utc_nanos(times))
