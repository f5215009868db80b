"""Alembic's entry point: run the migrations on the connection wallboard.store.schema hands in."""

from alembic import context
from sqlmodel import SQLModel

import wallboard.store.tables  # noqa: F401 - declares every table on SQLModel.metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
context.run_migrations()
