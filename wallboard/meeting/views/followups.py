"""Closed loop: every detractor in a queue with owner, status, age and note, and the share
followed up within the SLA against its target.

The queue is paged (PAGE_SIZE cards a page, overdue first); the counts and the SLA share are
the whole period's. Saving a card (Save, Enter in Owner or Note, or a click on a status)
writes the card's owner, status and note together and updates only the card's status, age and
"changed by" line: the inputs are never drawn again, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import ALL, MATCH, Dash, Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy import Engine

from wallboard import i18n
from wallboard.config import Config
from wallboard.core.clock import utcnow
from wallboard.core.periods import PERIODS, PeriodError
from wallboard.meeting import data as meeting_data
from wallboard.meeting.data import FollowUps
from wallboard.meeting.followups import (
    FollowUpConflict,
    FollowUpError,
    FollowUpItem,
    update_followup,
)
from wallboard.meeting.state import parse_state
from wallboard.meeting.views import ids
from wallboard.meeting.views.parts import card, day_time, empty, score_badge, t

STATUSES = ("open", "contacted", "resolved")
STAFF_LIST = "m-staff"
PAGE_SIZE = 25


def age(lang: str, hours: float) -> str:
    """Say how old a follow-up is: '5 h', '3 d 4 h' in the local words."""
    whole = max(int(hours), 0)
    if whole < 48:
        return t(lang, "m_age_hours", h=whole)
    return t(lang, "m_age_days", d=whole // 24, h=whole % 24)


def waited(lang: str, item: FollowUpItem) -> str:
    """Say how long the customer waited: 'waiting 5 h' while open, 'contacted after 3 d 4 h'
    or 'resolved after 2 d 1 h' once someone acted."""
    done = {"resolved": item.resolved_at or item.contacted_at,
            "contacted": item.contacted_at}.get(item.status)
    if done is None:
        return t(lang, "m_age", age=age(lang, item.age_hours))
    hours = (done - item.answered_at).total_seconds() / 3600
    return t(lang, f"m_age_{item.status}", age=age(lang, hours))


def page_of(items: list[FollowUpItem], page: int | None, highlight: int | None) -> int:
    """Return the 1-based page to show: the asked one (kept within the queue), else the one
    holding the highlighted item, else the first."""
    pages = max(1, -(-len(items) // PAGE_SIZE))
    if page is None and highlight is not None:
        where = next((n for n, i in enumerate(items) if i.response_id == highlight), None)
        page = 1 if where is None else where // PAGE_SIZE + 1
    return min(max(page or 1, 1), pages)


def sla_card(lang: str, data: FollowUps, config: Config) -> html.Section:
    """Return the period's share of detractors followed up within the SLA, with the target."""
    sla = data.sla
    hours = i18n.number(lang, config.followup.sla_hours)
    target = config.followup.sla_target_percent / 100
    share = None if sla.share is None else sla.share / 100
    target_line = html.Div(className="m-target", style={"left": f"{target * 100:.1f}%"},
                           children=html.Span(t(lang, "m_sla_target",
                                                pct=i18n.percent(lang, target)),
                                              className="m-target-label"))
    if not sla.due or share is None:
        figure = [html.Div(t(lang, "m_sla_none"), className="m-detail", id="m-sla-share")]
        bar = []
    else:
        met = bool(sla.met)
        figure = [html.Div(className="m-sla-figure", children=[
            html.Span(i18n.percent(lang, share), className="m-sla-share", id="m-sla-share",
                      **{"data-share": f"{share:.4f}"}),
            html.Span(("✓ " if met else "✗ ") + t(lang, "m_sla_met" if met else "m_sla_missed"),
                      className="m-sla-verdict " + ("met" if met else "missed")),
        ]), html.Div(t(lang, "m_sla_counts", in_time=i18n.number(lang, sla.in_time),
                       due=i18n.number(lang, sla.due)), className="m-detail")]
        bar = [html.Div(className="m-track m-sla-track", children=[
            html.Div(className="m-fill" + (" met" if met else ""),
                     style={"width": f"{min(share, 1.0) * 100:.1f}%"}), target_line])]
    items = data.items
    counts = [(key, n) for key, n in (
        ("m_fu_overdue", sum(i.overdue for i in items)),
        ("m_fu_open", sum(i.status == "open" for i in items)),
        ("m_fu_contacted", sum(i.status == "contacted" for i in items)),
        ("m_fu_resolved", sum(i.status == "resolved" for i in items)))]
    tally = html.Div([html.Span([html.Strong(i18n.number(lang, n)), " ", t(lang, key)],
                                className=f"m-tally-{key[5:]}") for key, n in counts],
                     className="m-tally")
    return card(t(lang, "m_sla_title", hours=hours), [*figure, *bar, tally], name="sla",
                extra="m-sla-box")


