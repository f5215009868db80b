"""The rising stars card of the meeting overview: two short lists of names."""

from __future__ import annotations

from dash import html

from wallboard import i18n
from wallboard.meeting.stars import Stars
from wallboard.meeting.views.parts import card, empty, t


def render(lang: str, stars: Stars) -> html.Section:
    """Return the card: whose NPS rose most, and who has the most promoters."""
    rising = [html.Li(className="m-star", **{"data-employee": s.employee}, children=[
        html.Span(s.employee, className="m-star-name"),
        html.Span(f"▲ {i18n.nps_value(lang, s.delta)}", className="m-star-value"),
        html.Span(t(lang, "m_stars_rise", before=i18n.nps_value(lang, s.previous_nps),
                    now=i18n.nps_value(lang, s.nps)) + " · "
                  + i18n.plural(lang, "responses", s.responses), className="m-star-detail"),
    ]) for s in stars.rising]
    most = [html.Li(className="m-star", **{"data-employee": s.employee}, children=[
        html.Span(s.employee, className="m-star-name"),
        html.Span(f"★ {i18n.number(lang, s.promoters)}", className="m-star-value"),
        html.Span(i18n.plural(lang, "responses", s.responses), className="m-star-detail"),
    ]) for s in stars.promoters]
    minimum = i18n.number(lang, stars.min_responses)
    return card(t(lang, "m_stars"), [
        html.P(t(lang, "m_stars_intro", min=minimum), className="m-detail"),
        html.Div(className="m-stars", children=[
            html.Div(id="m-stars-rising", className="m-stars-list", children=[
                html.H3(t(lang, "m_stars_rising"), className="m-stars-head"),
                html.Ol(rising) if rising else empty(t(lang, "m_stars_no_rise", min=minimum))]),
            html.Div(id="m-stars-promoters", className="m-stars-list", children=[
                html.H3(t(lang, "m_stars_promoters"), className="m-stars-head"),
                html.Ol(most) if most else empty(t(lang, "m_stars_no_promoters"))]),
        ]),
    ], name="stars")
