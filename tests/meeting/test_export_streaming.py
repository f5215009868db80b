"""CSV exports are streamed from the store: the same file as a whole-period read, produced
chunk by chunk, with memory that does not grow with the period."""

from __future__ import annotations

import random
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from tests.support.data import insert_rows, response_row
from wallboard import store
from wallboard.config import parse_config
from wallboard.meeting import exports
from wallboard.meeting.exports import (
    FOLLOWUP_HEADER,
    RESPONSE_HEADER,
    csv_chunks,
    followup_rows,
    register,
    response_rows,
)
from wallboard.meeting.followups import followup_queue, update_followup
from wallboard.store.meeting_reads import responses_between, responses_in_chunks

TZ = "Europe/Copenhagen"
DAYS = 20


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    engine = store.open_store(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def config(tmp_path: Path):  # noqa: ANN201
    return parse_config({"wall": {"timezone": TZ},
                         "teams": [{"key": "support", "name": "Kundeservice"},
                                   {"key": "sales", "name": "Salg"}]},
                        tmp_path / "config.toml")


@pytest.fixture
def client(engine: Engine, config) -> FlaskClient:  # noqa: ANN001
    server = Flask(__name__)
    register(server, config, engine)
    return server.test_client()


def seed(engine: Engine, count: int, comment_length: int = 40) -> None:
    rand = random.Random(11)
    now = datetime.now(UTC)
    rows = [response_row(rand.randint(0, 10), rand.choice(["support", "sales"]),
                         minutes_ago=rand.uniform(10, 60 * 24 * (DAYS - 2)),
                         comment=("=" if n % 97 == 0 else "") + f"c{n} " + "æøå ł 👍 " *
                         (comment_length // 10),
                         employee=None if n % 13 == 0 else rand.choice(["Anna", "Søren"]),
                         customer=None if n % 7 == 0 else "Łukasz", now=now)
            for n in range(count)]
    for start in range(0, count, 5000):
        insert_rows(engine, rows[start:start + 5000])


def period() -> dict[str, str]:
    today = datetime.now(UTC).date()
    return {"period": "custom", "start": (today - timedelta(days=DAYS)).isoformat(),
            "end": (today + timedelta(days=1)).isoformat()}


def streamed(client: FlaskClient, kind: str, **query: str) -> list[bytes]:
    answer = client.get(f"/meeting/export/{kind}.csv", query_string={**period(), **query},
                        buffered=False)
    assert answer.status_code == 200
    return list(answer.response)


def whole_period(engine: Engine, config, kind: str, team: str | None) -> bytes:  # noqa: ANN001
    """The CSV as it was made before streaming: the whole period read at once."""
    chosen, span = exports.parse_query({**period(), "team": team or "all"}, config,
                                       datetime.now(UTC))
    teams = None if chosen is None else [chosen]
    with engine.connect() as conn:
        if kind == "responses":
            frame = responses_between(conn, teams=teams, since=span.start, until=span.end)
            rows = response_rows(frame, TZ)
            header = RESPONSE_HEADER
        else:
            items = followup_queue(conn, teams=teams, since=span.start, until=span.end,
                                   now=datetime.now(UTC), sla_hours=48, carry_over=False)
            rows, header = followup_rows(items, TZ), FOLLOWUP_HEADER
        return "".join(csv_chunks(header, rows)).encode("utf-8")


def test_store_reads_a_period_in_chunks_of_the_asked_size(engine: Engine) -> None:
    seed(engine, 2_345)
    since, until = datetime.now(UTC) - timedelta(days=DAYS), datetime.now(UTC)
    with engine.connect() as conn:
        whole = responses_between(conn, teams=None, since=since, until=until)
        frames = list(responses_in_chunks(conn, teams=None, since=since, until=until,
                                          size=500))
        empty = list(responses_in_chunks(conn, teams=["nobody"], since=since, until=until,
                                         size=500))
    assert [len(f) for f in frames] == [500, 500, 500, 500, 345]
    joined = pd.concat(frames, ignore_index=True)
    assert joined.equals(whole)
    assert empty == []


@pytest.mark.parametrize("team", [None, "sales"])
def test_streamed_csv_is_the_whole_period_csv_in_several_chunks(
        engine: Engine, client: FlaskClient, config, team: str | None,  # noqa: ANN001
        monkeypatch: pytest.MonkeyPatch) -> None:
    seed(engine, 4_500)
    with engine.connect() as conn:
        detractors = conn.execute(select(store.RESPONSE.c.id)
                                  .where(store.RESPONSE.c.score <= 6)).scalars().all()
    now = datetime.now(UTC)
    for n, rid in enumerate(detractors[:40]):
        update_followup(engine, rid, by="Mette", now=now, owner="Mette",
                        status=("contacted", "resolved")[n % 2], note=f"=ring igen {n}")
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 300)
    query = {"team": team} if team else {}
    for kind in ("responses", "followups"):
        chunks = streamed(client, kind, **query)
        assert len(chunks) >= 4, kind
        assert b"".join(chunks) == whole_period(engine, config, kind, team), kind


def export_peak(client: FlaskClient) -> tuple[int, int]:
    """Return (bytes exported, peak bytes traced while exporting) of the period's responses."""
    tracemalloc.start()
    try:
        total = 0
        answer = client.get("/meeting/export/responses.csv", query_string=period(),
                            buffered=False)
        for chunk in answer.response:
            total += len(chunk)
        answer.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return total, peak


def test_export_memory_stays_flat_however_long_the_period(
        engine: Engine, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Four times the comments (3,000, then 12,000 of 800 characters) are written out with
    about the same memory: the period is never held at once, only a chunk of it."""
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 500)
    seed(engine, 3_000, comment_length=800)
    small, small_peak = export_peak(client)
    seed(engine, 9_000, comment_length=800)
    large, large_peak = export_peak(client)
    assert large > 3.9 * small
    assert large_peak < 1.5 * small_peak, (
        f"peak {small_peak:,} bytes for {small:,} bytes, {large_peak:,} for {large:,}")


def test_a_store_that_cannot_be_read_fails_before_any_csv_is_sent(tmp_path: Path,
                                                                  config) -> None:  # noqa: ANN001
    from wallboard.app import answer_store_trouble
    from wallboard.store.engine import read_only_engine
    from wallboard.store.errors import TROUBLE_TEXT

    gone = read_only_engine(f"sqlite:///{tmp_path / 'missing.db'}")
    server = Flask(__name__)
    register(server, config, gone)
    answer_store_trouble(server)  # as create_app does for every route
    for kind in ("responses", "followups"):
        answer = server.test_client().get(f"/meeting/export/{kind}.csv",
                                          query_string=period())
        assert answer.status_code == 503, kind  # the store's trouble, never a 200 nor a 500
        assert not answer.get_data().startswith("\ufeff".encode())
        assert answer.headers.get("Content-Disposition") is None
        assert answer.headers["Retry-After"]
        assert str(tmp_path) not in answer.get_data(as_text=True)
        assert answer.get_json()["error"].startswith(tuple(TROUBLE_TEXT.values()))
