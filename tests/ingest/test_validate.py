"""Checking incoming responses: every error named by item, field and reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wallboard.ingest.validate import TeamIndex, validate_items

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TEAMS = TeamIndex.of([("support", "Customer Support"), ("sales", "Salg Aarhus")])
GOOD = {"id": "r1", "score": 10, "team": "support"}


def check(items: list[object], **kwargs: object):  # noqa: ANN201
    return validate_items(items, teams=TEAMS, default_source="api", now=NOW, **kwargs)


@pytest.mark.parametrize(("item", "field", "message"), [
    ({**GOOD, "score": 11}, "score", "must be an integer from 0 to 10, got 11"),
    ({**GOOD, "score": -1}, "score", "must be an integer from 0 to 10, got -1"),
    ({**GOOD, "score": 9.5}, "score", "must be an integer from 0 to 10, got 9.5"),
    ({**GOOD, "score": "ten"}, "score", 'must be an integer from 0 to 10, got "ten"'),
    ({**GOOD, "score": "9.5"}, "score", 'got "9.5"'),
    ({**GOOD, "score": None}, "score", "is required"),
    ({**GOOD, "score": True}, "score", "got true"),
    ({**GOOD, "score": [9]}, "score", "got list"),
    ({"id": "r1", "team": "support"}, "score", "is required"),
    ({**GOOD, "team": "marketing"}, "team", "unknown team 'marketing'; configured teams: "
                                            "sales, support"),
    ({"id": "r1", "score": 9}, "team", "is required"),
    ({**GOOD, "answered_at": "yesterday"}, "answered_at", "is not a time we can read"),
    ({**GOOD, "answered_at": "2026-11-23T10:00:00"}, "answered_at", "has no time zone"),
    ({**GOOD, "answered_at": "2026-11-23T12:06:00Z"}, "answered_at",
     "more than 5 minutes in the future"),
    ({**GOOD, "answered_at": 1795435200000}, "answered_at", "looks like milliseconds"),
    ({**GOOD, "answered_at": "0001-01-01T00:30:00+01:00"}, "answered_at", "out of range"),
    ({**GOOD, "answered_at": "1999-12-31T10:00:00Z"}, "answered_at", "before the year 2000"),
    ({**GOOD, "email": "a@b.dk"}, "email", "unknown field"),
    ({**GOOD, "comment": "x" * 5001}, "comment", "5,001 characters long; at most 5,000"),
    ({**GOOD, "comment": 42}, "comment", "must be text"),
    ({**GOOD, "employee": ["Anna"]}, "employee", "must be text"),
    ({**GOOD, "id": "x" * 129}, "id", "at most 128"),
    ("just text", "item", "must be an object"),
])
def test_bad_items_name_the_field_and_the_reason(item: object, field: str, message: str) -> None:
    good, errors = check([GOOD | {"id": "ok"}, item])
    assert [index for index, _ in good] == [0]  # the good item beside the bad one is kept
    assert [(e.index, e.field) for e in errors] == [(1, field)]
    assert message in errors[0].message


def test_every_error_of_an_item_is_named_not_only_the_first() -> None:
    _, errors = check([{"id": "r9", "score": 11, "team": "nope", "answered_at": "soon",
                        "colour": "red"}])
    assert {e.field for e in errors} == {"score", "team", "answered_at", "colour"}
    assert {e.index for e in errors} == {0}
    assert errors[0].as_json().keys() == {"index", "field", "message"}


@pytest.mark.parametrize("score", [0, 10, "0", "10", " 7 ", 9.0])
def test_scores_as_integers_or_strings_of_digits_pass(score: object) -> None:
    (_, row), = check([{**GOOD, "score": score}])[0]
    assert row["score"] == int(str(score).strip().split(".")[0])


def test_good_items_are_normalised_and_teams_found_by_name() -> None:
    (_, row), = check([{"id": 77, "score": "9", "team": "salg aarhus", "customer": "Ewa",
                        "comment": "  Dzięki! Świetna obsługa 🎉  ",
                        "answered_at": "2026-11-23T12:30:00+01:00"}])[0]
    assert row["external_id"] == "77" and row["score"] == 9 and row["team_key"] == "sales"
    assert row["customer_name"] == "Ewa" and row["comment"] == "Dzięki! Świetna obsługa 🎉"
    assert row["answered_at"] == datetime(2026, 11, 23, 11, 30, tzinfo=UTC)
    assert row["source"] == "api" and row["received_at"] == NOW


def test_markup_in_a_comment_is_kept_as_text() -> None:
    comment = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    (_, row), = check([{**GOOD, "comment": comment}])[0]
    assert row["comment"] == comment


def test_an_item_without_id_gets_one_from_its_content() -> None:
    item = {"score": 9, "team": "support", "answered_at": "2026-11-23T10:00:00Z"}
    (_, first), = check([item])[0]
    (_, again), = check([dict(item)])[0]
    (_, other), = check([{**item, "score": 8}])[0]
    assert first["external_id"] == again["external_id"] != other["external_id"]


def test_answered_at_defaults_to_now() -> None:
    (_, row), = check([GOOD])[0]
    assert row["answered_at"] == NOW
