"""Read-aloud mode: the period's comments one at a time in large type.

The page holds the period's comments once, as plain JSON data on the card stage
(data-comments); meeting.js shows one card at a time, filters by class, searches and moves
with the clicker's keys, with no round trip per key. The browser builds the one card it shows
with textContent: a comment is always text, never markup. Thousands of comments stay one
attribute, not thousands of Dash components.
"""

from __future__ import annotations

import json
import uuid

import pandas as pd
from dash import dcc, html

from wallboard import i18n
from wallboard.meeting.views import ids
from wallboard.meeting.views.parts import KINDS, day_time, kind_of, t

FILTERS = ("all", "promoter", "passive", "detractor")
# The longest search one can type, declared here only: the box's maxlength carries it to
# meeting.js, which cuts the query (never the comments searched) to it.
SEARCH_MAX = 100
# One row of the payload: the order meeting.js reads.
ROW_FIELDS = ("id", "score", "kind", "employee", "team", "when", "comment", "customer")


def with_comments(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the responses that have a comment, oldest first."""
    text = frame["comment"].fillna("").astype(str).str.strip()
    return frame[(text != "").to_numpy()].sort_values(["answered_at", "id"], kind="stable")


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def payload(lang: str, frame: pd.DataFrame, tz: str, team_names: dict[str, str]) -> dict:
    """Return the period's comments and the words meeting.js needs, as JSON-ready data.

    rows: [id, score, kind, employee, team name, local date and time, comment, customer],
    oldest first; texts: the class names, quotes and empty states in lang.
    """
    rows = with_comments(frame)
    opening, closing = i18n.QUOTES[lang]
    data = [
        [int(row.id), int(row.score), kind_of(int(row.score)), _text(row.employee),
         team_names.get(row.team, str(row.team)),
         day_time(lang, row.answered_at.to_pydatetime(), tz), _text(row.comment),
         _text(row.customer_name)]
        for row in rows.itertuples(index=False)]
    texts = {kind: t(lang, kind) for kind in KINDS} | {
        "open": opening, "close": closing, "no_employee": t(lang, "m_no_employee"),
        "none": t(lang, "m_no_comments"), "no_match": t(lang, "m_no_match")}
    return {"fields": list(ROW_FIELDS), "rows": data, "texts": texts}


def counts(rows: list[list]) -> dict[str, int]:
    """Count the payload's comments per filter: all, promoter, passive, detractor."""
    found = {kind: 0 for kind in FILTERS}
    found["all"] = len(rows)
    for row in rows:
        found[row[2]] += 1
    return found


def render(lang: str, frame: pd.DataFrame, tz: str, team_names: dict[str, str]) -> list:
    """Return the read-aloud view: filter, search, the (empty) card stage with the period's
    comments as data, and the pager. meeting.js draws the current card."""
    data = payload(lang, frame, tz, team_names)
    found = counts(data["rows"])
    options = [{"label": f"{t(lang, 'm_filter_' + k)} ({i18n.number(lang, found[k])})",
                "value": k} for k in FILTERS]
    return [
        html.Div(className="m-read-tools", children=[
            dcc.RadioItems(id=ids.FILTER, options=options, value="all", inline=True,
                           className="m-segments", inputClassName="m-seg-input",
                           labelClassName="m-seg"),
            html.Label([html.Span(t(lang, "m_search"), className="m-sr"),
                        dcc.Input(id=ids.SEARCH, type="search", value="", autoComplete="off",
                                  placeholder=t(lang, "m_search"), maxLength=SEARCH_MAX,
                                  className="m-input m-search")]),
        ]),
        html.Div(id=ids.READER, className="m-reader", children=[
            html.Button("‹", className="m-step prev", title=t(lang, "m_previous"),
                        **{"data-step": "-1", "aria-label": t(lang, "m_previous")}),
            # A new token each render tells meeting.js to read the data again.
            html.Div(id=ids.READER_LIST, className="m-read-stage",
                     **{"data-token": uuid.uuid4().hex,
                        "data-comments": json.dumps(data, ensure_ascii=False,
                                                    separators=(",", ":"))}),
            html.Button("›", className="m-step next", title=t(lang, "m_next"),
                        **{"data-step": "1", "aria-label": t(lang, "m_next")}),
        ]),
        html.Div(className="m-read-foot", children=[
            html.Span(id="m-reader-pos", className="m-read-pos", **{"aria-live": "polite"}),
            html.Span(t(lang, "m_keys_hint"), className="m-hint"),
        ]),
    ]
