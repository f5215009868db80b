"""The trend panel: weekly NPS per team with the goal line, labelled without hover or legend.

Up to SINGLE_MAX teams (or the pinned team) share one chart with their names at the line ends;
more teams get small multiples on a shared scale, the CELLS_PER_PAGE best placed at most.
"""

from __future__ import annotations

import math

from dash import dcc, html

from wallboard import i18n
from wallboard.wall.panels import trend_chart as chart
from wallboard.wall.panels.common import View, section
from wallboard.wall.panels.text import fit_class
from wallboard.wall.snapshot import TeamFigures

SINGLE_MAX = 4
CELLS_PER_PAGE = 12
PLOT_VH = 64.0         # about how tall the single chart's plot is, in vh (for label spacing)
LABEL_LINE_VH = 3.4    # one line of an end label, in vh
LABEL_CHARS = 23       # characters of value and name on one line of an end label
GRAPH_CONFIG = {"displayModeBar": False, "staticPlot": True, "responsive": True}
GLYPHS = {"circle": "●", "square": "■", "diamond": "◆", "triangle-up": "▲"}


def _graph(figure: dict) -> dcc.Graph:
    return dcc.Graph(figure=figure, config=GRAPH_CONFIG, responsive=True,
                     className="trend-graph", style={"height": "100%", "width": "100%"})


def _y_axis(view: View, low: float, high: float, ticks: list[float]) -> html.Div:
    return html.Div(className="trend-y", children=[
        html.Span(i18n.nps_value(view.lang, tick),
                  className="trend-tick" + (" zero" if tick == 0 else ""),
                  style={"top": f"{chart.top_percent(tick, low, high)}%"})
        for tick in ticks])


def _x_axis(view: View, weeks: list, most: int) -> html.Div:
    tz = view.config.wall.timezone
    return html.Div(className="trend-x", children=[
        html.Span(i18n.short_date(view.lang, weeks[i].to_pydatetime(), tz),
                  className="trend-week",
                  style={"left": f"{chart.left_percent(i, len(weeks))}%"})
        for i in chart.week_labels(len(weeks), most)])


def _goal_groups(series: list[chart.Series]) -> list[tuple[float, list[int]]]:
    """Return each distinct goal with the indexes of the series aiming at it."""
    groups: dict[float, list[int]] = {}
    for i, s in enumerate(series):
        if s.team.goal is not None:
            groups.setdefault(s.team.goal, []).append(i)
    return sorted(groups.items())


def _lines(name: str) -> int:
    """Guess the lines an end label takes: value and name flow together, long names shrink."""
    length = len(name) + 7
    if length <= LABEL_CHARS:
        return 1
    return min(3, math.ceil(length / (LABEL_CHARS * 1.15)))


def _end_labels(view: View, series: list[chart.Series], low: float, high: float) -> html.Div:
    """Name each line at its end, and each goal line at the right, never overlapping."""
    labels: list[tuple[float, float, object]] = []  # wanted top %, height %, component
    line_height = 100.0 * LABEL_LINE_VH / PLOT_VH
    for i, s in enumerate(series):
        last = s.last
        symbol = chart.SYMBOLS[i % len(chart.SYMBOLS)]
        colour = chart.LINE_COLOURS[i % len(chart.LINE_COLOURS)]
        value = i18n.nps_value(view.lang, last[1] if last else None)
        wanted = chart.top_percent(last[1], low, high) if last else 50.0
        body = [html.Span(GLYPHS[symbol], className="trend-glyph", style={"color": colour},
                          **{"aria-hidden": "true"}),
                html.Span(value, className="trend-label-value"), " ",
                html.Span(s.team.name, className="trend-label-team")]
        fit = fit_class(s.team.name, LABEL_CHARS - 7)
        labels.append((wanted, line_height * _lines(s.team.name),
                       html.Div(html.Div(body, className=f"trend-label-name {fit}"),
                                className="trend-label", **{"data-team": s.team.key})))
    groups = _goal_groups(series)
    for goal, members in groups:
        named = len(groups) > 1  # several goals: each dashed in its team's colour and shape
        colour = (chart.LINE_COLOURS[members[0] % len(chart.LINE_COLOURS)] if named
                  else chart.GOAL_COLOUR)
        glyphs = [html.Span(GLYPHS[chart.SYMBOLS[m % len(chart.SYMBOLS)]],
                            className="trend-glyph", **{"aria-hidden": "true"},
                            style={"color": chart.LINE_COLOURS[m % len(chart.LINE_COLOURS)]})
                  for m in members] if named else []
        text = f"{view.t('goal')} {i18n.nps_value(view.lang, goal)}"
        labels.append((chart.top_percent(goal, low, high), line_height,
                       html.Div([html.Span(className="dash-swatch",
                                           style={"borderColor": colour}), *glyphs,
                                 html.Span(text, className="trend-label-name")],
                                className="trend-label trend-label-goal")))
    places = chart.spread([w for w, _, _ in labels], [h for _, h, _ in labels])
    for (_, _, label), top in zip(labels, places, strict=True):
        label.style = {"top": f"{top}%"}
    return html.Div([label for _, _, label in labels], className="trend-ends")


