"""The ingest tests' fixture: the real app's test client on an empty store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.ingest import make_client


@pytest.fixture
def client(store_url: str, tmp_path: Path):
    http, engine = make_client(store_url, tmp_path)
    yield http, engine
    engine.dispose()
