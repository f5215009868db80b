"""Watch a wall screen in Chromium: what it celebrated, and proof that it has seen the store.

A test that asserts "nothing was celebrated" must first know that the screen received the
news it would have celebrated. `screen_has_seen` gives that proof: the server counts the
rows, and the screen holds a snapshot version at least as new as the one that counted them
(wall.js hands a snapshot's events to the celebration queue before it records its version).
"""

from __future__ import annotations

import json
import time
import urllib.request

# Every celebration the page shows, in order, recorded by the page itself.
RECORDER = """() => {
  window.__seen = [];
  const node = document.getElementById('celebration');
  new MutationObserver(() => {
    const key = node.getAttribute('data-key');
    if (!node.hidden && key && window.__seen[window.__seen.length - 1] !== key) {
      window.__seen.push(key);
    }
  }).observe(node, {attributes: true});
}"""


def open_wall(open_page, url: str, query: str = ""):  # noqa: ANN001, ANN201
    """Open a wall screen, wait for its first snapshot and start recording celebrations."""
    page = open_page(f"{url}/{query}")
    page.wait_for_selector("#panels .panel.active", timeout=20000)
    page.wait_for_function("() => window.wallboard && window.wallboard.state().knownVersion",
                           timeout=20000)
    page.evaluate(RECORDER)
    return page


def seen(page) -> list[str]:  # noqa: ANN001
    """Return the keys of the celebrations the page has shown since recording began."""
    return page.evaluate("() => window.__seen")


def numbers(url: str) -> dict:
    """Return the wall's /api/numbers answer."""
    with urllib.request.urlopen(f"{url}/api/numbers", timeout=10) as answer:
        return json.load(answer)


def wait_until_counted(url: str, responses: int, timeout: float = 30) -> int:
    """Wait until the wall's numbers include this many responses; return that version."""
    deadline = time.monotonic() + timeout
    while True:
        body = numbers(url)
        if sum(t["responses"] for t in body["teams"]) >= responses:
            return body["version"]
        if time.monotonic() > deadline:
            raise TimeoutError(f"the wall did not count {responses} responses in {timeout} s")
        time.sleep(0.2)


def wait_until_screen_has(page, version: int, timeout: float = 60) -> None:  # noqa: ANN001
    """Wait until the screen has received a snapshot at least as new as version."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("(v) => window.wallboard.state().knownVersion >= v",
                               arg=version, timeout=timeout * 1000)
    except PlaywrightTimeout:
        state = page.evaluate("() => window.wallboard.state()")
        raise AssertionError(f"the screen did not receive snapshot {version} in {timeout} s; "
                             f"its state: {state}") from None


def screen_has_seen(page, url: str, responses: int) -> None:  # noqa: ANN001
    """Wait until the server counts this many responses and the screen has that snapshot."""
    wait_until_screen_has(page, wait_until_counted(url, responses))
