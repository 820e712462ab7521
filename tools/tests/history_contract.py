"""What every store must do, run against SQLite (test_history_store) and a
real PostgreSQL server (test_history_pg): a mixin whose subclass sets
self.db (a path or a postgresql:// URL) in setUp."""
import os
import subprocess
import sys
import tempfile
import time

from history_support import (CASE, OS_CASE, TOOLS, counters, results,
                             run_main, sha, write)
from xsb_history.backends import open_store
from xsb_history.schema import SCHEMA_VERSION

# Records the files given on its command line, one after the other, in one
# process (argv: tools, db, start time, files...), each at a commit named
# after the file, so both recorders give a shared file the same commit. The
# package comes from PYTHONPATH, which the child inherits.
RECORDER = """
import hashlib, io, os, sys, time
from xsb_history import cli
db = sys.argv[2]
time.sleep(max(0.0, float(sys.argv[3]) - time.time()))  # start together
for path in sys.argv[4:]:
    commit = hashlib.sha1(os.path.basename(path).encode()).hexdigest()
    code = cli.main(["--db", db, "record", path, "--commit", commit,
                     "--branch", "main", "--machine", "m"], io.StringIO(),
                    sys.stderr, {})
    if code != 0:
        sys.exit(code)
"""


class StoreContract:
    db = None

    def tmp(self) -> str:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        return folder.name

    def record(self, path: str, i: int, *extra):
        return run_main("--db", self.db, "record", path, "--commit", sha(i),
                        "--branch", "main", "--machine", "m", *extra)

    def history(self, folder: str, values: list, case: str = CASE) -> list:
        paths = []
        for i, v in enumerate(values):
            path = write(folder, f"r{i}.json",
                         results({case: counters(v)}, serial=i))
            self.assertEqual(self.record(path, i)[0], 0)
            paths.append(path)
        return paths

    def test_schema_is_current(self):
        store = open_store(self.db)
        self.addCleanup(store.close)
        self.assertEqual(store.schema_version(), SCHEMA_VERSION)

    def test_record_list_show_roundtrip(self):
        folder = self.tmp()
        path = write(folder, "a.json", results(
            {CASE: [counters(2.0), counters(3.0)], OS_CASE: "worker died"}))
        code, out, err = self.record(path, 1)
        self.assertEqual((code, err), (0, ""))
        self.assertIn("recorded: run 1", out)
        self.assertIn("1 failed (DualModel/os-priority", out)
        code, out, _ = run_main("--db", self.db, "list")
        self.assertIn("2 (1 failed)", out)
        code, out, _ = run_main("--db", self.db, "show", "1")
        self.assertIn("hp_p99_ms = 2.5", out)  # median of 2 repetitions
        self.assertIn("failed: worker died", out)

    def test_same_results_twice_is_one_run(self):
        path = write(self.tmp(), "a.json", results({CASE: counters(2.0)}))
        self.assertEqual(self.record(path, 1)[0], 0)
        code, out, _ = self.record(path, 1)
        self.assertEqual(code, 0)
        self.assertIn("already recorded: run 1", out)
        code, _, err = self.record(path, 2)
        self.assertEqual(code, 2)
        self.assertIn("already recorded as run 1", err)
        self.assertEqual(len(open_runs(self.db)), 1)

    def test_check_gate_flags_the_step_and_passes_the_same(self):
        folder = self.tmp()
        self.history(folder, [2.0, 2.1, 1.9, 2.05])
        worse = write(folder, "w.json", results({CASE: counters(4.0)}, 90))
        code, out, _ = run_main("--db", self.db, "check", worse, "--against",
                                "main", "--machine", "m", "--gate")
        self.assertEqual(code, 1, out)
        same = write(folder, "s.json", results({CASE: counters(2.02)}, 91))
        code, out, _ = run_main("--db", self.db, "check", same, "--against",
                                "main", "--machine", "m", "--gate")
        self.assertEqual(code, 0, out)

    def test_two_concurrent_recorders_lose_nothing(self):
        folder = self.tmp()
        shared = [write(folder, f"shared{i:03d}.json",
                        results({CASE: counters(2.0 + i)}, serial=i))
                  for i in range(8)]
        own = {w: [write(folder, f"own{w}{i:02d}.json", results(
                   {CASE: counters(3.0), OS_CASE: counters(1.0)},
                   serial=1000 * (w + 1) + i)) for i in range(12)]
               for w in (1, 2)}
        start = str(time.time() + 1.0)
        procs = [subprocess.Popen([sys.executable, "-c", RECORDER, TOOLS,
                                   self.db, start] + shared + own[w])
                 for w in (1, 2)]
        self.assertEqual([p.wait(timeout=120) for p in procs], [0, 0])
        store = open_store(self.db)
        self.addCleanup(store.close)
        runs = store.runs()
        self.assertEqual(len(runs), 8 + 24)
        cases = store.cases([r.id for r in runs])
        self.assertEqual(sum(len(c) for c in cases.values()), 8 + 48)
        values = [len(rep) for cs in cases.values() for c in cs
                  for rep in c.repetitions]
        self.assertEqual(set(values), {len(counters(1.0))})


def open_runs(db: str) -> list:
    store = open_store(db)
    try:
        return store.runs()
    finally:
        store.close()


def sqlite_path(folder: str) -> str:
    return os.path.join(folder, "history.sqlite")
