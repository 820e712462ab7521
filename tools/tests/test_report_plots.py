"""The report's PNG plots on a synthetic run: each file decodes and has
the size plots.size_px gives. Exits 77 (ctest: skipped) where matplotlib
is not importable."""

import json
import os
import sys
import tempfile
import unittest

import report_support as rs

rs.skip_without_matplotlib()

from xsb_report import folder, load_curve, plots, runs  # noqa: E402


def with_cases_at_rate_40(folder_path: str, count: int) -> str:
    """The synthetic run with its first `count` cases copied at rate 40
    (without sample files); returns the JSON's path."""
    path = rs.make_run(folder_path)
    doc = json.loads(rs.read_text(path))
    for entry in list(doc["benchmarks"])[:count]:
        other = dict(entry)
        other["name"] = other["run_name"] = entry["name"].replace(
            "rate:20", "rate:40")
        doc["benchmarks"].append(other)
    rs.write_json(path, doc)
    return path


MS = 1_000_000


def _lp_halving_at_2_5_s() -> runs.Samples:
    """15,000 LP iterations: 4 per ms up to 2.5 s, then 2 per ms to 5 s."""
    lp = [(t, True) for t in range(MS // 4, 2500 * MS + 1, MS // 4)]
    lp += [(t, True) for t in range(2500 * MS + MS // 2, 5000 * MS + 1,
                                    MS // 2)]
    return runs.Samples("c", 0, "p", (0, 5000 * MS),
                        [(0, 0, MS, MS, True)], lp)


class PlotsTest(unittest.TestCase):
    def test_four_plots_decode_with_their_size(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d)
            result = folder.build_folder(folder.Options(path, rs.TOOLS))
            self.assertEqual(result.notices, [])
            # Panels: baseline, os-priority and the Standalone/hp reference.
            for kind, panels in ((plots.CDF, 1), (plots.OVER_TIME, 3),
                                 (plots.LP_THROUGHPUT, 1)):
                png = os.path.join(d, kind + ".png")
                self.assertEqual(rs.png_size(png),
                                 plots.size_px(kind, panels), kind)
            md = rs.read_text(os.path.join(d, "report.md"))
            html = rs.read_text(os.path.join(d, "report.html"))
        for kind in plots.KINDS:
            self.assertIn(f"]({kind}.png)", md)
        self.assertIn("](rounds_os-priority.png)", md)
        self.assertEqual(html.count('src="data:image/png;base64,'), 4)

    def test_lp_completions_are_a_strip_per_100_ms(self):
        # Issue 25 item 12: one mark per LP completion merged into a solid
        # band; the strip's height follows the rate, so the halving shows.
        sample = _lp_halving_at_2_5_s()
        pyplot = plots.load_pyplot()[0]
        figure, axes = pyplot.subplots()
        plots._over_time_panel(axes, "baseline", [sample], 0)
        marks = sum(len(line.get_xdata()) for line in axes.get_lines())
        self.assertEqual(marks, 1)  # the HP request; no mark per iteration
        strips = [p for p in axes.patches
                  if "LP iterations per 100 ms" in p.get_label()]
        self.assertEqual(len(strips), 1)
        heights = strips[0].get_data().values
        # Bin edges in float seconds: a bin may catch one more completion.
        self.assertAlmostEqual(heights[5], plots.STRIP_HEIGHT, delta=0.001)
        self.assertAlmostEqual(heights[5] / heights[30], 2.0, delta=0.02)
        pyplot.close(figure)
        edges, counts = plots.lp_strip([sample])
        self.assertAlmostEqual(counts[5], 400, delta=1)
        self.assertAlmostEqual(counts[30], 200, delta=1)
        self.assertAlmostEqual(edges[1] - edges[0], 0.1)

    def test_the_rounds_plot(self):
        with tempfile.TemporaryDirectory() as d:
            path = rs.make_run(d, rounds=3)
            result = folder.build_folder(folder.Options(path, rs.TOOLS))
            png = os.path.join(d, "rounds_os-priority.png")
            self.assertEqual(rs.png_size(png), plots.size_px(plots.ROUNDS))
        (pair,) = result.comparison.pairs
        panels = plots.rounds_panels(pair)
        # HP P99 and LP: every round a point, the interval, the threshold.
        self.assertEqual([p[0] for p in panels],
                         ["HP P99 candidate / baseline",
                          "LP iter/s candidate / baseline"])
        self.assertEqual([r for r, _ in panels[0][1]], [0, 1, 2])
        self.assertAlmostEqual(panels[0][1][1][1], 0.1875)
        self.assertEqual(panels[0][2], pair.hp_p99_ratio)
        self.assertEqual((panels[0][3], panels[1][3]), (1.1, 0.7))

    def test_several_groups_get_their_own_files(self):
        with tempfile.TemporaryDirectory() as d:
            path = with_cases_at_rate_40(d, 1)
            folder.build_folder(folder.Options(path, rs.TOOLS))
            names = sorted(n for n in os.listdir(d) if n.endswith(".png"))
        # The rate:40 case has no sample file: no plot of its own, but
        # with rate:20 it makes a latency-load curve (from the counters).
        self.assertEqual(names, [
            "hp_latency_cdf_smoke_rate_20_batch_8_duration_s_2.png",
            "hp_latency_over_time_smoke_rate_20_batch_8_duration_s_2.png",
            "latency_load.png",
            "lp_throughput_smoke_rate_20_batch_8_duration_s_2.png",
            "rounds_os-priority_smoke_rate_20_batch_8_duration_s_2.png"])

    def test_latency_load_curve_decodes(self):
        with tempfile.TemporaryDirectory() as d:
            path = with_cases_at_rate_40(d, 2)
            folder.build_folder(folder.Options(path, rs.TOOLS))
            png = os.path.join(d, load_curve.FILE_PREFIX + ".png")
            self.assertEqual(rs.png_size(png), (1000, 800))
            md = rs.read_text(os.path.join(d, "report.md"))
        self.assertIn("## Latency-load curve", md)
        self.assertIn("](latency_load.png)", md)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[1:])
