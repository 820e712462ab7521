"""tools/xsb_compare/noise.py: the noise counters as sentences, the limits
from the context, disturbed windows and the verdict's note, and the
"noise" field of compare's JSON."""
import json
import tempfile
import unittest

from support import DUAL, document, entry, run_main, write_json
from xsb_compare import noise
from xsb_compare.load import parse_run
from xsb_compare.pair import pair_runs

QUIET = dict(noise_other_cpu_cores=0.05, noise_own_cpu_cores=1.8,
             noise_steal_pct=0.0, noise_load_avg=2.1, noise_disturbed=0.0,
             hp_send_lag_p99_us=900.0)
BUSY = dict(QUIET, noise_other_cpu_cores=1.26, noise_load_avg=4.3,
            noise_disturbed=1.0)
LIMITS = {"xsb_noise_max_other_cpu_cores": "0.5",
          "xsb_noise_max_steal_pct": "5", "xsb_noise_max_gpu_other_procs": "0",
          "xsb_noise_send_lag_floor_us": "20000",
          "xsb_noise_send_lag_factor": "10"}
STANDALONE_HP = "Standalone/hp/smoke/rate:200/duration_s:4"


def rows(scheduler, *windows):
    """One row per round of a DualModel case with these noise counters."""
    return [entry(DUAL.format(scheduler), repetition_index=i, hp_p99_ms=1.0,
                  lp_iter_per_s=100.0, **w) for i, w in enumerate(windows)]


def the_pair(doc):
    run = parse_run(doc, "run.json")
    pairs, _ = pair_runs(run, run, "baseline")
    return pairs[0], run.context


class LimitsTest(unittest.TestCase):
    def test_from_the_context(self):
        limits = noise.limits_from_context(
            {**LIMITS, "xsb_noise_max_other_cpu_cores": "0.75"})
        self.assertEqual(limits.max_other_cpu_cores, 0.75)
        self.assertEqual(limits.send_lag_floor_us, 20000)

    def test_an_older_file_keeps_the_defaults(self):
        self.assertEqual(noise.limits_from_context(
            {"xsb_noise_max_steal_pct": "many"}), noise.Limits())

    def test_send_lag_limit(self):
        limits = noise.Limits(send_lag_floor_us=20000, send_lag_factor=10)
        self.assertEqual(noise.send_lag_limit_us(limits, None), 20000)
        self.assertEqual(noise.send_lag_limit_us(limits, 100), 20000)
        self.assertEqual(noise.send_lag_limit_us(limits, 3900), 39000)


class ReasonsTest(unittest.TestCase):
    def test_each_limit_worded_as_xsb_bench_words_it(self):
        # The same phrases as NoiseLimitsTest.EachLimitNamesItsReason
        # (tests/unit/noise_monitor_test.cc).
        figures = {noise.OTHER_CPU: 1.26, noise.STEAL: 7.5,
                   noise.GPU_OTHERS: 2, noise.SEND_LAG: 95800}
        self.assertEqual(noise.reasons(figures, noise.Limits(), 3900), [
            "1.3 cores of other work > 0.5", "steal 7.5 % > 5 %",
            "2 other process(es) on the GPU",
            "HP send lag P99 95800 us > 39000 us (standalone 3900 us)"])

    def test_quiet_figures_cross_nothing(self):
        figures = {noise.OTHER_CPU: 0.49, noise.STEAL: 5.0,
                   noise.GPU_OTHERS: 0, noise.SEND_LAG: 20000}
        self.assertEqual(noise.reasons(figures, noise.Limits(), None), [])


class WindowsTest(unittest.TestCase):
    def test_rounds_and_figures_per_run(self):
        values = {k: [QUIET[k], BUSY[k]] for k in QUIET}
        quiet, busy = noise.case_windows("baseline", "B", values, [0, 3],
                                         noise.Limits())
        self.assertEqual((quiet.round, busy.round), (0, 3))
        self.assertFalse(quiet.disturbed)
        self.assertTrue(busy.disturbed)
        self.assertEqual(busy.reasons, ("1.3 cores of other work > 0.5",))

    def test_runs_without_noise_counters_are_left_out(self):
        self.assertEqual(noise.case_windows(
            "baseline", "B", {"hp_p99_ms": [1.0]}, [0], noise.Limits()), [])

    def test_flagged_by_xsb_bench_alone_is_disturbed(self):
        # xsb_bench used the floor before its standalone run; the file's
        # standalone lifts the limit here, but its flag stands.
        values = {k: [v] for k, v in dict(QUIET, noise_disturbed=1.0,
                                          hp_send_lag_p99_us=25000).items()}
        (window,) = noise.case_windows("candidate", "C", values, [1],
                                       noise.Limits(), 3000)
        self.assertTrue(window.disturbed)
        self.assertEqual(window.reasons, ())
        self.assertIn("DISTURBED (flagged by xsb_bench)",
                      noise.describe(window))

    def test_describe(self):
        window = noise.Window("baseline", "B", 2, 1.26, 0.0, 3.14, None,
                              None, 900.0, True,
                              ("1.3 cores of other work > 0.5",))
        self.assertEqual(
            noise.describe(window),
            "round 2's baseline window shared the CPU with 1.3 cores of "
            "other work (steal 0.0 %, load 3.1): DISTURBED (1.3 cores of "
            "other work > 0.5)")


