"""A sped-up soak: hundreds of celebrations and rotations, and the page does not grow."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.configs import write_config
from tests.support.data import insert_rows, response_row
from tests.support.wall_page import screen_has_seen
from wallboard.store import open_store
from wallboard.wall.recognition import milestones_between

pytestmark = pytest.mark.browser

TIME_SCALE = 0.03      # 2 s celebrations take 60 ms, 3 s panels 90 ms
CELEBRATIONS = 300
BATCH = 10
TURNS_PER_BATCH = 7    # panel turns awaited after each batch: 30 batches, 210 turns
HISTORY = 20           # responses stored before the wall starts


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
    insert_rows(engine, [response_row(s, minutes_ago=600) for s in (10, 9, 8, 3) * 5])  # HISTORY
    config = write_config(tmp_path, store_url=f"sqlite:///{db}",
                          wall={"celebrate_seconds": 2, "rotate_seconds": 3,
                                    "burst_size": 0})  # each promoter its own celebration
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

    stored = [HISTORY]

    def settle() -> None:
        # Everything stored is on this screen, celebrated, and drawn in the panels.
        screen_has_seen(page, server.url, stored[0])
        page.wait_for_function(
            """() => { const s = window.wallboard.state();
                       const set = document.querySelector('#panels .panel-set');
                       return !s.celebrating && s.queue === 0 && set &&
                              String(s.knownVersion) === set.dataset.version; }""",
            timeout=60000)

    def celebrate(count: int) -> None:
        # Batches of promoters, each followed by a stretch of rotation (paused meanwhile).
        for _ in range(count // BATCH):
            target = int(page.get_attribute("#celebration", "data-count")) + BATCH
            insert_rows(engine, [response_row(10) for _ in range(BATCH)])
            stored[0] += BATCH
            page.wait_for_function(
                "() => Number(document.getElementById('celebration').dataset.count) >= "
                f"{target} && !window.wallboard.state().celebrating", timeout=60000)
            turns = page.evaluate("() => window.__rotations") + TURNS_PER_BATCH
            page.wait_for_function(f"() => window.__rotations >= {turns}", timeout=60000)

    history = "() => window.store.getState().history.past.length"
    celebrate(120)  # warm up: JIT, caches, fonts, confetti canvas, first renders
    settle()
    nodes_before, heap_before = measure(page, cdp)
    history_before = page.evaluate(history)
    celebrate(CELEBRATIONS - 120)
    settle()
    nodes_after, heap_after = measure(page, cdp)
    engine.dispose()

    # Every promoter once, plus the milestones they cause: the team reaching its goal and its
    # 100th, 200th and 300th promoter of the quarter, and Anna's own (her 10 promoters of
    # the history were there before the wall started): 25th, 50th, 100th, 200th, 300th.
    anna = milestones_between(10, 10 + CELEBRATIONS)
    assert page.get_attribute("#celebration", "data-count") == str(CELEBRATIONS + 4 + len(anna))
    assert page.evaluate("() => window.wallboard.state().queue") == 0
    assert page.evaluate("() => window.__rotations") >= CELEBRATIONS // BATCH * TURNS_PER_BATCH
    assert nodes_after <= nodes_before + 20, (nodes_before, nodes_after)
    # Dash keeps an undo history of every callback input change; new snapshots must not
    # add to it, or a TV would fill its memory over the weeks.
    assert page.evaluate(history) == history_before
    # A leak of a few hundred bytes a celebration would show as 50+ KB here.
    assert heap_after <= heap_before * 1.10 + 256 * 1024, (heap_before, heap_after)
    print(f"soak: {CELEBRATIONS} celebrations, {page.evaluate('() => window.__rotations')} "
          f"rotations; DOM {nodes_before} -> {nodes_after} elements; "
          f"heap {heap_before / 1e6:.2f} -> {heap_after / 1e6:.2f} MB")
