"""The challenge panel: every team's race to this week's target, the teams that made it in
order, the time left, and the last weeks' winners (the hall of fame).

Without `[challenge]` in the config the panel draws nothing and the rotation skips it.
"""

from __future__ import annotations

from datetime import datetime

from dash import html

from wallboard import i18n
from wallboard.core.challenge import Board, Standing
from wallboard.wall.panels.common import View, section
from wallboard.wall.panels.text import fit_class

MAX_ROWS = 12        # teams listed legibly; the rest are counted
# The wall's font has no colour emoji: places are words in a coloured badge, and the
# star and check mark are DejaVu glyphs every TV shows.
MARK = {1: "★", 2: "★", 3: "★"}


def time_left(view: View, board: Board) -> str:
    """Say how long the week still runs: '2 d 5 h', '3 h 20 min' (whole minutes)."""
    minutes = max(int((board.week_end - view.snapshot.built_at).total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return view.t("duration_days_hours", d=days, h=hours)
    return view.t("duration_hours_minutes", h=hours, m=mins)


def place_label(view: View, place: int) -> str:
    return i18n.place_label(view.lang, place)


def _when(view: View, moment: datetime) -> str:
    tz = view.config.wall.timezone
    return f"{i18n.short_date(view.lang, moment, tz)} {i18n.clock(moment, tz)}"


def _value(view: View, board: Board, row: Standing) -> str:
    return i18n.challenge_value(view.lang, board, row, view.config.challenge.min_responses)


def _fill(board: Board, row: Standing) -> float:
    if row.reached_at is not None:
        return 1.0
    if row.value is None or row.target is None:
        return 0.0
    if board.kind == "promoters":
        return min(max(row.value / row.target, 0.0), 1.0) if row.target > 0 else 1.0
    # NPS: how far from -100 towards the target
    return min(max((row.value + 100) / (row.target + 100), 0.0), 1.0)


def _style(view: View, team: str) -> dict:
    found = view.config.team(team)
    return {"--team-accent": found.accent_color} if found and found.accent_color else {}


def _name(view: View, team: str) -> list:
    found = view.config.team(team)
    emoji = [html.Span(found.accent_emoji + " ", className="team-emoji")] \
        if found and found.accent_emoji else []
    return [*emoji, view.config.team_name(team)]


def _row(view: View, board: Board, row: Standing) -> html.Div:
    done = row.place is not None
    mark = MARK.get(row.place, "✓") if done else ""
    status = [html.Span(mark, className="race-mark", **{"aria-hidden": "true"}),
              html.Span(place_label(view, row.place),
                        className=f"race-place place-{min(row.place, 4)}")] if done else []
    pinned = " pinned" if row.team == view.screen.team else ""
    name = view.config.team_name(row.team)
    track = [] if board.kind == "improvement" else [
        html.Div(className="race-track", role="progressbar",
                 **{"aria-valuemin": "0", "aria-valuemax": "100",
                    "aria-valuenow": str(round(_fill(board, row) * 100))},
                 children=html.Div(className="race-fill",
                                   style={"width": f"{_fill(board, row) * 100:.1f}%"}))]
    return html.Div(className="race-row" + (" made-it" if done else "") + pinned,
                    style=_style(view, row.team), **{"data-team": row.team}, children=[
        html.Div(_name(view, row.team), className=f"race-name {fit_class(name, 24)}"),
        *track,
        html.Div(_value(view, board, row), className="race-value"),
        html.Div(status, className="race-status"),
    ])


def _made_it(view: View, board: Board) -> html.Div:
    done = [s for s in board.standings if s.place is not None]
    items = [html.Li(className="made-it-item", style=_style(view, s.team), children=[
        html.Span(f"{MARK.get(s.place, '✓')} {place_label(view, s.place)}",
                  className=f"made-it-place place-{min(s.place, 4)}"),
        html.Span(_name(view, s.team), className="made-it-team"),
        html.Span(_when(view, s.reached_at), className="made-it-when")]) for s in done]
    body = html.Ol(items, className="made-it-list") if items else html.Div(
        view.t("challenge_none_yet"), className="side-empty")
    return html.Div(className="challenge-side-block", children=[
        html.H2(view.t("challenge_made_it"), className="side-title"), body])


def _hall(view: View, board: Board) -> html.Div:
    lang = view.lang
    tz = view.config.wall.timezone
    items = [html.Li(className="hall-item", style=_style(view, team), children=[
        html.Span(view.t("challenge_week_of", date=i18n.short_date(lang, week, tz)),
                  className="hall-week"),
        html.Span(["★ ", *_name(view, team)], className="hall-team")])
        for week, team in board.hall_of_fame]
    body = html.Ul(items, className="hall-list") if items else html.Div(
        view.t("challenge_no_hall"), className="side-empty")
    return html.Div(className="challenge-side-block", children=[
        html.H2(view.t("challenge_hall"), className="side-title"), body])


def rule_text(view: View, board: Board) -> str:
    return i18n.challenge_rule(view.lang, board, view.config.challenge.min_responses)


def render(view: View) -> list:
    """Return the challenge section, or nothing without a challenge."""
    board = view.snapshot.challenge
    if board is None or view.config.challenge is None:
        return []
    rows = list(board.standings)
    if view.screen.team:  # a pinned screen lists its own team first
        rows.sort(key=lambda s: s.team != view.screen.team)
    shown = rows[:MAX_ROWS]
    size = "many" if len(shown) > 8 else "some" if len(shown) > 5 else "few"
    race = html.Div([_row(view, board, s) for s in shown], className=f"race race-{size}") \
        if shown else html.Div(view.t("no_responses"), className="empty")
    side = html.Div([_made_it(view, board), _hall(view, board)], className="challenge-side")
    clock = html.Div(view.t("challenge_ends", time=time_left(view, board)),
                     className="challenge-countdown")
    body = [html.Div([html.Div([clock, race], className="challenge-main"), side],
                     className="challenge-grid")]
    return [section("challenge", view.t("challenge"), rule_text(view, board), body)]
