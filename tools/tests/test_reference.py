import copy
import unittest

from test_verdict import report_for
from xsb_compare import counters as cn
from xsb_compare.errors import InputError
from xsb_compare.reference import (_status, check_reference, parse_reference,
                                   reference_data)

OS = "DualModel/os-priority/smoke/rate:200/batch:8/duration_s:4"
XS = ("DualModel/xsched/smoke/rate:200/batch:8/duration_s:4/lp_threshold:4/"
      "lp_batch_size:2")
CONTEXT = {"xsb_backend": "cpu", "xsb_seed": "42", "xsb_device": "EPYC",
           "date": "today"}


def statuses(result):
    return {(c.pair, c.metric): c.status for c in result.checks}


class ReferenceDataTest(unittest.TestCase):
    def test_ratios_per_pair_and_standalone(self):
        data = reference_data(report_for("repeated.json"), CONTEXT)
        self.assertEqual(data["format"], "xsb_compare_reference")
        self.assertEqual(data["version"], 1)
        self.assertEqual(sorted(data["pairs"]), [OS, XS])
        entry = data["pairs"][OS]
        self.assertEqual(entry["baseline"], "DualModel/baseline/smoke/"
                         "rate:200/batch:8/duration_s:4")
        self.assertAlmostEqual(entry["ratios"]["hp_p99_ms"], 1.1 / 4.2)
        self.assertAlmostEqual(entry["standalone"]["candidate"][
            cn.HP_SLOWDOWN], 2.2)
        # Only the facts a reference must match on.
        self.assertEqual(data["context"], {"xsb_backend": "cpu",
                                           "xsb_seed": "42"})


class CheckTest(unittest.TestCase):
    def setUp(self):
        self.report = report_for("repeated.json")
        self.reference = parse_reference(
            reference_data(self.report, CONTEXT), "ref.json")

    def check(self, reference, tolerances=None, default=0.25):
        return check_reference(reference, self.report, tolerances or {},
                               default, "ref.json")

    def test_a_run_matches_its_own_reference(self):
        result = self.check(self.reference)
        self.assertTrue(result.passed)
        self.assertEqual(set(statuses(result).values()), {"ok"})
        # The default checks, for both pairs.
        self.assertEqual(sorted({c.metric for c in result.checks}),
                         sorted(cn.DEFAULT_REFERENCE_CHECKS))
        self.assertEqual(len(result.checks), 8)

    def test_regression_beyond_the_tolerance(self):
        ref = copy.deepcopy(self.reference)
        # The reference had HP P99 at 0.2 x baseline; now 0.26: +31 %.
        ref["pairs"][OS]["ratios"]["hp_p99_ms"] = 0.2
        result = self.check(ref)
        self.assertFalse(result.passed)
        self.assertEqual(statuses(result)[(OS, "hp_p99_ms")], "regression")
        # A wider tolerance for that counter lets it through.
        self.assertTrue(self.check(ref, {"hp_p99_ms": 0.35}).passed)
        self.assertTrue(self.check(ref, default=0.35).passed)

    def test_improvement_is_not_a_failure(self):
        ref = copy.deepcopy(self.reference)
        ref["pairs"][OS]["ratios"]["lp_iter_per_s"] = 0.5
        ref["pairs"][OS]["standalone"]["candidate"][cn.HP_SLOWDOWN] = 4.0
        result = self.check(ref)
        self.assertTrue(result.passed)
        self.assertEqual(statuses(result)[(OS, "lp_iter_per_s")], "improved")
        self.assertEqual(statuses(result)[(OS, cn.HP_SLOWDOWN)], "improved")

    def test_higher_is_better_regression(self):
        ref = copy.deepcopy(self.reference)
        ref["pairs"][OS]["standalone"]["candidate"][cn.LP_RETENTION] = 1.2
        self.assertEqual(statuses(self.check(ref))[(OS, cn.LP_RETENTION)],
                         "regression")

    def test_tolerance_adds_a_counter_to_the_checks(self):
        ref = copy.deepcopy(self.reference)
        ref["pairs"][OS]["ratios"]["hp_p50_ms"] = 0.5
        self.assertTrue(self.check(ref).passed)
        result = self.check(ref, {"hp_p50_ms": 0.1})
        self.assertEqual(statuses(result)[(OS, "hp_p50_ms")], "regression")

    def test_neutral_counter_moves_either_way(self):
        ref = copy.deepcopy(self.reference)
        ref["pairs"][OS]["ratios"]["hp_requests"] = 0.5
        result = self.check(ref, {"hp_requests": 0.1})
        self.assertEqual(statuses(result)[(OS, "hp_requests")], "regression")

    def test_pair_missing_from_the_run_fails(self):
        ref = copy.deepcopy(self.reference)
        ref["pairs"]["DualModel/fifo/smoke/rate:200/batch:8/duration_s:4"] = \
            ref["pairs"][OS]
        result = self.check(ref)
        self.assertFalse(result.passed)
        self.assertIn(("DualModel/fifo/smoke/rate:200/batch:8/duration_s:4",
                       "(pair)"), statuses(result))

    def test_pair_new_in_the_run_is_a_note(self):
        ref = copy.deepcopy(self.reference)
        del ref["pairs"][XS]
        result = self.check(ref)
        self.assertTrue(result.passed)
        self.assertEqual(result.notes, [f"not in the reference: {XS}"])

    def test_reference_without_standalone(self):
        ref = copy.deepcopy(self.reference)
        for entry in ref["pairs"].values():
            entry["standalone"] = {}
        result = self.check(ref)
        self.assertTrue(result.passed)
        self.assertEqual(len(result.checks), 4)
        self.assertIn("the reference has no hp_p99_slowdown for some pairs: "
                      "not checked there", result.notes)


class StatusTest(unittest.TestCase):
    def test_rules(self):
        self.assertEqual(_status(cn.LOWER, 1.0, 1.25, 0.25), "ok")
        self.assertEqual(_status(cn.LOWER, 1.0, 1.26, 0.25), "regression")
        self.assertEqual(_status(cn.LOWER, 1.0, 0.7, 0.25), "improved")
        self.assertEqual(_status(cn.HIGHER, 1.0, 0.75, 0.25), "ok")
        self.assertEqual(_status(cn.HIGHER, 1.0, 0.74, 0.25), "regression")
        self.assertEqual(_status(cn.HIGHER, 1.0, 1.3, 0.25), "improved")
        self.assertEqual(_status(cn.LOWER, 1.0, 100.0, float("inf")), "ok")
        self.assertEqual(_status(cn.LOWER, 1.0, None, 0.25), "missing")


class ParseTest(unittest.TestCase):
    def assert_bad(self, doc, message):
        with self.assertRaises(InputError) as caught:
            parse_reference(doc, "ref.json")
        self.assertIn(message, str(caught.exception))

    def test_bad_references(self):
        self.assert_bad([], "ref.json: not an xsb_compare reference")
        self.assert_bad({"format": "xsb_samples"}, "not an xsb_compare")
        self.assert_bad({"format": "xsb_compare_reference", "version": 9},
                        "reference version 9 is not 1")
        self.assert_bad({"format": "xsb_compare_reference", "version": 1,
                         "pairs": {}}, "the reference holds no pairs")
        self.assert_bad({"format": "xsb_compare_reference", "version": 1,
                         "pairs": {"x": {"ratios": {"a": "big"}}}},
                        "malformed entry for x")


if __name__ == "__main__":
    unittest.main()
