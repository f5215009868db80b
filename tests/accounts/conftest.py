"""The accounts tests' fixtures: a store without users, the real app with user anna."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine

from tests.support.accounts import clean_store, make_app


@pytest.fixture
def users_store(store_url: str) -> Iterator[Engine]:
    engine = clean_store(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    server, engine = make_app(tmp_path)
    yield server
    engine.dispose()
