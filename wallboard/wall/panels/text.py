"""Text helpers the panels share: shrink long names, cut long comments on a word boundary."""

from __future__ import annotations

ELLIPSIS = "…"


def fit_class(name: str, room: int) -> str:
    """Return a CSS class that shrinks name's type when it is long for `room` characters.

    The CSS keeps even the smallest step above 2 % of the screen height; what still does not
    fit wraps onto a second line.
    """
    length = len(name)
    if length <= room:
        return "fit"
    return "fit-long" if length <= 1.6 * room else "fit-xlong"


def clip(text: str, limit: int) -> str:
    """Cut text to at most limit characters at a word boundary, ending with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + ELLIPSIS
