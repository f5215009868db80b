"""The meeting overview: headline, weekly trend, score distribution, staff and focus areas."""

from __future__ import annotations

import math

import pandas as pd
from dash import html

from wallboard import i18n
from wallboard.config import Config
from wallboard.meeting.data import Overview
from wallboard.meeting.views import stars
from wallboard.meeting.views.parts import card, change, empty, kind_of, t
from wallboard.ui import progress_track

EXAMPLE_CHARS = 220  # characters of an example comment under a focus area


def _share(lang: str, part: int, whole: int) -> str:
    return i18n.percent(lang, part / whole) if whole else "–"


def _delta(data: Overview, key: str) -> float | None:
    found = data.changes.get(key)
    delta = getattr(found, "delta", None)
    return None if delta is None or (isinstance(delta, float) and math.isnan(delta)) else delta


def _nps_card(lang: str, data: Overview, config: Config) -> html.Section:
    s, before = data.summary, data.previous
    if s.responses == 0:
        figure = [html.Div(t(lang, "m_no_responses"), className="m-few")]
    elif s.too_few:
        figure = [html.Div(t(lang, "too_few"), className="m-few"),
                  html.Div(t(lang, "too_few_detail", n=i18n.number(lang, s.responses),
                             min=i18n.number(lang, config.wall.min_responses)),
                           className="m-detail")]
    else:
        prev = None if before.too_few else i18n.nps_value(lang, before.nps)
        figure = [
            html.Div(className="m-figure", children=[
                html.Span(i18n.nps_value(lang, s.nps), className="m-nps", id="m-nps"),
                html.Span(className="m-figure-side", children=[
                    html.Span(f"± {i18n.number(lang, s.margin or 0)}", className="m-moe",
                              title=t(lang, "m_moe")),
                    html.Span(i18n.plural(lang, "responses", s.responses),
                              className="m-detail", id="m-responses",
                              **{"data-n": str(s.responses)}),
                ]),
            ]),
            html.Div(className="m-versus", children=[
                html.Span(t(lang, "m_vs_previous"), className="m-versus-label"),
                change(lang, None if before.too_few else _delta(data, "nps"), nps=True,
                       previous=prev)]),
        ]
    return card("NPS", figure, name="nps")


def _progress_card(lang: str, data: Overview) -> html.Section:
    team = data.scope.team
    if team is None or team.goal is None:
        return card(t(lang, "m_progress"), [html.Div(
            t(lang, "m_no_goal_all") if team is None else t(lang, "no_goal"),
            className="m-detail")], name="progress")
    baseline = team.baseline or 0.0
    progress = data.progress
    fill = min(max(progress or 0.0, 0.0), 1.0)
    if progress is None:
        words = t(lang, "too_few")
    elif progress >= 1:
        words = "✓ " + t(lang, "goal_reached")
    elif progress < 0:
        words = t(lang, "below_start")
    else:
        words = t(lang, "of_the_way", pct=i18n.percent(lang, progress))
    return card(t(lang, "m_progress"), [
        html.Div(words, className="m-progress-words"),
        *progress_track(fill, "m", labels=(
            f"{t(lang, 'baseline')} {i18n.nps_value(lang, baseline)}",
            f"{t(lang, 'goal')} {i18n.nps_value(lang, team.goal)}")),
    ], name="progress")


def _mix_card(lang: str, data: Overview) -> html.Section:
    s = data.summary
    # Nothing to compare with: no arrows (a "▲ 381" against zero says nothing); the NPS card
    # already says "no comparison".
    compare = data.previous.responses > 0
    rows = []
    for kind, key, count, invert in (("promoter", "promoters", s.promoters, False),
                                     ("passive", "passives", s.passives, False),
                                     ("detractor", "detractors", s.detractors, True)):
        rows.append(html.Div(className=f"m-mix-row m-mix-{kind}", id=f"m-{key}",
                             **{"data-n": str(count)}, children=[
            html.Span(t(lang, f"m_{key}"), className="m-mix-name"),
            html.Span(i18n.number(lang, count), className="m-mix-count"),
            html.Span(_share(lang, count, s.responses), className="m-mix-share"),
            change(lang, _delta(data, key), invert=invert) if compare
            else html.Span(className="m-change none"),
        ]))
    bar = [html.Div(className=f"m-stack-part m-stack-{kind}",
                    style={"flexGrow": str(count)})
           for kind, count in (("promoter", s.promoters), ("passive", s.passives),
                               ("detractor", s.detractors)) if count]
    return card(t(lang, "m_mix"), [*rows, html.Div(bar, className="m-stack",
                                                   **{"aria-hidden": "true"})], name="mix")


