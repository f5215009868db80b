"""The meeting view at /meeting: one team, one period, four views a team lead projects.

Layout only: the URL says what is shown (meeting_state), meeting_data reads the store per
interaction, and the meeting_* renderers build the views. meeting.js adds the clicker keys.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from flask import Flask
from sqlalchemy import Engine

from wallboard.config import Config, Team
from wallboard.core.clock import utcnow
from wallboard.core.periods import MAX_CUSTOM_DAYS, PERIODS, PeriodError
from wallboard.meeting import data as meeting_data
from wallboard.meeting import exports, followups_api
from wallboard.meeting.actions import ActionError, add_action, set_action_done
from wallboard.meeting.period_labels import period_label, period_name
from wallboard.meeting.state import ALL as ALL_TEAMS
from wallboard.meeting.state import VIEWS, MeetingState, parse_state
from wallboard.meeting.views import actions as meeting_actions
from wallboard.meeting.views import comments as meeting_comments
from wallboard.meeting.views import followups as meeting_followups
from wallboard.meeting.views import ids
from wallboard.meeting.views import overview as meeting_overview
from wallboard.meeting.views.parts import date_picker_options, t

# Dash matches assets_ignore against file names (not folders): the meeting app loads
# meeting.* only (the wall skips them). Fonts are shared; ignored files are still served.
MEETING_ASSETS_IGNORE = r"^(?!meeting\.)"
ACT_CURRENT = "m-act-current"
REFRESH_ACT = "m-refresh-act"
DATES = "m-dates"
DATE_MESSAGE = "m-date-message"
VIEW_KEYS = {"overview": "m_view_overview", "comments": "m_view_comments",
             "followups": "m_view_followups", "actions": "m_view_actions"}


def layout() -> html.Div:
    """Return the static frame; callbacks fill the bar and the view from the URL."""
    return html.Div(className="meeting", children=[
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=REFRESH_ACT, data=0),
        html.Header(id=ids.BAR, className="m-bar"),
        html.Main(id=ids.MAIN, className="m-main"),
        html.Div(id=ids.TOAST, className="m-toast", role="status",
                 **{"aria-live": "polite"}),
    ])


def export_href(kind: str, state: MeetingState) -> str:
    """Return the CSV export link of the state's team and period."""
    params = {"team": state.team or ALL_TEAMS, "period": state.period}
    if state.period == "custom" and state.start and state.end:
        params |= {"start": state.start.isoformat(), "end": state.end.isoformat()}
    return f"/meeting/export/{kind}.csv?{urlencode(params)}"


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        return None


def custom_dates_problem(lang: str, start: str | None, end: str | None) -> str | None:
    """Return why start..end (YYYY-MM-DD) is no custom period, in lang; None if it is one."""
    first, last = _day(start), _day(end)
    if first is None or last is None:
        return t(lang, "m_dates_missing")
    if last < first:
        return t(lang, "m_dates_reversed")
    if (last - first).days + 1 > MAX_CUSTOM_DAYS:
        return t(lang, "m_dates_too_long", days=MAX_CUSTOM_DAYS)
    return None


def _asked_custom(search: str | None) -> tuple[str | None, str | None] | None:
    """Return the start and end a URL asks for with period=custom, else None."""
    params = parse_qs((search or "").lstrip("?"))
    if params.get("period", [""])[0].strip().lower() != "custom":
        return None
    return params.get("start", [None])[0], params.get("end", [None])[0]


