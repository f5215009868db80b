"""Validated building blocks of the domain objects: keys, languages, text, rule errors."""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

Language = Literal["en", "da", "pl"]
LANGUAGES: tuple[str, ...] = get_args(Language)
KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
KEY_RE = re.compile(KEY_PATTERN)

# Domain objects and settings are values: frozen, strict about types (a TOML true is no number,
# 9.5 is no integer), finite, and an unknown field is a mistake rather than something to ignore.
FROZEN = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


def broken(reason: str, *at: str | int) -> PydanticCustomError:
    """Return the error of a rule pydantic cannot express; at names the key below the one checked.

    A model validator sees the whole object, so it names the field it blames (e.g. "goal").
    """
    return PydanticCustomError("rule", "{reason}", {"reason": reason, "at": at})


def _not_blank(text: str) -> str:
    if not text.strip():
        raise broken("must not be empty")
    return text


def _http_url(value: str) -> str:
    if value and not re.match(r"^https?://[^\s/]+", value):
        raise broken(f"{value!r} must be empty or an http:// or https:// URL")
    return value


Key = Annotated[str, Field(pattern=KEY_PATTERN)]
HttpUrl = Annotated[str, AfterValidator(_http_url)]
NotBlank = Annotated[str, AfterValidator(_not_blank)]
