"""Closed loop: every detractor in a queue with owner, status, age and note, and the share
followed up within the SLA against its target."""

from __future__ import annotations

from dash import dcc, html

from wallboard import i18n
from wallboard.config import Config
from wallboard.followups import FollowUpItem
from wallboard.meeting_data import FollowUps
from wallboard.pages import meeting_ids as ids
from wallboard.pages.meeting_parts import card, day_time, empty, score_badge, t

STATUSES = ("open", "contacted", "resolved")
STAFF_LIST = "m-staff"


def age(lang: str, hours: float) -> str:
    """Say how old a follow-up is: '5 h', '3 d 4 h' in the local words."""
    whole = max(int(hours), 0)
    if whole < 48:
        return t(lang, "m_age_hours", h=whole)
    return t(lang, "m_age_days", d=whole // 24, h=whole % 24)


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
    return card(t(lang, "m_sla_title", hours=hours), [*figure, *bar, tally], name="sla")


def _row(lang: str, item: FollowUpItem, tz: str, team_names: dict[str, str],
         highlight: int | None) -> html.Article:
    rid = item.response_id
    opening, closing = i18n.QUOTES[lang]
    state = "overdue" if item.overdue else item.status
    flag = [html.Span("⚠ " + t(lang, "m_overdue"), className="m-flag overdue")] \
        if item.overdue else [html.Span(t(lang, f"m_status_{item.status}"),
                                        className=f"m-flag {item.status}")]
    updated = [html.Div(t(lang, "m_updated", who=item.updated_by,
                          when=day_time(lang, item.updated_at, tz)), className="m-fu-updated")] \
        if item.updated_at and item.updated_by else []
    words = item.comment.strip()
    return html.Article(
        id=f"fu-{rid}", key=str(rid),
        className=f"m-fu m-fu-{state}" + (" highlight" if rid == highlight else ""),
        **{"data-response": str(rid), "data-status": item.status,
           "data-overdue": "true" if item.overdue else "false"},
        children=[
            html.Div(className="m-fu-main", children=[
                html.Div(className="m-fu-head", children=[
                    score_badge(item.score, lang), *flag,
                    html.Span(item.employee or t(lang, "m_no_employee"),
                              className="m-fu-employee"),
                    html.Span(team_names.get(item.team, item.team), className="m-fu-team"),
                ]),
                html.Div(className="m-fu-times", children=[
                    html.Span(day_time(lang, item.answered_at, tz)),
                    html.Span(t(lang, "m_age", age=age(lang, item.age_hours)),
                              className="m-fu-age"),
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
                                      debounce=True, className="m-input",
                                      placeholder=t(lang, "m_owner_none"))],
                           className="m-field"),
                dcc.RadioItems(id={"type": ids.FU_STATUS, "rid": rid}, value=item.status,
                               options=[{"label": t(lang, f"m_status_{s}"), "value": s}
                                        for s in STATUSES],
                               inline=True, className="m-segments small",
                               inputClassName="m-seg-input", labelClassName="m-seg"),
                html.Label([t(lang, "m_note"),
                            dcc.Input(id={"type": ids.FU_NOTE, "rid": rid}, value=item.note,
                                      type="text", maxLength=2000, debounce=True,
                                      className="m-input")], className="m-field"),
                html.Button(t(lang, "m_save"), id={"type": ids.FU_SAVE, "rid": rid},
                            className="m-button", n_clicks=0),
                *updated,
            ]),
        ])


def render(lang: str, data: FollowUps, config: Config, team_names: dict[str, str],
           highlight: int | None) -> list:
    """Return the SLA card and the queue: overdue first, resolved last."""
    tz = config.wall.timezone
    rows = [_row(lang, item, tz, team_names, highlight) for item in data.items]
    queue = card(t(lang, "m_queue"), [
        html.P(t(lang, "m_queue_intro", hours=i18n.number(lang, config.followup.sla_hours)),
               className="m-detail"),
        html.Datalist([html.Option(value=name) for name in data.employees], id=STAFF_LIST),
        *(rows or [empty(t(lang, "m_no_detractors"))]),
    ], name="queue")
    return [sla_card(lang, data, config), queue]
