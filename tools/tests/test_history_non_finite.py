"""NaN and Infinity in recorded runs (issue 25, item 5): history never
drops such a value without a trace. `show` names it with its repetition
(not as a failure), `check` notes it (not as a failed repetition), `trend`
lists it, and the dashboard rings a point whose median left one out and
crosses a run whose every repetition was not finite."""
import math
import os
import re
import tempfile
import unittest

from history_support import CASE, counters, results, run_main, sha, write
from xsb_history import backends, cli, plots, trend_command


def with_hp_p99(value: float) -> dict:
    rep = counters(2.0)
    rep["hp_p99_ms"] = value
    return rep


class RecordedRuns(unittest.TestCase):
    """Seven runs; run 5 has a NaN repetition, run 6 only Infinity."""

    def setUp(self):
        self.folder = self.enterContext(tempfile.TemporaryDirectory())
        self.db = os.path.join(self.folder, "h.sqlite")
        docs = [results({CASE: counters(2.0)}, i) for i in range(4)]
        # Run 5: one repetition NaN; run 6: every repetition Infinity.
        docs.append(results({CASE: [counters(2.0), with_hp_p99(math.nan),
                                    counters(2.1)]}, 4))
        docs.append(results({CASE: [with_hp_p99(math.inf)] * 2}, 5))
        docs.append(results({CASE: counters(2.05)}, 6))
        for i, doc in enumerate(docs):
            path = write(self.folder, f"r{i}.json", doc)
            code, _, err = self.main("record", path, "--commit", sha(i),
                                     "--branch", "main", "--machine", "m")
            self.assertEqual(code, 0, err)

    def main(self, *argv):
        return run_main("--db", self.db, *argv)


class NonFiniteHistoryTest(RecordedRuns):
    def test_show_names_the_value_and_its_repetition(self):
        code, out, err = self.main("show", "5")
        self.assertEqual(code, 0, err)
        self.assertIn("hp_p99_ms = 2.05 (not finite, left out: nan in "
                      "repetition 2)", out)
        self.assertNotIn("failed", out)
        _, out, _ = self.main("show", "6")
        self.assertIn("hp_p99_ms = - (not finite, left out: inf in "
                      "repetition 1, inf in repetition 2)", out)

    def test_check_notes_it_without_calling_it_failed(self):
        path = write(self.folder, "new.json",
                     results({CASE: [counters(2.0), with_hp_p99(math.nan),
                                     counters(2.0)]}, 99))
        code, out, err = self.main("check", path, "--machine", "m",
                                   "--against", "main", "--gate")
        self.assertEqual(code, 0, out + err)
        self.assertIn(f"{CASE}: hp_p99_ms is nan in repetition 2: not "
                      "finite, left out of its median here", out + err)
        self.assertNotIn("repetition(s) failed", out + err)

    def test_trend_lists_both(self):
        code, out, err = self.main("trend", "hp_p99_ms",
                                   "--plot-dir", self.folder)
        self.assertEqual(code, 0, err)
        self.assertIn("run 5: hp_p99_ms not finite, left out of its median: "
                      "nan in repetition 2", out)
        self.assertRegex(out, r"run 6 \w+: hp_p99_ms not finite in every "
                              r"repetition \(inf in repetition 1, "
                              r"inf in repetition 2\): no point")

    def test_the_dashboard_marks_both(self):
        out_dir = os.path.join(self.folder, "dash")
        code, _, err = self.main("dashboard", out_dir, "--counter",
                                 "hp_p99_ms")
        self.assertEqual(code, 0, err)
        with open(os.path.join(out_dir, "index.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertEqual(len(re.findall(r'<circle class="nonfinite"', page)),
                         1)
        crosses = re.findall(r'<text class="nonfinite"[^>]*>&#215;<title>'
                             r'([^<]*)</title>', page)
        self.assertEqual(len(crosses), 1, page)
        self.assertIn("hp_p99_ms not finite (inf in repetition 1, "
                      "inf in repetition 2): no value", crosses[0])
        # Seven runs, seven commits on the x axis: the gap keeps its place.
        self.assertEqual(len(re.findall(r'transform="rotate\(-50', page)), 7)
        self.assertIn("not finite: 1 point(s) with a non-finite repetition "
                      "left out (ringed); 1 run(s) with no finite value "
                      "(crossed at the top)", page)


if __name__ == "__main__":
    unittest.main()


class RecordingAxes:
    """Enough of matplotlib's Axes to record what draw_trend plots."""

    def __init__(self):
        self.plotted, self.ticks = [], []

    def plot(self, xs, ys, *args, label=None, **kwargs):
        self.plotted.append((list(xs), list(ys), label))

    def set_xticks(self, ticks):
        self.ticks = list(ticks)

    def __getattr__(self, name):  # the rest: titles, lines, scales
        return lambda *args, **kwargs: None


class RecordingPyplot:
    def __init__(self):
        self.axes = RecordingAxes()

    def subplots(self, **kwargs):
        figure = type("Figure", (), {"tight_layout": lambda s: None,
                                     "savefig": lambda s, p: None})()
        return figure, self.axes

    def close(self, figure):
        pass


class NonFiniteTrendPlotTest(RecordedRuns):
    def test_the_trend_png_marks_both(self):
        args = cli.make_parser().parse_args(
            ["--db", self.db, "trend", "hp_p99_ms"])
        store = backends.open_store(self.db)
        (trend,) = trend_command.trends_of(args, store, "hp_p99_ms")
        pyplot = RecordingPyplot()
        plots.draw_trend(pyplot, trend, os.path.join(self.folder, "t.png"))
        labels = {label: (xs, ys) for xs, ys, label in pyplot.axes.plotted}
        self.assertEqual(labels["a repetition not finite, left out"][0], [4])
        self.assertEqual(labels["not finite in every repetition"][0], [5])
        self.assertEqual(pyplot.axes.ticks, list(range(7)))
