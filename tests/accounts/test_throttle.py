"""Password guessing slowed down: names and clients locked for a while, memory bounded."""

from __future__ import annotations

from flask import Flask

from tests.support.accounts import cookie_set, sign_in
from wallboard.accounts.sessions import EXTENSION
from wallboard.accounts.throttle import Throttle


def test_repeated_failures_lock_the_name_for_a_minute(app: Flask) -> None:
    clock = [1000.0]
    app.extensions[EXTENSION].throttle.clock = lambda: clock[0]
    client = app.test_client()
    for _ in range(5):
        assert sign_in(client, "ANNA" if _ % 2 else "anna", "wrong password").status_code == 401
    response = sign_in(client)  # the right password, but too late
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) <= 61
    assert "Too many failed sign-ins. Wait a minute" in response.get_data(as_text=True)
    assert not cookie_set(response)
    clock[0] += 61
    response = sign_in(client)
    assert response.status_code == 303 and cookie_set(response)


def test_throttle_counts_names_and_clients_in_a_window() -> None:
    clock = [0.0]
    throttle = Throttle(window=300, lockout=60, clock=lambda: clock[0])
    keys = [("user:anna", 5), ("client:10.0.0.1", 20)]
    for _ in range(4):
        throttle.failed(["user:anna", "client:10.0.0.1"])
    assert throttle.wait_seconds(keys) == 0
    throttle.failed(["user:anna", "client:10.0.0.1"])
    assert throttle.wait_seconds(keys) == 60
    clock[0] = 30
    assert throttle.wait_seconds(keys) == 30
    assert throttle.wait_seconds([("user:bo", 5), ("client:10.0.0.1", 20)]) == 0
    clock[0] = 400  # the failures left the window
    assert throttle.wait_seconds(keys) == 0
    for i in range(20):
        throttle.failed([f"user:guess{i}", "client:10.0.0.1"])
    assert throttle.wait_seconds([("user:bo", 5), ("client:10.0.0.1", 20)]) == 60
    throttle.succeeded(["client:10.0.0.1"])
    assert throttle.wait_seconds([("client:10.0.0.1", 20)]) == 0


def test_throttle_memory_is_bounded() -> None:
    clock = [0.0]
    throttle = Throttle(max_keys=100, clock=lambda: clock[0])
    for i in range(1000):
        clock[0] += 1
        throttle.failed([f"user:{i}"])
    assert len(throttle._failures) <= 101