def headline(lang: str, data: Overview, config: Config) -> html.Div:
    """Return the three headline cards: NPS, progress to goal, the mix of classes."""
    return html.Div([_nps_card(lang, data, config), _progress_card(lang, data),
                     _mix_card(lang, data)], className="m-headline")


def _week_label(lang: str, start: pd.Timestamp) -> str:
    return t(lang, "week", n=start.isocalendar().week)


def _scale(values: list[float]) -> tuple[float, float]:
    """Return (zero line from the top, points per plot height) so every bar and label fits."""
    hi = max([0.0, *values])
    lo = max([0.0, *(-v for v in values)])
    span = max(hi + lo, 10.0)
    room = 0.22 * span  # for the value label beyond the longest bar
    top, bottom = hi + room, lo + (room if lo > 0 else 0.0)
    return top / (top + bottom), top + bottom


def trend(lang: str, data: Overview, config: Config) -> html.Section:
    """Return the weekly NPS as labelled columns around a zero line; thin weeks hollow."""
    frame = data.trend
    min_n = config.wall.min_responses
    period_start = pd.Timestamp(data.scope.period.start)
    if frame.empty or int(frame["responses"].sum()) == 0:
        return card(t(lang, "trend"), [empty(t(lang, "m_no_responses"))], name="trend")
    values = [None if int(n) == 0 or pd.isna(v) else float(v)
              for n, v in zip(frame["responses"], frame["nps"], strict=True)]
    zero, total = _scale([v for v in values if v is not None])
    columns = []
    for row, value in zip(frame.itertuples(), values, strict=True):
        n = int(row.responses)
        solid = value is not None and n >= min_n
        inside = row.week_start + pd.Timedelta(days=7) > period_start
        classes = "m-week" + (" thin" if not solid else "") + (" in-period" if inside else "")
        plot = [html.Div(className="m-zero", style={"top": f"{zero * 100:.2f}%"})]
        if value is not None:
            size = abs(value) / total * 100
            if value >= 0:
                bar_style = {"bottom": f"{(1 - zero) * 100:.2f}%", "height": f"{size:.2f}%"}
                label_style = {"bottom": f"{(1 - zero) * 100 + size:.2f}%"}
            else:
                bar_style = {"top": f"{zero * 100:.2f}%", "height": f"{size:.2f}%"}
                label_style = {"top": f"{zero * 100 + size:.2f}%"}
            plot += [html.Div(className="m-wbar " + ("up" if value >= 0 else "down"),
                              style=bar_style),
                     html.Div(i18n.nps_value(lang, value), className="m-week-value",
                              style=label_style)]
        columns.append(html.Div(className=classes, **{"data-n": str(n)}, children=[
            html.Div(plot, className="m-week-plot"),
            html.Div(_week_label(lang, row.week_start), className="m-week-name"),
            html.Div(i18n.number(lang, n), className="m-week-n"),
        ]))
    note = html.Div(className="m-note", children=[
        html.Span([html.Span(className="m-key in-period"), t(lang, "m_trend_period")]),
        html.Span([html.Span(className="m-key thin"), t(lang, "trend_thin", min=min_n)]),
        html.Span(t(lang, "m_trend_counts")),
    ])
    return card(t(lang, "trend"), [html.Div(columns, className="m-weeks"), note], name="trend")


def distribution(lang: str, data: Overview) -> html.Section:
    """Return the count of each score 0 to 10 as columns, coloured and labelled by class."""
    counts = data.distribution
    top = max(counts) if counts else 0
    if not top:
        return card(t(lang, "m_distribution"), [empty(t(lang, "m_no_responses"))],
                    name="distribution")
    columns = [html.Div(className=f"m-dist m-dist-{kind_of(score)}",
                        **{"data-score": str(score), "data-n": str(n)}, children=[
        html.Div(className="m-dist-plot", children=[
            html.Div(i18n.number(lang, n), className="m-dist-n"),
            html.Div(className="m-dist-bar", style={"height": f"{80 * n / top:.1f}%"}),
        ]),
        html.Div(str(score), className="m-dist-score"),
    ]) for score, n in enumerate(counts)]
    legend = html.Div(className="m-note", children=[
        html.Span([html.Span(className=f"m-key m-key-{k}"), t(lang, k)])
        for k in ("detractor", "passive", "promoter")])
    return card(t(lang, "m_distribution"), [html.Div(columns, className="m-dists"), legend],
                name="distribution")


