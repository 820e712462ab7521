"""The dashboard's axes (issue 25, item 13): the counter's unit, a label
when the scale is logarithmic, and one number notation for every tick
(seen: "1.32e+03" beside "894")."""
import re
import unittest

from xsb_history import dashboard
from xsb_history.series import Point, Series
from xsb_history.trend import analyse


def svg_of(counter: str, values: list) -> str:
    from history_support import sha
    from xsb_history.store import RunRow
    runs = [RunRow(id=i + 1, content_hash=str(i), recorded_at="2026-12-01",
                   run_date="",
                   commit=sha(i), branch="main", machine="m", backend="cpu",
                   device="d", config_hash="c" * 64, config={}, context={},
                   source="r.json", tool_version="1")
            for i in range(len(values))]
    series = Series(counter, "DualModel/baseline/smoke", "m", "cccccccc",
                    tuple(Point(r, v) for r, v in zip(runs, values)))
    return dashboard.svg_trend(analyse(series, 0.1))


def tick_texts(svg: str) -> list:
    return re.findall(r'text-anchor="end">([^<]*)</text>', svg)


class AxesTest(unittest.TestCase):
    def test_one_notation_across_a_thousand(self):
        svg = svg_of("lp_iter_per_s", [894.0, 1000.0, 1320.0, 1100.0])
        ticks = tick_texts(svg)
        self.assertEqual(len(ticks), 5, svg)
        for t in ticks:
            self.assertRegex(t, r"^-?\d+$", ticks)  # no exponent, no mix
        self.assertIn("lp_iter_per_s (iterations/s)</text>", svg)
        self.assertNotIn("log scale", svg)

    def test_log_scale_is_labelled(self):
        svg = svg_of("hp_p99_ms", [0.5, 0.6, 5.0, 40.0])
        self.assertIn("hp_p99_ms (ms), log scale</text>", svg)
        ticks = tick_texts(svg)
        decimals = {len(t.split(".")[1]) if "." in t else 0 for t in ticks}
        self.assertEqual(len(decimals), 1, ticks)
        self.assertFalse([t for t in ticks if "e" in t], ticks)

    def test_tick_labels(self):
        self.assertEqual(dashboard.tick_labels([894.0, 1320.0]),
                         ["894", "1320"])
        self.assertEqual(dashboard.tick_labels([0.05, 0.2]),
                         ["0.050", "0.200"])
        self.assertEqual(dashboard.tick_labels([1.5, 12.25]),
                         ["1.5", "12.2"])


if __name__ == "__main__":
    unittest.main()
