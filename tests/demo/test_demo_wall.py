"""The README's first command: the demo wall shows numbers that match its store."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.support.browser import artifact
from tests.support.configs import write_config

pytestmark = pytest.mark.browser


def independent_numbers(db: Path, window_days: int = 90) -> dict[str, tuple[float, int]]:
    """NPS and response count per team over the window, computed with plain SQL."""
    since = (datetime.now(UTC) - timedelta(days=window_days)).replace(tzinfo=None)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT team_key, SUM(score >= 9), SUM(score <= 6), COUNT(*) FROM response "
            "WHERE answered_at > ? GROUP BY team_key", (since.isoformat(sep=" "),)).fetchall()
    return {team: (100 * (p - d) / n, n) for team, p, d, n in rows}


def nps_text(nps: float) -> str:
    """Write an NPS as the wall should: one decimal unless whole, halves away from zero."""
    tenths = Decimal(str(nps)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return ("\u2212" if tenths < 0 else "") + f"{abs(tenths)}".removesuffix(".0")


def shown_numbers(page) -> dict[str, tuple[str, str]]:
    return page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('.panel-goals .team-card')].map(card => [
            card.dataset.team,
            [card.querySelector('.team-nps')?.textContent || '',
             card.querySelector('.team-detail')?.textContent || '']]))""")


def test_wall100_demo_wall_shows_store_numbers(tmp_path: Path, wall_server, open_page) -> None:
    config = write_config(tmp_path)
    server = wall_server(config, demo=True)
    db = tmp_path / "data" / "demo.db"
    assert db.exists()
    page = open_page(f"{server.url}/?panels=goals")
    page.wait_for_selector(".panel-goals.active .team-nps", timeout=20000)
    page.screenshot(path=artifact("wall100-demo-goals-1080p.png"))
    deadline = time.monotonic() + 60
    while True:  # the live simulator may add a response between two reads
        shown = shown_numbers(page)
        expected = independent_numbers(db)
        matches = {team: shown.get(team, ("", ""))[0] == nps_text(nps)
                   and f"{n:,} responses" == shown.get(team, ("", ""))[1]
                   for team, (nps, n) in expected.items() if n >= 10}
        if (matches and all(matches.values())) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert matches and all(matches.values()), (shown, expected)
    assert "Kundeservice København" in page.inner_text(".panel-goals")
    # live responses keep arriving
    first = sum(n for _, n in independent_numbers(db).values())
    deadline = time.monotonic() + 60  # one arrives every 3 to 9 s
    while sum(n for _, n in independent_numbers(db).values()) <= first:
        assert time.monotonic() < deadline, "the demo simulator stored nothing new"
        time.sleep(0.5)
