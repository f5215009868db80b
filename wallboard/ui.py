"""Dash building blocks that the wall and the meeting view both draw."""

from __future__ import annotations

from dash import html


def progress_track(fill: float, prefix: str, *, labels: tuple[str, str]) -> list[html.Div]:
    """A bar from baseline to goal filled to fill (0..1), with its two end labels.

    The classes are PREFIX-track, PREFIX-fill and PREFIX-scale, so the wall and the meeting
    view style it each their way.
    """
    return [
        html.Div(className=f"{prefix}-track", role="progressbar",
                 **{"aria-valuemin": "0", "aria-valuemax": "100",
                    "aria-valuenow": str(round(fill * 100))},
                 children=html.Div(className=f"{prefix}-fill",
                                   style={"width": f"{fill * 100:.1f}%"})),
        html.Div(className=f"{prefix}-scale",
                 children=[html.Span(labels[0]), html.Span(labels[1])]),
    ]
