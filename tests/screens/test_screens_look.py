"""The screen's own layers as a person sees them, in en, da and pl at 1080p and 4K: the
pairing code (readable from 4 m), identify and the dim clock. Screenshots go to
test-artifacts/ to be looked at; the layout checks fail on anything cut off or too small."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support.browser import artifact
from tests.support.configs import write_config
from wallboard.store import open_store
from wallboard.store import screens as fleet

pytestmark = pytest.mark.browser
SIZES = {"1080p": (1920, 1080), "4k": (3840, 2160)}
CPH = ZoneInfo("Europe/Copenhagen")
# Every text of a layer inside the screen, none cut, and the biggest line's height.
MEASURE = """(selector) => {
  const layer = document.querySelector(selector);
  const W = window.innerWidth, H = window.innerHeight, out = [];
  for (const el of layer.querySelectorAll('div')) {
    const r = el.getBoundingClientRect();
    if (r.left < 0 || r.top < 0 || r.right > W + 1 || r.bottom > H + 1 ||
        el.scrollWidth > el.clientWidth + 1) { out.push(el.className); }
  }
  const sizes = [...layer.querySelectorAll('div')].map(
      el => parseFloat(getComputedStyle(el).fontSize) / H);
  return {out, biggest: Math.max(...sizes), smallest: Math.min(...sizes)};
}"""


@pytest.fixture(scope="module")
def wall(tmp_path_factory, chromium):  # noqa: ANN001, ANN201
    from tests.support.servers import WallServer

    folder = tmp_path_factory.mktemp("look")
    config = write_config(folder, extra=(
        '\n[screens]\npairing = true\nwall_name = "Customer Care · Aarhus"\n'
        '\n[schedule]\nstart = "08:00"\nend = "17:00"\ndark = "clock"\n'
        'days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'))
    engine = open_store(f"sqlite:///{folder / 'data' / 'wallboard.db'}")
    server = WallServer(config).start()
    yield server, engine
    server.stop()
    engine.dispose()


def check(page, selector: str, name: str, biggest: float) -> None:  # noqa: ANN001
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(artifact(f"screens-{name}.png")))
    found = page.evaluate(MEASURE, selector)
    assert not found["out"], f"{name}: cut off or outside the screen: {found['out']}"
    assert found["biggest"] >= biggest, f"{name}: the main line is too small"
    assert found["smallest"] >= 0.024, f"{name}: a line is below 2.4 % of the height"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["en", "da", "pl"])
def test_pairing_identify_and_dim_clock(wall, chromium, lang: str, size: str) -> None:  # noqa: ANN001
    server, engine = wall
    width, height = SIZES[size]
    context = chromium.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.clock.set_fixed_time(datetime.now(CPH).replace(hour=23, minute=45) +
                                  timedelta(days=1))  # after hours: the code shows anyway
        page.goto(f"{server.url}/?lang={lang}")
        page.wait_for_selector("#screen-pairing:not([hidden]) .pairing-code", timeout=20000)
        # a code 4 m away: at least a fifth of the screen's height
        check(page, "#screen-pairing", f"pairing-{lang}-{size}", 0.2)
        assert page.evaluate("() => document.documentElement.lang") == lang
        code = page.inner_text("#screen-pairing .pairing-code")
        name = f"Support floor {lang} {size}"
        fleet.pair(engine, code, name, {"lang": lang}, now=datetime.now(UTC))
        page.wait_for_function("(n) => document.getElementById('wall')"
                               "?.getAttribute('data-screen') === n", arg=name, timeout=10000)
        page.wait_for_selector("#panels .panel.active", timeout=20000)
        fleet.identify(engine, name, now=datetime.now(UTC))
        page.wait_for_selector("#screen-identify:not([hidden])", timeout=10000)
        check(page, "#screen-identify", f"identify-{lang}-{size}", 0.15)  # over the dark
        page.wait_for_selector("#screen-identify", state="hidden", timeout=15000)
        page.wait_for_selector("#screen-dark:not([hidden]) .dark-clock", timeout=10000)
        assert page.inner_text("#screen-dark .dark-clock") == "23:45"
        check(page, "#screen-dark", f"clock-{lang}-{size}", 0.15)
    finally:
        context.close()
