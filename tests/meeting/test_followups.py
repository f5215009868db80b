"""Closing the loop on real stores: the queue, changes and their history, counts."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from tests.support.followups import NOW, WEEK, add, queue, row
from wallboard.meeting.followups import (
    FollowUpError,
    UnknownResponseError,
    followup_history,
    followups_frame,
    update_followup,
)
from wallboard.store import FollowUp, wall_reads


def test_queue_holds_every_detractor_of_the_period_and_nothing_else(engine: Engine) -> None:
    in_week = add(engine, *(row(s, 20 + s) for s in range(11)),
                  *(row(s, 30, team="sales") for s in (3, 8, 10)))
    before, _ = add(engine, row(2, 24 * 3),  # Sunday of the week before, resolved below
                    row(4, -24 * 6, comment="next week"))  # after the period
    update_followup(engine, before, by="Mette", now=NOW, status="resolved")
    items = queue(engine)
    assert sorted(i.response_id for i in items) == in_week[:7] + [in_week[11]]
    assert {i.score for i in items} <= set(range(7))
    assert all(i.status == "open" and i.owner is None for i in items)
    support = queue(engine, teams=["support"])
    assert sorted(i.response_id for i in support) == in_week[:7]
    assert queue(engine, teams=[]) == []


def test_unresolved_older_detractors_are_carried_over(engine: Engine) -> None:
    old_open, old_contacted, old_resolved, ancient, this_week = add(
        engine, row(1, 24 * 30), row(2, 24 * 40), row(3, 24 * 50), row(0, 24 * 400),
        row(5, 5))
    update_followup(engine, old_contacted, by="Mette", now=NOW, status="contacted")
    update_followup(engine, old_resolved, by="Mette", now=NOW, status="resolved")
    assert {i.response_id for i in queue(engine)} == {old_open, old_contacted, this_week}
    assert [i.response_id for i in queue(engine, carry_over=False)] == [this_week]
    assert ancient not in {i.response_id for i in queue(engine)}


def test_overdue_with_a_fixed_clock_and_the_queue_order(engine: Engine) -> None:
    fresh, late, later, contacted, resolved, reopened = add(
        engine, row(6, 2), row(3, 49), row(0, 60), row(2, 55), row(1, 50), row(4, 51))
    update_followup(engine, contacted, by="a", now=NOW, status="contacted")
    update_followup(engine, resolved, by="a", now=NOW, status="resolved")
    update_followup(engine, reopened, by="a", now=NOW, status="resolved")
    update_followup(engine, reopened, by="a", now=NOW, status="open")
    items = queue(engine)
    assert [i.response_id for i in items] == [later, reopened, late, fresh, contacted, resolved]
    assert [i.overdue for i in items] == [True, True, True, False, False, False]
    by_id = {i.response_id: i for i in items}
    assert by_id[late].deadline == NOW - timedelta(hours=1)
    assert by_id[late].age_hours == pytest.approx(49)
    early = {i.response_id: i.overdue for i in queue(engine, now=NOW - timedelta(hours=2))}
    assert early[late] is False and early[later] is True


def test_an_update_creates_the_row_and_writes_its_history(engine: Engine) -> None:
    (rid,) = add(engine, row(3, 10, comment="Ventede længe på svar"))
    item = update_followup(engine, rid, by="Lars", now=NOW, owner="  Mette ")
    assert (item.owner, item.status, item.updated_by, item.updated_at) == (
        "Mette", "open", "Lars", NOW)
    later = NOW + timedelta(hours=3)
    item = update_followup(engine, rid, by="Mette", now=later, status="contacted",
                           note="Ringede, kunden var tilfreds med løsningen")
    assert (item.status, item.contacted_at, item.resolved_at) == ("contacted", later, None)
    latest = later + timedelta(hours=5)
    item = update_followup(engine, rid, by="Mette", now=latest, status="resolved")
    assert (item.contacted_at, item.resolved_at) == (later, latest)
    with engine.connect() as conn:
        history = followup_history(conn, rid)
        assert conn.execute(select(func.count()).select_from(FollowUp.__table__)).scalar() == 1
    assert history == [
        (NOW, "Lars", "owner: - -> Mette"),
        (later, "Mette", "status: open -> contacted"),
        (later, "Mette", "note: changed"),
        (latest, "Mette", "status: contacted -> resolved")]


def test_resolved_without_contact_and_reopened(engine: Engine) -> None:
    (rid,) = add(engine, row(0, 70))
    item = update_followup(engine, rid, by="Ola", now=NOW, status="resolved")
    assert (item.contacted_at, item.resolved_at, item.overdue) == (None, NOW, False)
    item = update_followup(engine, rid, by="Ola", now=NOW, status="open")
    assert (item.status, item.resolved_at, item.overdue) == ("open", None, True)
    item = update_followup(engine, rid, by="Ola", now=NOW, status="contacted")
    item = update_followup(engine, rid, by="Ola", now=NOW + timedelta(hours=1), status="open")
    assert item.contacted_at == NOW and not item.overdue  # first contact stays on record


def test_saving_without_a_change_writes_nothing(engine: Engine) -> None:
    (rid,) = add(engine, row(5, 1))
    update_followup(engine, rid, by="Ola", now=NOW, owner=None, status="open", note="")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(FollowUp.__table__)).scalar() == 0
    update_followup(engine, rid, by="Ola", now=NOW, owner="Ola")
    item = update_followup(engine, rid, by="Ola", now=NOW + timedelta(hours=1), owner="Ola ")
    assert item.updated_at == NOW
    with engine.connect() as conn:
        assert len(followup_history(conn, rid)) == 1


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"status": "done"}, "status", "unknown status 'done'; use one of open, contacted, resolved"),
    ({"owner": "x" * 129}, "owner", "owner is 129 characters long; at most 128 are allowed"),
    ({"note": "n" * 2001}, "note", "note is 2001 characters long; at most 2000 are allowed"),
    ({"owner": 7}, "owner", "owner must be text"),
])
def test_bad_values_are_refused_by_name(engine: Engine, changes: dict, field: str,
                                        message: str) -> None:
    (rid,) = add(engine, row(5, 1))
    with pytest.raises(FollowUpError) as caught:
        update_followup(engine, rid, by="Ola", now=NOW, **changes)
    assert (caught.value.field, str(caught.value)) == (field, message)


def test_unknown_responses_and_non_detractors_are_refused(engine: Engine) -> None:
    (promoter,) = add(engine, row(9, 1))
    with pytest.raises(UnknownResponseError, match="no response has id 999"):
        update_followup(engine, 999, by="Ola", now=NOW, status="open")
    with pytest.raises(FollowUpError) as caught:
        update_followup(engine, promoter, by="Ola", now=NOW, status="contacted")
    assert str(caught.value) == (f"response {promoter} has score 9: only detractors (0-6) "
                                 "are followed up")


def test_two_people_touching_a_new_detractor_at_once_both_succeed(engine: Engine) -> None:
    ids = add(engine, *(row(2, 3) for _ in range(8)))
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def save(rid: int, **change: str) -> None:
        try:
            barrier.wait()
            update_followup(engine, rid, by=str(change), now=NOW, **change)
        except BaseException as error:  # noqa: BLE001 - reported by the assert below
            failures.append(error)

    for rid in ids:
        threads = [threading.Thread(target=save, args=(rid,), kwargs={"owner": "Mette"}),
                   threading.Thread(target=save, args=(rid,), kwargs={"status": "contacted"})]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    f = FollowUp.__table__.c
    with engine.connect() as conn:
        rows = conn.execute(select(f.response_id, f.owner, f.status)).all()
        history = [followup_history(conn, rid) for rid in ids]
    assert sorted(tuple(r) for r in rows) == [(rid, "Mette", "contacted") for rid in ids]
    assert all(len(lines) == 2 for lines in history)


def test_followups_frame_gives_the_sla_inputs_of_a_period(engine: Engine) -> None:
    a, b, _ = add(engine, row(1, 30), row(4, 20), row(9, 10))
    update_followup(engine, a, by="x", now=NOW - timedelta(hours=5), status="contacted")
    with engine.connect() as conn:
        frame = followups_frame(conn, teams=["support"], since=WEEK[0], until=WEEK[1])
    assert list(frame["response_id"]) == [a, b]
    assert list(frame["status"]) == ["contacted", "open"]
    assert frame["contacted_at"].iloc[0] == NOW - timedelta(hours=5)
    assert frame["contacted_at"].isna().iloc[1] and frame["resolved_at"].isna().all()
    assert str(frame["answered_at"].dt.tz) == "UTC"


def test_followup_counts_follow_the_shared_definitions(engine: Engine) -> None:
    untouched_late, untouched_new, contacted, resolved, reopened = add(
        engine, row(0, 50), row(6, 1), row(3, 60), row(2, 70), row(4, 80))
    add(engine, row(1, 24 * 100), row(9, 50), row(5, 50, team="sales"))
    update_followup(engine, contacted, by="x", now=NOW, status="contacted")
    update_followup(engine, resolved, by="x", now=NOW, status="resolved")
    update_followup(engine, reopened, by="x", now=NOW, status="resolved")
    update_followup(engine, reopened, by="x", now=NOW, status="open")
    with engine.connect() as conn:
        counts = wall_reads.followup_counts(conn, overdue_before=NOW - timedelta(hours=48),
                                       since=NOW - timedelta(days=90))
    # Unresolved: all but resolved; overdue: the untouched late one, the reopened one.
    assert counts == {"support": (4, 2), "sales": (1, 1)}
    assert untouched_new and untouched_late
