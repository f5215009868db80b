"""Through Debian's real nginx: the real client, HTTPS, the forwarded host, parallel guesses.

Clients connect from different loopback addresses (127.0.0.x), so nginx forwards real,
different client addresses; the wall trusts only 127.0.0.1, where nginx connects from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.support.accounts import PASSWORD, clean_store
from tests.support.configs import write_config
from tests.support.nginx import Nginx, send
from tests.support.servers import WallServer
from wallboard.accounts.session_store import list_sessions
from wallboard.accounts.sessions import COOKIE_NAME
from wallboard.accounts.users import add_user

pytestmark = pytest.mark.nginx
TRUST_NGINX = '\n[server]\ntrusted_proxies = ["127.0.0.1"]\n'


@pytest.fixture
def nginx() -> Iterator[Callable[[list[int]], Nginx]]:
    started: list[Nginx] = []

    def start(ports: list[int]) -> Nginx:
        proxy = Nginx(ports).start()
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()


def walls(tmp_path: Path, store_url: str, wall_server, count: int = 1) -> list[WallServer]:
    engine = clean_store(store_url)
    add_user(engine, "anna", PASSWORD)
    engine.dispose()
    config = write_config(tmp_path, store_url=store_url, extra=TRUST_NGINX)
    return [wall_server(config) for _ in range(count)]


def form(username: str, password: str) -> str:
    return urlencode({"username": username, "password": password})


def sign_in(proxy: Nginx, client: str, *, password: str = PASSWORD, https: bool = True,
            username: str = "anna"):
    scheme, port = ("https", proxy.https_port) if https else ("http", proxy.http_port)
    return proxy.request("POST", "/login", https=https, client=client,
                         body=form(username, password),
                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                  "Origin": f"{scheme}://wallboard.test:{port}",
                                  "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"})


def session_cookie(response) -> tuple[str, str]:
    header = next(h for h in response.headers.get_all("Set-Cookie")
                  if h.startswith(COOKIE_NAME + "="))
    return SimpleCookie(header)[COOKIE_NAME].value, header


def test_behind_nginx_the_wall_sees_the_client_https_and_the_browsers_host(
        tmp_path: Path, wall_server, nginx) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    wall = walls(tmp_path, url, wall_server)[0]
    proxy = nginx([wall.port])
    # HTTPS through nginx, which rewrites Host: the Origin check uses the forwarded host,
    # and the cookie is Secure.
    response = sign_in(proxy, "127.0.0.2")
    assert response.status == 303, response.body
    token, header = session_cookie(response)
    assert "Secure" in header and "HttpOnly" in header
    csv = proxy.request("GET", "/meeting/export/responses.csv", client="127.0.0.2",
                        headers={"Cookie": f"{COOKIE_NAME}={token}"})
    assert csv.status == 200
    # Signing out ends the session for every copy of the cookie.
    out = proxy.request("POST", "/logout", client="127.0.0.2",
                        headers={"Cookie": f"{COOKIE_NAME}={token}",
                                 "Origin": f"https://wallboard.test:{proxy.https_port}"})
    assert out.status == 303
    for path in ("/meeting/export/responses.csv", "/meeting/_dash-layout"):
        copied = proxy.request("GET", path, client="127.0.0.9",
                               headers={"Cookie": f"{COOKIE_NAME}={token}"})
        assert copied.status == 401
    # Plain HTTP through nginx: no Secure (the browser would not send it back).
    plain = sign_in(proxy, "127.0.0.3", https=False)
    assert plain.status == 303 and "Secure" not in session_cookie(plain)[1]
    # A client's own X-Forwarded-For is not believed: nginx appends the real address.
    forged = proxy.request("POST", "/login", client="127.0.0.4", body=form("anna", PASSWORD),
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Origin": f"https://wallboard.test:{proxy.https_port}",
                                    "X-Forwarded-For": "198.51.100.9"})
    assert forged.status == 303
    from wallboard.store import open_store

    engine = open_store(url)
    addresses = sorted(s.address for s in list_sessions(engine, "anna"))
    engine.dispose()
    assert addresses == ["127.0.0.3", "127.0.0.4"]  # 127.0.0.2 signed out
    # Straight to the wall from a peer that is no proxy: its forwarded headers are ignored.
    direct = send(wall.port, "POST", "/login", client="127.0.0.5", body=form("anna", PASSWORD),
                  headers={"Content-Type": "application/x-www-form-urlencoded",
                           "Host": f"127.0.0.1:{wall.port}", "X-Forwarded-Proto": "https",
                           "X-Forwarded-Host": "wallboard.test",
                           "Origin": "https://wallboard.test"})
    assert direct.status == 403  # the Origin names another host than the wall's own


def test_behind_nginx_a_name_locked_at_one_address_signs_in_from_another(
        tmp_path: Path, wall_server, nginx) -> None:
    wall = walls(tmp_path, f"sqlite:///{tmp_path / 'store.db'}", wall_server)[0]
    proxy = nginx([wall.port])
    for _ in range(5):
        assert sign_in(proxy, "127.0.0.6", password="wrong password").status == 401
    locked = sign_in(proxy, "127.0.0.6")
    assert locked.status == 429 and int(locked.headers["Retry-After"]) > 1
    # Counted per real client, not per proxy: anna still signs in from elsewhere.
    assert sign_in(proxy, "127.0.0.7").status == 303
    # One address trying many names is stopped at 20 password checks.
    statuses = [sign_in(proxy, "127.0.0.8", username=f"guess{i}", password="x" * 12).status
                for i in range(21)]
    assert statuses == [401] * 20 + [429]


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres",
                                                          marks=pytest.mark.postgres)])
def test_parallel_wrong_passwords_get_at_most_five_checks(
        tmp_path: Path, wall_server, nginx, request: pytest.FixtureRequest,
        store: str) -> None:
    if store == "postgres":  # two wall processes behind nginx share one store
        url = request.getfixturevalue("postgres_store_url")
        servers = walls(tmp_path, url, wall_server, count=2)
    else:
        servers = walls(tmp_path, f"sqlite:///{tmp_path / 'store.db'}", wall_server)
    proxy = nginx([s.port for s in servers])

    def guess(_: int) -> int:
        return sign_in(proxy, "127.0.0.9", password="wrong password").status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(guess, range(20)))
    checked = statuses.count(401)
    assert statuses.count(429) == 20 - checked
    # Tries refused while others were in flight may leave room: never more than 5 in all.
    assert checked <= 5, statuses
    while checked < 5:
        assert sign_in(proxy, "127.0.0.9", password="wrong password").status == 401
        checked += 1
    assert sign_in(proxy, "127.0.0.9", password="wrong password").status == 429
    assert sign_in(proxy, "127.0.0.9").status == 429  # the right password, but too late
    assert sign_in(proxy, "127.0.0.10").status == 303