class PairNoiseTest(unittest.TestCase):
    def test_verdict_names_the_disturbed_rounds(self):
        doc = document(*rows("baseline", QUIET, BUSY, QUIET),
                       *rows("os-priority", QUIET, QUIET, BUSY), **LIMITS)
        pair, context = the_pair(doc)
        found = noise.pair_noise(pair, context)
        self.assertEqual(len(found.windows), 6)
        self.assertEqual([(w.round, w.role) for w in found.disturbed()],
                         [(1, "baseline"), (2, "candidate")])
        self.assertEqual(found.verdict_note(),
                         "the verdict rests on disturbed rounds 1, 2: other "
                         "work, not only the scheduler, shaped them; rerun "
                         "on a quiet machine to confirm")
        # Rounds the verdict left out do not count.
        self.assertIn("round 2: other work", found.verdict_note([0, 2]))
        self.assertIsNone(found.verdict_note([0]))
        self.assertTrue(found.summary().startswith(
            "noise: 2 of 6 windows disturbed beyond the limits (other work "
            "> 0.5 cores"))

    def test_quiet_pair_names_its_busiest_window(self):
        doc = document(*rows("baseline", QUIET),
                       *rows("os-priority", dict(QUIET,
                                                 noise_other_cpu_cores=0.3)))
        found = noise.pair_noise(*the_pair(doc))
        self.assertIsNone(found.verdict_note())
        self.assertEqual(found.summary(),
                         "noise: no window disturbed; the busiest, round 0's "
                         "candidate window shared the CPU with 0.3 cores of "
                         "other work (steal 0.0 %, load 2.1)")

    def test_standalone_send_lag_is_the_reference(self):
        lagging = dict(QUIET, hp_send_lag_p99_us=30000.0)
        doc = document(*rows("baseline", lagging),
                       *rows("os-priority", QUIET),
                       entry(STANDALONE_HP, hp_p99_ms=1.0,
                             hp_send_lag_p99_us=2500.0, **{
                                 k: v for k, v in QUIET.items()
                                 if k != "hp_send_lag_p99_us"}))
        found = noise.pair_noise(*the_pair(doc))
        roles = [w.role for w in found.windows]
        self.assertEqual(roles, ["baseline", "candidate", "standalone HP"])
        # The limit is max(20 ms floor, 10 x 2.5 ms standalone) = 25 ms.
        self.assertEqual(found.windows[0].reasons, (
            "HP send lag P99 30000 us > 25000 us (standalone 2500 us)",))

    def test_a_disturbed_standalone_is_no_reference(self):
        lagging = dict(QUIET, hp_send_lag_p99_us=30000.0)
        alone = {k: v for k, v in BUSY.items() if k != "hp_send_lag_p99_us"}
        doc = document(*rows("baseline", lagging),
                       *rows("os-priority", QUIET),
                       entry(STANDALONE_HP, hp_p99_ms=1.0,
                             hp_send_lag_p99_us=5000.0, **alone))
        found = noise.pair_noise(*the_pair(doc))
        # Its 5 ms would have lifted the limit to 50 ms; the floor holds.
        self.assertEqual(found.windows[0].reasons,
                         ("HP send lag P99 30000 us > 20000 us",))

    def test_a_file_without_noise_counters(self):
        doc = document(*rows("baseline", {}), *rows("os-priority", {}))
        found = noise.pair_noise(*the_pair(doc))
        self.assertFalse(found.measured)
        self.assertEqual(found.summary(),
                         "noise: not measured (no noise_* counters in the "
                         "file)")
        self.assertIsNone(found.verdict_note())


class CompareOutputTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.path = write_json(self.tmp.name, "run.json", document(
            *rows("baseline", QUIET, BUSY), *rows("os-priority", QUIET, QUIET),
            **LIMITS))

    def test_json_has_the_windows_and_the_note(self):
        code, out, err = run_main(self.path, "--format", "json")
        self.assertEqual(code, 0, err)
        (pair,) = json.loads(out)["pairs"]
        data = pair["noise"]
        self.assertEqual(len(data["windows"]), 4)
        self.assertEqual(data["limits"]["max_other_cpu_cores"], 0.5)
        disturbed = [w for w in data["windows"] if w["disturbed"]]
        self.assertEqual([(w["round"], w["role"]) for w in disturbed],
                         [(1, "baseline")])
        self.assertIn("round 1's baseline window shared the CPU with 1.3 "
                      "cores", disturbed[0]["text"])
        self.assertIn("rests on disturbed round 1:", data["verdict_note"])
        self.assertIn(data["verdict_note"], pair["validity_notes"])

    def test_table_and_markdown_name_the_disturbed_window(self):
        for fmt in ("table", "markdown"):
            code, out, err = run_main(self.path, "--format", fmt)
            self.assertEqual(code, 0, err)
            self.assertIn("noise: 1 of 4 windows disturbed", out)
            self.assertIn("round 1's baseline window shared the CPU with 1.3 "
                          "cores of other work", out)


if __name__ == "__main__":
    unittest.main()
