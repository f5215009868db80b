"""Pure geometry of the trend panel: weekly series, axis ranges, label places, plotly figure.

The figure carries no text at all: plotly sizes fonts in pixels, which would read half as
large on a 4K TV as on a 1080p one. Every label is HTML sized in viewport units and placed
with the percentages computed here, over a plot that fills its box exactly (no margins).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from wallboard.wall.snapshot import TeamFigures

# IBM's colour-blind-safe palette, in an order whose neighbours differ in lightness too.
LINE_COLOURS = ("#648fff", "#dc267f", "#ffb000", "#b8a6ff")
GOAL_COLOUR = "#ffb000"
SYMBOLS = ("circle", "square", "diamond", "triangle-up")
GRID_COLOUR = "#2c3658"
ZERO_COLOUR = "#6b76a0"
X_PAD = 0.45  # weeks of air left and right of the first and last point


@dataclass(frozen=True)
class Series:
    """One team's weekly NPS: None for a week without responses, `solid` where enough."""

    team: TeamFigures
    values: tuple[float | None, ...]
    responses: tuple[int, ...]
    solid: tuple[bool, ...]

    @property
    def drawn(self) -> bool:
        """Whether any week has enough responses to draw this team's line."""
        return any(self.solid)

    @property
    def last(self) -> tuple[int, float] | None:
        """Return (week index, NPS) of the newest week with enough responses."""
        for i in range(len(self.values) - 1, -1, -1):
            if self.solid[i]:
                return i, self.values[i]
        return None


def weekly_series(trend: pd.DataFrame, teams: tuple[TeamFigures, ...],
                  week_min: int) -> tuple[list[pd.Timestamp], list[Series]]:
    """Return the window's week starts and one Series per team, in the order of teams."""
    if trend is None or trend.empty:
        return [], [Series(t, (), (), ()) for t in teams]
    weeks = sorted(trend["week_start"].unique())
    out = []
    for team in teams:
        rows = trend[trend["team"] == team.key].set_index("week_start").reindex(weeks)
        counts = tuple(0 if pd.isna(n) else int(n) for n in rows["responses"])
        values = tuple(None if n == 0 or pd.isna(v) else float(v)
                       for n, v in zip(counts, rows["nps"], strict=True))
        solid = tuple(v is not None and n >= week_min
                      for v, n in zip(values, counts, strict=True))
        out.append(Series(team, values, counts, solid))
    return [pd.Timestamp(w) for w in weeks], out


def y_range(series: list[Series], *, with_goals: bool) -> tuple[float, float, list[float]]:
    """Return (low, high, ticks): a range holding the solid points, zero and the goals.

    Thin weeks (a handful of responses, NPS anywhere from -100 to 100) do not stretch the
    scale while any week is solid; a thin point outside it is clipped at the edge.
    """
    points = [v for s in series for v, ok in zip(s.values, s.solid, strict=True) if ok]
    if not points:
        points = [v for s in series for v in s.values if v is not None]
    points.append(0.0)
    if with_goals:
        points += [s.team.goal for s in series if s.team.goal is not None]
    low, high = min(points), max(points)
    span = max(high - low, 20.0)
    step = next(s for s in (5, 10, 20, 25, 50) if span / s <= 5)
    low = max(-100.0, math.floor((low - 0.08 * span) / step) * step)
    high = min(100.0, math.ceil((high + 0.08 * span) / step) * step)
    ticks = [low + i * step for i in range(int(round((high - low) / step)) + 1)]
    return float(low), float(high), [float(t) for t in ticks]


def x_range(weeks: int) -> tuple[float, float]:
    return -X_PAD, max(weeks - 1, 0) + X_PAD


def top_percent(value: float, low: float, high: float) -> float:
    """Return how far down the plot value sits, in percent of its height."""
    return round(100.0 * (high - value) / (high - low), 2)


def left_percent(index: float, weeks: int) -> float:
    """Return how far right the week index sits, in percent of the plot's width."""
    x0, x1 = x_range(weeks)
    return round(100.0 * (index - x0) / (x1 - x0), 2)