def _bar(state: MeetingState, scope: meeting_data.Scope, teams: tuple[Team, ...],
         config: Config, user: str | None, date_message: str | None = None, *,
         admin: bool = False) -> list:
    lang, tz = state.language, config.wall.timezone
    options = [{"label": t(lang, "m_all_teams"), "value": ALL_TEAMS}] + [
        {"label": team.name, "value": team.key} for team in teams]
    periods = [dcc.Link(period_name(name, lang), href=state.href(period=name, response=None),
                        className="m-pill" + (" active" if name == state.period else ""),
                        id=f"m-period-{name}")
               for name in PERIODS if name != "custom"]
    first, last = scope.period.local_days(tz)
    tabs = [dcc.Link([html.Span(str(i), className="m-tab-key"), t(lang, VIEW_KEYS[view])],
                     href=state.href(view), id=f"m-tab-{view}",
                     className="m-tab" + (" active" if view == state.view else ""))
            for i, view in enumerate(VIEWS, start=1)]
    return [
        html.Div(className="m-bar-top", children=[
            html.Div(className="m-title-block", children=[
                html.H1(t(lang, "m_title"), className="m-title"),
                html.Div(className="m-period-label", children=[
                    html.Span(period_label(scope.period, lang, tz), id="m-period-label"),
                    html.Span(t(lang, "m_compared_with",
                                period=period_label(scope.previous, lang, tz)),
                              className="m-compared")]),
            ]),
            html.Div(className="m-user", children=[
                html.Span(t(lang, "m_signed_in", user=user or "?"), className="m-who"),
                # Admins only: the fleet page of every TV (its guard refuses team leads).
                *([html.A(t(lang, "fleet_link"), href=f"/fleet?lang={lang}",
                          className="m-link", id="m-fleet-link")] if admin else []),
                # One click: a POST form (same-origin checked by /logout); GET /logout
                # keeps its confirmation page for people who type the address.
                html.Form(html.Button(t(lang, "m_sign_out"), type="submit",
                                      className="m-link m-signout", id="m-sign-out"),
                          method="post", action=f"/logout?lang={lang}", className="m-signout-form"),
            ]),
        ]),
        html.Div(className="m-controls", children=[
            html.Label([html.Span(t(lang, "m_team"), className="m-control-name"),
                        dcc.Dropdown(id=ids.TEAM, options=options,
                                     value=state.team or ALL_TEAMS, clearable=False,
                                     searchable=True, className="m-dropdown")],
                       className="m-control m-team"),
            html.Div([html.Span(t(lang, "m_period"), className="m-control-name"),
                      html.Div(periods, className="m-pills")], className="m-control"),
            html.Div(className="m-control m-custom" + (
                " active" if state.period == "custom" else ""), children=[
                html.Span(t(lang, "period_custom"), className="m-control-name"),
                dcc.DatePickerRange(id=DATES, start_date=first.isoformat(),
                                    end_date=last.isoformat(),
                                    start_date_placeholder_text=t(lang, "m_from"),
                                    end_date_placeholder_text=t(lang, "m_to"),
                                    className="m-dates", **date_picker_options(lang)),
                html.Button(t(lang, "m_apply"), id=ids.APPLY, n_clicks=0,
                            className="m-button small"),
                html.Div(date_message or "", id=DATE_MESSAGE, className="m-date-message",
                         role="alert"),
            ]),
        ]),
        html.Div(className="m-bar-nav", children=[
            html.Nav(tabs, className="m-tabs", **{"data-lang": lang, "data-view": state.view}),
            html.Div(className="m-exports", children=[
                html.A(t(lang, "m_export_responses"),
                       href=export_href("responses", state), className="m-link",
                       id="m-export-responses", download=""),
                html.A(t(lang, "m_export_followups"),
                       href=export_href("followups", state), className="m-link",
                       id="m-export-followups", download=""),
            ]),
        ]),
    ]


