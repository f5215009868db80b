"""The one cleaning rule for text that arrives from outside, and JSON read without surprises.

Text fields: line breaks (LF, CR) and tab are kept, every other C0 control character
(U+0000 to U+001F, NUL included) and DEL (U+007F) is removed, and a lone
UTF-16 surrogate (half of an emoji, U+D800 to U+DFFF) becomes U+FFFD, the replacement
character. Nothing else changes. Cleaning twice gives the same text, so a retried item is
recognised as the same.
"""

from __future__ import annotations

import json
import re
from typing import Any

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# JSON numbers longer than this are kept as BigNumber, never converted (a score of 5,000
# digits would otherwise stop the parser, and 400 digits overflow every time conversion).
MAX_NUMBER_CHARS = 40
# Deeper than this, an item (with the payload it came in) is refused.
MAX_DEPTH = 64


def clean_text(value: str) -> str:
    """Apply the cleaning rule above to one piece of text."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", value))


def without_surrogates(value: str) -> str:
    """Replace lone surrogates only (for JSON text, which escapes control characters)."""
    return _SURROGATE.sub("\ufffd", value)


class BigNumber:
    """A JSON number no field can take (too long, NaN or Infinity): described, never used."""

    def __init__(self, text: str) -> None:
        digits = sum(ch.isdigit() for ch in text)
        self.shown = f"a number of {digits:,} digits" if digits else text

    def __str__(self) -> str:
        return self.shown

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigNumber) and other.shown == self.shown

    def __hash__(self) -> int:
        return hash(self.shown)


class NotJson(ValueError):
    """A body that is not JSON we read; the message is for the sender, in plain words."""


def _number(text: str, convert: type) -> Any:
    return BigNumber(text) if len(text) > MAX_NUMBER_CHARS else convert(text)


def depth(value: Any) -> int:
    """The nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack += [(v, depth + 1) for v in value.values()]
        elif isinstance(value, list):
            stack += [(v, depth + 1) for v in value]
    return deepest


FORM_BODY = re.compile(rb"^[\w.%+-]+=[^&]*(&[\w.%+-]+=[^&]*)*$")


def _looks_like(data: bytes) -> str:
    """Name what a body that is not JSON seems to be, so the sender knows what to change."""
    head = data.lstrip()[:1]
    if head == b"<":
        return " (the body looks like XML or HTML; send JSON)"
    if FORM_BODY.match(data.strip()[:4096]):
        return " (the body looks like a form, key=value; send JSON with " \
               "Content-Type: application/json)"
    return ""


def read_json(data: bytes) -> Any:
    """Parse a request body as JSON (UTF-8, or UTF-16/32 with a BOM); raise NotJson.

    Long numbers, NaN and Infinity become BigNumber (refused by the field they are in);
    nesting too deep for the parser and anything else it cannot read are refused with a
    plain message. Items nested deeper than
    MAX_DEPTH are for the caller to refuse one by one (see depth).
    """
    if not data.strip():
        raise NotJson("the body is empty: send JSON")
    try:
        value = json.loads(data, parse_int=lambda t: _number(t, int),
                           parse_float=lambda t: _number(t, float), parse_constant=BigNumber)
    except UnicodeDecodeError:
        raise NotJson("the body is not UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise NotJson(f"malformed JSON at line {exc.lineno} column {exc.colno}: "
                      f"{exc.msg}{_looks_like(data)}") from None
    except RecursionError:
        raise NotJson("the JSON is nested too deeply to be read (items may be nested at most "
                      f"{MAX_DEPTH} levels deep)") from None
    return value
