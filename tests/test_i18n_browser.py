"""The server and the wall's browser write numbers and times alike, in a real Chromium.

wall.js formats the numbers of a celebration and the time in the freshness corner with the
browser's Intl; the server formats everything else with Babel. Both read CLDR, and these tests
hold the two to identical strings in every language.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.support.configs import write_config
from tests.support.servers import WallServer
from wallboard import i18n
from wallboard.store import open_store

pytestmark = pytest.mark.browser

TZ = "Europe/Copenhagen"
NUMBERS = [-12.5, -12.25, 0, 7, 0.15, 2.45, -0.04, 33.333333, 99.96, 100, 1234, 12345,
           1234567.5, -12345.5]
COUNTS = [0, 1, 7, 1234, 12345, 1234567]
FRACTIONS = [0.6, 0.605, 0.0049, 1.2, -0.2, 12.34, 123.45]
MOMENTS = [datetime(2026, 11, 23, 23, 5, tzinfo=UTC), datetime(2026, 7, 1, 12, 30, tzinfo=UTC),
           datetime(2026, 3, 29, 1, 30, tzinfo=UTC), datetime(2026, 9, 3, 9, 0, tzinfo=UTC),
           datetime(2026, 5, 31, 21, 59, tzinfo=UTC)]

# What wall.js does with them, and plain Intl in the screen's locale for the forms only the
# server writes today (percentages, day and month), so a browser-side use would agree too.
IN_THE_PAGE = """([numbers, counts, fractions, moments, timeZone]) => {
  const f = window.wallboard.format, locale = window.wallboard.state().locale;
  const percent = new Intl.NumberFormat(locale, {style: "percent", roundingMode: "halfExpand",
                                                 signDisplay: "negative"});
  const dayMonth = new Intl.DateTimeFormat(locale, {day: "numeric", month: "short", timeZone});
  return {
    locale,
    numbers: numbers.map(f.number),
    counts: counts.map(f.number),
    times: moments.map(f.time),
    percents: fractions.map(v => percent.format(v).replace("-", "\\u2212")),
    days: moments.map(m => dayMonth.format(new Date(m))),
  };
}"""


@pytest.fixture(scope="module")
def wall(tmp_path_factory) -> Iterator[WallServer]:
    folder = tmp_path_factory.mktemp("formats")
    url = f"sqlite:///{folder / 'store.db'}"
    open_store(url).dispose()
    server = WallServer(write_config(folder, store_url=url, wall={"timezone": TZ})).start()
    yield server
    server.stop()


@pytest.mark.parametrize("lang", ["en", "da", "pl"])
def test_wall120_browser_and_server_format_alike(wall: WallServer, open_page, lang: str) -> None:
    page = open_page(f"{wall.url}/?lang={lang}&celebrate=0")
    page.wait_for_function("() => window.wallboard && window.wallboard.state().locale")
    shown = page.evaluate(IN_THE_PAGE, [NUMBERS, COUNTS, FRACTIONS,
                                        [m.isoformat() for m in MOMENTS], TZ])
    assert shown == {
        "locale": i18n.locale_tag(lang),
        "numbers": [i18n.nps_value(lang, v) for v in NUMBERS],
        "counts": [i18n.number(lang, n) for n in COUNTS],
        "times": [i18n.clock(m, TZ) for m in MOMENTS],
        "percents": [i18n.percent(lang, v) for v in FRACTIONS],
        "days": [i18n.short_date(lang, m, TZ) for m in MOMENTS],
    }
