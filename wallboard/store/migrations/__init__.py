"""Alembic migrations of the store: one numbered script per schema change (versions/)."""
