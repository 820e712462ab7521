"""The SQLite store: one file, the standard library only. Writers take the
database's write lock at the start of their transaction (BEGIN IMMEDIATE)
and wait for each other (busy timeout) instead of failing; WAL lets
readers go on meanwhile."""

import os
import sqlite3
import time

from .errors import HistoryError
from .store import SqlStore

BUSY_TIMEOUT_S = 60.0


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switches a new database to WAL once. The switch needs the database
    to itself and SQLite does not wait for that (no busy handler), so it
    is retried while another process holds it."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SqliteStore(SqlStore):
    dialect = "sqlite"
    placeholder = "?"
    driver_errors = (sqlite3.Error,)

    def __init__(self, path: str):
        self.where = path
        folder = os.path.dirname(os.path.abspath(path))
        try:
            os.makedirs(folder, exist_ok=True)
            self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S,
                                        isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            _use_wal(self.conn)
        except OSError as e:
            raise HistoryError(f"{path}: cannot create the history "
                               f"database: {e.strerror}") from None
        except sqlite3.Error as e:
            raise HistoryError(f"{path}: cannot open the history database: "
                               f"{e}") from None
        self.migrate()

    def _begin_write(self, cur) -> None:
        cur.execute("BEGIN IMMEDIATE")

    def _lock_schema(self, cur) -> None:
        pass  # BEGIN IMMEDIATE already holds the only write lock

    def _insert_id(self, cur, text: str, params: tuple) -> int:
        cur.execute(text, params)
        return cur.lastrowid
