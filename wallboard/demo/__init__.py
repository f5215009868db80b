"""Deterministic demo history and a live simulator of new responses."""
