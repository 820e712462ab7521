"""Which store a --db value names."""

import os

from .store import Store

DEFAULT_DB = os.path.join("results", "history.sqlite")
ENV_DB = "XSB_HISTORY_DB"


def db_location(option: str, environ: dict) -> str:
    """--db, else $XSB_HISTORY_DB, else results/history.sqlite."""
    return option or environ.get(ENV_DB) or DEFAULT_DB


def is_postgres(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def open_store(location: str) -> Store:
    """A PostgreSQL store for a postgresql:// URL, else a SQLite file.
    Raises HistoryError (one line)."""
    if is_postgres(location):
        from .postgres_store import PostgresStore
        return PostgresStore(location)
    from .sqlite_store import SqliteStore
    return SqliteStore(location)
