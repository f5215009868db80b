"""The meeting view on a projector: every view at 1920x1080 in English and Danish (and the
read-aloud and overview at 1280x720) fits the width, cuts nothing off and stays readable.

Screenshots go to test-artifacts/meeting-*.png for a human to look at.
"""

from __future__ import annotations

import pytest
from conftest import artifact
from test_meeting_view import Meeting, sign_in
from test_meeting_view import meeting as meeting  # noqa: F401  (the module's server fixture)

pytestmark = pytest.mark.browser

VIEWS = ("overview", "comments", "followups", "actions")
SMALLEST = 0.014  # of the screen height: 15 px at 1080p, 10 px at 720p

# Runs in the page: boxes past the right edge, text cut by overflow:hidden, text too small.
MEASURE = """(smallest) => {
  const W = innerWidth, H = innerHeight, se = document.scrollingElement;
  const out = [], cut = [], small = [];
  const describe = el => el.tagName + '.' + String(el.className).split(' ').join('.') +
    ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  for (const el of document.querySelectorAll('#react-entry-point *')) {
    if (el.closest('.m-sr, script, style, svg')) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || el.closest('[hidden]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -1 || r.right > W + 1) out.push(describe(el) + ' ' + [r.left, r.right]);
    const hidden = /hidden|clip/.test(cs.overflowX + cs.overflowY);
    if (hidden && el.tagName !== 'INPUT' && (el.scrollHeight > el.clientHeight + 1 ||
                                             el.scrollWidth > el.clientWidth + 1)) {
      cut.push(describe(el));
    }
    for (const node of el.childNodes) {
      if (node.nodeType === 3 && node.textContent.trim() &&
          parseFloat(cs.fontSize) < smallest * H - 0.05) {
        small.push(describe(el) + ' ' + cs.fontSize);
      }
    }
  }
  return {W, H, scroll: [se.scrollWidth, se.scrollHeight], out, cut, small,
          lang: document.documentElement.lang,
          font: document.fonts.check("700 20px 'Wallboard Sans'")};
}"""


def _path(view: str, lang: str) -> str:
    base = "/meeting/" if view == "overview" else f"/meeting/{view}"
    return f"{base}?team=support&period=last_4_weeks&lang={lang}"


def _check(page, view: str, name: str) -> None:  # noqa: ANN001
    page.wait_for_selector(f".m-view-{view}")
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(300)  # let meeting.js pick the first card
    page.screenshot(path=str(artifact(f"meeting-{name}.png")))
    found = page.evaluate(MEASURE, SMALLEST)
    assert found["scroll"][0] <= found["W"], f"{name}: wider than the screen"
    assert not found["out"], f"{name}: past the right edge: {found['out'][:5]}"
    assert not found["cut"], f"{name}: cut off: {found['cut'][:5]}"
    assert not found["small"], f"{name}: too small to read: {found['small'][:5]}"
    assert found["font"], f"{name}: the local font did not load"
    if view == "comments":
        assert found["scroll"][1] <= found["H"], f"{name}: read-aloud needs no scrolling"
        assert page.locator(".m-read-card[data-current]").count() == 1


@pytest.mark.parametrize("lang", ["en", "da"])
def test_meet101_every_view_fits_1080p(chromium, meeting: Meeting, lang: str) -> None:  # noqa: F811
    page = sign_in(chromium, meeting, _path("overview", lang))
    try:
        for view in VIEWS:
            page.goto(meeting.url + _path(view, lang))
            _check(page, view, f"{view}-{lang}-1080p")
            assert page.evaluate("document.documentElement.lang") == lang
    finally:
        page.context.close()


def test_meet102_readable_at_720p(chromium, meeting: Meeting) -> None:  # noqa: F811
    page = sign_in(chromium, meeting, _path("comments", "en"), width=1280, height=720)
    try:
        _check(page, "comments", "comments-en-720p")
        page.goto(meeting.url + _path("overview", "en"))
        _check(page, "overview", "overview-en-720p")
    finally:
        page.context.close()
