"""Small pieces the meeting views share: texts, changes, dates, score badges, empty states."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dash import html

from wallboard import i18n

KINDS = ("detractor", "passive", "promoter")
ICONS = {"promoter": "★", "passive": "●", "detractor": "▼"}


def t(lang: str, key: str, **values: object) -> str:
    """Return the meeting text for key in lang."""
    return i18n.text(lang, key, **values)


def kind_of(score: int) -> str:
    """Return promoter, passive or detractor for a 0-10 score."""
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"


def score_badge(score: int, lang: str, *, big: bool = False) -> html.Span:
    """Return the score with its class as icon and word, so colour is never alone."""
    kind = kind_of(score)
    return html.Span(className=f"m-score m-score-{kind}" + (" big" if big else ""),
                     title=t(lang, kind), children=[
        html.Span(ICONS[kind], className="m-score-icon", **{"aria-hidden": "true"}),
        html.Span(str(score), className="m-score-value"),
    ])


def day_time(lang: str, moment: datetime, tz: str) -> str:
    """Format a local date and time: '23 Nov 2026, 14:05'."""
    return f"{day(lang, moment, tz)}, {i18n.clock(moment, tz)}"


def day(lang: str, moment: datetime, tz: str) -> str:
    """Format a local date with the year: '23 Nov 2026'."""
    return i18n.day_month_year(lang, moment.astimezone(ZoneInfo(tz)).date())


def change(lang: str, delta: float | None, *, nps: bool = False, invert: bool = False,
           previous: str | None = None) -> html.Span:
    """Say how a figure moved since the previous period: '▲ 5', '▼ 3', '= 0', or 'new'.

    invert marks a rise as bad (more detractors); the arrow and the words carry it, colour
    only repeats it.
    """
    if delta is None:
        return html.Span(t(lang, "m_change_none"), className="m-change none")
    shown = i18n.nps_value(lang, abs(delta)) if nps else i18n.number(lang, abs(delta))
    if shown in ("0", "0,0", "0.0"):
        arrow, mood, word = "=", "same", t(lang, "m_change_same")
    elif delta > 0:
        arrow, mood, word = "▲", "bad" if invert else "good", shown
    else:
        arrow, mood, word = "▼", "good" if invert else "bad", shown
    tail = [html.Span(t(lang, "m_change_from", value=previous), className="m-change-from")] \
        if previous is not None else []
    return html.Span(className=f"m-change {mood}", children=[
        html.Span(arrow, className="m-change-arrow", **{"aria-hidden": "true"}),
        html.Span(word, className="m-change-value"), *tail])


def empty(text: str) -> html.Div:
    """Return an explicit empty state."""
    return html.Div(text, className="m-empty")


def card(title: str, body: list, *, name: str, extra: str = "") -> html.Section:
    """Wrap a part of a view in a titled card."""
    return html.Section(className=f"m-card m-card-{name} {extra}".strip(), id=f"m-card-{name}",
                        children=[html.H2(title, className="m-card-title"), *body])


# Dates in a date picker as the page's language writes them (the URL keeps YYYY-MM-DD).
DATE_FORMATS = {"en": "D MMM YYYY", "da": "DD.MM.YYYY", "pl": "DD.MM.YYYY"}


def date_picker_options(lang: str) -> dict:
    """Return dcc.DatePicker* options: the language's date format, weeks from Monday."""
    return {"display_format": DATE_FORMATS.get(lang, "YYYY-MM-DD"), "first_day_of_week": 1,
            "month_format": "MMMM YYYY", "show_outside_days": True}
