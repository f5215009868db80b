"""A real wall process on a free port, started the way a user starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on just now."""
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
        """Start the process and wait until /api/health answers."""
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
        """Stop the process, killing it when it does not stop within 10 s."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
