"""read_json names what a body that is not JSON seems to be, so the sender knows the fix."""

from __future__ import annotations

import pytest

from wallboard.core.cleaning import NotJson, read_json


@pytest.mark.parametrize(("body", "hint"), [
    (b"score=9&team=support", "looks like a form"),
    (b"score=9", "looks like a form"),
    (b"<response><score>9</score></response>", "looks like XML"),
    (b"  <!doctype html>", "looks like XML or HTML"),
])
def test_a_body_of_another_kind_is_named(body: bytes, hint: str) -> None:
    with pytest.raises(NotJson, match="malformed JSON at line 1") as caught:
        read_json(body)
    assert hint in str(caught.value)


@pytest.mark.parametrize("body", [b'{"score": 9,', b"[1, 2", b"nonsense", b"a=b=c&&"])
def test_plain_malformed_json_gets_no_guess(body: bytes) -> None:
    with pytest.raises(NotJson) as caught:
        read_json(body)
    assert "looks like" not in str(caught.value)


def test_good_json_is_read() -> None:
    assert read_json(b'[{"score": 9, "team": "support"}]') == [{"score": 9, "team": "support"}]
