"""Keep customer contact data off a public wall."""

from __future__ import annotations

import re

REDACTED = "[…]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Phone numbers: 8 or more digits, optionally with a leading + and spaces, dots or dashes
# between groups ("22 33 44 55", "+48 601-234-567", "(555) 123 4567").
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{6,}\d(?![\w])")


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group())
    return REDACTED if digits >= 8 else match.group()


def redact(text: object) -> str:
    """Replace e-mail addresses and phone numbers in a comment with an ellipsis mark."""
    if not isinstance(text, str) or not text:
        return ""
    return _PHONE.sub(_phone, _EMAIL.sub(REDACTED, text))


def customer_label(name: object, mode: str) -> str | None:
    """Name a customer as the config says: none, first (first name only) or full."""
    if not isinstance(name, str) or not name.strip() or mode == "none":
        return None
    name = " ".join(name.split())
    if "@" in name or sum(ch.isdigit() for ch in name) >= 3:
        return None  # an e-mail or phone number typed into the name field
    return name.split(" ")[0] if mode == "first" else name
