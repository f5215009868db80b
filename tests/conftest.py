"""Shared fixtures: real SQLite files, a real PostgreSQL, a running wall, a real Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from wallboard.store import make_engine, migrate

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ENV = "WALLBOARD_TEST_POSTGRES_URL"
CHROMIUM = os.environ.get("WALLBOARD_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars",
]


def postgres_url() -> str | None:
    """Return the test PostgreSQL URL; in CI its absence is an error, not a skip."""
    url = os.environ.get(POSTGRES_ENV)
    if not url and os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_ENV} is not set: .ci/run must start PostgreSQL")
    return url


def reset_postgres(url: str) -> None:
    """Empty the test database (tables, triggers, functions, migration stamp)."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def empty_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL with nothing in it: a new SQLite file, then an empty PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url = postgres_url()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} not set (CI sets it)")
    reset_postgres(url)
    return url


@pytest.fixture
def store_url(empty_store_url: str) -> str:
    """A store URL to open: a new SQLite file, then a migrated, empty PostgreSQL.

    A shared store is migrated by the admin before the wall starts (`migrate`); an embedded
    SQLite store migrates itself when opened.
    """
    if empty_store_url.startswith("postgresql"):
        engine = make_engine(empty_store_url)
        migrate(engine)
        engine.dispose()
    return empty_store_url


def write_config(folder: Path, *, store_url: str | None = None, wall: dict | None = None,
                 teams: list[dict] | None = None, extra: str = "") -> Path:
    """Write a config.toml for a test and return its path."""
    wall = {"language": "en", "timezone": "Europe/Copenhagen", "rotate_seconds": 20,
            "celebrate_seconds": 3, "min_responses": 10, **(wall or {})}
    lines = ["[store]", f'url = "{store_url or "sqlite:///data/wallboard.db"}"',
             "poll_seconds = 0.5", "", "[wall]"]
    for key, value in wall.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, str):
            lines.append(f'{key} = "{value}"')
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(repr(v).replace(chr(39), chr(34)) for v in value)}]")
        else:
            lines.append(f"{key} = {value}")
    for team in teams if teams is not None else [
            {"key": "support", "name": "Customer Support", "baseline": 20, "goal": 40},
            {"key": "sales", "name": "Sales", "baseline": 10, "goal": 30}]:
        lines += ["", "[[teams]]"]
        for key, value in team.items():
            lines.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}")
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0) -> None:
    """Wait until url answers at all (any HTTP status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


class WallServer:
    """A real wall process: `python run_wallboard.py` on a free port."""

    def __init__(self, config: Path, *, demo: bool = False, port: int | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.config, self.demo = config, demo
        self.port = port or free_port()
        self.env = {**os.environ, **(env or {})}
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = config.parent / f"server-{self.port}.log"

    def start(self) -> WallServer:
        args = [sys.executable, str(ROOT / "run_wallboard.py"), "--config", str(self.config),
                "--port", str(self.port)] + (["--demo"] if self.demo else [])
        self.process = subprocess.Popen(args, cwd=self.config.parent, env=self.env,
                                        stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        try:
            wait_for(self.url + "/api/health", timeout=60)
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"wall did not start:\n{self.log.read_text()[-3000:]}") from None
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


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
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (see README)")
    with tempfile.TemporaryDirectory() as _profile, sync_api.sync_playwright() as playwright:
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


def artifact(name: str) -> Path:
    """Return a path under test-artifacts/ for screenshots a human should look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
