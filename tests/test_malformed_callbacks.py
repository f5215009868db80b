"""A malformed request to a Dash callback route answers 400, never a 500 page or a trace.

Scanners and scripts post anything to /_dash-update-component; the wall's own pages never
send these bodies, so the answer is a short JSON refusal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.accounts import make_app, sign_in

BODIES = [
    {"output": "x", "inputs": []},
    {"output": "panels.children", "outputs": {"id": "panels"}, "inputs": [{"id": 1}]},
    {"output": None, "inputs": None},
    {"output": "..a..b", "outputs": [], "inputs": [], "changedPropIds": [7]},
    [],
    {},
]


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
@pytest.mark.parametrize("prefix", ["", "/meeting"])
def test_malformed_callback_is_refused_with_400(tmp_path: Path, body: object,
                                                prefix: str) -> None:
    server, _ = make_app(tmp_path)
    client = server.test_client()
    if prefix:
        assert sign_in(client).status_code in (302, 303)
    answer = client.post(prefix + "/_dash-update-component", json=body)
    assert answer.status_code == 400, answer.get_data(as_text=True)[:300]
    assert answer.get_json() == {"error": "malformed callback request"}


def test_a_good_callback_still_answers(tmp_path: Path) -> None:
    server, _ = make_app(tmp_path)
    body = {"output": "screen.data", "outputs": {"id": "screen", "property": "data"},
            "inputs": [{"id": "url", "property": "search", "value": "?lang=da"}],
            "changedPropIds": ["url.search"]}
    answer = server.test_client().post("/_dash-update-component", json=body)
    assert answer.status_code == 200
    assert answer.get_json()["response"]["screen"]["data"]["language"] == "da"
