"""Forwarded headers: believed from trusted proxies only (in-process; nginx: test_nginx.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, request

from tests.support.accounts import PASSWORD, make_app
from wallboard.accounts.proxy import ForwardedHeaders, parse_address
from wallboard.accounts.sessions import COOKIE_NAME
from wallboard.config import ConfigError
from wallboard.config.load import parse_config

TRUSTED = '\n[server]\ntrusted_proxies = ["10.9.0.0/16", "2001:db8::1"]\n'


def probe(trusted: tuple[str, ...]) -> Flask:
    app = Flask("probe")

    @app.get("/")
    def seen() -> dict:
        return {"addr": request.remote_addr, "scheme": request.scheme, "host": request.host}

    app.wsgi_app = ForwardedHeaders(app.wsgi_app, trusted)
    return app


def seen(app: Flask, peer: str, **headers: str) -> dict:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = peer
    return client.get("/", headers={k.replace("_", "-"): v for k, v in headers.items()},
                      base_url="http://wall.internal:8050").get_json()


@pytest.mark.parametrize(("peer", "forwarded_for", "client"), [
    ("10.9.0.5", "203.0.113.7", "203.0.113.7"),
    ("10.9.0.5", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # forged left part: ignored
    ("10.9.0.5", "203.0.113.7, 10.9.0.6", "203.0.113.7"),       # two trusted hops
    ("10.9.0.5", "10.9.0.7, 10.9.0.6", "10.9.0.7"),             # all trusted: the left-most
    ("10.9.0.5", "203.0.113.7, not-an-address", "10.9.0.5"),    # garbage: the proxy itself
    ("10.9.0.5", "[2001:db8::7]:51000", "2001:db8::7"),
    ("::ffff:10.9.0.5", "203.0.113.7:4711", "203.0.113.7"),
    ("2001:db8::1", "203.0.113.9", "203.0.113.9"),
    ("203.0.113.50", "198.51.100.1", "203.0.113.50"),           # not a proxy: ignored
])
def test_the_client_is_the_right_most_untrusted_hop(peer: str, forwarded_for: str,
                                                     client: str) -> None:
    app = probe(("10.9.0.0/16", "2001:db8::1"))
    assert seen(app, peer, X_Forwarded_For=forwarded_for)["addr"] == client


def test_scheme_and_host_come_from_trusted_proxies_only() -> None:
    app = probe(("10.9.0.0/16",))
    headers = {"X_Forwarded_Proto": "https", "X_Forwarded_Host": "nps.example.com"}
    assert seen(app, "10.9.0.5", **headers) == {
        "addr": "10.9.0.5", "scheme": "https", "host": "nps.example.com"}
    assert seen(app, "10.8.0.5", **headers) == {
        "addr": "10.8.0.5", "scheme": "http", "host": "wall.internal:8050"}
    # The nearest proxy's value counts; nonsense is ignored.
    assert seen(app, "10.9.0.5", X_Forwarded_Proto="https, http")["scheme"] == "http"
    assert seen(app, "10.9.0.5", X_Forwarded_Proto="gopher")["scheme"] == "http"
    for bad in ("evil.com/x", "a b", "evil.com:99999999", "user@evil.com"):
        assert seen(app, "10.9.0.5", X_Forwarded_Host=bad)["host"] == "wall.internal:8050"
    assert seen(probe(()), "10.9.0.5", **headers)["scheme"] == "http"  # none trusted: default


def test_parse_address() -> None:
    assert str(parse_address(" 10.0.0.1 ")) == "10.0.0.1"
    assert str(parse_address("fe80::1%eth0")) == "fe80::1"
    assert parse_address("unknown") is None and parse_address("") is None


def sign_in_behind(app: Flask, peer: str, *, host: str, origin: str, proto: str = "https"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = peer
    return client.post("/login", data={"username": "anna", "password": PASSWORD},
                       base_url="http://127.0.0.1:8050",
                       headers={"Origin": origin, "X-Forwarded-For": "203.0.113.7",
                                "X-Forwarded-Proto": proto, "X-Forwarded-Host": host})


def test_behind_a_trusted_proxy_origin_uses_the_forwarded_host_and_the_cookie_is_secure(
        tmp_path: Path) -> None:
    server, engine = make_app(tmp_path, extra=TRUSTED)
    response = sign_in_behind(server, "10.9.0.5", host="nps.example.com",
                              origin="https://nps.example.com")
    assert response.status_code == 303
    cookie = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith(COOKIE_NAME + "="))
    assert "Secure" in cookie and "HttpOnly" in cookie
    # The same headers from a peer that is no trusted proxy are not believed.
    refused = sign_in_behind(server, "10.8.0.5", host="nps.example.com",
                             origin="https://nps.example.com")
    assert refused.status_code == 403
    plain = sign_in_behind(server, "10.9.0.5", host="nps.example.com",
                           origin="http://nps.example.com", proto="http")
    assert plain.status_code == 303
    assert all("Secure" not in h for h in plain.headers.getlist("Set-Cookie"))
    engine.dispose()


def test_trusted_proxies_are_checked_and_normalised(tmp_path: Path) -> None:
    config = parse_config({"server": {"trusted_proxies": ["10.9.0.1/16", " ::1 "]}},
                          tmp_path / "c.toml")
    assert config.server.trusted_proxies == ("10.9.0.0/16", "::1/128")
    assert parse_config({}, tmp_path / "c.toml").server.trusted_proxies == ()
    with pytest.raises(ConfigError) as caught:
        parse_config({"server": {"trusted_proxies": ["10.0.0.1", "proxy.local"]}},
                     tmp_path / "c.toml")
    assert caught.value.key == "server.trusted_proxies[2]"
    assert "not an address or network" in caught.value.reason
