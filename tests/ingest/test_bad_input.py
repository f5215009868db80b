"""Bad input on real stores: text cleaned by one rule, odd numbers refused per item with plain
words, the good items beside them stored, retries answered the same; the audit column bounded.
"""

from __future__ import annotations

import json

import pytest

from tests.ingest.test_csv_import import run_import
from tests.support.ingest import AUTH, count, rows
from wallboard.core.cleaning import clean_text
from wallboard.ingest.save import MAX_RAW_BYTES

PYTHON_WORDING = ("invalid literal", "set_int_max_str_digits", "Traceback", "Exceeds the limit",
                  "int()", "float()")


def post(http, body: object | str | bytes, path: str = "/api/responses"):  # noqa: ANN001, ANN201
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return http.post(path, data=data, headers={**AUTH, "Content-Type": "application/json"})


def good(n: int, **fields: object) -> dict:
    return {"id": f"g{n}", "score": 9, "team": "support", **fields}


def test_the_cleaning_rule() -> None:
    assert clean_text("a\x00b\x01c\x1bd\x7fe\x0bf\x0cg") == "abcdefg"
    assert clean_text("tab\there\nline\r\nend") == "tab\there\nline\r\nend"
    assert clean_text("half \ud83d emoji \ude00") == "half \ufffd emoji \ufffd"
    assert clean_text("😀 æøå łż ‘quotes’ \u200b") == "😀 æøå łż ‘quotes’ \u200b"
    assert clean_text(clean_text("x\x00\ud800")) == clean_text("x\x00\ud800")


def test_nul_and_half_emojis_are_cleaned_and_the_whole_batch_is_stored(client) -> None:
    http, engine = client
    batch = [good(0),
             good(1, comment="nul\x00 in the middle"),
             good(2, employee="S\u00f8ren \ud83d", customer="\x01Mette\x1b"),
             {"id": "g3\x00", "score": 3, "team": "support", "comment": "\ude00 alone\x7f"},
             good(4)]
    first = post(http, batch)
    assert first.status_code == 200, first.get_data(as_text=True)
    assert first.get_json()["accepted"] == 5
    stored = {r["external_id"]: r for r in rows(engine)}
    assert stored["g1"]["comment"] == "nul in the middle"
    assert stored["g2"]["employee"] == "Søren \ufffd" and stored["g2"]["customer_name"] == "Mette"
    assert stored["g3"]["comment"] == "\ufffd alone"
    assert "\ufffd" in stored["g3"]["raw"] and "\\u0000" in stored["g3"]["raw"]
    again = post(http, batch)  # the survey tool's retry: the same answer, nothing twice
    assert again.status_code == 200 and again.get_json()["duplicate"] == 5
    assert [r["id"] for r in again.get_json()["results"]] == [
        r["id"] for r in first.get_json()["results"]]
    assert count(engine) == 5


def test_huge_numbers_and_foreign_digits_are_refused_per_item_in_plain_words(client) -> None:
    http, engine = client
    body = ("[" + json.dumps(good(0)) + ","
            '{"id": "b1", "team": "support", "score": ' + "9" * 5000 + "},"
            '{"id": "b2", "team": "support", "score": 9, "answered_at": ' + "1" * 400 + "},"
            '{"id": "b3", "team": "support", "score": "--9"},'
            '{"id": "b4", "team": "support", "score": "\u0669"},'
            '{"id": "b5", "team": "support", "score": "' + "9" * 5000 + '"},'
            '{"id": "b6", "team": "support", "score": NaN},'
            '{"id": "b7", "team": "support", "score": 1e400},'
            '{"id": "b8", "team": "support", "score": 9, "answered_at": "' + "9" * 400 + '"},'
            '{"id": "b9", "team": "support", "score": 9, '
            '"answered_at": "\u0662\u0663-\u0661\u0661-\u0662\u0660\u0662\u0666"},'
            + json.dumps(good(10)) + "]")
    answer = post(http, body)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 207, text
    assert not any(words in text for words in PYTHON_WORDING)
    errors = {(e["index"], e["field"]): e["message"] for e in answer.get_json()["errors"]}
    assert errors == {
        (1, "score"): "must be an integer from 0 to 10, got a number of 5,000 digits",
        (2, "answered_at"): "a number of 400 digits is not a time (e.g. 2026-11-23T14:05:00"
                            "+01:00 or Unix seconds)",
        (3, "score"): 'must be an integer from 0 to 10, got "--9"',
        (4, "score"): 'must be an integer from 0 to 10 written with the digits 0-9, got "٩"',
        (5, "score"): 'must be an integer from 0 to 10, got "' + "9" * 60 + '..."',
        (6, "score"): "must be an integer from 0 to 10, got NaN",
        (7, "score"): "must be an integer from 0 to 10, got Infinity",
        (8, "answered_at"): errors[(8, "answered_at")],
        (9, "answered_at"): "write times with the digits 0-9 (e.g. 2026-11-23T14:05:00+01:00, "
                            "23-11-2026 14:05 or Unix seconds)",
    }
    assert errors[(8, "answered_at")].startswith('"999') and len(errors[(8, "answered_at")]) < 200
    assert sorted(r["external_id"] for r in rows(engine)) == ["g0", "g10"]
    again = post(http, body)
    assert again.status_code == 207 and again.get_json()["errors"] == answer.get_json()["errors"]
    assert again.get_json()["duplicate"] == 2 and count(engine) == 2


