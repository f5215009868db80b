"""POST /api/responses on real SQLite and PostgreSQL stores: the token, outcomes per item,
limits, updates and concurrent posts.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.ingest import AUTH, GOOD, count, rows
from wallboard import store
from wallboard.app import create_app
from wallboard.config import parse_config
from wallboard.store import ResponseChange
from wallboard.wall.snapshot import SnapshotHolder


def test_posting_needs_the_token_in_the_header(client) -> None:
    http, engine = client
    for headers, message in [({}, "missing token"),
                             ({"Authorization": "Bearer wrong"}, "wrong token"),
                             ({"Authorization": "Basic s3cret"}, "missing token")]:
        response = http.post("/api/responses", json=GOOD, headers=headers)
        assert response.status_code == 401 and message in response.get_json()["error"]
    in_query = http.post("/api/responses?token=s3cret", json=GOOD)
    assert in_query.status_code == 401 and "Authorization header" in in_query.get_json()["error"]
    both = http.post("/api/responses?token=s3cret", json=GOOD, headers=AUTH)
    assert both.status_code == 401  # a token in a URL ends up in logs: never on this route
    assert count(engine) == 0
    assert http.post("/api/responses", json=GOOD, headers=AUTH).status_code == 200
    assert count(engine) == 1


def test_no_token_configured_refuses_all_posts(tmp_path: Path) -> None:
    config = parse_config({"store": {"url": f"sqlite:///{tmp_path / 's.db'}"}},
                          tmp_path / "config.toml")
    engine = store.open_store(config.store.url)
    http = create_app(config, SnapshotHolder(), "t", engine=engine).server.test_client()
    for path in ("/api/responses", "/api/webhooks/generic?token="):
        response = http.post(path, json=GOOD, headers={"Authorization": "Bearer "})
        assert response.status_code == 403 and "token" in response.get_json()["error"]
    assert count(engine) == 0


def test_every_item_gets_an_outcome_and_good_ones_are_kept(client) -> None:
    http, engine = client
    http.post("/api/responses", json=[GOOD, {**GOOD, "id": "r5", "score": 6}], headers=AUTH)
    batch = [GOOD,                                    # same content: duplicate
             {**GOOD, "id": "r2", "score": 11},       # rejected
             {**GOOD, "id": "r5", "score": 9},        # new score: updated
             {**GOOD, "id": "r3", "team": "nope", "score": None},  # rejected, two errors
             {**GOOD, "id": "r4"}]                    # accepted
    response = http.post("/api/responses", json=batch, headers=AUTH)
    body = response.get_json()
    assert response.status_code == 207
    assert [r["status"] for r in body["results"]] == [
        "duplicate", "rejected", "updated", "rejected", "accepted"]
    assert (body["accepted"], body["duplicate"], body["updated"], body["rejected"]) == (1, 1, 1, 2)
    assert body["errors"] == [
        {"index": 1, "field": "score", "message": "must be an integer from 0 to 10, got 11"},
        {"index": 3, "field": "team", "message": "unknown team 'nope'; configured teams: "
                                                 "sales, support"},
        {"index": 3, "field": "score", "message": "is required: an integer from 0 to 10"}]
    assert [(r["external_id"], r["score"]) for r in rows(engine)] == [
        ("r1", 10), ("r4", 10), ("r5", 9)]


def test_rejected_items_are_named_by_their_id_and_category_is_ignored(client) -> None:
    http, engine = client
    body = http.post("/api/responses", json=[
        {**GOOD, "id": "c1", "score": 8, "category": "promoter"},
        {**GOOD, "id": "c2", "score": 11}], headers=AUTH).get_json()
    assert body["results"][0]["status"] == "accepted"
    assert body["results"][1] == {"index": 1, "status": "rejected", "id": "c2", "errors": [
        {"field": "score", "message": "must be an integer from 0 to 10, got 11"}]}
    assert [r["score"] for r in rows(engine)] == [8]  # a passive, whatever the payload says


def test_status_codes(client) -> None:
    http, _ = client
    assert http.post("/api/responses", json=[{**GOOD, "score": 12}],
                     headers=AUTH).status_code == 422
    for data, message in [("{not json", "malformed JSON at line 1 column 2"), ("", "empty"),
                          ("[]", "the list is empty")]:
        response = http.post("/api/responses", data=data, headers=AUTH,
                             content_type="application/json")
        assert response.status_code == 400 and message in response.get_json()["error"]
    # Tools that send JSON as text/plain are still understood.
    plain = http.post("/api/responses", data=json.dumps(GOOD), headers=AUTH,
                      content_type="text/plain")
    assert plain.status_code == 200
    for path in ("/api/responses", "/api/webhooks/delighted"):
        wrong = http.get(path, headers=AUTH)
        assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"


def test_a_body_over_the_limit_is_refused_with_413(client) -> None:
    http, engine = client
    big = json.dumps([{**GOOD, "id": f"b{i}", "comment": "x" * 1000} for i in range(10_000)])
    assert len(big) > 10_000_000
    response = http.post("/api/responses", data=big, headers=AUTH,
                         content_type="application/json")
    assert response.status_code == 413 and "larger than 5 MB" in response.get_json()["error"]
    too_many = json.dumps([{**GOOD, "id": f"n{i}"} for i in range(10_001)])
    response = http.post("/api/responses", data=too_many, headers=AUTH,
                         content_type="application/json")
    assert response.status_code == 413 and "at most 10,000" in response.get_json()["error"]
    assert count(engine) == 0


def test_a_batch_of_ten_thousand_is_stored_whole(client) -> None:
    http, engine = client
    start = datetime(2026, 11, 1, tzinfo=UTC)
    batch = [{"id": f"k{i}", "score": i % 11, "team": ("support", "sales")[i % 2],
              "employee": f"Agent {i % 40}", "comment": f"Comment {i} æøå",
              "answered_at": (start + timedelta(minutes=i)).isoformat()} for i in range(10_000)]
    batch[5000]["score"] = "11"
    response = http.post("/api/responses", json=batch, headers=AUTH)
    body = response.get_json()
    assert response.status_code == 207
    assert body["accepted"] == 9_999 and body["errors"][0]["index"] == 5000
    assert count(engine) == 9_999
    again = http.post("/api/responses", json=batch, headers=AUTH).get_json()
    assert again["duplicate"] == 9_999 and count(engine) == 9_999


def test_same_id_with_a_new_score_updates_never_duplicates(client) -> None:
    http, engine = client
    http.post("/api/responses", json={**GOOD, "score": 6, "comment": "Slow"}, headers=AUTH)
    changes = count(engine, ResponseChange)
    same = http.post("/api/responses", json={**GOOD, "score": 6, "comment": "Slow"},
                     headers=AUTH).get_json()
    assert same["results"][0]["status"] == "duplicate"
    assert count(engine, ResponseChange) == changes  # nothing written, nothing celebrated
    new = http.post("/api/responses", json={**GOOD, "score": 10, "comment": "Fixed!"},
                    headers=AUTH).get_json()
    assert new["results"][0]["status"] == "updated"
    (row,) = rows(engine)
    assert (row["score"], row["comment"]) == (10, "Fixed!")
    audit = json.loads(row["raw"])  # every payload that created or changed it, in order
    assert [p["score"] for p in audit] == [6, 10]
    # The same id twice in one batch: the second is decided after the first.
    batch = http.post("/api/responses", json=[{**GOOD, "id": "t", "score": 3},
                                              {**GOOD, "id": "t", "score": 3},
                                              {**GOOD, "id": "t", "score": 4}],
                      headers=AUTH).get_json()
    assert [r["status"] for r in batch["results"]] == ["accepted", "duplicate", "updated"]
    assert [r["score"] for r in rows(engine) if r["external_id"] == "t"] == [4]


def test_text_round_trips_exactly_and_markup_stays_text(client) -> None:
    http, engine = client
    comments = ["Rigtig god service, tak til Søren og Åse! Æbler 🍏",
                "Świetna obsługa, dziękuję Łukaszowi — zażółć gęślą jaźń 👍🏽",
                "<script>alert(1)</script>", '<img src=x onerror="alert(document.cookie)">']
    http.post("/api/responses", json=[{**GOOD, "id": f"c{i}", "comment": c, "employee": "Łukasz"}
                                      for i, c in enumerate(comments)], headers=AUTH)
    assert [r["comment"] for r in rows(engine)] == comments
    assert {r["employee"] for r in rows(engine)} == {"Łukasz"}


def test_concurrent_posts_of_the_same_response_store_it_once(client) -> None:
    http, engine = client
    items = [{**GOOD, "id": f"same{i}"} for i in range(20)]
    results: list[int] = []

    def post() -> None:
        results.append(http.post("/api/responses", json=items, headers=AUTH).status_code)

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 8
    assert count(engine) == 20
    assert count(engine, ResponseChange) == 20  # each inserted once, never updated