def _state_class(item: FollowUpItem, highlight: int | None) -> str:
    state = "overdue" if item.overdue else item.status
    return f"m-fu m-fu-{state}" + (" highlight" if item.response_id == highlight else "")


def _flag(lang: str, item: FollowUpItem) -> html.Span:
    if item.overdue:
        return html.Span("⚠ " + t(lang, "m_overdue"), className="m-flag overdue")
    return html.Span(t(lang, f"m_status_{item.status}"), className=f"m-flag {item.status}")


def _updated(lang: str, item: FollowUpItem, tz: str) -> str:
    if item.updated_at and item.updated_by:
        return t(lang, "m_updated", who=item.updated_by, when=day_time(lang, item.updated_at, tz))
    return ""


def _row(lang: str, item: FollowUpItem, tz: str, team_names: dict[str, str],
         highlight: int | None) -> html.Article:
    rid = item.response_id
    opening, closing = i18n.QUOTES[lang]
    words = item.comment.strip()
    return html.Article(
        id={"type": ids.FU_CARD, "rid": rid}, key=str(rid),
        className=_state_class(item, highlight),
        **{"data-response": str(rid), "data-status": item.status,
           "data-overdue": "true" if item.overdue else "false"},
        children=[
            dcc.Store(id={"type": ids.FU_SAVED, "rid": rid}, data=saved_data(item)),
            html.Div(className="m-fu-main", children=[
                html.Div(className="m-fu-head", children=[
                    score_badge(item.score, lang),
                    html.Span(_flag(lang, item), id={"type": ids.FU_FLAG, "rid": rid}),
                    html.Span(item.employee or t(lang, "m_no_employee"),
                              className="m-fu-employee"),
                    html.Span(team_names.get(item.team, item.team), className="m-fu-team"),
                ]),
                html.Div(className="m-fu-times", children=[
                    html.Span(day_time(lang, item.answered_at, tz)),
                    html.Span(waited(lang, item), className="m-fu-age",
                              id={"type": ids.FU_AGE, "rid": rid}),
                    html.Span(t(lang, "m_deadline", when=day_time(lang, item.deadline, tz))),
                ]),
                html.Blockquote(f"{opening}{words}{closing}" if words
                                else t(lang, "m_no_comment_given"),
                                className="m-fu-text" + ("" if words else " none")),
                html.Div(f"— {item.customer_name}" if item.customer_name else "",
                         className="m-fu-customer"),
            ]),
            html.Div(className="m-fu-edit", children=[
                html.Label([t(lang, "m_owner"),
                            dcc.Input(id={"type": ids.FU_OWNER, "rid": rid}, value=item.owner or "",
                                      type="text", list=STAFF_LIST, maxLength=128,
                                      className="m-input", n_submit=0,
                                      placeholder=t(lang, "m_owner_none"))],
                           className="m-field"),
                dcc.RadioItems(id={"type": ids.FU_STATUS, "rid": rid}, value=item.status,
                               options=[{"label": t(lang, f"m_status_{s}"), "value": s}
                                        for s in STATUSES],
                               inline=True, className="m-segments small",
                               inputClassName="m-seg-input", labelClassName="m-seg"),
                html.Label([t(lang, "m_note"),
                            dcc.Input(id={"type": ids.FU_NOTE, "rid": rid}, value=item.note,
                                      type="text", maxLength=2000, n_submit=0,
                                      className="m-input")], className="m-field"),
                html.Button(t(lang, "m_save"), id={"type": ids.FU_SAVE, "rid": rid},
                            className="m-button", n_clicks=0),
                html.Div(className="m-fu-updated", role="status", children=[
                    html.Span(id={"type": ids.FU_MSG, "rid": rid}, className="m-fu-message"),
                    html.Span(_updated(lang, item, tz), id={"type": ids.FU_INFO, "rid": rid}),
                ]),
            ]),
        ])


