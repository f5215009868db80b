"""The battery's bad inputs: items, bodies, webhook payloads, follow-up calls and CSV rows.

"@ID" in an item stands for an id the battery makes unique per case.
"""

from __future__ import annotations

import json

# Text that must be cleaned (or refused), never a 500: NUL, lone surrogates, controls.
BAD_TEXT = {"nul": "\\u0000", "high-surrogate": "\\ud83d", "low-surrogate": "\\ude00",
            "c0-mix": "\\u0001\\u0002\\u001f", "escape-del": "\\u001b[31m\\u007f"}
TEXT_FIELDS = ("id", "comment", "team", "employee", "customer", "source")


def item(**fields: str) -> str:
    """An item as JSON text; each value is JSON text itself (so NaN or 5,000 digits fit)."""
    values = {"id": '"@ID"', "score": "9", "team": '"support"', **fields}
    return "{" + ", ".join(f'"{k}": {v}' for k, v in values.items() if v is not None) + "}"


def _text_cases() -> list[tuple[str, str]]:
    cases = []
    for field in TEXT_FIELDS:
        for name, bad in BAD_TEXT.items():
            value = {"id": f'"@ID{bad}"', "team": f'"support{bad}"'}.get(field, f'"{bad}x"')
            cases.append((f"{field}-{name}", item(**{field: value})))
    return cases


SCORES = ['"--9"', '"\u0669"', '"\uff19"', '"' + "9" * 5000 + '"', "9" * 5000, "NaN",
          "Infinity", "-Infinity", "1e400", '"0x9"', '"9e0"', '"1_0"', '"\u0661\u0660"',
          '"+9"', '"9.0.0"', '""', "null", "[]", "{}", "true", "9.5", "9" * 41, "-1", "11",
          '"9 9"']
TIMES = ["1" * 400, '"' + "9" * 400 + '"', "-1", "1e300", "-1e300", '"2026-13-45T00:00:00Z"',
         '"\u0662\u0663-\u0661\u0661-\u0662\u0660\u0662\u0666"', '"0000-00-00"',
         "253402300800", '"9999-12-31T23:59:59-23:59"', '"0001-01-01T00:00:00+23:59"', "{}",
         "[]", "true", "NaN", '"2026-11-23T14:05:00+25:00"', '"\\u0000"', '"\\ud800"',
         '"32-11-2026"', '"29-02-2025 25:61"', "Infinity", "1" * 39]
SHAPES = [("string-item", '"just text"'), ("number-item", "42"), ("null-item", "null"),
          ("list-item", "[1, 2]"), ("empty-object", "{}"),
          ("deep-comment", item(comment="[" * 100 + "]" * 100)),
          ("deep-team", item(team='{"a":' * 80 + "1" + "}" * 80)),
          ("nul-key", '{"id": "@ID", "score": 9, "team": "support", "\\u0000x": 1}'),
          ("surrogate-key", '{"id": "@ID", "score": 9, "team": "support", "\\ud800": 1}'),
          ("long-key", '{"id": "@ID", "score": 9, "team": "support", "' + "k" * 10_000 + '": 1}'),
          ("id-twice", '{"id": "@ID", "external_id": "@ID2", "score": 9, "team": "support"}'),
          ("many-unknown", "{" + ", ".join(f'"f{i}": {i}' for i in range(100))
           + ', "id": "@ID", "score": 9, "team": "support"}'),
          ("huge-comment", item(comment=json.dumps("ø" * 200_000))),
          ("markup", item(comment='"<script>alert(1)</script><img src=x onerror=alert(2)>"')),
          ("object-id", item(id='{"$gt": ""}'))]

ITEMS: list[tuple[str, str]] = (
    _text_cases() + [(f"score-{i}", item(score=s)) for i, s in enumerate(SCORES)]
    + [(f"answered_at-{i}", item(answered_at=t)) for i, t in enumerate(TIMES)] + SHAPES)

# Whole bodies that cannot be read: (name, bytes, content type).
BODIES: list[tuple[str, bytes, str]] = [
    ("invalid-utf8", b"\xff\xfe\xfa{", "application/json"),
    ("empty", b"", "application/json"),
    ("whitespace", b" \r\n\t ", "application/json"),
    ("truncated", b'[{"id": "x", "score": 9', "application/json"),
    ("deep-list", b"[" * 100_000 + b"]" * 100_000, "application/json"),
    ("deep-object", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "application/json"),
    ("nul-bytes", b"\x00" * 64, "application/json"),
    ("empty-list", b"[]", "application/json"),
    ("form", b"score=9&team=support", "application/x-www-form-urlencoded"),
    ("multipart", b"--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--",
     "multipart/form-data; boundary=b"),
    ("broken-content-type", b"{", "application/json; charset=\x7f;;=="),
    ("xml", b"<response><score>9</score></response>", "application/xml"),
    ("too-large", b"[" + b'"x",' * 1_400_000 + b'"x"]', "application/json"),
    ("single-quotes", b"{'id': 'x', 'score': 9}", "application/json"),
]

