"""The ingest API under test: the real app with a token, and the stored rows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from wallboard import store
from wallboard.app import create_app
from wallboard.config import parse_config
from wallboard.store import Response
from wallboard.wall.snapshot import SnapshotHolder

TEAMS = [{"key": "support", "name": "Customer Support"}, {"key": "sales", "name": "Salg"}]
GOOD = {"id": "r1", "score": 10, "team": "support"}
AUTH = {"Authorization": "Bearer s3cret"}


def make_client(store_url: str, tmp_path: Path, **sections: dict):  # noqa: ANN201
    config = parse_config({"store": {"url": store_url}, "api": {"token": "s3cret"},
                           "teams": TEAMS, **sections}, tmp_path / "config.toml")
    engine = store.open_store(config.store.url)
    app = create_app(config, SnapshotHolder(), "test", engine=engine)
    return app.server.test_client(), engine


def rows(engine) -> list[dict]:  # noqa: ANN001
    with engine.connect() as conn:
        query = select(Response.__table__).order_by(Response.source, Response.external_id)
        return [dict(r._mapping) for r in conn.execute(query)]


def count(engine, table=Response) -> int:  # noqa: ANN001
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()