def saved_data(item: FollowUpItem) -> list:
    """What a card last read from the store: owner, status, note and the version a save is
    made on (a save on an older version is refused: someone else saved in between)."""
    return [item.owner or "", item.status, item.note, item.version]


def conflict_message(lang: str, item: FollowUpItem, tz: str) -> str:
    """Say that someone else saved the card first, who, when and what it holds now."""
    opening, closing = i18n.QUOTES[lang]
    return t(lang, "m_fu_conflict", who=item.updated_by or "?",
             when=day_time(lang, item.updated_at, tz) if item.updated_at else "",
             owner=item.owner or t(lang, "m_owner_none"),
             status=t(lang, f"m_status_{item.status}"),
             note=f"{opening}{item.note}{closing}" if item.note else "—")


def _pager(lang: str, page: int, pages: int, total: int, link: Callable[[int], str],
           where: str) -> html.Nav:
    first, last = (page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, total)

    def step(to: int, key: str, name: str) -> html.Span | dcc.Link:
        if 1 <= to <= pages:
            return dcc.Link(t(lang, key), href=link(to), className="m-pager-link",
                            id=f"m-page-{name}-{where}")
        return html.Span(t(lang, key), className="m-pager-link disabled",
                         **{"aria-disabled": "true"})

    return html.Nav(className=f"m-pager m-pager-{where}", **{"data-page": str(page),
                                                             "data-pages": str(pages)},
                    children=[
        step(page - 1, "m_page_previous", "prev"),
        html.Span([t(lang, "m_page", page=i18n.number(lang, page),
                     pages=i18n.number(lang, pages)),
                   html.Span(t(lang, "m_page_items", first=i18n.number(lang, first),
                               last=i18n.number(lang, last), total=i18n.number(lang, total)),
                             className="m-pager-items")],
                  className="m-pager-where"),
        step(page + 1, "m_page_next", "next"),
    ])


