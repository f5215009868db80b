"""The read-aloud data: every comment goes to the page whole, with its employee and customer,
so that the search (meeting.js) reads all of it; only the query is cut, to SEARCH_MAX."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pandas as pd
from dash import dcc

from wallboard.meeting.views import comments
from wallboard.meeting.views.comments import ROW_FIELDS, SEARCH_MAX

FILLER = ("The parcel came late and the box was wet through. " * 60)


def frame(rows: list[dict]) -> pd.DataFrame:
    base = datetime(2026, 3, 16, 9, tzinfo=UTC)
    return pd.DataFrame([{"id": n + 1, "score": 5, "team": "sales", "employee": None,
                          "customer_name": None, "answered_at": base + timedelta(hours=n),
                          **row} for n, row in enumerate(rows)])


def walk(node):  # noqa: ANN001, ANN201
    yield node
    for child in getattr(node, "children", None) or []:
        if not isinstance(child, str):
            yield from walk(child)


def test_payload_holds_whole_comments_employees_and_customers() -> None:
    long_comment = FILLER[:400] + "Xylophone music on hold." + FILLER[:1_600]
    data = comments.payload("en", frame([
        {"comment": long_comment, "employee": "Birgitte Vestergaard",
         "customer_name": "Rasmus Kolding"},
        {"comment": "Short and kind", "employee": "Jonas Holm"}]),
        "Europe/Copenhagen", {"sales": "Salg"})
    assert data["fields"] == list(ROW_FIELDS)
    first = dict(zip(ROW_FIELDS, data["rows"][0], strict=True))
    assert first["comment"] == long_comment.strip()
    assert first["comment"].index("Xylophone") == 400 and len(first["comment"]) > 2_000
    assert (first["employee"], first["customer"]) == ("Birgitte Vestergaard", "Rasmus Kolding")
    assert data["rows"][1][3] == "Jonas Holm"


def test_the_page_carries_the_whole_text_and_the_query_limit() -> None:
    long_comment = FILLER[:400] + "Xylophone music on hold."
    view = comments.render("da", frame([{"comment": long_comment, "employee": "Ida Lund"}]),
                           "Europe/Copenhagen", {"sales": "Salg"})
    nodes = [n for part in view for n in walk(part)]
    stage = next(n for n in nodes if getattr(n, "id", None) == "m-reader-list")
    sent = json.loads(getattr(stage, "data-comments"))
    assert sent["rows"][0][6] == long_comment and sent["rows"][0][3] == "Ida Lund"
    box = next(n for n in nodes if isinstance(n, dcc.Input))
    assert box.maxLength == SEARCH_MAX == 100