def _note(view: View, series: list[chart.Series], goals: bool,
          thin: list[chart.Series]) -> html.Div:
    """Explain the hollow markers (when there are any), the dashed goal, who has too few."""
    parts = []
    if any(s.drawn and not all(s.solid[i] for i, v in enumerate(s.values) if v is not None)
           for s in series):
        min_n = view.config.wall.min_responses
        parts.append(html.Span([html.Span("○", className="trend-glyph",
                                          **{"aria-hidden": "true"}),
                                view.t("trend_thin", min=min_n)]))
    if goals:
        parts.append(html.Span([html.Span(className="dash-swatch"), view.t("trend_goal_line")]))
    if thin:
        parts.append(html.Span(f"{view.t('too_few')}: " + ", ".join(s.team.name for s in thin),
                               className="trend-note-thin"))
    return html.Div(parts, className="trend-note")


def _single(view: View, weeks: list, series: list[chart.Series]) -> list:
    drawn = [s for s in series if s.drawn]
    thin = [s for s in series if not s.drawn]
    if not drawn:
        return [html.Div(view.t("too_few"), className="empty"), _note(view, [], False, thin)]
    low, high, ticks = chart.y_range(drawn, with_goals=True)
    fig = chart.figure(drawn, len(weeks), low, high, ticks, goals=True)
    return [html.Div(className="trend-chart", children=[
        _y_axis(view, low, high, ticks),
        html.Div(_graph(fig), className="trend-plot"),
        _end_labels(view, drawn, low, high),
        _x_axis(view, weeks, 7),
    ]), _note(view, drawn, bool(_goal_groups(drawn)), thin)]


def _cell(view: View, weeks: list, s: chart.Series, scale: tuple) -> html.Div:
    low, high, ticks = scale
    last = s.last
    goal = (f"{view.t('goal')} {i18n.nps_value(view.lang, s.team.goal)}"
            if s.team.goal is not None else view.t("no_goal"))
    if s.drawn:
        fig = chart.figure([s], len(weeks), low, high, ticks, goals=True, compact=True)
        body = html.Div(className="trend-cell-chart", children=[
            _y_axis(view, low, high, [ticks[0], *([0.0] if low < 0 < high else []),
                                      ticks[-1]]),
            html.Div(_graph(fig), className="trend-plot"),
        ])
    else:
        body = html.Div(view.t("too_few"), className="trend-cell-few")
    return html.Div(className="trend-cell" + ("" if s.drawn else " few"),
                    **{"data-team": s.team.key}, children=[
        html.Div(s.team.name, className=f"trend-cell-name {fit_class(s.team.name, 28)}"),
        html.Div(className="trend-cell-head", children=[
            html.Div(i18n.nps_value(view.lang, last[1] if last else None),
                     className="trend-cell-value"),
            html.Div(className="trend-cell-goal", children=[
                html.Span(className="dash-swatch") if s.team.goal is not None else None,
                goal]),
        ]),
        body,
    ])


def _grid(view: View, weeks: list, page: list[chart.Series], scale: tuple) -> list:
    """Lay out one small chart per team, with the weeks and the legend once below."""
    columns = 3 if len(page) <= 6 else 4
    rows = math.ceil(len(page) / columns)
    tz = view.config.wall.timezone
    span = (f"{i18n.short_date(view.lang, weeks[0].to_pydatetime(), tz)} – "
            f"{i18n.short_date(view.lang, weeks[-1].to_pydatetime(), tz)}")
    cells = [_cell(view, weeks, s, scale) for s in page]
    note = _note(view, page, any(s.team.goal is not None and s.drawn for s in page), [])
    note.children[0:0] = [html.Span(view.t("trend_weeks", span=span)),
                          html.Span(view.t("trend_latest"))]
    return [html.Div(cells, className=f"trend-grid trend-cols-{columns} trend-rows-{rows}"),
            note]


def render(view: View) -> list:
    """Return one section: one chart for a few teams, small multiples for more.

    Beyond CELLS_PER_PAGE teams only the best placed are drawn, and the subtitle says so:
    a kiosk browser redrawing hundreds of plots on every new response would choke.
    """
    teams: tuple[TeamFigures, ...] = view.teams()
    shown = teams[:CELLS_PER_PAGE]
    weeks, series = chart.weekly_series(view.snapshot.trend, shown,
                                        view.config.wall.min_responses)
    title, subtitle = view.t("trend"), view.t("window", days=view.config.wall.window_days)
    if len(teams) > len(shown):
        subtitle += " · " + view.t("top_n", n=len(shown), total=len(teams))
    if not weeks or not any(v is not None for s in series for v in s.values):
        body = [html.Div(view.t("no_responses"), className="empty")]
    elif len(series) <= SINGLE_MAX:
        body = _single(view, weeks, series)
    else:  # one scale for every cell, so that heights compare
        scale = chart.y_range([s for s in series if s.drawn] or series, with_goals=True)
        body = _grid(view, weeks, series, scale)
    return [section("trend", title, subtitle, body)]
