"""history.py check --lookback N takes the newest N comparable runs
(issue 25, item 21): more runs are recorded than the lookback holds, the
old ones far from the new ones, so taking the oldest fails."""
import unittest

from history_support import CASE, counters, results
from test_history_cli import Base


class LookbackTest(Base):
    def test_the_newest_runs_are_the_window(self):
        # Runs 1-5: HP P99 about 10 ms; runs 6-8 (the newest): about 2 ms.
        self.series([10.0, 10.2, 9.8, 10.1, 9.9, 2.0, 2.1, 1.9])
        code, out, _ = self.check(results({CASE: counters(2.05)}, 99),
                                  "--against", "main", "--lookback", "3")
        self.assertEqual(code, 0, out)
        self.assertIn("window: 3 run(s)", out)
        self.assertIn("(runs 6..8)", out)
        self.assertNotRegex(out, r"hp_p99_ms \*.*better")
        # 10 ms is a regression against the newest three, whatever the
        # oldest five say.
        code, out, _ = self.check(results({CASE: counters(10.0)}, 98),
                                  "--against", "main", "--lookback", "3")
        self.assertEqual(code, 1, out)
        self.assertRegex(out, r"hp_p99_ms \*.*worse")

    def test_a_lookback_longer_than_the_history_takes_all(self):
        self.series([2.0, 2.1, 1.9])
        code, out, _ = self.check(results({CASE: counters(2.0)}, 99),
                                  "--against", "main", "--lookback", "10")
        self.assertEqual(code, 0, out)
        self.assertIn("window: 3 run(s)", out)
        self.assertIn("(runs 1..3)", out)


if __name__ == "__main__":
    unittest.main()
