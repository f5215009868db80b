"""The meeting view on a projector: every view at 1920x1080 in English and Danish (and the
read-aloud and overview at 1280x720) fits the width, cuts nothing off and stays readable.

Screenshots go to test-artifacts/meeting-*.png for a human to look at.
"""

from __future__ import annotations

import pytest

from tests.support.browser import artifact
from tests.support.meeting import Meeting, sign_in

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
    # meeting.js has set the page's language and, on read-aloud, drawn the first card
    page.wait_for_function("""() => {
        const nav = document.querySelector('.m-tabs[data-lang]');
        const stage = document.getElementById('m-reader-list');
        return nav && document.documentElement.lang === nav.dataset.lang &&
               (!stage || stage.hasAttribute('data-index'));
    }""")
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
def test_meet101_every_view_fits_1080p(chromium, meeting: Meeting, lang: str) -> None:
    page = sign_in(chromium, meeting, _path("overview", lang))
    try:
        for view in VIEWS:
            page.goto(meeting.url + _path(view, lang))
            _check(page, view, f"{view}-{lang}-1080p")
            assert page.evaluate("document.documentElement.lang") == lang
    finally:
        page.context.close()


def test_meet102_readable_at_720p(chromium, meeting: Meeting) -> None:
    page = sign_in(chromium, meeting, _path("comments", "en"), width=1280, height=720)
    try:
        _check(page, "comments", "comments-en-720p")
        page.goto(meeting.url + _path("overview", "en"))
        _check(page, "overview", "overview-en-720p")
    finally:
        page.context.close()


# Runs in the page: every visible text field, dropdown and date field is at least as tall as
# its text (1.2 times the font size) and does not scroll its own text out of sight.
CONTROLS = """() => {
  const found = [];
  const sel = 'input:not([type=hidden]):not([type=radio]):not([type=checkbox]), ' +
              '.dash-dropdown, button, .m-pill';
  for (const el of document.querySelectorAll(sel)) {
    if (el.classList.contains('dash-dropdown-focus-target')) continue;  // an invisible helper
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    if (!r.width || !r.height || cs.visibility === 'hidden') continue;
    const size = parseFloat(cs.fontSize);
    found.push({what: el.tagName + '#' + el.id + '.' + String(el.className).split(' ')[0],
                height: r.height, size, clipped: el.scrollHeight > el.clientHeight + 1});
  }
  return found;
}"""


def _controls_fit(page, name: str) -> list[dict]:  # noqa: ANN001
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(artifact(f"meeting-{name}.png")))
    found = page.evaluate(CONTROLS)
    bad = [c for c in found if c["clipped"] or c["height"] < c["size"] * 1.2]
    assert not bad, f"{name}: text clipped in {bad[:5]}"
    return found


@pytest.mark.parametrize("lang", ["en", "da"])
def test_meet103_controls_grow_with_their_text_at_4k(chromium, meeting: Meeting,
                                                     lang: str) -> None:
    page = sign_in(chromium, meeting, _path("followups", lang), width=3840, height=2160)
    try:
        for view in ("followups", "actions", "comments"):
            page.goto(meeting.url + _path(view, lang))
            page.wait_for_selector(f".m-view-{view}")
            found = _controls_fit(page, f"controls-{view}-{lang}-4k")
            kinds = " ".join(c["what"] for c in found)
            assert "#m-team" in kinds and "#m-dates" in kinds
            if view == "actions":
                assert "#m-action-text" in kinds and "#m-action-due" in kinds
            if view == "comments":
                assert "#m-search" in kinds
            # the text in the boxes is as big as the text around them at 4K (1 rem = 40 px)
            team = next(c for c in found if c["what"].startswith("BUTTON#m-team"))
            assert team["size"] >= 36
    finally:
        page.context.close()


def test_meet104_sign_in_page_scales_with_the_screen(chromium, meeting: Meeting) -> None:
    sizes = {}
    for width, height in ((1920, 1080), (3840, 2160)):
        context = chromium.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            page.goto(meeting.url + "/login?lang=pl")
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(artifact(f"signin-pl-{height}p.png")))
            sizes[height] = page.evaluate("""() => {
              const box = document.querySelector('main').getBoundingClientRect();
              const field = document.getElementById('username');
              return {font: parseFloat(getComputedStyle(document.body).fontSize),
                      width: box.width, left: box.left, right: innerWidth - box.right,
                      field: field.getBoundingClientRect().height,
                      fieldFont: parseFloat(getComputedStyle(field).fontSize)};
            }""")
        finally:
            context.close()
    small, big = sizes[1080], sizes[2160]
    assert 1.8 <= big["font"] / small["font"] <= 2.2, sizes
    assert 1.8 <= big["width"] / small["width"] <= 2.2, "the card grows with the text"
    assert big["font"] >= 36, "readable from the back of the room on a 4K projector"
    for found in (small, big):
        assert abs(found["left"] - found["right"]) <= 2, "centred"
        assert found["field"] >= found["fieldFont"] * 1.2
