"""A value that is not finite (NaN, Infinity, or null in a strict file) in
one repetition (issue 25, item 5): compare names the case and the round,
the criterion on that counter says NO-VERDICT instead of a verdict that
silently changed, and the suite's files with null and their failed runs
apart (xsb_failed_runs) load. The issue's numbers: baseline P99 5.428 with
an interval [4.21, 9.704], a NaN in one round, and a verdict that went
from +64.4 % to -13.2 %."""
import json
import math
import tempfile
import unittest

from support import DUAL, document, dual, run_main, write_json

BASE_P99 = (5.428, 4.21, 9.704, 10.29)
CAND_P99 = (8.9, 9.1, 8.7, 9.0)


def rounds(bad=None) -> list:
    """Four paired rounds; `bad` = (scheduler, round, value) replaces that
    round's hp_p99_ms."""
    rows = []
    for r in range(4):
        for scheduler, p99 in (("baseline", BASE_P99[r]),
                               ("os-priority", CAND_P99[r])):
            row = dual(scheduler, hp=(p99, p99 * 0.9, p99 * 1.1))
            if bad and bad[:2] == (scheduler, r):
                row["hp_p99_ms"] = bad[2]
            rows.append({**row, "repetition_index": r})
    return rows


class NonFiniteTest(unittest.TestCase):
    def setUp(self):
        self.dir = self.enterContext(tempfile.TemporaryDirectory())

    def compare(self, rows, strict=False, **extra):
        doc = document(*rows, **extra)
        if strict:
            path = f"{self.dir}/r.json"
            with open(path, "w") as f:
                json.dump(doc, f, allow_nan=False)
        else:
            path = write_json(self.dir, "r.json", doc)
        code, out, err = run_main(path, "--format", "json")
        self.assertIn(code, (0, 1), err)
        return json.loads(out)["pairs"][0]

    def test_finite_rounds_get_a_verdict(self):
        pair = self.compare(rounds())
        self.assertNotEqual(pair["verdict_word"], "NO-VERDICT")
        self.assertFalse([n for n in pair["validity_notes"]
                          if "not finite" in n or "nan" in n])

    def test_nan_in_one_round_names_case_and_round_and_no_verdict(self):
        for value in (math.nan, math.inf, -math.inf):
            pair = self.compare(rounds(("baseline", 1, value)))
            self.assertEqual(pair["verdict_word"], "NO-VERDICT", value)
            notes = "\n".join(pair["validity_notes"])
            self.assertIn(DUAL.format("baseline") + ": hp_p99_ms is "
                          f"{value} in round 2", notes)
            self.assertIn("hp_p99_ms has a value that is not finite",
                          "\n".join(pair["verdict"]["reasons"]))

    def test_null_of_a_strict_file_is_the_same(self):
        pair = self.compare(rounds(("os-priority", 3, None)), strict=True)
        self.assertEqual(pair["verdict_word"], "NO-VERDICT")
        self.assertIn(DUAL.format("os-priority") + ": hp_p99_ms is null",
                      "\n".join(pair["validity_notes"]))

    def test_failed_runs_kept_apart_still_fail_the_pair(self):
        rows = rounds()
        failed = dict(rows.pop(), error_occurred=True,
                      error_message="lp worker exited with signal 9")
        doc = document(*rows)
        doc["xsb_failed_runs"] = [failed]
        path = write_json(self.dir, "f.json", doc)
        code, out, _ = run_main(path, "--format", "json")
        pair = json.loads(out)["pairs"][0]
        self.assertEqual(pair["verdict_word"], "FAIL")
        self.assertIn("signal 9", json.dumps(pair))


if __name__ == "__main__":
    unittest.main()