def test_deep_nesting_refuses_the_item_or_a_body_too_deep_to_read(client) -> None:
    http, engine = client
    deep = good(1, comment=json.loads("[" * 100 + "]" * 100))
    answer = post(http, [good(0), deep, good(2)])
    assert answer.status_code == 207
    assert answer.get_json()["errors"] == [
        {"index": 1, "field": "item", "message": "is nested more than 64 levels deep"}]
    assert count(engine) == 2
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        refused = post(http, body)
        assert refused.status_code == 400 and "nested too deeply" in refused.get_json()["error"]
    payload = {"event_type": "survey_response.created", "event_data": {
        "id": "d1", "score": 9, "person_properties": {"Team": "support"},
        "notes": json.loads("[" * 100 + "]" * 100)}}
    hook = post(http, payload, "/api/webhooks/delighted")
    assert hook.status_code == 422 and hook.get_json()["errors"][0]["field"] == "item"


@pytest.mark.parametrize(("body", "content_type"), [
    (b"\xff\xfe\x00garbage", "application/json"),
    (b"{\"id\": \"x\", \"score\": 9, \"team\": \"support\"", "application/json"),
    (b"", "application/json"),
    (b"   ", "text/plain"),
    (b"score=9&team=support", "application/x-www-form-urlencoded"),
    (b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--", "multipart/form-data"),
    (b"[]", "application/json; charset=iso-8859-1; boundary="),
    (b"\xc3\x28", "application/json;;;"),
])
def test_malformed_bodies_and_content_types_get_a_json_400(client, body: bytes,
                                                           content_type: str) -> None:
    http, engine = client
    answer = http.post("/api/responses", data=body,
                       headers={**AUTH, "Content-Type": content_type})
    assert answer.status_code == 400 and answer.is_json and answer.get_json()["error"]
    assert count(engine) == 0


def test_utf16_json_and_any_content_type_are_read(client) -> None:
    http, engine = client
    text = json.dumps([good(0, comment="Tak, Søren 😀")], ensure_ascii=False)
    for n, (data, content_type) in enumerate([
            (text.encode("utf-16"), "application/json"),
            (text.replace("g0", "g1").encode("utf-8-sig"), "text/plain; charset=utf-8"),
            (text.replace("g0", "g2").encode(), "weird/type; ;=;")]):
        answer = http.post("/api/responses", data=data,
                           headers={**AUTH, "Content-Type": content_type})
        assert answer.status_code == 200, (n, answer.get_data(as_text=True))
    assert {r["comment"] for r in rows(engine)} == {"Tak, Søren 😀"}


def test_one_response_updated_60_times_with_a_large_field_stays_small(client) -> None:
    http, engine = client
    big = "å" * 250_000  # 0.5 MB in UTF-8, in a part of the payload the wall does not read
    for n in range(60):
        payload = {"event_type": "survey_response.updated", "event_data": {
            "id": "d1", "score": 9, "comment": f"version {n}", "notes": [big],
            "person_properties": {"Team": "support"}}}
        assert post(http, payload, "/api/webhooks/delighted").status_code == 200
    (row,) = rows(engine)
    assert row["comment"] == "version 59"
    assert len(row["raw"].encode()) <= MAX_RAW_BYTES
    (kept,) = json.loads(row["raw"])
    assert kept["truncated"] is True and kept["original_bytes"] > 500_000
    assert '"version 59"' in kept["prefix"] or kept["prefix"].startswith('{"event_type"')
    for n in range(3):  # small payloads after it: the newest ones are kept whole
        post(http, {"event_type": "survey_response.updated", "event_data": {
            "id": "d1", "score": 9, "comment": f"small {n}",
            "person_properties": {"Team": "support"}}}, "/api/webhooks/delighted")
    (row,) = rows(engine)
    kept = json.loads(row["raw"])
    assert [p["event_data"]["comment"] for p in kept] == ["small 0", "small 1", "small 2"]


def refuse_in_the_store(engine, comment: str) -> None:  # noqa: ANN001
    """Make the store itself refuse responses with this comment (a real constraint)."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON response "
                f"WHEN NEW.comment = '{comment}' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        else:
            conn.exec_driver_sql("ALTER TABLE response ADD CONSTRAINT refuse "
                                 f"CHECK (comment <> '{comment}')")


def test_an_item_the_store_refuses_costs_only_itself(client, tmp_path) -> None:  # noqa: ANN001
    http, engine = client
    refuse_in_the_store(engine, "refuse me")
    answer = post(http, [good(0), good(1, comment="refuse me"), good(2)])
    assert answer.status_code == 207, answer.get_data(as_text=True)
    assert answer.get_json()["errors"] == [
        {"index": 1, "field": "item",
         "message": "the store refused this item; the others were stored"}]
    assert sorted(r["external_id"] for r in rows(engine)) == ["g0", "g2"]
    path = tmp_path / "refused.csv"
    path.write_text("id,score,team,comment\nc1,9,support,fine\nc2,9,support,refuse me\n"
                    "c3,9,support,fine too\n", encoding="utf-8")
    result = run_import(engine, path)
    assert [str(e) for e in result.errors] == [
        "line 3: row: the store refused this item; the others were stored"]
    assert result.saved.inserted == 2 and count(engine) == 4
