"""The action plan: a short list per team of agreed actions, added and ticked off live."""

from __future__ import annotations

from datetime import date

from dash import dcc, html

from wallboard import i18n
from wallboard.config import Team
from wallboard.meeting.actions import ActionItemView
from wallboard.meeting.views import ids
from wallboard.meeting.views.parts import card, date_picker_options, empty, t


def _due(lang: str, due: date | None) -> str:
    if due is None:
        return t(lang, "m_no_due")
    return i18n.day_month_year(lang, due)


def _item(lang: str, item: ActionItemView, team_names: dict[str, str],
          show_team: bool) -> html.Li:
    state = "done" if item.done else "overdue" if item.overdue else "open"
    meta = [html.Span(item.owner or t(lang, "m_owner_none"), className="m-act-owner"),
            html.Span(t(lang, "m_due", when=_due(lang, item.due)),
                      className="m-act-due" + (" overdue" if item.overdue else ""))]
    if item.overdue:
        meta.append(html.Span("⚠ " + t(lang, "m_overdue"), className="m-flag overdue"))
    if item.done and item.done_by:
        meta.append(html.Span(t(lang, "m_done_by", who=item.done_by), className="m-act-by"))
    if show_team:
        meta.insert(0, html.Span(team_names.get(item.team, item.team), className="m-act-team"))
    return html.Li(className=f"m-act m-act-{state}", key=str(item.id),
                   **{"data-action": str(item.id), "data-done": "true" if item.done else "false"},
                   children=[
        dcc.Checklist(id={"type": ids.ACTION_DONE, "aid": item.id},
                      options=[{"label": html.Span(t(lang, "m_done"), className="m-act-done-word"),
                                "value": "done"}],
                      value=["done"] if item.done else [], className="m-check",
                      inputClassName="m-check-input"),
        html.Div(className="m-act-body", children=[
            html.Div(item.text, className="m-act-text"),
            html.Div(meta, className="m-act-meta"),
        ]),
    ])


def _form(lang: str, team: Team | None, teams: tuple[Team, ...]) -> html.Form:
    # Always there (the add callback reads it); hidden when the page is about one team.
    picker = [html.Label([t(lang, "m_team"), dcc.Dropdown(
        id=ids.ACTION_TEAM, options=[{"label": x.name, "value": x.key} for x in teams],
        value=team.key if team else None, clearable=False, className="m-dropdown",
        placeholder=t(lang, "m_choose_team"))], className="m-field",
        hidden=team is not None)]
    return html.Div(className="m-act-form", children=[
        *picker,
        html.Label([t(lang, "m_action"), dcc.Input(
            id=ids.ACTION_TEXT, type="text", maxLength=500, className="m-input",
            placeholder=t(lang, "m_action_hint"))], className="m-field wide"),
        html.Label([t(lang, "m_owner"), dcc.Input(id=ids.ACTION_OWNER, type="text",
                                                  maxLength=128, className="m-input")],
                   className="m-field"),
        html.Label([t(lang, "m_due_label"), dcc.DatePickerSingle(
            id=ids.ACTION_DUE, className="m-date", placeholder=t(lang, "m_no_due"),
            clearable=True, **date_picker_options(lang))], className="m-field"),
        html.Button(t(lang, "m_add"), id=ids.ACTION_ADD, className="m-button", n_clicks=0),
    ])


def render(lang: str, items: list[ActionItemView], team: Team | None, teams: tuple[Team, ...],
           team_names: dict[str, str]) -> list:
    """Return the add form and the list: open by due date, then lately done."""
    rows = [_item(lang, i, team_names, team is None) for i in items]
    body = [html.Ul(rows, className="m-acts")] if rows else [empty(t(lang, "m_no_actions"))]
    return [card(t(lang, "m_actions_title"), [
        html.P(t(lang, "m_actions_intro"), className="m-detail"), _form(lang, team, teams),
        *body], name="actions")]