DELIGHTED_OK = {"event_type": "survey_response.created", "event_data": {
    "id": "@ID", "score": 9, "survey_type": "nps", "person_properties": {"Team": "support"}}}
DELIGHTED: list[tuple[str, str]] = [
    ("event-type-list", '{"event_type": ["a"], "event_data": {}}'),
    ("event-type-nul", '{"event_type": "survey_response.created\\u0000", "event_data": {}}'),
    ("event-data-list", '{"event_type": "survey_response.created", "event_data": [1]}'),
    ("event-data-null", '{"event_type": "survey_response.updated", "event_data": null}'),
    ("survey-type-number", '{"event_type": "survey_response.created", "event_data": '
                           '{"id": "@ID", "score": 9, "survey_type": ' + "7" * 500 + "}}"),
    ("huge-unrelated", json.dumps({**DELIGHTED_OK, "event_id": 1}).replace(
        '"event_id": 1', '"event_id": ' + "1" * 5000)),
    ("deep-notes", json.dumps(DELIGHTED_OK)[:-2] + ', "notes": ' + "[" * 90 + "]" * 90 + "}}"),
    ("team-surrogate", json.dumps(DELIGHTED_OK).replace('"support"', '"support\\udc00"')),
    ("score-nan", json.dumps(DELIGHTED_OK).replace('"score": 9', '"score": NaN')),
    ("created-at-huge", json.dumps(DELIGHTED_OK)[:-2] + ', "created_at": ' + "9" * 400 + "}}"),
    ("not-an-object", '"survey_response.created"'),
]
ASKNICELY_OK = {"person": {"team": "support", "name": "Jan"},
                "question": {"id": "@ID", "score": "9", "comment": "ok"}}
ASKNICELY: list[tuple[str, str]] = [
    ("question-list", '{"person": {}, "question": [1]}'),
    ("score-double-minus", json.dumps(ASKNICELY_OK).replace('"9"', '"--9"')),
    ("score-arabic", json.dumps(ASKNICELY_OK).replace('"9"', '"\u0669"')),
    ("comment-nul", json.dumps(ASKNICELY_OK).replace('"ok"', '"o\\u0000k"')),
    ("person-string", json.dumps(ASKNICELY_OK).replace('{"team": "support", "name": "Jan"}',
                                                       '"support"')),
    ("responded-huge", json.dumps(ASKNICELY_OK)[:-2] + ', "responded": ' + "9" * 400 + "}}"),
    ("id-huge-number", json.dumps(ASKNICELY_OK).replace('"@ID"', "9" * 5000)),
    ("list-body", "[" + json.dumps(ASKNICELY_OK) + "]"),
]

# (name, id in the URL, body)
FOLLOWUPS: list[tuple[str, str, bytes]] = [
    ("id-2-63", str(2**63), b'{"status": "contacted"}'),
    ("id-400-digits", "9" * 400, b'{"status": "contacted"}'),
    ("id-arabic", "\u0669", b'{"status": "contacted"}'),
    ("id-negative", "-1", b'{"status": "contacted"}'),
    ("id-text", "abc", b'{"status": "contacted"}'),
    ("body-invalid-utf8", "@RID", b"\xff\xfe\xfa"),
    ("body-deep", "@RID", b"[" * 100_000),
    ("body-list", "@RID", b'["status"]'),
    ("status-nan", "@RID", b'{"status": NaN}'),
    ("owner-huge-number", "@RID", b'{"owner": ' + b"7" * 5000 + b"}"),
    ("note-deep", "@RID", b'{"note": ' + b"[" * 100 + b"]" * 100 + b"}"),
    ("key-nul", "@RID", b'{"st\\u0000atus": "open"}'),
    ("owner-nul", "@RID", b'{"owner": "Mette\\u0000 \\ud83d"}'),
    ("note-too-long", "@RID", json.dumps({"note": "n" * 10_000}).encode()),
    ("by-object", "@RID", b'{"status": "open", "by": {"a": 1}}'),
    ("body-too-large", "@RID", b'{"note": "' + b"n" * (6 * 1024 * 1024) + b'"}'),
    ("body-form", "@RID", b"status=contacted"),
]

# (name, a bad CSV row as text; None: the bytes below instead)
CSV_ROWS: list[tuple[str, str]] = [
    ("nul-in-comment", "@ID,9,support,nul\x00 here"),
    ("nul-in-id", "@ID\x00,9,support,ok"),
    ("control-chars", "@ID,9,support,\x01\x1b[31m\x7f"),
    ("double-minus", "@ID,--9,support,"),
    ("arabic-digit", "@ID,\u0669,support,"),
    ("5000-digits", "@ID," + "9" * 5000 + ",support,"),
    ("400-digit-date", "@ID,9,support,,"
     + "1" * 400),
    ("huge-cell", "@ID,9,support," + "x" * 140_000),
    ("extra-cells", "@ID,9,support,a,b,c,d"),
    ("short-row", "@ID"),
    ("bad-team", "@ID,9,\x00,"),
    ("fullwidth", "@ID,\uff19,support,"),
]
