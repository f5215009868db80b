"""The alerts tests' fixtures: an empty store with its outbox, and a local receiver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.support.alerts import Receiver
from wallboard import store


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A local receiver that fails twice, then accepts."""
    server = Receiver([500, 500, 200])
    yield server
    server.stop()


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """An empty store, outbox included."""
    engine = store.open_store(store_url)
    yield engine
    engine.dispose()
