"""The leaderboard panel: teams ranked in the configured order, ties sharing a rank.

At most `leaderboard_top` ranked teams are listed: the rest are not shamed on a public wall.
Teams with too few responses are listed apart, unranked, by name.
"""

from __future__ import annotations

from dash import html

from wallboard import i18n
from wallboard.wall.panels.common import View, section
from wallboard.wall.panels.text import fit_class
from wallboard.wall.snapshot import TeamFigures

MOVE_ICON = {"up": "▲", "down": "▼", "same": "=", "new": "★"}
UNRANKED_NAMES = 8   # names listed under the table; more are counted
MAX_ROWS = 12        # what fits legibly, whatever leaderboard_top says
METRIC_HEAD = {"progress": "col_progress", "improvement": "col_improvement",
               "promoters": "col_week"}


def metric(view: View, team: TeamFigures) -> str:
    """Format the value the board is ranked by, when it is not the NPS itself."""
    order, lang = view.snapshot.order, view.lang
    if order == "progress":
        return i18n.percent(lang, team.progress) if team.progress is not None else "–"
    if order == "improvement":
        if team.improvement is None:
            return "–"
        sign = "+" if round(team.improvement, 1) > 0 else ""
        return sign + i18n.nps_value(lang, team.improvement)
    if order == "promoters":
        return i18n.number(lang, team.promoters_week)
    return ""


def movement(view: View, team: TeamFigures) -> html.Span | None:
    """Say how the team moved since last week, with an icon and in words."""
    move = team.movement or ""
    if move in ("up", "down") and team.prev_rank and team.rank:
        label = view.t(f"move_{move}", n=abs(team.prev_rank - team.rank))
    elif move in ("same", "new"):
        label = view.t(f"move_{move}")
    else:
        return None
    return html.Span([html.Span(MOVE_ICON[move], className="move-icon", **{"aria-hidden": "true"}),
                      " ", label], className=f"move move-{move}")


def _row(view: View, team: TeamFigures, has_metric: bool) -> html.Tr:
    lang = view.lang
    pinned = team.key == view.screen.team
    name = [html.Span("➜ ", className="pin-mark", **{"aria-hidden": "true"})] if pinned else []
    cells = [html.Td(str(team.rank), className="col-rank"),
             html.Td(html.Div([*name, team.name],
                              className=f"team-cell {fit_class(team.name, 34)}"),
                     className="col-team"),
             html.Td([html.Span(i18n.nps_value(lang, team.nps), className="nps"),
                      html.Span(f" ± {i18n.number(lang, team.moe or 0)}", className="moe")],
                     className="col-nps")]
    if has_metric:
        cells.append(html.Td(metric(view, team), className="col-metric"))
    cells.append(html.Td(i18n.number(lang, team.responses), className="col-responses"))
    cells.append(html.Td(movement(view, team), className="col-move"))
    return html.Tr(cells, className=f"rank-{team.rank}" + (" pinned" if pinned else ""),
                   **{"data-team": team.key})


def _unranked(view: View, teams: list[TeamFigures]) -> html.Div:
    names = ", ".join(t.name for t in teams[:UNRANKED_NAMES])
    if len(teams) > UNRANKED_NAMES:
        names += " " + view.t("and_more", n=len(teams) - UNRANKED_NAMES)
    return html.Div([html.Strong(view.t("unranked") + ": "), names,
                     html.Span(f" ({view.t('too_few').lower()})", className="unranked-why")],
                    className="unranked")


def render(view: View) -> list:
    """Return the leaderboard section."""
    wall, order = view.config.wall, view.snapshot.order
    all_ranked = [t for t in view.snapshot.teams if t.rank is not None]
    ranked = all_ranked[:min(wall.leaderboard_top, MAX_ROWS)]
    unranked = sorted((t for t in view.snapshot.teams if t.rank is None),
                      key=lambda t: t.name.casefold())
    metric_head = METRIC_HEAD.get(order)
    head = [html.Th(view.t("col_rank"), className="col-rank"),
            html.Th(view.t("col_team"), className="col-team"),
            html.Th(view.t("col_nps"), className="col-nps")]
    if metric_head:
        head.append(html.Th(view.t(metric_head), className="col-metric"))
    head += [html.Th(view.t("col_responses"), className="col-responses"),
             html.Th(view.t("col_move"), className="col-move")]
    rows = [_row(view, t, bool(metric_head)) for t in ranked]
    size = ("lots" if len(rows) > 10 else "many" if len(rows) > 7 else
            "some" if len(rows) > 5 else "few")
    body = [html.Table(className=f"leaderboard rows-{size}" + (" has-metric" if metric_head
                                                                 else ""),
                       children=[html.Thead(html.Tr(head)), html.Tbody(rows)])] if rows else [
        html.Div(view.t("no_responses"), className="empty")]
    if unranked:
        body.append(_unranked(view, unranked))
    subtitle = view.t(f"order_{order}", days=wall.window_days)
    if len(all_ranked) > len(ranked):
        subtitle += " · " + view.t("top_n", n=len(ranked), total=len(all_ranked))
    return [section("leaderboard", view.t("leaderboard"), subtitle, body)]
