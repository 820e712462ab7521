"""The SQLite store: the store contract (history_contract), migrations from
an older schema, samples, exports and one-line errors."""
import gzip
import json
import os
import sqlite3
import unittest

from history_contract import StoreContract, open_runs, sqlite_path
from history_support import CASE, counters, results, run_main, sha, write
from xsb_history import schema
from xsb_history.backends import db_location, open_store


class SqliteStoreTest(StoreContract, unittest.TestCase):
    def setUp(self):
        self.db = sqlite_path(self.tmp())


class SqliteOnlyTest(unittest.TestCase):
    def setUp(self):
        self.folder = self.enterContext(
            __import__("tempfile").TemporaryDirectory())
        self.db = sqlite_path(self.folder)

    def test_a_version_1_database_is_migrated_and_keeps_its_runs(self):
        conn = sqlite3.connect(self.db)
        conn.execute(schema.VERSION_TABLE)
        for statement in schema.statements(1, "sqlite"):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (1, 'then')")
        conn.execute(
            "INSERT INTO runs (content_hash, recorded_at, run_date, "
            "commit_sha, branch, machine, backend, device, config_hash, "
            "config_json, context_json, source, tool_version) VALUES "
            "('h', 't', 'd', 'c', 'main', 'm', 'cpu', 'x', 'k', '{}', '{}',"
            " 'old.json', '1')")
        conn.commit()
        conn.close()
        store = open_store(self.db)
        self.addCleanup(store.close)
        self.assertEqual(store.schema_version(), schema.SCHEMA_VERSION)
        self.assertEqual([r.source for r in store.runs()], ["old.json"])

    def test_a_newer_schema_is_refused_in_one_line(self):
        store = open_store(self.db)
        store.conn.execute("INSERT INTO schema_version VALUES (99, 'x')")
        store.close()
        code, _, err = run_main("--db", self.db, "list")
        self.assertEqual(code, 2)
        self.assertIn("schema version 99 is newer than this tool's", err)

    def test_samples_are_stored_with_their_run(self):
        samples = os.path.join(self.folder, "samples")
        os.mkdir(samples)
        write(samples, "a.rep0.json", {"format": "xsb_samples", "version": 1,
                                       "case": CASE, "repetition": 0,
                                       "hp": [[0, 1, 2, 3, 1]]})
        write(samples, "other.rep0.json", {"format": "xsb_samples",
                                           "case": "Other/x/y",
                                           "repetition": 0})
        path = write(self.folder, "r.json", results({CASE: counters(2.0)}))
        code, _, err = run_main("--db", self.db, "record", path, "--commit",
                                sha(1), "--samples", samples)
        self.assertEqual((code, err), (0, ""))
        store = open_store(self.db)
        self.addCleanup(store.close)
        (name, rep, data), = store.samples(1)
        self.assertEqual((name, rep), (CASE, 0))
        self.assertEqual(json.loads(gzip.decompress(data))["hp"],
                         [[0, 1, 2, 3, 1]])
        _, out, _ = run_main("--db", self.db, "show", "1")
        self.assertIn("1 sample file(s)", out)

    def test_export_csv_and_json(self):
        path = write(self.folder, "r.json", results({CASE: counters(2.0)}))
        run_main("--db", self.db, "record", path, "--commit", sha(1))
        code, out, _ = run_main("--db", self.db, "export")
        self.assertEqual(code, 0)
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("run,recorded_at,commit"))
        self.assertEqual(len(lines), 1 + len(counters(2.0)))
        code, out, _ = run_main("--db", self.db, "export", "--format", "json")
        data = json.loads(out)
        self.assertEqual(data[0]["cases"][0]["repetitions"][0]["hp_p99_ms"],
                         2.0)

    def test_where_the_database_is(self):
        self.assertEqual(db_location("x.sqlite", {"XSB_HISTORY_DB": "y"}),
                         "x.sqlite")
        self.assertEqual(db_location(None, {"XSB_HISTORY_DB": "y"}), "y")
        self.assertEqual(db_location(None, {}),
                         os.path.join("results", "history.sqlite"))
        code, out, _ = run_main("list", environ={"XSB_HISTORY_DB": self.db})
        self.assertEqual((code, out), (0, "no runs recorded\n"))
        self.assertEqual(open_runs(self.db), [])

    def test_an_unusable_database_is_one_line(self):
        bad = write(self.folder, "not.sqlite", {"not": "a database"})
        code, _, err = run_main("--db", bad, "list")
        self.assertEqual(code, 2)
        self.assertEqual(len(err.splitlines()), 1)
        self.assertIn("not.sqlite", err)


if __name__ == "__main__":
    unittest.main()
