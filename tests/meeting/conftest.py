"""The meeting view's server, one per module, a signed-in lead's pages, an empty store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select

from tests.support.configs import write_config
from tests.support.meeting import PASSWORD, TZ, USER, Meeting, R, seed_rows, sign_in
from tests.support.servers import WallServer
from wallboard import store
from wallboard.accounts.users import add_user
from wallboard.store import FollowUp, Response, open_store


@pytest.fixture(scope="module")
def meeting(tmp_path_factory) -> Iterator[Meeting]:  # noqa: ANN001
    folder = tmp_path_factory.mktemp("meeting")
    url = f"sqlite:///{folder / 'store.db'}"
    now = datetime.now(UTC)
    engine = open_store(url)
    with engine.begin() as conn:
        conn.execute(insert(Response.__table__), seed_rows(now))
        ids = dict(conn.execute(select(R.external_id, R.id)).all())
        # Some detractors were followed up, one late, so the SLA share is neither 0 nor 100.
        detractors = conn.execute(select(R.id, R.answered_at).where(R.score <= 6)
                                  .order_by(R.id)).all()
        conn.execute(insert(FollowUp.__table__), [
            dict(response_id=rid, owner="Mette Kjær", status="contacted", note="",
                 created_at=answered, contacted_at=answered + timedelta(hours=5 if i % 4 else 60))
            for i, (rid, answered) in enumerate(detractors[::2])])
    add_user(engine, USER, PASSWORD)
    config = write_config(folder, store_url=url, wall={"timezone": TZ, "min_responses": 10})
    server = WallServer(config).start()
    yield Meeting(server, engine, now, ids)
    server.stop()
    engine.dispose()


@pytest.fixture
def lead(chromium, meeting: Meeting):
    pages = []

    def open_(path: str, **size: int):
        page = sign_in(chromium, meeting, path, **size)
        pages.append(page)
        return page

    yield open_
    for page in pages:
        page.context.close()


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """An empty store, SQLite then PostgreSQL."""
    engine = store.open_store(store_url)
    yield engine
    engine.dispose()
