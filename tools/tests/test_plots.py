"""Sample files and plots. Drawing runs where matplotlib is importable."""
import json
import os
import sys
import tempfile
import unittest
from unittest import mock

from support import fixture, run_main
from xsb_compare import plots
from xsb_compare.errors import InputError
from xsb_compare.names import parse_case_name
from xsb_compare.samples import parse_samples, read_samples_dir

SMOKE = parse_case_name("DualModel/baseline/smoke/rate:200/batch:8/"
                        "duration_s:4").pair_key
PYPLOT, NOTICE = plots.load_pyplot()


class SamplesTest(unittest.TestCase):
    def test_read_directory(self):
        runs = read_samples_dir(fixture("samples"))
        # notes.json (another kind of JSON) and README.txt are skipped.
        self.assertEqual([(r.case.name, r.repetition) for r in runs], [
            ("DualModel/baseline/original/rate:10/batch:8/duration_s:60", 0),
            ("DualModel/baseline/smoke/rate:200/batch:8/duration_s:4", 0),
            ("DualModel/baseline/smoke/rate:200/batch:8/duration_s:4", 1),
            ("DualModel/os-priority/smoke/rate:200/batch:8/duration_s:4", 0),
            ("Standalone/hp/smoke/rate:200/duration_s:4", 0)])
        base = runs[1]
        self.assertEqual(base.window_s, (0.5, 1.5))
        self.assertEqual(base.hp[2], (0.5, 4.0, True))
        self.assertEqual(base.hp[0][2], False)
        # Requests scheduled at 0.5, 0.75, 1.0 and 1.25 s are in the window.
        self.assertEqual(base.window_latencies_ms(), [4.0, 2.0, 3.0, 8.0])
        self.assertEqual(base.lp_completions_s, [0.1, 0.6, 0.9, 1.4, 1.7])

    def test_bad_sample_files(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(InputError) as caught:
                read_samples_dir(d)
            self.assertIn("no sample files (write them with xsb_bench "
                          "--xsb_samples_dir=", str(caught.exception))
            with open(os.path.join(d, "x.json"), "w") as f:
                f.write("{")
            with self.assertRaises(InputError) as caught:
                read_samples_dir(d)
            self.assertIn("x.json: not JSON (Expecting", str(caught.exception))
        with self.assertRaises(InputError) as caught:
            read_samples_dir(fixture("base.json"))
        self.assertIn("not a directory", str(caught.exception))

    def test_malformed_sample_file(self):
        path = fixture("samples/Standalone_hp_smoke_rate_200_duration_s_4."
                       "rep0.json")
        with open(path) as f:
            doc = json.load(f)
        self.assertIsNone(parse_samples({"format": "other"}, "x"))
        for change, message in (({"hp": [[1, 2]]}, "malformed sample file"),
                                ({"version": 2}, "version 2 is not 1"),
                                ({"hp_columns": ["a"]},
                                 "unexpected hp_columns ['a']"),
                                ({"case": "BM_x"}, "not an xsb_bench case")):
            with self.subTest(change=change):
                with self.assertRaises(InputError) as caught:
                    parse_samples({**doc, **change}, "s.json")
                self.assertIn(message, str(caught.exception))


class PlotDataTest(unittest.TestCase):
    def test_groups_per_scheduler_with_standalone(self):
        groups = plots.group_samples(read_samples_dir(fixture("samples")),
                                     {SMOKE})
        self.assertEqual(list(groups), [SMOKE])
        series = groups[SMOKE]
        self.assertEqual(sorted(series), ["baseline", "os-priority",
                                          "standalone"])
        self.assertEqual([r.repetition for r in series["baseline"]], [0, 1])

    def test_cdf(self):
        self.assertEqual(plots.cdf([3.0, 1.0, 2.0, 2.0]),
                         ([1.0, 2.0, 2.0, 3.0], [0.25, 0.5, 0.75, 1.0]))

    def test_file_stem(self):
        self.assertEqual(plots.file_stem("hp_latency_cdf", SMOKE),
                         "hp_latency_cdf_smoke_rate_200_batch_8_duration_s_4")

    def test_notice_without_matplotlib(self):
        with mock.patch.dict(sys.modules, {"matplotlib": None}):
            pyplot, notice = plots.load_pyplot()
        self.assertIsNone(pyplot)
        self.assertNotIn("\n", notice)
        self.assertIn("apt-get install python3-matplotlib", notice)


@unittest.skipIf(PYPLOT is None, f"matplotlib is not importable: {NOTICE}")
class DrawTest(unittest.TestCase):
    def test_plots_are_written(self):
        with tempfile.TemporaryDirectory() as d:
            plot_dir = os.path.join(d, "plots")
            code, _, err = run_main(fixture("base.json"),
                                    fixture("os_priority.json"),
                                    "--samples-dir", fixture("samples"),
                                    "--plot-dir", plot_dir)
            self.assertEqual(code, 0, err)
            self.assertIn("wrote 2 plot(s)", err)
            names = sorted(os.listdir(plot_dir))
            self.assertEqual(names, [
                "hp_latency_cdf_smoke_rate_200_batch_8_duration_s_4.png",
                "hp_latency_over_time_smoke_rate_200_batch_8_duration_s_4"
                ".png"])
            for name in names:
                with open(os.path.join(plot_dir, name), "rb") as f:
                    self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
