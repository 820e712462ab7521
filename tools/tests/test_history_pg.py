"""The PostgreSQL store against a real server that this test starts on
127.0.0.1 (history_pg.PgServer) and stops at the end: the store contract
(history_contract), concurrent recorders included.

Run by ctest as a script: it exits 77 (reported as SKIPPED) with the reason
printed when the server cannot start. Under `python -m unittest` the same
case is a unittest skip."""
import sys
import unittest

from history_contract import StoreContract
from history_pg import SKIP, PgServer, Unavailable

SERVER = PgServer()
_started = False


def setUpModule():
    global _started
    if not _started:
        try:
            SERVER.start()
        except Unavailable as e:
            SERVER.stop()
            raise unittest.SkipTest(f"PostgreSQL server: {e}")
        _started = True


def tearDownModule():
    SERVER.stop()


class PostgresStoreTest(StoreContract, unittest.TestCase):
    def setUp(self):
        import psycopg2
        self.db = SERVER.url
        conn = psycopg2.connect(self.db)
        conn.autocommit = True
        with conn.cursor() as cur:  # each test starts from an empty history
            cur.execute("DROP TABLE IF EXISTS samples, measurements, cases, "
                        "runs, schema_version")
        conn.close()

    def test_url_password_is_not_printed(self):
        from history_support import run_main
        code, _, err = run_main("--db", "postgresql://u:secret@127.0.0.1:1/x",
                                "list")
        self.assertEqual(code, 2)
        self.assertNotIn("secret", err)
        self.assertIn("cannot connect", err)


def main() -> int:
    global _started
    try:
        SERVER.start()
        _started = True
    except Unavailable as e:
        SERVER.stop()
        print(f"SKIP: PostgreSQL server cannot start: {e}")
        return SKIP
    try:
        result = unittest.main(module=__name__, exit=False, verbosity=2)
        return 0 if result.result.wasSuccessful() else 1
    finally:
        SERVER.stop()


if __name__ == "__main__":
    sys.exit(main())
