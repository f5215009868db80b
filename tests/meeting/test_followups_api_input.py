"""The follow-up API's input checks on real stores: ids that cannot be, bodies that are not
JSON objects, text cleaned by the one rule; never a 500.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.meeting.test_followups_api import client
from tests.support.followups import add, row
from wallboard.meeting.followups import followup_history

AUTH = {"Authorization": "Bearer s3cret"}


@pytest.mark.parametrize("sent_id", [str(2**63), str(2**64 + 5), "9" * 400, "\u0669", "-1",
                                     "abc", "1.5", "0x1f", "%00", "\uff11"])
def test_ids_that_cannot_be_a_response_are_a_json_404(engine: Engine, tmp_path: Path,
                                                      sent_id: str) -> None:
    api = client(engine, tmp_path)
    for answer in (api.get(f"/api/followups/{sent_id}", headers=AUTH),
                   api.post(f"/api/followups/{sent_id}", json={"status": "contacted"},
                            headers=AUTH)):
        assert answer.status_code == 404 and answer.is_json
        assert "ids are whole numbers" in answer.get_json()["error"]


def test_text_is_cleaned_and_odd_values_refused_in_plain_words(engine: Engine,
                                                                tmp_path: Path) -> None:
    (rid,) = add(engine, row(3, 1))
    api = client(engine, tmp_path)
    url = f"/api/followups/{rid}"
    answer = api.post(url, json={"owner": "Mette\x00 \ud83d", "note": "ring\x07 igen\ni morgen",
                                 "by": "crm\x1b"}, headers=AUTH)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    item = answer.get_json()
    assert (item["owner"], item["note"], item["updated_by"]) == (
        "Mette \ufffd", "ring igen\ni morgen", "crm")
    for body in ('{"status": NaN}', '{"owner": ' + "7" * 5000 + "}",
                 '{"note": ' + "[" * 100 + "]" * 100 + "}", "[" * 100_000, '"text"', "",
                 '{"st\\u0000atus": "open"}', b"\xff\xfe\xfa"):
        refused = api.post(url, data=body, headers={**AUTH, "Content-Type": "application/json"})
        text = refused.get_data(as_text=True)
        assert refused.status_code in (400, 422) and refused.is_json, (body[:40], text)
        assert "invalid literal" not in text and "int_max_str" not in text
    with engine.connect() as conn:
        assert len(followup_history(conn, rid)) == 2  # owner and note, nothing since
    assert json.loads(api.get(url, headers=AUTH).get_data())["owner"] == "Mette \ufffd"
