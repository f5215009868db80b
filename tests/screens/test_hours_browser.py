"""Working hours in a real Chromium against a real wall process: a dark screen neither
celebrates nor chimes, what arrived meanwhile is not replayed when it lights up, and then it
celebrates and chimes again (issue 15's sound rule)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.configs import write_config
from tests.support.data import insert_rows, response_row
from tests.support.wall_page import RECORDER, screen_has_seen, seen
from wallboard.store import open_store
from wallboard.store import screen_devices as devices
from wallboard.store import screens as fleet

pytestmark = pytest.mark.browser
# Counts the notes the page starts: the chime is two oscillators.
TONES = """(() => {
  window.__tones = 0;
  const Base = window.AudioContext || window.webkitAudioContext;
  if (!Base) { return; }
  window.AudioContext = class extends Base {
    createOscillator() { window.__tones += 1; return super.createOscillator(); }
  };
})();"""
DARK = "() => document.getElementById('wall')?.getAttribute('data-dark')"


def test_dark_screen_is_silent_and_does_not_replay(tmp_path: Path, wall_server,
                                                   chromium) -> None:  # noqa: ANN001
    today = datetime.now(UTC).date()
    holidays = ", ".join(str(today + timedelta(days=d)) for d in (-1, 0, 1))
    config = write_config(tmp_path, wall={"sound": True}, extra=(
        '\n[schedule]\ndays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
        f'holidays = [{holidays}]\ndark = "clock"\n'))
    engine = open_store(f"sqlite:///{tmp_path / 'data' / 'wallboard.db'}")
    devices.named_for_url(engine, "Canteen", now=datetime.now(UTC))
    wall = wall_server(config)
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(TONES)
    try:
        page = context.new_page()
        page.goto(f"{wall.url}/?screen=Canteen")
        page.wait_for_function(f"() => ({DARK})() === 'true'", timeout=20_000)
        assert page.is_visible("#screen-dark")           # the dim clock of dark = "clock"
        page.evaluate(RECORDER)
        insert_rows(engine, [response_row(10, external_id="overnight", comment="Great")])
        screen_has_seen(page, wall.url, 1)
        page.wait_for_function("() => !window.wallboard.state().queue", timeout=5_000)
        assert not page.evaluate("() => window.wallboard.state().celebrating")
        assert seen(page) == [] and page.evaluate("() => window.__tones") == 0

        # The admin gives the canteen round-the-clock hours: the page reloads, lit.
        fleet.set_profile(engine, "Canteen", {"hours": "always"})
        page.wait_for_function(f"() => ({DARK})() === 'false'", timeout=15_000)
        page.wait_for_function("() => window.wallboard && window.wallboard.state().knownVersion",
                               timeout=20_000)
        page.evaluate(RECORDER)
        insert_rows(engine, [response_row(9, external_id="morning", comment="Quick help")])
        screen_has_seen(page, wall.url, 2)
        page.wait_for_function("() => window.__seen.length > 0", timeout=10_000)
        assert len(seen(page)) == 1 and "Quick help" in page.inner_text("#celebration")
        # The overnight promoter was not replayed at the reload either: one celebration.
        assert page.get_attribute("#celebration", "data-count") == "1"
        assert page.evaluate("() => window.__tones") == 2    # one chime of two notes
    finally:
        context.close()
        engine.dispose()
