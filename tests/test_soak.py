"""A sped-up soak: hundreds of celebrations and rotations, and the page does not grow."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_config
from tests.helpers import insert_rows, response_row
from wallboard.store import open_store

pytestmark = pytest.mark.browser

TIME_SCALE = 0.05      # 2 s celebrations take 0.1 s, 3 s panels 0.15 s
CELEBRATIONS = 300
BATCH = 10


def measure(page, cdp) -> tuple[int, int]:
    """Return the DOM element count and the JS heap in use after a full garbage collection."""
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.collectGarbage")
    heap = cdp.send("Runtime.getHeapUsage")["usedSize"]
    nodes = page.evaluate("() => document.getElementsByTagName('*').length")
    return nodes, heap


def test_wall200_soak_hundreds_of_celebrations_and_rotations(tmp_path: Path, wall_server,
                                                             open_page) -> None:
    db = tmp_path / "store.db"
    engine = open_store(f"sqlite:///{db}")
    insert_rows(engine, [response_row(s, minutes_ago=600) for s in (10, 9, 8, 3) * 5])
    config = write_config(tmp_path, store_url=f"sqlite:///{db}",
                          wall={"celebrate_seconds": 2, "rotate_seconds": 3})
    server = wall_server(config)
    page = open_page(f"{server.url}/")
    page.wait_for_selector("#panels .panel.active", timeout=20000)
    page.wait_for_function("() => window.wallboard.state().knownVersion")
    page.evaluate(f"() => window.wallboard.setTimeScale({TIME_SCALE})")
    page.evaluate("""() => {
        window.__rotations = 0;
        new MutationObserver(() => { window.__rotations += 1; })
            .observe(document.getElementById('wall'), {attributeFilter: ['data-active']});
    }""")
    cdp = page.context.new_cdp_session(page)

    def celebrate(count: int) -> None:
        target = int(page.get_attribute("#celebration", "data-count")) + count
        for _ in range(count // BATCH):
            insert_rows(engine, [response_row(10) for _ in range(BATCH)])
            page.wait_for_timeout(400)
        page.wait_for_function(
            f"() => Number(document.getElementById('celebration').dataset.count) >= {target}"
            " && !window.wallboard.state().celebrating", timeout=60000)

    celebrate(60)  # warm up: caches, fonts, confetti canvas, first renders
    nodes_before, heap_before = measure(page, cdp)
    celebrate(CELEBRATIONS - 60)
    page.wait_for_timeout(1500)
    nodes_after, heap_after = measure(page, cdp)
    engine.dispose()

    # Every promoter once, plus the milestones they cause: the team reaching its goal and its
    # 100th, 200th and 300th promoter of the quarter.
    assert page.get_attribute("#celebration", "data-count") == str(CELEBRATIONS + 4)
    assert page.evaluate("() => window.__rotations") >= 200
    assert nodes_after <= nodes_before + 20, (nodes_before, nodes_after)
    # A leak of a few hundred bytes a celebration would show as 50+ KB here.
    assert heap_after <= heap_before * 1.10 + 256 * 1024, (heap_before, heap_after)
    print(f"soak: {CELEBRATIONS} celebrations, {page.evaluate('() => window.__rotations')} "
          f"rotations; DOM {nodes_before} -> {nodes_after} elements; "
          f"heap {heap_before / 1e6:.2f} -> {heap_after / 1e6:.2f} MB")
