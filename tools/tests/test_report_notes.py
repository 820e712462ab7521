"""Issue 25 item 11: the report's validity notes and configuration say
what belongs to this run: a note about the baseline case carries no other
scheduler's name, a run on the CPU backend is not told to use the CPU
backend, and the warm-up row shows this scenario's warm-up, not the map of
every scenario's."""

import os
import tempfile
import unittest

import report_support as rs
from xsb_report import content, folder

NO_PLOTS = (lambda: (None, "plots skipped: --no-plots (test)"))
GPU_NOTE = ("GPU not used: no HIP device found (hipGetDeviceCount: 0 "
            "devices); run on a machine with a GPU or use --xsb_backend=cpu")
WARMUP_MAP = "original:5,intensive:10,smoke:1"


def report_lines(context: dict, rounds: int = 3) -> list[str]:
    with tempfile.TemporaryDirectory() as d:
        path = rs.make_run(d, context, rounds)
        folder.build_folder(folder.Options(path, rs.TOOLS), NO_PLOTS)
        return rs.read_text(os.path.join(d, "report.md")).splitlines()


def notes_of(lines: list[str]) -> list[str]:
    start = lines.index("## Validity notes") + 2
    end = next(i for i in range(start, len(lines)) if not lines[i])
    return [line[2:] for line in lines[start:end]]


class ReportNotesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lines = report_lines({"xsb_backend_note": GPU_NOTE,
                                  "xsb_warmup_s": WARMUP_MAP})
        cls.notes = notes_of(cls.lines)

    def test_baseline_note_names_no_candidate(self):
        about_base = [n for n in self.notes if rs.BASE in n]
        self.assertEqual(len(about_base), 1, self.notes)  # once, not per pair
        self.assertTrue(about_base[0].startswith("P99.9 not supported"),
                        about_base)
        about_os = [n for n in self.notes if rs.OS in n]
        self.assertTrue(about_os[0].startswith("os-priority: P99.9"),
                        about_os)

    def test_cpu_run_is_not_told_to_use_the_cpu_backend(self):
        gpu = [n for n in self.notes if n.startswith("GPU not used")]
        self.assertEqual(gpu, ["GPU not used: no HIP device found "
                               "(hipGetDeviceCount: 0 devices); the run "
                               "used the CPU backend"])
        self.assertFalse(any("--xsb_backend=cpu" in n for n in self.notes))

    def test_gpu_run_keeps_the_remedy(self):
        context = {"xsb_backend_note": GPU_NOTE, "xsb_backend": "hip"}
        self.assertEqual(content.backend_note(context), GPU_NOTE)

    def test_warmup_row_shows_this_scenarios_value(self):
        row = [line for line in self.lines if line.startswith("| warm-up")]
        self.assertEqual(row, ["| warm-up (s) | 1 |"])  # the smoke run's

    def test_warmup_of_several_scenarios(self):
        self.assertEqual(content.per_scenario(WARMUP_MAP,
                                              ["original", "smoke"]),
                         "original: 5, smoke: 1")
        self.assertEqual(content.per_scenario("2.5", ["smoke"]), "2.5")
        self.assertEqual(content.per_scenario("a:1,b:1", ["a", "b"]), "1")


if __name__ == "__main__":
    unittest.main()
