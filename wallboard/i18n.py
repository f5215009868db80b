"""Local formats of numbers, dates and plurals from Babel's CLDR data, and the texts to fill."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from numbers import Integral
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent

from wallboard.core.challenge import Board, Standing
from wallboard.texts import QUOTES, TEXTS

__all__ = ["LOCALES", "MINUS", "QUOTES", "TEXTS", "challenge_rule", "challenge_value", "clock",
           "day_month", "day_month_year", "day_only", "locale_tag", "nps_value", "number",
           "percent", "place_label", "plural", "short_date", "text"]

# The CLDR locale of each wall language. English is British English: day before month
# ("23 Nov") as the offices write it; its numbers are those of every other English.
LOCALES = {"en": "en_GB", "da": "da_DK", "pl": "pl_PL"}
MINUS = "\u2212"  # a true minus sign, as wide as the plus, instead of CLDR's hyphen-minus
# CLDR's minimumGroupingDigits, which Babel does not carry but the browser's Intl applies:
# Polish writes 1234 without a separator and 12 345 with one.
_MIN_GROUPING = {"en": 1, "da": 1, "pl": 2}


@lru_cache(maxsize=8)
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


def locale_tag(lang: str) -> str:
    """Return the BCP 47 tag the browser's Intl gets for lang: 'en-GB', 'da-DK', 'pl-PL'."""
    return LOCALES[lang].replace("_", "-")


def text(lang: str, key: str, **values: object) -> str:
    """Return the text for key in lang, with values filled in."""
    return TEXTS[lang][key].format(**values)


def plural(lang: str, key: str, n: int) -> str:
    """Return key's form for the count n by CLDR's plural rules, with n formatted."""
    form = _locale(lang).plural_form(n)  # one, few, many or other
    table = TEXTS[lang]
    return table.get(f"{key}_{form}", table[f"{key}_many"]).format(n=number(lang, n))


def _rounded(value: float | Decimal, decimals: int) -> Decimal:
    """Round half away from zero on the shortest decimal form of value, as Intl does."""
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, Integral):
        exact = Decimal(int(value))
    else:  # str() of a float is its shortest round-trip form, as in the browser
        exact = Decimal(str(float(value)))
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)  # -0.04 is "0", never "-0"


def _grouped(lang: str, rounded: Decimal) -> bool:
    return len(str(abs(int(rounded)))) >= 3 + _MIN_GROUPING[lang]


def number(lang: str, value: float, decimals: int = 0) -> str:
    """Format a number with exactly decimals decimals: 1,234.5 in English, 1.234,5 in Danish."""
    rounded = _rounded(value, decimals)
    shape = "#,##0" + ("." + "0" * decimals if decimals else "")
    shown = format_decimal(rounded, format=shape, locale=_locale(lang),
                           group_separator=_grouped(lang, rounded))
    return shown.replace("-", MINUS)


def nps_value(lang: str, value: float | None) -> str:
    """Format an NPS: one decimal when it has one, a true minus sign, dash for none."""
    if value is None:
        return "–"
    rounded = _rounded(value, 1)
    return number(lang, rounded, 0 if rounded == rounded.to_integral_value() else 1)


def percent(lang: str, fraction: float) -> str:
    """Format a fraction as a whole percentage the CLDR way: '60%', '60 %' in Danish."""
    whole = _rounded(fraction * 100, 0)
    shown = format_percent(whole / 100, locale=_locale(lang),
                           group_separator=_grouped(lang, whole))
    return shown.replace("-", MINUS)


def day_month(lang: str, day: date) -> str:
    """Format a day and abbreviated month: '23 Nov', '23. nov.', '23 lis'."""
    return format_skeleton("MMMd", day, locale=_locale(lang))


def day_month_year(lang: str, day: date) -> str:
    """Format a day, abbreviated month and year: '23 Nov 2026', '23. nov. 2026'."""
    return format_skeleton("yMMMd", day, locale=_locale(lang))


def day_only(lang: str, day: date) -> str:
    """Format the day of the month alone, as in a range '16–22 Nov': '16', '16.' in Danish."""
    return format_skeleton("d", day, locale=_locale(lang))


def short_date(lang: str, when: datetime, tz: str) -> str:
    """Format the local day and month of a moment in tz: '23 Nov', '23. nov.', '23 lis'."""
    return day_month(lang, when.astimezone(ZoneInfo(tz)).date())


def clock(when: datetime, tz: str) -> str:
    """Format a time of day as 24-hour HH:MM in tz, in every language."""
    return when.astimezone(ZoneInfo(tz)).strftime("%H:%M")


# -- the weekly challenge's words: one place, so that the wall's panel and the team's weekly
# digest say the same thing about the same race.
def place_label(lang: str, place: int) -> str:
    """Name a place in the challenge: '1st', '2nd', '3rd', '4th' (1., 2. ... in da and pl)."""
    return text(lang, f"place_{place}") if place <= 3 else text(lang, "place_n", n=place)


def challenge_rule(lang: str, board: Board, min_responses: int) -> str:
    """Say this week's rule: 'First team to 12 promoters this week wins'."""
    if board.kind == "promoters":
        return text(lang, "challenge_rule_promoters", target=number(lang, board.target or 0))
    if board.kind == "nps":
        return text(lang, "challenge_rule_nps", target=nps_value(lang, board.target),
                    min=number(lang, min_responses))
    return text(lang, "challenge_rule_improvement")


def challenge_value(lang: str, board: Board, row: Standing, min_responses: int) -> str:
    """Say a team's value in the race: '7 of 12', 'NPS 42 · needs 50', '2 of 10 responses'."""
    if board.kind == "promoters":
        return text(lang, "challenge_value_promoters", value=number(lang, row.value or 0),
                    target=number(lang, row.target or 0))
    if row.value is None:
        return text(lang, "challenge_value_none", n=number(lang, row.responses),
                    min=number(lang, min_responses))
    if board.kind == "nps":
        return text(lang, "challenge_value_nps", value=nps_value(lang, row.value),
                    target=nps_value(lang, row.target))
    sign = "+" if round(row.value) > 0 else ""
    return text(lang, "challenge_value_improvement", value=sign + nps_value(lang, row.value))