def register(app: Dash, config: Config, engine: Engine,
             current_user: Callable[[], str | None], clock: Callable = utcnow,
             current_role: Callable[[], str | None] = lambda: None) -> None:
    """Attach the meeting callbacks: render from the URL, navigate, save."""
    tz = config.wall.timezone

    def state_of(pathname: str | None, search: str | None) -> tuple[MeetingState,
                                                                      tuple[Team, ...]]:
        teams = meeting_data.known_teams(engine, config)
        return parse_state(pathname, search, config, PERIODS, {x.key for x in teams}), teams

    @app.callback(Output(ids.BAR, "children"), Output(ids.MAIN, "children"),
                  Input(ids.URL, "pathname"), Input(ids.URL, "search"),
                  Input(REFRESH_ACT, "data"))
    def render(pathname: str | None, search: str | None, _act: int) -> tuple:
        state, teams = state_of(pathname, search)
        now = clock()
        try:
            scope = meeting_data.scope_of(state, config, teams, now)
        except PeriodError:
            state = MeetingState(view=state.view, team=state.team, language=state.language)
            scope = meeting_data.scope_of(state, config, teams, now)
        lang = state.language
        asked = _asked_custom(search)
        problem = custom_dates_problem(lang, *asked) if asked else None
        names = {x.key: x.name for x in teams}
        if state.view == "comments":
            frame = meeting_data.period_responses(engine, scope)
            body = meeting_comments.render(lang, frame, tz, names)
        elif state.view == "followups":
            data = meeting_data.followups(engine, config, scope, now)
            body = meeting_followups.render(lang, data, config, names, state.response,
                                            state.page, lambda n: state.href(page=n))
        elif state.view == "actions":
            items = meeting_data.actions(engine, config, scope, now)
            body = [dcc.Store(id=ACT_CURRENT, data={str(i.id): i.done for i in items}),
                    *meeting_actions.render(lang, items, scope.team, teams, names)]
        else:
            data = meeting_data.overview(engine, config, scope, lang)
            body = meeting_overview.render(lang, data, config)
        main = html.Div(body, className=f"m-view m-view-{state.view}",
                        **{"data-view": state.view, "data-team": state.team or ALL_TEAMS,
                           "data-period": scope.period.name,
                           "data-start": scope.period.start.isoformat(),
                           "data-end": scope.period.end.isoformat()})
        return (_bar(state, scope, teams, config, current_user(), problem,
                     admin=current_role() == "admin"), main)

    @app.callback(Output(ids.URL, "search"), Output(DATE_MESSAGE, "children"),
                  Input(ids.TEAM, "value"), Input(ids.APPLY, "n_clicks"),
                  State(DATES, "start_date"), State(DATES, "end_date"),
                  State(ids.URL, "pathname"), State(ids.URL, "search"),
                  prevent_initial_call=True)
    def navigate(team: str | None, _apply: int, start: str | None, end: str | None,
                 pathname: str | None, search: str | None) -> tuple:
        state, _ = state_of(pathname, search)
        if ctx.triggered_id == ids.APPLY:
            # A bad range says why and keeps the page (and its URL) as it was.
            problem = custom_dates_problem(state.language, start, end)
            if problem:
                return no_update, problem
            wanted = state.query(period="custom", start=_day(start), end=_day(end),
                                 response=None)
        else:
            picked = None if team in (None, ALL_TEAMS) else team
            if picked == state.team:
                # the dropdown also fires when the bar is drawn again: not a choice
                return no_update, no_update
            wanted = state.query(team=picked, response=None)
        return (no_update if wanted == (search or "") else wanted), ""

    @app.callback(Output(REFRESH_ACT, "data"),
                  Output(ids.TOAST, "children", allow_duplicate=True),
                  Input(ids.ACTION_ADD, "n_clicks"),
                  Input({"type": ids.ACTION_DONE, "aid": ALL}, "value"),
                  State(ids.ACTION_TEXT, "value"), State(ids.ACTION_OWNER, "value"),
                  State(ids.ACTION_DUE, "date"), State(ids.ACTION_TEAM, "value"),
                  State(ACT_CURRENT, "data"),
                  State(REFRESH_ACT, "data"), State(ids.URL, "pathname"),
                  State(ids.URL, "search"),
                  prevent_initial_call=True)
    def save_action(_add: int, done: list, text: str | None, owner: str | None,
                    due: str | None, picked: str | None, current: dict | None, counter: int,
                    pathname: str | None, search: str | None) -> tuple:
        trigger = ctx.triggered_id
        state, teams = state_of(pathname, search)
        lang = state.language
        user = current_user()
        if not trigger or not user:
            return no_update, no_update if user else t(lang, "m_sign_in_again")
        try:
            if trigger == ids.ACTION_ADD:
                if not _add:
                    return no_update, no_update
                team = state.team or picked
                if not team:
                    return no_update, t(lang, "m_choose_team")
                try:
                    due_day = date.fromisoformat(due[:10]) if due else None
                except ValueError:
                    return no_update, t(lang, "m_not_saved", error=due)
                add_action(engine, team=team, text=text or "", owner=owner or None,
                           due=due_day, by=user, now=clock(), teams={x.key for x in teams})
            else:
                aid = trigger["aid"]
                aids = [item["id"]["aid"] for item in ctx.inputs_list[1]]
                is_done = "done" in (done[aids.index(aid)] or [])
                if (current or {}).get(str(aid)) == is_done:
                    return no_update, no_update
                set_action_done(engine, aid, is_done, by=user, now=clock())
        except ActionError as exc:
            return no_update, t(lang, "m_not_saved", error=str(exc))
        return (counter or 0) + 1, t(lang, "m_saved")


def create_app(server: Flask, config: Config, engine: Engine, assets: Path,
               current_user: Callable[[], str | None],
               current_role: Callable[[], str | None] = lambda: None) -> Dash:
    """Mount the meeting view's own Dash app at /meeting/ on the wall's Flask server.

    current_user names who is signed in (the guard in front of /meeting has checked it);
    current_role says whether they are an admin (who gets a link to the fleet page).
    """
    app = Dash(
        __name__,
        server=server,
        url_base_pathname="/meeting/",
        title="Promoter Wallboard · Meeting",
        assets_folder=str(assets),
        assets_ignore=MEETING_ASSETS_IGNORE,
        serve_locally=True,
        update_title=None,
        suppress_callback_exceptions=True,
    )
    app.layout = layout
    register(app, config, engine, current_user, current_role=current_role)
    meeting_followups.register(app, config, engine, current_user)
    exports.register(server, config, engine)
    followups_api.register(server, config, engine)
    return app
