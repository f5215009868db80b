"""The goals panel: each team's NPS against its baseline and goal, as a progress bar."""

from __future__ import annotations

from dash import html

from wallboard import i18n
from wallboard.ui import progress_track
from wallboard.wall.panels.common import View, chunks, section
from wallboard.wall.panels.text import fit_class
from wallboard.wall.snapshot import TeamFigures

TEAMS_PER_PAGE = 12
ROOMY = 6          # up to this many cards a page, a card has room for the goal badge


def _room(count: int) -> int:
    """Return how many characters of a team name fit on one line of a card."""
    return 40 if count <= 3 else 34 if count <= 6 else 22


def progress_label(view: View, team: TeamFigures) -> str:
    """Say how far the team has come: '60 % of the way', 'Goal reached', 'below the start'."""
    if team.at_goal:
        return view.t("goal_reached")
    if team.progress is not None and team.progress < 0:
        return view.t("below_start")
    return view.t("of_the_way", pct=i18n.percent(view.lang, team.progress or 0.0))


def _bar(view: View, team: TeamFigures) -> html.Div:
    lang = view.lang
    fill = min(max(team.progress or 0.0, 0.0), 1.0)
    mark = "✓ " if team.at_goal else ""
    return html.Div(className="goal-bar", children=[
        html.Div(mark + progress_label(view, team), className="goal-progress"),
        *progress_track(fill, "goal", labels=(
            f"{view.t('baseline')} {i18n.nps_value(lang, team.baseline)}",
            f"{view.t('goal')} {i18n.nps_value(lang, team.goal)}")),
    ])


def _figure(view: View, team: TeamFigures) -> list:
    lang = view.lang
    if not team.enough:
        min_n = view.config.wall.min_responses
        return [html.Div(className="team-figure", children=[
            html.Div(view.t("too_few"), className="team-few"),
            html.Div(view.t("too_few_detail", n=i18n.number(lang, team.responses),
                            min=i18n.number(lang, min_n)), className="team-detail"),
        ])]
    return [html.Div(className="team-figure", children=[
        html.Span(i18n.nps_value(lang, team.nps), className="team-nps"),
        html.Span(className="team-figure-side", children=[
            html.Span(f"± {i18n.number(lang, team.moe or 0)}", className="team-moe"),
            html.Span(i18n.plural(lang, "responses", team.responses), className="team-detail"),
        ]),
    ])]


def _card(view: View, team: TeamFigures, count: int) -> html.Div:
    reached = team.at_goal and team.enough
    badge = [html.Span(["✓ ", view.t("goal_reached")], className="badge badge-goal")] \
        if reached and count <= ROOMY else []
    if not team.enough:
        bar = []
    elif team.goal is None:
        bar = [html.Div(view.t("no_goal"), className="team-detail goal-none")]
    else:
        bar = [_bar(view, team)]
    state = "at-goal" if reached else ("few" if not team.enough else "")
    pinned = " pinned" if team.key == view.screen.team else ""
    found = view.config.team(team.key)  # the team's accent colour, if it has one
    accent = {"--team-accent": found.accent_color} if found and found.accent_color else None
    return html.Div(className=f"team-card {state}{pinned}", **{"data-team": team.key},
                    style=accent, children=[
        html.Div(className="team-head", children=[
            html.H2(team.name, className=f"team-name {fit_class(team.name, _room(count))}"),
            *badge]),
        *_figure(view, team), *bar,
    ])


def render(view: View) -> list:
    """Return one section per page of at most TEAMS_PER_PAGE teams."""
    pages = chunks(view.teams(), TEAMS_PER_PAGE)
    subtitle = view.t("window", days=view.config.wall.window_days)
    sections = []
    for i, teams in enumerate(pages):
        count = len(teams)
        cards = [_card(view, t, count) for t in teams] or [
            html.Div(view.t("no_responses"), className="empty")]
        density = "wide" if count <= 3 else "mid" if count <= ROOMY else "dense"
        columns = 1 if count <= 3 else 2 if count == 4 else 3 if count <= ROOMY else 4
        grid = html.Div(cards, className=f"goal-grid goal-{density} goal-cols-{columns}")
        sections.append(section("goals", view.t("goals"), subtitle, [grid],
                                page=f"-{i + 1}" if len(pages) > 1 else ""))
    return sections
