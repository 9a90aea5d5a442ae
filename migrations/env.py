"""Alembic environment (async). The database URL is set by sankofa.core.db.migrate on the config."""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

import sankofa.all_models  # noqa: F401 - registers every table on SQLModel.metadata
from sankofa.core.db.engine import async_url

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata
IGNORED_SCHEMAS = {"dramatiq"}
# Expression indexes written as raw SQL in a migration (no model can declare them): autogenerate leaves them be.
RAW_SQL_INDEXES = {
    "ix_vacancy_search_text",
    "ix_vacancy_search_facets",
    "ix_vacancy_search_title_trgm",
    "ix_vacancy_search_recent",
    "ix_vacancy_search_lat_lon",
}


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Leave dramatiq-postgres' own tables (created by its init SQL) and raw-SQL indexes out of autogenerate."""
    if type_ == "index" and name in RAW_SQL_INDEXES:
        return False
    schema = getattr(obj, "schema", None)
    return schema not in IGNORED_SCHEMAS


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "sankofa.core.db.migrate sets sqlalchemy.url"
    engine = create_async_engine(async_url(url))
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_async_migrations())
