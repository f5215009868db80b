"""A team-pinned wall shows how many follow-ups are past the SLA: a count, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import artifact
from tests.support.configs import write_config
from tests.support.data import insert_rows, response_row
from wallboard.store import open_store

pytestmark = pytest.mark.browser


def test_pinned_screen_counts_overdue_followups(tmp_path: Path, wall_server,
                                                open_page) -> None:
    db = tmp_path / "store.db"
    engine = open_store(f"sqlite:///{db}")
    history = [response_row(s, minutes_ago=600 + i) for i, s in enumerate((10, 9, 8) * 5)]
    overdue = [response_row(score, minutes_ago=60 * 72, customer="Kirsten Dahl",
                            comment="Ingen ringede tilbage") for score in (2, 5)]
    recent = [response_row(4, minutes_ago=60)]  # not yet due
    other_team = [response_row(1, "sales", minutes_ago=60 * 72)]
    insert_rows(engine, history + overdue + recent + other_team)
    engine.dispose()
    config = write_config(tmp_path, store_url=f"sqlite:///{db}", wall={"language": "da"},
                          extra="[followup]\nsla_hours = 48\n")
    wall = wall_server(config)

    page = open_page(wall.url + "/?team=support")
    badge = page.locator(".overdue-badge")
    badge.wait_for(timeout=20000)
    assert badge.inner_text() == "2 opfølgninger over fristen"
    assert "Kirsten" not in badge.inner_text() and "ringede" not in badge.inner_text()
    box = badge.bounding_box()
    assert box and box["x"] >= 0 and box["y"] + box["height"] <= 1080
    page.screenshot(path=artifact("wall-overdue-badge-1080p.png"))

    # The other screens show panels drawn from a snapshot at least as new as the one that
    # gave this screen its badge: they had the count and chose not to show it.
    version = int(page.get_attribute("#panels .panel-set", "data-version"))
    for query in ("/?team=support&overdue=0", "/"):
        other = open_page(wall.url + query)
        other.wait_for_selector("#panels .panel.active", timeout=20000)
        other.wait_for_function("""(v) => {
            const set = document.querySelector('#panels .panel-set');
            return set && Number(set.dataset.version) >= v;
        }""", arg=version, timeout=20000)
        assert other.locator(".overdue-badge").count() == 0
