"""Shared fixtures: real SQLite files, a real PostgreSQL, a running wall, a real Chromium.

One rule decides what a test may do without its real parts (see `pytest_runtest_setup`):
a test marked `postgres` is skipped without WALLBOARD_TEST_POSTGRES_URL on a developer's
machine but fails in CI (CI=true, as `.ci/run` runs); a test marked `browser` fails
everywhere when Playwright or Chromium is missing, one marked `nginx` when nginx or openssl
is. Tests that use the `postgres_url` or
`chromium` fixtures must carry the marker: collection stops otherwise.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.nginx import missing as nginx_missing
from tests.support.servers import WallServer
from wallboard.store import make_engine, migrate

POSTGRES_ENV = "WALLBOARD_TEST_POSTGRES_URL"
# A fixture that needs the real part, and the marker a test using it must carry.
NEEDS_MARKER = {"postgres_url": "postgres", "chromium": "browser"}


def in_ci() -> bool:
    """Tell whether this run is CI's, where a missing part is an error, never a skip."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@cache
def browser_missing() -> str | None:
    """Return why the browser tests cannot run here, or None when they can."""
    try:
        importlib.import_module("playwright.sync_api")
    except ImportError as exc:
        return f"Playwright cannot be imported ({exc}): pip install -e \".[test]\""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found: install Debian's chromium (see README)"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse a test that uses a real part without the marker that names it."""
    unmarked = [f"{item.nodeid} uses {fixture} but is not marked {marker}"
                for item in items for fixture, marker in NEEDS_MARKER.items()
                if fixture in getattr(item, "fixturenames", ())
                and item.get_closest_marker(marker) is None]
    if unmarked:
        raise pytest.UsageError("\n".join(unmarked))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """The one rule: skip or fail a test whose real parts are missing, before any fixture."""
    if item.get_closest_marker("postgres") and not os.environ.get(POSTGRES_ENV):
        reason = f"{POSTGRES_ENV} is not set"
        if in_ci():
            pytest.fail(f"{reason}: .ci/run must start PostgreSQL and set it", pytrace=False)
        pytest.skip(f"{reason} (CI sets it)")
    if item.get_closest_marker("browser") and (reason := browser_missing()):
        pytest.fail(reason, pytrace=False)
    if item.get_closest_marker("nginx") and (reason := nginx_missing()):
        pytest.fail(reason, pytrace=False)


def reset_postgres(url: str) -> None:
    """Empty the test database (tables, triggers, functions, migration stamp)."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> str:
    """The test PostgreSQL, emptied (not migrated); only for tests marked postgres."""
    if request.node.get_closest_marker("postgres") is None:  # e.g. reached dynamically
        pytest.fail(f"{request.node.nodeid} uses PostgreSQL: mark it @pytest.mark.postgres")
    url = os.environ[POSTGRES_ENV]  # the rule above has checked it is there
    reset_postgres(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL with nothing in it: a new SQLite file, then an empty PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def postgres_store_url(postgres_url: str) -> str:
    """The test PostgreSQL, emptied and migrated, as the admin leaves it for the wall."""
    engine = make_engine(postgres_url)
    migrate(engine)
    engine.dispose()
    return postgres_url


@pytest.fixture
def store_url(request: pytest.FixtureRequest, empty_store_url: str) -> str:
    """A store URL to open: a new SQLite file, then a migrated, empty PostgreSQL.

    A shared store is migrated by the admin before the wall starts (`migrate`); an embedded
    SQLite store migrates itself when opened.
    """
    if empty_store_url.startswith("postgresql"):
        return request.getfixturevalue("postgres_store_url")
    return empty_store_url


@pytest.fixture
def wall_server() -> Iterator[Callable[..., WallServer]]:
    """Start wall processes for a test; all are stopped at its end."""
    started: list[WallServer] = []

    def start(config: Path, **kwargs: object) -> WallServer:
        server = WallServer(config, **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the session, driven by Playwright."""
    from playwright.sync_api import sync_playwright  # the rule has checked it imports

    with tempfile.TemporaryDirectory() as _profile, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium):
    """Open a page at a viewport size in a fresh browser context (own localStorage)."""
    contexts = []

    def open_(url: str, width: int = 1920, height: int = 1080):
        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()