def employees(lang: str, data: Overview) -> html.Section:
    """Return the per-employee table: responses, NPS (or too few), promoters, change."""
    rows = data.employees
    if not rows:
        return card(t(lang, "m_employees"), [empty(t(lang, "m_no_responses"))],
                    name="employees")
    head = html.Tr([html.Th(t(lang, key)) for key in
                    ("m_col_employee", "col_responses", "col_nps", "m_promoters",
                     "m_detractors", "m_col_change")])
    body = []
    for row in rows:
        name = row.employee or t(lang, "m_no_employee")
        nps_cell = (html.Td(t(lang, "too_few"), className="m-few-cell") if row.too_few
                    else html.Td(i18n.nps_value(lang, row.nps), className="m-num strong"))
        body.append(html.Tr(className="few" if row.too_few else "", children=[
            html.Td(name, className="m-name"),
            html.Td(i18n.number(lang, row.responses), className="m-num"),
            nps_cell,
            html.Td(i18n.number(lang, row.promoters), className="m-num"),
            html.Td(i18n.number(lang, row.detractors), className="m-num"),
            html.Td(change(lang, None if row.delta is None or
                           (isinstance(row.delta, float) and math.isnan(row.delta))
                           else row.delta, nps=True), className="m-num"),
        ]))
    return card(t(lang, "m_employees"), [html.Table([html.Thead(head), html.Tbody(body)],
                                                    className="m-table m-employees")],
                name="employees")


def _example(lang: str, text: str) -> html.Blockquote:
    opening, closing = i18n.QUOTES[lang]
    words = text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS].rsplit(" ", 1)[0] + "…"
    return html.Blockquote(f"{opening}{words}{closing}", className="m-example")


def themes(lang: str, data: Overview) -> html.Section:
    """Return the focus areas: the two or three that stand out first, then the rest."""
    if not data.themes:
        return card(t(lang, "m_themes"), [empty(t(lang, "m_no_themes"))], name="themes")
    top_keys = {g.key for g in data.top}
    tops = [html.Article(className="m-theme top", **{"data-theme": g.key}, children=[
        html.Div(className="m-theme-head", children=[
            html.H3(g.name, className="m-theme-name"),
            html.Span(i18n.plural(lang, "m_comments", g.count), className="m-theme-count")]),
        html.Div(className="m-theme-split", children=[
            html.Span(f"★ {i18n.number(lang, g.promoters)}", className="m-t-promoter",
                      title=t(lang, "promoter")),
            html.Span(f"● {i18n.number(lang, g.passives)}", className="m-t-passive",
                      title=t(lang, "passive")),
            html.Span(f"▼ {i18n.number(lang, g.detractors)}", className="m-t-detractor",
                      title=t(lang, "detractor"))]),
        *[_example(lang, data.comments[i]) for i in g.examples[:2] if i in data.comments],
    ]) for g in data.top]
    rest = [html.Li(className="m-theme-line", **{"data-theme": g.key}, children=[
        html.Span(g.name, className="m-theme-name"),
        html.Span(i18n.number(lang, g.count), className="m-theme-count"),
        html.Span(f"★ {i18n.number(lang, g.promoters)} · ● {i18n.number(lang, g.passives)} · "
                  f"▼ {i18n.number(lang, g.detractors)}", className="m-theme-mini"),
    ]) for g in data.themes if g.key not in top_keys]
    body = [html.P(t(lang, "m_themes_intro"), className="m-detail"),
            html.Div(tops, className="m-theme-tops")]
    if rest:
        body.append(html.Ul(rest, className="m-theme-rest"))
    return card(t(lang, "m_themes"), body, name="themes")


def render(lang: str, data: Overview, config: Config) -> list:
    """Return the overview: headline, trend and distribution side by side, staff, themes."""
    return [
        headline(lang, data, config),
        html.Div([trend(lang, data, config), distribution(lang, data)], className="m-charts"),
        html.Div([employees(lang, data), themes(lang, data)], className="m-lower"),
        *([stars.render(lang, data.stars)] if data.stars is not None else []),
    ]