def spread(wanted: list[float], heights: list[float]) -> list[float]:
    """Move label centres (percent of the height) apart so that none overlap; keep order.

    Each label stays as near its wanted place as it can, inside 0..100 when they all fit.
    """
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = list(wanted)
    edge = 0.0
    for i in order:
        placed[i] = max(wanted[i], edge + heights[i] / 2)
        edge = placed[i] + heights[i] / 2
    edge = 100.0
    for i in reversed(order):
        placed[i] = min(placed[i], edge - heights[i] / 2)
        edge = placed[i] - heights[i] / 2
    return [round(p, 2) for p in placed]


def week_labels(weeks: int, most: int) -> list[int]:
    """Return the week indexes to label: at most `most`, always the newest week."""
    if weeks <= 0:
        return []
    step = max(1, math.ceil(weeks / most))
    return sorted({*range(weeks - 1, -1, -step)})


def _line(series: Series, colour: str, symbol: str, width: float, size: float) -> list[dict]:
    x = list(range(len(series.values)))
    # Faint dotted path through every week with responses, hollow markers on thin weeks,
    # and the solid line only where a week has enough responses to mean something.
    every = {"type": "scatter", "mode": "lines", "x": x, "y": list(series.values),
             "connectgaps": True, "line": {"color": colour, "width": width * 0.45,
                                           "dash": "dot"}, "opacity": 0.75}
    thin = [v if v is not None and not s else None
            for v, s in zip(series.values, series.solid, strict=True)]
    hollow = {"type": "scatter", "mode": "markers", "x": x, "y": thin,
              "marker": {"symbol": f"{symbol}-open", "size": size * 0.9, "color": colour,
                         "line": {"width": width * 0.5, "color": colour}}}
    strong = [v if s else None for v, s in zip(series.values, series.solid, strict=True)]
    solid = {"type": "scatter", "mode": "lines+markers", "x": x, "y": strong,
             "connectgaps": False, "line": {"color": colour, "width": width},
             "marker": {"symbol": symbol, "size": size, "color": colour}}
    return [every, hollow, solid]


def figure(series: list[Series], weeks: int, low: float, high: float, ticks: list[float],
           *, goals: bool, compact: bool = False) -> dict:
    """Return a text-free plotly figure: lines, markers, dashed goal lines, grid and zero."""
    width, size = (4.0, 10.0) if compact else (6.0, 15.0)
    data: list[dict] = []
    shapes: list[dict] = []
    x0, x1 = x_range(weeks)
    # One goal for all: one amber line. Several goals: each in its team's colour.
    shared = len({s.team.goal for s in series if s.team.goal is not None}) <= 1
    drawn: set[float] = set()
    for i, s in enumerate(series):
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        if goals and s.team.goal is not None and s.team.goal not in drawn:
            drawn.add(s.team.goal)
            shapes.append({"type": "line", "xref": "x", "yref": "y", "x0": x0, "x1": x1,
                           "y0": s.team.goal, "y1": s.team.goal, "layer": "below",
                           "line": {"color": GOAL_COLOUR if shared else colour,
                                    "width": width * 0.6, "dash": "dash"}})
        data += _line(s, colour, SYMBOLS[i % len(SYMBOLS)], width, size)
    axis = {"fixedrange": True, "showticklabels": False, "ticks": "", "showline": False}
    return {
        "data": data,
        "layout": {
            "template": "none",
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0},
            "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
            "showlegend": False, "hovermode": False, "dragmode": False,
            "xaxis": {**axis, "range": [x0, x1], "showgrid": False, "zeroline": False},
            "yaxis": {**axis, "range": [low, high], "tickvals": ticks, "showgrid": True,
                      "gridcolor": GRID_COLOUR, "gridwidth": 1, "zeroline": True,
                      "zerolinecolor": ZERO_COLOUR, "zerolinewidth": 2},
            "shapes": shapes,
        },
    }
