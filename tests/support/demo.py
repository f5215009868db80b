"""The demo under test: a fixed now, the keys of stored rows, words of each language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from wallboard.store import FollowUp, Response

NOW = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
START = NOW - timedelta(days=90)
RESPONSE_KEYS = set(Response.model_fields) - {"id"}
FOLLOWUP_KEYS = set(FollowUp.model_fields) - {"id"}
POLISH = re.compile(r"[ąćęłńóśźż]", re.IGNORECASE)
DANISH = re.compile(r"[æøå]", re.IGNORECASE)
CONTACT = re.compile(r"@example\.|\b\d\d \d\d \d\d \d\d\b|\+48 \d{3} \d{3} \d{3}|07700 900\d{3}")
