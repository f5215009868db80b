"""The leaderboard panel: teams ranked in the configured order, ties sharing a rank."""

from __future__ import annotations

from dash import html

from wallboard import i18n
from wallboard.panels.common import View, section
from wallboard.snapshot import TeamFigures

_MOVE_ICON = {"up": "▲", "down": "▼", "same": "=", "new": "★"}


def _metric(view: View, team: TeamFigures) -> str:
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


def _movement(view: View, team: TeamFigures) -> html.Span:
    move = team.movement or ""
    if move in ("up", "down") and team.prev_rank and team.rank:
        label = view.t(f"move_{move}", n=abs(team.prev_rank - team.rank))
    elif move in ("same", "new"):
        label = view.t(f"move_{move}")
    else:
        return html.Span()
    return html.Span([html.Span(_MOVE_ICON[move], className="move-icon", **{"aria-hidden": "true"}),
                      " ", label], className=f"move move-{move}")


def render(view: View) -> list:
    """Return the leaderboard section."""
    lang, wall = view.lang, view.config.wall
    order = view.snapshot.order
    ranked = [t for t in view.snapshot.teams if t.rank is not None][:wall.leaderboard_top]
    unranked = [t for t in view.snapshot.teams if t.rank is None]
    metric_head = {"progress": "col_progress", "improvement": "col_improvement",
                   "promoters": "col_week"}.get(order)
    head = [html.Th(view.t("col_rank"), className="col-rank"),
            html.Th(view.t("col_team"), className="col-team"),
            html.Th(view.t("col_nps"), className="col-nps")]
    if metric_head:
        head.append(html.Th(view.t(metric_head), className="col-metric"))
    head.append(html.Th(view.t("col_move"), className="col-move"))
    rows = []
    for team in ranked:
        pinned = " pinned" if team.key == view.screen.team else ""
        cells = [html.Td(str(team.rank), className="col-rank"),
                 html.Td(team.name, className="col-team"),
                 html.Td([i18n.nps_value(lang, team.nps),
                          html.Span(f" ± {i18n.number(lang, team.moe or 0)}", className="moe")],
                         className="col-nps")]
        if metric_head:
            cells.append(html.Td(_metric(view, team), className="col-metric"))
        cells.append(html.Td(_movement(view, team), className="col-move"))
        rows.append(html.Tr(cells, className=f"rank-{team.rank}{pinned}",
                            **{"data-team": team.key}))
    body = [html.Table(className=f"leaderboard rows-{len(rows)}", children=[
        html.Thead(html.Tr(head)), html.Tbody(rows)])] if rows else [
        html.Div(view.t("no_responses"), className="empty")]
    if unranked:
        names = ", ".join(t.name for t in unranked)
        body.append(html.Div([html.Strong(view.t("unranked") + ": "), names],
                             className="unranked"))
    subtitle = view.t(f"order_{order}", days=wall.window_days)
    return [section("leaderboard", view.t("leaderboard"), subtitle, body)]
