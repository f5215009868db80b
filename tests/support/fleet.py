"""The fleet page under test: a store with screens in every state, and an admin signing in."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from tests.support.accounts import PASSWORD, clean_store, sign_in
from tests.support.configs import write_config
from wallboard.accounts.users import add_user, list_users, set_role
from wallboard.app import create_app
from wallboard.config import load_config
from wallboard.core.clock import utcnow
from wallboard.store.screen_devices import (
    SeenReport,
    named_for_url,
    record_seen,
    waiting_for_device,
)
from wallboard.store.screens import pair, set_profile
from wallboard.wall.snapshot import SnapshotHolder

BUILD = "build-0042"
OLD_BUILD = "build-0017"
TOKEN = "fleet-test-token-0123456789"
FLEET_CONFIG = f'\n[screens]\npairing = true\n\n[api]\ntoken = "{TOKEN}"\n'
PAIRING_ONLY = "\n[screens]\npairing = true\n"


def clear_screens(engine: Engine) -> None:
    """Forget every screen (PostgreSQL keeps rows between tests)."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM screen"))


def ensure_user(engine: Engine, name: str, role: str) -> None:
    """A user with the test password and role, made or changed."""
    if not any(u.username == name for u in list_users(engine)):
        add_user(engine, name, PASSWORD, role=role)
    set_role(engine, name, role)


def seen(engine: Engine, screen_id: int, *, at: datetime, build: str = BUILD,
         size: tuple[int, int] = (1920, 1080), memory: float | None = 231.4,
         loaded: timedelta = timedelta(hours=3, minutes=12), stale: bool = False) -> None:
    """Write one report of a screen as a wall process would, as seen at `at`."""
    record_seen(engine, [SeenReport(screen_id=screen_id, build=build, width=size[0],
                                    height=size[1], memory_mb=memory, loaded_at=at - loaded,
                                    stale=stale)],
                now=at, online_after=at - timedelta(seconds=30))


def seed_fleet(engine: Engine, now: datetime | None = None) -> dict[str, int]:
    """Screens in every state the page shows; return their ids by name ("" for waiting)."""
    now = now or utcnow()
    clear_screens(engine)
    ids: dict[str, int] = {}
    waiting = waiting_for_device(engine, "a" * 64, now=now - timedelta(minutes=50))
    canteen = pair(engine, waiting.pairing_code, "Canteen", {
        "team": "support", "panels": "goals,trend", "lang": "da", "rotate": "30",
        "celebrate": "off", "sound": "on", "hours": "07:00-16:00", "dark": "clock"},
        now=now - timedelta(minutes=40))
    seen(engine, canteen.id, at=now - timedelta(seconds=5))
    ids["Canteen"] = canteen.id
    reception = named_for_url(engine, "Reception", now=now - timedelta(days=3))
    seen(engine, reception.id, at=now - timedelta(hours=2, minutes=7), size=(3840, 2160),
         memory=None, loaded=timedelta(days=2, hours=4))
    ids["Reception"] = reception.id
    floor = named_for_url(engine, "Support floor 2", now=now - timedelta(days=9))
    set_profile(engine, "Support floor 2", {"team": "sales", "lang": "pl", "sound": "off"})
    seen(engine, floor.id, at=now - timedelta(seconds=3), build=OLD_BUILD, memory=712.0,
         loaded=timedelta(days=6, hours=1), stale=True, size=(1366, 768))
    ids["Support floor 2"] = floor.id
    ids["Warehouse"] = named_for_url(engine, "Warehouse", now=now - timedelta(hours=1)).id
    for key, age in (("b", 3), ("c", 12)):
        tv = waiting_for_device(engine, key * 64, now=now - timedelta(minutes=age))
        seen(engine, tv.id, at=now - timedelta(seconds=2), size=(1280, 720), memory=None,
             loaded=timedelta(minutes=age))
    return ids


def waiting_codes(engine: Engine) -> list[str]:
    """The codes the TVs waiting show, newest first."""
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT pairing_code FROM screen WHERE name IS NULL "
                                      "ORDER BY created_at DESC")).scalars())


def sign_in_page(page, base: str, user: str, *, next_path: str = "/fleet") -> None:
    """Sign user in through the real form in a Playwright page, landing on next_path."""
    page.goto(f"{base}/login?next={next_path}")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf".*{re.escape(next_path.split('?')[0])}.*"))


def fleet_app(folder: Path, store_url: str, *, language: str = "en", extra: str = "",
              token: bool = True):
    """The real app (Flask side) on store_url with pairing on and (with token) the API
    token; the store emptied of users and screens. Returns (server, engine)."""
    settings = (FLEET_CONFIG if token else PAIRING_ONLY) + extra
    config = load_config(write_config(folder, store_url=store_url, wall={"language": language},
                                      extra=settings), {})
    engine = clean_store(store_url)
    clear_screens(engine)
    server = create_app(config, SnapshotHolder(), BUILD, engine=engine).server
    return server, engine


def signed_in_client(server, engine: Engine, user: str, role: str):
    """A test client signed in as user with role (made if missing)."""
    ensure_user(engine, user, role)
    client = server.test_client()
    answer = sign_in(client, user)
    assert answer.status_code == 303, answer.get_data(as_text=True)[:300]
    return client


def form_token_of(html: str) -> str:
    """The form token a rendered fleet page carries."""
    found = re.search(r'name="form_token" value="([0-9a-f]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)
