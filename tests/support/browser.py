"""The real Chromium the browser tests drive, and where their screenshots go."""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.servers import ROOT

CHROMIUM = os.environ.get("WALLBOARD_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars",
]


def artifact(name: str) -> Path:
    """Return a path under test-artifacts/ for screenshots a human should look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
