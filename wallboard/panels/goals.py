"""The goals panel: each team's NPS against its baseline and goal."""

from __future__ import annotations

from dash import html

from wallboard import i18n
from wallboard.panels.common import View, chunks, section
from wallboard.snapshot import TeamFigures

TEAMS_PER_PAGE = 12


def _bar(view: View, team: TeamFigures) -> html.Div:
    lang = view.lang
    fill = min(max(team.progress or 0.0, 0.0), 1.0)
    label = (view.t("goal_reached") if team.at_goal
             else view.t("of_the_way", pct=i18n.percent(lang, team.progress or 0.0)))
    return html.Div(className="goal-bar", children=[
        html.Div(className="goal-track", role="progressbar",
                 **{"aria-valuemin": "0", "aria-valuemax": "100",
                    "aria-valuenow": str(round(fill * 100))},
                 children=html.Div(className="goal-fill", style={"width": f"{fill * 100:.1f}%"})),
        html.Div(className="goal-scale", children=[
            html.Span(f"{view.t('baseline')} {i18n.nps_value(lang, team.baseline)}"),
            html.Span(label, className="goal-progress"),
            html.Span(f"{view.t('goal')} {i18n.nps_value(lang, team.goal)}"),
        ]),
    ])


def _card(view: View, team: TeamFigures) -> html.Div:
    lang = view.lang
    min_n = view.config.wall.min_responses
    responses = i18n.plural(lang, "responses", team.responses)
    badge = [html.Span(["✓ ", view.t("goal_reached")], className="badge badge-goal")] \
        if team.at_goal and team.enough else []
    if not team.enough:
        figure = [html.Div(view.t("too_few"), className="team-nps team-nps-none"),
                  html.Div(view.t("too_few_detail", n=team.responses, min=min_n),
                           className="team-detail")]
        bar = []
    else:
        moe = f"± {i18n.number(lang, team.moe or 0)}"
        figure = [html.Div(className="team-figure", children=[
            html.Span(i18n.nps_value(lang, team.nps), className="team-nps"),
            html.Span(moe, className="team-moe"),
            html.Span(responses, className="team-detail"),
        ])]
        bar = [_bar(view, team)] if team.goal is not None else [
            html.Div(view.t("no_goal"), className="team-detail")]
    state = "at-goal" if team.at_goal and team.enough else ("few" if not team.enough else "")
    return html.Div(className=f"team-card {state}", **{"data-team": team.key}, children=[
        html.Div(className="team-head", children=[
            html.H2(team.name, className="team-name"), *badge]),
        *figure, *bar,
    ])


def render(view: View) -> list:
    """Return one section per page of at most TEAMS_PER_PAGE teams."""
    pages = chunks(view.teams(), TEAMS_PER_PAGE)
    subtitle = view.t("window", days=view.config.wall.window_days)
    sections = []
    for i, teams in enumerate(pages):
        count = len(teams)
        cards = [_card(view, t) for t in teams] or [
            html.Div(view.t("no_responses"), className="empty")]
        grid = html.Div(cards, className=f"goal-grid goal-grid-{min(max(count, 1), 12)}")
        sections.append(section("goals", view.t("goals"), subtitle, [grid],
                                page=f"-{i + 1}" if len(pages) > 1 else ""))
    return sections