def render(lang: str, data: FollowUps, config: Config, team_names: dict[str, str],
           highlight: int | None, page: int | None = None,
           link: Callable[[int], str] | None = None) -> list:
    """Return the SLA card and one page of the queue (overdue first, resolved last); the
    highlighted item's page unless another page is asked for. link(n) is page n's address."""
    tz = config.wall.timezone
    items = data.items
    shown = page_of(items, page, highlight)
    pages = max(1, -(-len(items) // PAGE_SIZE))
    rows = [_row(lang, item, tz, team_names, highlight)
            for item in items[(shown - 1) * PAGE_SIZE:shown * PAGE_SIZE]]
    pagers = [_pager(lang, shown, pages, len(items), link or (lambda n: f"?page={n}"), where)
              for where in ("top", "bottom")] if pages > 1 else [html.Span(), html.Span()]
    queue = card(t(lang, "m_queue"), [
        html.P(t(lang, "m_queue_intro", hours=i18n.number(lang, config.followup.sla_hours)),
               className="m-detail"),
        html.Datalist([html.Option(value=name) for name in data.employees], id=STAFF_LIST),
        pagers[0],
        *(rows or [empty(t(lang, "m_no_detractors"))]),
        pagers[1],
    ], name="queue")
    return [html.Div(sla_card(lang, data, config), id=ids.FU_SUMMARY), queue]


def register(app: Dash, config: Config, engine: Engine, current_user: Callable[[], str | None],
             clock: Callable = utcnow) -> None:
    """Attach the follow-up callbacks: save one card, then refresh the period's SLA card."""
    tz, hours = config.wall.timezone, config.followup.sla_hours
    card_id = {"type": ids.FU_CARD, "rid": MATCH}

    @app.callback(Output({"type": ids.FU_SAVED, "rid": MATCH}, "data"),
                  Output(card_id, "className"), Output(card_id, "data-status"),
                  Output(card_id, "data-overdue"),
                  Output({"type": ids.FU_FLAG, "rid": MATCH}, "children"),
                  Output({"type": ids.FU_AGE, "rid": MATCH}, "children"),
                  Output({"type": ids.FU_INFO, "rid": MATCH}, "children"),
                  Output({"type": ids.FU_MSG, "rid": MATCH}, "children"),
                  Input({"type": ids.FU_SAVE, "rid": MATCH}, "n_clicks"),
                  Input({"type": ids.FU_STATUS, "rid": MATCH}, "value"),
                  Input({"type": ids.FU_OWNER, "rid": MATCH}, "n_submit"),
                  Input({"type": ids.FU_NOTE, "rid": MATCH}, "n_submit"),
                  State({"type": ids.FU_OWNER, "rid": MATCH}, "value"),
                  State({"type": ids.FU_NOTE, "rid": MATCH}, "value"),
                  State({"type": ids.FU_SAVED, "rid": MATCH}, "data"),
                  State(card_id, "className"), State(ids.URL, "search"),
                  prevent_initial_call=True)
    def save(_save: int, status: str, _owner_enter: int, _note_enter: int, owner: str | None,
             note: str | None, saved: list | None, classes: str | None,
             search: str | None) -> tuple:
        keep = (no_update,) * 7
        trigger = ctx.triggered_id
        if not trigger or not ctx.triggered or ctx.triggered[0]["value"] in (None, 0):
            return (*keep, no_update)
        lang = parse_state(None, search, config, PERIODS, set()).language
        wanted = [(owner or "").strip(), status, (note or "").strip()]
        if (saved or [])[:3] == wanted:
            # A status radio may fire when drawn; only Save or Enter asks to be told.
            asked = trigger["type"] != ids.FU_STATUS
            return (*keep, t(lang, "m_nothing_changed") if asked else no_update)
        user = current_user()
        if not user:
            return (*keep, t(lang, "m_sign_in_again"))
        version = saved[3] if saved and len(saved) > 3 else None
        message = t(lang, "m_saved")
        try:
            item = update_followup(engine, trigger["rid"], by=user, now=clock(),
                                   owner=wanted[0], status=wanted[1], note=wanted[2],
                                   sla_hours=hours, version=version)
        except FollowUpConflict as conflict:
            # Someone saved first: show theirs, keep what was typed in the fields; the card
            # now holds their version, so Save again replaces theirs knowingly.
            item, message = conflict.current, conflict_message(lang, conflict.current, tz)
        except FollowUpError as exc:
            return (*keep, t(lang, "m_not_saved", error=str(exc)))
        highlight = " highlight" in f" {classes or ''} "
        return (saved_data(item),
                _state_class(item, item.response_id if highlight else None), item.status,
                "true" if item.overdue else "false", _flag(lang, item), waited(lang, item),
                _updated(lang, item, tz), message)

    @app.callback(Output(ids.FU_SUMMARY, "children"),
                  Input({"type": ids.FU_SAVED, "rid": ALL}, "data"),
                  State(ids.URL, "pathname"), State(ids.URL, "search"),
                  prevent_initial_call=True)
    def summary(_saved: list, pathname: str | None, search: str | None) -> html.Section:
        teams = meeting_data.known_teams(engine, config)
        state = parse_state(pathname, search, config, PERIODS, {x.key for x in teams})
        now = clock()
        try:
            scope = meeting_data.scope_of(state, config, teams, now)
        except PeriodError:
            return no_update
        return sla_card(state.language, meeting_data.followups(engine, config, scope, now),
                        config)
