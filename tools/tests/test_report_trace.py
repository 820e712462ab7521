"""Issue 25 item 14: trace.json stays proportionate. A run the size of
the 3-minute main job (20 runs of 14 s, an LP iteration every 2 ms: 140,000
LP iterations, whose one slice each made a 20 MB file) gives a trace under
SIZE_LIMIT that still holds every HP request as a slice and accounts for
every LP iteration in its bins."""

import json
import unittest

from xsb_report import runs, trace

RUNS, RUN_S = 20, 14
LP_EVERY_NS, HP_EVERY_NS = 2_000_000, 100_000_000
WINDOW_NS = (2_000_000_000, 12_000_000_000)
SIZE_LIMIT = 1_500_000  # bytes; 891,107 measured (18,534,499 before)


def _run(index: int) -> runs.Samples:
    hp = [(t, t + 20_000, t + 3_000_000, 3_000_000,
           WINDOW_NS[0] <= t < WINDOW_NS[1])
          for t in range(0, RUN_S * 1_000_000_000, HP_EVERY_NS)]
    # A 300 ms LP stall in the window: it must still show as a gap.
    lp = [(t, WINDOW_NS[0] <= t < WINDOW_NS[1])
          for t in range(LP_EVERY_NS, RUN_S * 1_000_000_000, LP_EVERY_NS)
          if not 5_000_000_000 < t < 5_300_000_000]
    return runs.Samples(f"DualModel/s{index % 2}/original/rate:10/batch:8/"
                        "duration_s:10", index // 2, "p", WINDOW_NS, hp, lp)


class TraceSizeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.samples = [_run(i) for i in range(RUNS)]
        cls.text = json.dumps(trace.trace_events(cls.samples),
                              separators=(",", ":"))
        cls.events = json.loads(cls.text)["traceEvents"]

    def slices(self, *names: str) -> list[dict]:
        return [e for e in self.events if e["ph"] == "X" and e["name"] in
                names]

    def test_size_is_proportionate(self):
        self.assertLess(len(self.text), SIZE_LIMIT)

    def test_every_hp_request_keeps_its_slice(self):
        self.assertEqual(len(self.slices(trace.HP_SLICE)),
                         sum(len(s.hp) for s in self.samples))

    def test_lp_bins_account_for_every_iteration(self):
        bins = self.slices(trace.LP_BIN_SLICE, trace.LP_SLICE)
        self.assertEqual(sum(e["args"].get("iterations", 1) for e in bins),
                         sum(len(s.lp) for s in self.samples))
        self.assertEqual(sum(e["args"]["in_window"] for e in bins),
                         sum(inside for s in self.samples
                             for _, inside in s.lp))
        for e in bins:
            self.assertEqual(e["name"], trace.LP_BIN_SLICE)
            self.assertLessEqual(e["args"]["iterations"],
                                 trace.LP_BIN_NS // LP_EVERY_NS)

    def test_a_stall_is_a_long_bin_and_bins_tile_the_track(self):
        first = sorted((e["ts"], e["dur"]) for e in self.slices(
            trace.LP_BIN_SLICE) if e["pid"] == 1)
        for (ts, dur), (next_ts, _) in zip(first, first[1:]):
            self.assertAlmostEqual(ts + dur, next_ts)  # no gap, no overlap
        # The stall's bin spans it: from 5.000 s to the bin's last
        # completion, 5.398 s; every other bin spans 100 ms at most.
        durations = sorted(dur for _, dur in first)
        self.assertAlmostEqual(durations[-1], 398_000)
        self.assertLessEqual(durations[-2], 100_000 + 1e-6)

    def test_a_short_run_keeps_a_slice_per_iteration(self):
        short = runs.Samples("c", 0, "p", (0, 1), [],
                             [(t, True) for t in range(1, trace.LP_SLICES_MAX
                                                       + 1)])
        names = {e["name"] for e in trace.trace_events([short])[
            "traceEvents"] if e["ph"] == "X" and e["tid"] == trace.LP_TID}
        self.assertEqual(names, {trace.LP_SLICE})


if __name__ == "__main__":
    unittest.main()
