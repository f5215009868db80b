"""Keep customer contact data off a public wall."""

from __future__ import annotations

import re

REDACTED = "[…]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Phone numbers: 8 or more digits, optionally with a leading + and spaces, dots or dashes
# between groups ("22 33 44 55", "+48 601-234-567", "(555) 123 4567").
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{6,}\d(?![\w])")


# Dates look like phone numbers to the pattern above; a customer's words keep them.
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](\d{4}|\d{2})")
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "hr", "fru", "frk", "pan", "pani"}


def _phone(match: re.Match[str]) -> str:
    text = match.group()
    if _DATE.fullmatch(text.strip()):
        return text
    digits = sum(ch.isdigit() for ch in text)
    return REDACTED if digits >= 8 else text


def redact(text: object) -> str:
    """Replace e-mail addresses and phone numbers in a comment with an ellipsis mark."""
    if not isinstance(text, str) or not text:
        return ""
    return _PHONE.sub(_phone, _EMAIL.sub(REDACTED, text))


def customer_label(name: object, mode: str) -> str | None:
    """Name a customer as the config says: none, first (first name only) or full."""
    if not isinstance(name, str) or not name.strip() or mode == "none":
        return None
    if "@" in name or sum(ch.isdigit() for ch in name) >= 3:
        return None  # an e-mail or phone number typed into the name field
    if "," in name:  # "Jensen, Maria" as survey exports often write it
        last, first = name.split(",", 1)
        name = f"{first} {last}"
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".").lower() in _TITLES:
        words = words[1:]
    if not words:
        return None
    return words[0] if mode == "first" else " ".join(words)
