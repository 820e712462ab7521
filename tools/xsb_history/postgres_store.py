"""The PostgreSQL store (psycopg2), for a history that many CI runners
share. Transactions are READ COMMITTED; the content hash's UNIQUE
constraint makes two runners recording the same results store one run, and
an advisory lock serialises migrations."""

from .errors import HistoryError
from .store import SqlStore

# pg_advisory_xact_lock key: "xsbh" in ASCII.
_MIGRATION_LOCK = 0x78736268
MISSING_DRIVER = ("PostgreSQL history needs psycopg2: apt-get install "
                  "python3-psycopg2, or run with /usr/bin/python3")


def _driver():
    try:
        import psycopg2
        return psycopg2
    except ImportError:
        raise HistoryError(MISSING_DRIVER) from None


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}{sep}{userinfo.split(':', 1)[0]}:***@{host}"


class PostgresStore(SqlStore):
    dialect = "postgresql"
    placeholder = "%s"

    def __init__(self, url: str):
        psycopg2 = _driver()
        self.driver_errors = (psycopg2.Error,)
        self._binary = psycopg2.Binary
        self.where = _redacted(url)
        try:
            self.conn = psycopg2.connect(url, connect_timeout=10)
        except psycopg2.Error as e:
            first = (str(e).strip().splitlines() or ["failed"])[0]
            raise HistoryError(f"{self.where}: cannot connect: "
                               f"{first}") from None
        self.migrate()

    def _begin_write(self, cur) -> None:
        pass  # psycopg2 opens a transaction with the first statement

    def _lock_schema(self, cur) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))

    def _insert_id(self, cur, text: str, params: tuple) -> int:
        cur.execute(text + " RETURNING id", params)
        return cur.fetchone()[0]

    def _blob(self, data: bytes) -> object:
        return self._binary(data)
