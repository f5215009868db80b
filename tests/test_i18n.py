"""Local formats from Babel's CLDR data: numbers, percentages, NPS values, plurals and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from wallboard import i18n

NBSP, MINUS = "\u00a0", "\u2212"
CPH = "Europe/Copenhagen"
LANGUAGES = ("en", "da", "pl")


@pytest.mark.parametrize(("lang", "value", "decimals", "shown"), [
    ("en", 34.5, 1, "34.5"), ("da", 34.5, 1, "34,5"), ("pl", 34.5, 1, "34,5"),
    ("en", 34, 1, "34.0"), ("da", 7, 0, "7"), ("pl", 0, 0, "0"),
    ("en", 1234, 0, "1,234"), ("da", 1234, 0, "1.234"),
    # CLDR's minimum grouping digits: Polish groups from five digits on, as Intl does
    ("pl", 1234, 0, "1234"), ("pl", 12345, 0, f"12{NBSP}345"),
    ("pl", 1234567.5, 1, f"1{NBSP}234{NBSP}567,5"), ("en", 1234567.5, 0, "1,234,568"),
    ("da", 1234567.5, 1, "1.234.567,5"),
    # halves round away from zero on the shortest decimal form, as the browser's Intl does
    ("da", -12.25, 1, f"{MINUS}12,3"), ("en", -12.5, 0, f"{MINUS}13"), ("en", 0.15, 1, "0.2"),
    ("en", 2.45, 1, "2.5"), ("pl", -0.04, 1, "0,0"), ("en", -0.4, 0, "0"),
])
def test_numbers(lang, value, decimals, shown):
    assert i18n.number(lang, value, decimals) == shown


@pytest.mark.parametrize(("lang", "value", "shown"), [
    ("en", 34.0, "34"), ("en", 34.5, "34.5"), ("da", 34.5, "34,5"), ("pl", 34.5, "34,5"),
    ("en", -12.5, f"{MINUS}12.5"), ("da", -12.5, f"{MINUS}12,5"), ("pl", -12.5, f"{MINUS}12,5"),
    ("en", 12.25, "12.3"), ("da", -12.25, f"{MINUS}12,3"), ("pl", 33.333333, "33,3"),
    ("en", 99.96, "100"), ("en", -0.04, "0"), ("da", 0, "0"), ("pl", 100, "100"),
    ("pl", 1234.5, "1234,5"), ("pl", -12345.5, f"{MINUS}12{NBSP}345,5"),
    ("en", None, "–"),
])
def test_nps_values(lang, value, shown):
    assert i18n.nps_value(lang, value) == shown


@pytest.mark.parametrize(("lang", "fraction", "shown"), [
    ("en", 0.6, "60%"), ("da", 0.6, f"60{NBSP}%"), ("pl", 0.6, "60%"),
    ("en", 0.605, "61%"), ("da", 1.2, f"120{NBSP}%"), ("pl", 0.0049, "0%"),
    ("en", -0.2, f"{MINUS}20%"), ("pl", 123.45, f"12{NBSP}345%"), ("pl", 12.34, "1234%"),
])
def test_percents(lang, fraction, shown):
    assert i18n.percent(lang, fraction) == shown


@pytest.mark.parametrize(("lang", "counts", "key"), [
    ("en", {1: "1 response", 0: "0 responses", 2: "2 responses", 21: "21 responses",
            1234: "1,234 responses"}, "responses"),
    ("da", {1: "1 kommentar", 0: "0 kommentarer", 5: "5 kommentarer", 101: "101 kommentarer"},
     "m_comments"),
    # Polish: one, few (2-4, 22-24, ... but not 12-14) and many
    ("pl", {1: "1 komentarz", 2: "2 komentarze", 5: "5 komentarzy", 12: "12 komentarzy",
            22: "22 komentarze", 112: "112 komentarzy", 0: "0 komentarzy",
            104: "104 komentarze", 1234: "1234 komentarze", 12345: f"12{NBSP}345 komentarzy"},
     "m_comments"),
    ("pl", {1: "1 odpowiedź", 3: "3 odpowiedzi", 5: "5 odpowiedzi", 22: "22 odpowiedzi"},
     "responses"),
    ("pl", {1: "1 kontakt po terminie", 2: "2 kontakty po terminie",
            13: "13 kontaktów po terminie", 24: "24 kontakty po terminie"}, "overdue_followups"),
    ("pl", {1: "1 inny zespół", 3: "3 inne zespoły", 11: "11 innych zespołów"},
     "notify_other_teams"),
])
def test_plurals(lang, counts, key):
    assert {n: i18n.plural(lang, key, n) for n in counts} == counts


@pytest.mark.parametrize(("lang", "month", "day_month", "with_year"), [
    ("en", 11, "23 Nov", "23 Nov 2026"), ("da", 11, "23. nov.", "23. nov. 2026"),
    ("pl", 11, "23 lis", "23 lis 2026"), ("en", 5, "23 May", "23 May 2026"),
    ("da", 5, "23. maj", "23. maj 2026"), ("pl", 10, "23 paź", "23 paź 2026"),
    # British English in CLDR abbreviates September to four letters
    ("en", 9, "23 Sept", "23 Sept 2026"), ("da", 9, "23. sep.", "23. sep. 2026"),
    ("pl", 9, "23 wrz", "23 wrz 2026"),
])
def test_dates(lang, month, day_month, with_year):
    day = date(2026, month, 23)
    assert i18n.day_month(lang, day) == day_month
    assert i18n.day_month_year(lang, day) == with_year
    # 23:30 UTC is already the next day in Copenhagen: the local day is the one shown
    assert i18n.short_date(lang, datetime(2026, month, 22, 23, 30, tzinfo=UTC), CPH) == day_month


def test_day_alone_and_the_clock():
    assert [i18n.day_only(lang, date(2026, 11, 16)) for lang in ("en", "da", "pl")] == [
        "16", "16.", "16"]
    assert i18n.clock(datetime(2026, 11, 23, 23, 5, tzinfo=UTC), CPH) == "00:05"
    assert i18n.clock(datetime(2026, 7, 1, 12, 30, tzinfo=UTC), CPH) == "14:30"


def test_every_language_has_a_locale_texts_and_quotes():
    assert set(i18n.LOCALES) == set(i18n.TEXTS) == set(i18n.QUOTES) == set(LANGUAGES)
    assert [i18n.locale_tag(lang) for lang in LANGUAGES] == ["en-GB", "da-DK", "pl-PL"]
