"""Alembic environment: migrations run on the app's own engine, so its settings apply."""

from __future__ import annotations

import logging

from alembic import context
from flask import current_app

logger = logging.getLogger("alembic.env")
config = context.config
database = current_app.extensions["migrate"].db


def run_migrations_offline() -> None:
    """Emit SQL for review (digicheck db upgrade --sql) without touching a database."""
    context.configure(
        url=database.engine.url.render_as_string(hide_password=False),
        target_metadata=database.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def skip_empty_revisions(ctx, revision, directives):  # type: ignore[no-untyped-def]
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", skip_empty_revisions)
    with database.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=database.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
