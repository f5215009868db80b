"""Read-aloud mode: the period's comments one at a time in large type.

The server renders every comment that passes the filter and the search as a card; meeting.js
shows one card at a time and moves with the clicker's keys (no round trip per key). Comments
are Dash text children, never markup.
"""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from wallboard import i18n
from wallboard.pages import meeting_ids as ids
from wallboard.pages.meeting_parts import day_time, empty, kind_of, score_badge, t

FILTERS = ("all", "promoter", "passive", "detractor")
SEARCH_MAX = 100


def with_comments(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the responses that have a comment, oldest first."""
    text = frame["comment"].fillna("").astype(str).str.strip()
    return frame[(text != "").to_numpy()].sort_values(["answered_at", "id"], kind="stable")


def _kinds(frame: pd.DataFrame) -> pd.Series:
    scores = frame["score"].astype(int)
    return scores.map(kind_of) if len(scores) else pd.Series([], dtype=object)


def chosen(frame: pd.DataFrame, kind: str, query: str) -> pd.DataFrame:
    """Return the comments of one class (or all) whose words, employee or customer match."""
    rows = with_comments(frame)
    if kind in FILTERS[1:]:
        rows = rows[(_kinds(rows) == kind).to_numpy()]
    words = " ".join((query or "").split())[:SEARCH_MAX].casefold()
    if words and len(rows):
        haystack = (rows["comment"].fillna("").astype(str) + "\n"
                    + rows["employee"].fillna("").astype(str) + "\n"
                    + rows["customer_name"].fillna("").astype(str)).str.casefold()
        rows = rows[haystack.str.contains(words, regex=False).to_numpy()]
    return rows


def _length(text: str) -> str:
    n = len(text)
    return "short" if n < 120 else "medium" if n < 260 else "long" if n < 480 else "xlong"


def _card(lang: str, row, tz: str, team_names: dict[str, str], pos: int,  # noqa: ANN001
          total: int) -> html.Article:
    opening, closing = i18n.QUOTES[lang]
    words = str(row.comment).strip()
    kind = kind_of(int(row.score))
    who = [html.Span(row.employee or t(lang, "m_no_employee"), className="m-read-employee"),
           html.Span(" · ", **{"aria-hidden": "true"}),
           html.Span(team_names.get(row.team, row.team), className="m-read-team")]
    return html.Article(
        className=f"m-read-card m-read-{kind}", key=str(row.id),
        **{"data-response": str(row.id), "data-kind": kind, "data-pos": str(pos)},
        children=[
            html.Div(className="m-read-head", children=[
                score_badge(int(row.score), lang, big=True),
                html.Span(t(lang, kind), className="m-read-kind"),
                html.Span(who, className="m-read-who"),
                html.Span(day_time(lang, row.answered_at.to_pydatetime(), tz),
                          className="m-read-date"),
            ]),
            html.Blockquote(f"{opening}{words}{closing}",
                            className=f"m-read-text m-read-{_length(words)}"),
            html.Div(f"— {row.customer_name}" if isinstance(row.customer_name, str)
                     and row.customer_name.strip() else "", className="m-read-customer"),
        ])


def reader_list(lang: str, frame: pd.DataFrame, kind: str, query: str, tz: str,
                team_names: dict[str, str]) -> list:
    """Return the cards of the chosen comments, or an explicit empty state."""
    rows = chosen(frame, kind, query)
    if rows.empty:
        none_at_all = with_comments(frame).empty
        return [empty(t(lang, "m_no_comments" if none_at_all else "m_no_match"))]
    total = len(rows)
    return [_card(lang, row, tz, team_names, i, total)
            for i, row in enumerate(rows.itertuples(index=False))]


def render(lang: str, frame: pd.DataFrame, tz: str, team_names: dict[str, str]) -> list:
    """Return the read-aloud view: filter, search, the card stage and the pager."""
    rows = with_comments(frame)
    kinds = _kinds(rows).value_counts()
    options = [{"label": f"{t(lang, 'm_filter_' + k)} ({i18n.number(lang, len(rows) if k == 'all' else int(kinds.get(k, 0)))})",  # noqa: E501
                "value": k} for k in FILTERS]
    return [
        html.Div(className="m-read-tools", children=[
            dcc.RadioItems(id=ids.FILTER, options=options, value="all", inline=True,
                           className="m-segments", inputClassName="m-seg-input",
                           labelClassName="m-seg"),
            html.Label([html.Span(t(lang, "m_search"), className="m-sr"),
                        dcc.Input(id=ids.SEARCH, type="search", debounce=0.4, value="",
                                  placeholder=t(lang, "m_search"), maxLength=SEARCH_MAX,
                                  className="m-input m-search")]),
        ]),
        html.Div(id=ids.READER, className="m-reader", children=[
            html.Button("‹", className="m-step prev", title=t(lang, "m_previous"),
                        **{"data-step": "-1", "aria-label": t(lang, "m_previous")}),
            html.Div(reader_list(lang, frame, "all", "", tz, team_names),
                     id=ids.READER_LIST, className="m-read-stage"),
            html.Button("›", className="m-step next", title=t(lang, "m_next"),
                        **{"data-step": "1", "aria-label": t(lang, "m_next")}),
        ]),
        html.Div(className="m-read-foot", children=[
            html.Span(id="m-reader-pos", className="m-read-pos", **{"aria-live": "polite"}),
            html.Span(t(lang, "m_keys_hint"), className="m-hint"),
        ]),
    ]
