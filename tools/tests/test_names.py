import unittest

from xsb_compare.names import (key_text, parse_case_name, standalone_name,
                               strip_benchmark_parts)


class NamesTest(unittest.TestCase):
    def test_benchmark_parts_are_removed(self):
        self.assertEqual(
            strip_benchmark_parts("DualModel/baseline/smoke/rate:200/batch:8/"
                                  "duration_s:4/iterations:1/real_time"),
            "DualModel/baseline/smoke/rate:200/batch:8/duration_s:4")
        self.assertEqual(strip_benchmark_parts(
            "Standalone/hp/x/rate:1/duration_s:2/min_time:0.5/repeats:3/"
            "threads:1/manual_time"), "Standalone/hp/x/rate:1/duration_s:2")
        # Scenario parameters look alike but stay.
        self.assertEqual(strip_benchmark_parts("DualModel/a/b/duration_s:4"),
                         "DualModel/a/b/duration_s:4")

    def test_dual_model(self):
        c = parse_case_name("DualModel/os-priority/smoke/rate:200/batch:8/"
                            "duration_s:4/iterations:1/real_time")
        self.assertEqual(c.family, "DualModel")
        self.assertEqual(c.scheduler, "os-priority")
        self.assertEqual(c.scenario, "smoke")
        self.assertEqual(c.params, ("rate:200", "batch:8", "duration_s:4"))
        self.assertEqual(c.settings, ())
        self.assertEqual(c.variant, "os-priority")
        self.assertEqual(c.param("rate"), "200")
        self.assertIsNone(c.param("seed"))

    def test_scheduler_settings_follow_duration(self):
        c = parse_case_name("DualModel/xsched/smoke/rate:200/batch:8/"
                            "duration_s:4/lp_threshold:4/lp_batch_size:2")
        self.assertEqual(c.params, ("rate:200", "batch:8", "duration_s:4"))
        self.assertEqual(c.settings, ("lp_threshold:4", "lp_batch_size:2"))
        self.assertEqual(c.variant, "xsched/lp_threshold:4/lp_batch_size:2")

    def test_pair_key_ignores_scheduler_and_settings(self):
        a = parse_case_name("DualModel/baseline/s/rate:1/batch:2/duration_s:3")
        b = parse_case_name("DualModel/xsched/s/rate:1/batch:2/duration_s:3/"
                            "lp_threshold:4")
        c = parse_case_name("DualModel/xsched/s/rate:2/batch:2/duration_s:3")
        self.assertEqual(a.pair_key, b.pair_key)
        self.assertNotEqual(a.pair_key, c.pair_key)
        self.assertEqual(key_text(a.pair_key), "s/rate:1/batch:2/duration_s:3")

    def test_standalone(self):
        hp = parse_case_name("Standalone/hp/smoke/rate:200/duration_s:4")
        self.assertEqual((hp.family, hp.role, hp.scenario),
                         ("Standalone", "hp", "smoke"))
        dual = parse_case_name("DualModel/x/smoke/rate:200/batch:8/"
                               "duration_s:4/lp_threshold:4")
        self.assertEqual(standalone_name(dual, "hp"),
                         "Standalone/hp/smoke/rate:200/duration_s:4")
        self.assertEqual(standalone_name(dual, "lp"),
                         "Standalone/lp/smoke/batch:8/duration_s:4")

    def test_other_names_are_not_cases(self):
        for name in ("BM_Percentile/1000", "DualModel/baseline", "",
                     "Standalone/gpu/smoke/rate:1", "DualModel//smoke/x"):
            with self.subTest(name=name):
                self.assertIsNone(parse_case_name(name))


if __name__ == "__main__":
    unittest.main()
