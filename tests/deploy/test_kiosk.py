"""The kiosk launcher for real: Debian's Chromium (headless here) started, killed, started
again with backoff, stopped cleanly; the script passes bash -n and shellcheck; the systemd
unit verifies; the display-control helper reads working spans."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import in_ci
from tests.support.browser import CHROMIUM
from tests.support.configs import write_config
from tests.support.servers import ROOT
from wallboard.store import open_store, screen_devices, screens

KIOSK = ROOT / "deploy" / "kiosk"
LAUNCHER = KIOSK / "wallboard-kiosk.sh"
_SPEC = importlib.util.spec_from_file_location("screen_dark", KIOSK / "screen_dark.py")
screen_dark = importlib.util.module_from_spec(_SPEC)  # a stand-alone script, not a package
_SPEC.loader.exec_module(screen_dark)


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (found := condition()):
            return found
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {what}")


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Launcher:
    """The launcher script as a process of its own session, with its log file."""

    def __init__(self, tmp: Path, url: str, **env: str) -> None:
        self.log = tmp / "kiosk.log"
        self.profile = tmp / "profile"
        self.process = subprocess.Popen(
            ["bash", str(LAUNCHER)], start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={"PATH": os.environ["PATH"], "HOME": str(tmp), "WALL_URL": url,
                 "CHROMIUM": CHROMIUM, "KIOSK_HEADLESS": "1", "KIOSK_LOG": str(self.log),
                 "KIOSK_PROFILE_DIR": str(self.profile), **env})

    def text(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def browsers(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"\(pid (\d+)\)", self.text())]

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # the launcher and all it started
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Callable[..., Launcher]]:
    started: list[Launcher] = []

    def start(url: str, **env: str) -> Launcher:
        launcher = Launcher(tmp_path, url, **env)
        started.append(launcher)
        return launcher

    yield start
    for launcher in started:
        launcher.stop()


def test_script_is_valid_bash_and_shellcheck_clean() -> None:
    subprocess.run(["bash", "-n", str(LAUNCHER)], check=True)
    if shutil.which("shellcheck") is None:
        if in_ci():
            pytest.fail("shellcheck not found: .ci/run installs it")
        pytest.skip("shellcheck not installed")
    found = subprocess.run(["shellcheck", str(LAUNCHER)], capture_output=True, text=True)
    assert found.returncode == 0, found.stdout


def test_systemd_unit_verifies(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        if in_ci():
            pytest.fail("systemd-analyze not found (Debian's systemd)")
        pytest.skip("systemd-analyze not installed")
    # The unit names the launcher in the user's home (%h); point it at this checkout.
    unit = (KIOSK / "wallboard-kiosk.service").read_text()
    assert "ExecStart=%h/wallboard-kiosk/wallboard-kiosk.sh" in unit
    copy = tmp_path / "wallboard-kiosk.service"
    copy.write_text(unit.replace("%h/wallboard-kiosk/", f"{KIOSK}/"))
    found = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True,
                           text=True)
    assert found.returncode == 0, found.stdout + found.stderr


@pytest.mark.browser
def test_a_dead_browser_is_started_again_with_backoff(tmp_path: Path, wall_server,
                                                      launch) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'w.db'}"
    open_store(url).dispose()
    server = wall_server(write_config(tmp_path, store_url=url))
    kiosk = launch(f"{server.url}/?screen=canteen", KIOSK_DISPLAY="off")
    first = wait_until(lambda: kiosk.browsers(), 30, "the browser started")[0]
    assert alive(first)
    # Right after the fork the child's command line is empty until it has exec'd Chromium.
    command = wait_until(lambda: Path(f"/proc/{first}/cmdline").read_bytes(), 30,
                         "the browser's command line").split(b"\0")
    for flag in (b"--kiosk", b"--no-first-run", b"--disable-session-crashed-bubble",
                 b"--autoplay-policy=no-user-gesture-required",
                 f"--user-data-dir={kiosk.profile}".encode(), b"--headless=new"):
        assert flag in command, flag
    # The fixed profile holds the page's localStorage (the TV's device key) across restarts.
    wait_until(lambda: (kiosk.profile / "Default").is_dir(), 30, "the profile was written")

    os.kill(first, signal.SIGKILL)
    second = wait_until(lambda: kiosk.browsers()[1:], 15, "the browser started again")[0]
    assert second != first and alive(second)
    assert "restarting in 2s" in kiosk.text()
    os.kill(second, signal.SIGKILL)
    wait_until(lambda: kiosk.browsers()[2:], 20, "started a third time")
    assert "restarting in 4s" in kiosk.text()  # a browser that keeps dying: backoff doubles

    third = kiosk.browsers()[2]
    kiosk.process.send_signal(signal.SIGTERM)
    assert kiosk.process.wait(timeout=15) == 0
    wait_until(lambda: not alive(third), 10, "the browser stopped with the launcher")
    assert len(kiosk.browsers()) == 3  # and not started again


def test_launcher_without_a_browser_says_so(tmp_path: Path) -> None:
    found = subprocess.run(["bash", str(LAUNCHER)], capture_output=True, text=True, timeout=30,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                "WALL_URL": "http://127.0.0.1:9/",
                                "CHROMIUM": str(tmp_path / "no-such-browser")})
    assert found.returncode == 1 and "no Chromium found at" in found.stderr
    found = subprocess.run(["bash", str(LAUNCHER)], capture_output=True, text=True, timeout=30,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert found.returncode != 0 and "set WALL_URL" in found.stderr


NOON = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(("control", "dark"), [
    ({"spans": None}, False),
    ({"spans": []}, True),
    ({"spans": [["2026-12-02T07:00:00+00:00", "2026-12-02T16:00:00+00:00"]]}, False),
    ({"spans": [["2026-12-02T07:00:00Z", "2026-12-02T11:00:00Z"]]}, True),   # ends at noon
    ({"spans": [["2026-12-01T07:00:00+00:00", "2026-12-01T16:00:00+00:00"],
                ["2026-12-03T07:00:00+00:00", "2026-12-03T16:00:00+00:00"]]}, True),
])
def test_dark_is_decided_from_the_spans(control: dict, dark: bool) -> None:
    assert screen_dark.is_dark(control, NOON) is dark


@pytest.mark.parametrize(("body", "found"), [
    ({"control": {"spans": []}}, "dark"),
    ({"control": {"spans": None}}, "lit"),
    ({"control": None}, "missing"),                        # renamed or forgotten
    ({"v": 3, "build": "abc", "stale": False}, "missing"),  # a wall without screens
    ({"control": "dark"}, "unknown"),
    ({"error": "not found"}, "unknown"),                   # something else answered
    (["control"], "unknown"),
])
def test_the_walls_answer_decides(body: object, found: str) -> None:
    assert screen_dark.decide(body, NOON) == found


def test_control_address_and_an_unreachable_wall() -> None:
    assert screen_dark.control_url("https://wall.office:8443/?screen=canteen&lang=da",
                                   "Support floor 2") == \
        "https://wall.office:8443/api/screen?screen=Support+floor+2&probe=1"
    assert screen_dark.state("http://127.0.0.1:9/", "canteen", NOON) == "unknown"


@pytest.mark.browser
def test_display_follows_the_screens_working_hours(tmp_path: Path, wall_server,
                                                   launch) -> None:  # noqa: ANN001
    server, engine = dark_wall(tmp_path, wall_server)  # the canteen screen is dark
    switched = tmp_path / "display.txt"
    kiosk = launch(f"{server.url}/?screen=canteen", KIOSK_DISPLAY="command",
                   KIOSK_POLL_SECONDS="1",
                   KIOSK_DISPLAY_OFF_CMD=f"echo off >> {switched}",
                   KIOSK_DISPLAY_ON_CMD=f"echo on >> {switched}")
    lines = lambda: switched.read_text().split() if switched.exists() else []  # noqa: E731
    wait_until(lambda: lines() == ["off"], 40, "the display switched off while dark")
    assert "screen 'canteen' is dark: display off (command)" in kiosk.text()
    screens.set_profile(engine, "canteen", {"hours": "always"})  # e.g. from the fleet page
    wait_until(lambda: lines() == ["off", "on"], 20, "the display switched on again")
    kiosk.process.send_signal(signal.SIGTERM)
    assert kiosk.process.wait(timeout=15) == 0
    assert lines()[-1] == "on"  # a stopped launcher never leaves the TV switched off
    engine.dispose()


def dark_wall(tmp_path: Path, wall_server):  # noqa: ANN001, ANN201
    """A wall where every day around now is a holiday (every screen dark), and its store."""
    today = datetime.now(UTC).date()
    holidays = ", ".join(str(today + timedelta(days=d)) for d in (-1, 0, 1))
    config = write_config(tmp_path, extra=(
        '\n[schedule]\ndays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
        f"holidays = [{holidays}]\n"))
    engine = open_store(f"sqlite:///{tmp_path / 'data' / 'wallboard.db'}")
    return wall_server(config), engine


@pytest.mark.browser
def test_a_forgotten_screens_display_is_switched_on(tmp_path: Path, wall_server,
                                                    launch) -> None:  # noqa: ANN001
    server, engine = dark_wall(tmp_path, wall_server)
    # Paired by code, so the browser's own URL names no screen and nothing makes it again.
    waiting = screen_devices.waiting_for_device(engine, "c" * 64, now=datetime.now(UTC))
    screens.pair(engine, waiting.pairing_code, "Canteen", {}, now=datetime.now(UTC))
    switched = tmp_path / "display.txt"
    kiosk = launch(f"{server.url}/", KIOSK_SCREEN="Canteen", KIOSK_DISPLAY="command",
                   KIOSK_POLL_SECONDS="1",
                   KIOSK_DISPLAY_OFF_CMD=f"echo off >> {switched}",
                   KIOSK_DISPLAY_ON_CMD=f"echo on >> {switched}")
    lines = lambda: switched.read_text().split() if switched.exists() else []  # noqa: E731
    wait_until(lambda: lines() == ["off"], 40, "the display switched off at night")
    screens.forget(engine, "Canteen")  # on the fleet page, while the display is off
    wait_until(lambda: lines() == ["off", "on"], 20, "the display switched on again")
    assert "the wall knows no screen 'Canteen'" in kiosk.text()
    assert "screen 'Canteen' is not known to the wall: display on (command)" in kiosk.text()
    engine.dispose()
