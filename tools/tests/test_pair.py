import unittest

from support import fixture
from xsb_compare.errors import InputError
from xsb_compare.load import load_run, parse_run
from xsb_compare.pair import context_mismatches, pair_runs

XS = ("DualModel/xsched/smoke/rate:200/batch:8/duration_s:4/lp_threshold:4/"
      "lp_batch_size:2")


def names(pairs):
    return [(p.baseline.name.name, p.candidate.name.name) for p in pairs]


class PairTest(unittest.TestCase):
    def test_two_files(self):
        base = load_run(fixture("base.json"))
        pairs, notes = pair_runs(base, load_run(fixture("os_priority.json")),
                                 "baseline")
        self.assertEqual(names(pairs), [(
            "DualModel/baseline/smoke/rate:200/batch:8/duration_s:4",
            "DualModel/os-priority/smoke/rate:200/batch:8/duration_s:4")])
        self.assertEqual(notes, [])
        self.assertEqual(pairs[0].candidate_standalone,
                         {"hp": None, "lp": None})

    def test_one_file_with_every_scheduler(self):
        run = load_run(fixture("repeated.json"))
        pairs, _ = pair_runs(run, run, "baseline")
        candidates = [p.candidate.name.name for p in pairs]
        self.assertEqual(candidates, [
            "DualModel/os-priority/smoke/rate:200/batch:8/duration_s:4", XS])
        # The settings stay part of the candidate's identity.
        self.assertEqual(pairs[1].candidate.name.variant,
                         "xsched/lp_threshold:4/lp_batch_size:2")
        for p in pairs:
            self.assertEqual(p.baseline.name.scheduler, "baseline")
            self.assertEqual(p.candidate_standalone["hp"].name.name,
                             "Standalone/hp/smoke/rate:200/duration_s:4")
            self.assertEqual(p.baseline_standalone["lp"].name.name,
                             "Standalone/lp/smoke/batch:8/duration_s:4")

    def test_another_baseline_scheduler(self):
        run = load_run(fixture("repeated.json"))
        pairs, _ = pair_runs(run, run, "os-priority")
        self.assertEqual([p.candidate.name.scheduler for p in pairs],
                         ["baseline", "xsched"])

    def test_standalone_from_the_other_file(self):
        both = load_run(fixture("repeated.json"))
        pairs, _ = pair_runs(both, load_run(fixture("os_priority.json")),
                             "baseline")
        self.assertEqual(pairs[0].candidate_standalone["hp"].source,
                         fixture("repeated.json"))

    def test_unpaired_candidate_is_a_note(self):
        base = load_run(fixture("base.json"))
        other = parse_run({"benchmarks": [
            {"name": "DualModel/os-priority/smoke/rate:200/batch:8/"
                     "duration_s:4", "hp_p99_ms": 1.0},
            {"name": "DualModel/os-priority/smoke/rate:100/batch:8/"
                     "duration_s:4", "hp_p99_ms": 1.0}]}, "c.json")
        pairs, notes = pair_runs(base, other, "baseline")
        self.assertEqual(len(pairs), 1)
        self.assertEqual(notes, [
            "unpaired: DualModel/os-priority/smoke/rate:100/batch:8/"
            "duration_s:4 (no DualModel/baseline/smoke/rate:100/batch:8/"
            "duration_s:4)"])


class NoPairsTest(unittest.TestCase):
    def assert_no_pairs(self, first, second, message, scheduler="baseline"):
        a = load_run(fixture(first))
        b = load_run(fixture(second)) if second != first else a
        with self.assertRaises(InputError) as caught:
            pair_runs(a, b, scheduler)
        text = str(caught.exception)
        self.assertTrue(text.startswith("no pairs: "), text)
        self.assertIn(message, text)
        self.assertNotIn("\n", text)

    def test_mismatched_rate(self):
        self.assert_no_pairs(
            "base.json", "os_priority_rate100.json",
            "the candidate cases (DualModel/os-priority/smoke/rate:100/"
            "batch:8/duration_s:4) and the baseline cases (DualModel/"
            "baseline/smoke/rate:200/batch:8/duration_s:4) differ in "
            "scenario or parameters")

    def test_files_swapped(self):
        self.assert_no_pairs(
            "os_priority.json", "base.json",
            "no DualModel/baseline/... case in " + fixture("os_priority.json"))

    def test_one_file_with_only_the_baseline(self):
        self.assert_no_pairs("base.json", "base.json",
                             "no candidate case (DualModel of a scheduler "
                             "other than baseline)")

    def test_unknown_baseline_scheduler(self):
        self.assert_no_pairs("repeated.json", "repeated.json",
                             "no DualModel/fifo/... case", scheduler="fifo")


class ContextTest(unittest.TestCase):
    def test_mismatch_lines(self):
        a = load_run(fixture("os_priority.json"))
        b = load_run(fixture("os_priority_seed7.json"))
        self.assertEqual(
            context_mismatches((a.path, a.context), (b.path, b.context)),
            [f"xsb_seed is '42' in {a.path} but '7' in {b.path}"])

    def test_facts_only_one_side_has_do_not_count(self):
        self.assertEqual(context_mismatches(
            ("a", {"xsb_backend": "hip", "xsb_xsched_lib": "/opt/x"}),
            ("b", {"xsb_backend": "hip", "date": "today"})), [])
        self.assertEqual(context_mismatches(
            ("a", {"xsb_backend": "hip"}), ("b", {"xsb_backend": "cpu"})),
            ["xsb_backend is 'hip' in a but 'cpu' in b"])


if __name__ == "__main__":
    unittest.main()
