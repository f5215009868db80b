"""No customer contact data on a public wall; names only as configured."""

from __future__ import annotations

import pytest

from wallboard.core.privacy import REDACTED, customer_label, redact


@pytest.mark.parametrize(("comment", "expected"), [
    ("Ring mig på 22 33 44 55, tak", f"Ring mig på {REDACTED}, tak"),
    ("Zadzwoń: +48 601-234-567", f"Zadzwoń: {REDACTED}"),
    ("Call (555) 123 4567 please", f"Call {REDACTED} please"),
    ("Mail jan.kowalski@example.pl!", f"Mail {REDACTED}!"),
    ("Skriv til mette+nps@firma.dk eller 12345678", f"Skriv til {REDACTED} eller {REDACTED}"),
    ("Order 2026-11-20 arrived on 23.11.2026", "Order 2026-11-20 arrived on 23.11.2026"),
    ("Waited 45 minutes, 3 calls, 10/10", "Waited 45 minutes, 3 calls, 10/10"),
    ("", ""),
    (None, ""),
    (float("nan"), ""),
])
def test_contact_data_is_redacted_and_the_rest_kept(comment: object, expected: str) -> None:
    assert redact(comment) == expected


@pytest.mark.parametrize(("name", "mode", "expected"), [
    ("Maria Jensen", "first", "Maria"),
    ("Maria Jensen", "full", "Maria Jensen"),
    ("Maria Jensen", "none", None),
    ("Jensen, Maria", "first", "Maria"),
    ("Jensen, Maria", "full", "Maria Jensen"),
    ("Dr. Maria Jensen", "first", "Maria"),
    ("Pani Ewa Nowak", "first", "Ewa"),
    ("  Anna   Maria  ", "full", "Anna Maria"),
    ("maria@example.dk", "first", None),
    ("+45 22 33 44 55", "full", None),
    ("", "full", None),
    (None, "first", None),
])
def test_customer_is_named_as_configured(name: object, mode: str, expected: str | None) -> None:
    assert customer_label(name, mode) == expected
