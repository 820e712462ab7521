"""Which context keys two compared files must agree on: every key but a
documented allowlist; a difference names the key and both values (exit 2
unless --allow-mismatch)."""
import unittest

from support import document, dual, run_main, write_json
from test_ab import Files
from xsb_compare import counters as cn
from xsb_compare.pair import context_gaps, context_mismatches


class MismatchTest(unittest.TestCase):
    def test_every_key_but_the_allowlist(self):
        a = {"xsb_warmup_s": "0", "xsb_seed": "42", "date": "monday",
             "num_cpus": 2}
        b = {"xsb_warmup_s": "3", "xsb_seed": "42", "date": "tuesday",
             "num_cpus": 4}
        self.assertEqual(context_mismatches(("a", a), ("b", b)), [
            "num_cpus is '2' in a but '4' in b",
            "xsb_warmup_s is '0' in a but '3' in b"])

    def test_allowlist(self):
        # Provenance: when, where, from which commit and command line, and
        # where XSched is installed.
        self.assertEqual(cn.UNCHECKED_CONTEXT_KEYS, frozenset({
            "date", "host_name", "executable", "load_avg", "mhz_per_cpu",
            "library_version", "json_schema_version", "xsb_command_line",
            "xsb_git_commit", "xsb_version", "xsb_executable",
            "xsb_backend_request",
            "xsb_backend_note", "xsb_xsched_root", "xsb_xsched_shim",
            "xsb_xsched_server", "xsb_xsched_port", "xsb_xsched_unavailable",
            "xsb_confidence", "xsb_xsched_test_only",
            "xsb_exec_round_trip_p50_us", "xsb_exec_round_trip_p99_us",
            "xsb_exec_round_trip_model",
            # Rounds and the verdict's looks (issue 21).
            "xsb_rounds", "xsb_rounds_min", "xsb_rounds_max",
            "xsb_round_order", "xsb_sequential", "xsb_verdict_confidence",
            "xsb_max_hp_p99_ratio", "xsb_min_lp_ratio", "xsb_rounds_run",
            "xsb_rounds_stop", "xsb_sweep"}))
        a = {k: "one" for k in cn.UNCHECKED_CONTEXT_KEYS}
        b = {k: "two" for k in cn.UNCHECKED_CONTEXT_KEYS}
        self.assertEqual(context_mismatches(("a", a), ("b", b)), [])
        # Each look xsb_bench recorded is one run's own course.
        self.assertEqual(context_mismatches(
            ("a", {"xsb_round_look_4": "pair=x;k=4"}),
            ("b", {"xsb_round_look_4": "pair=x;k=4;n=3"})), [])

    def test_scheduler_settings_are_checked(self):
        a = {"xsb_xsched_policy": "HPF", "xsb_xsched_lp_queue": "priority=0"}
        b = {"xsb_xsched_policy": "HPF", "xsb_xsched_lp_queue": "priority=1"}
        self.assertEqual(context_mismatches(("a", a), ("b", b)), [
            "xsb_xsched_lp_queue is 'priority=0' in a but 'priority=1' in b"])

    def test_keys_only_one_file_has(self):
        a = {"xsb_seed": "42", "xsb_warmup_s": "3", "xsb_xsched_policy": "HPF"}
        b = {"xsb_seed": "42", "date": "today"}
        self.assertEqual(context_mismatches(("a", a), ("b", b)), [])
        # A scheduler's own keys are missing from a run without its cases.
        self.assertEqual(context_gaps(("a", a), ("b", b)), [
            "context: xsb_warmup_s is only in a, so b cannot be checked "
            "against it"])

    def test_explicit_keys_for_references(self):
        self.assertEqual(context_mismatches(
            ("a", {"xsb_backend": "hip", "xsb_device": "x"}),
            ("b", {"xsb_backend": "hip", "xsb_device": "y"}),
            cn.REFERENCE_CONTEXT_KEYS), [])


class CommandLineTest(Files):
    def test_warm_up_differs(self):
        base = write_json(self.dir.name, "b.json",
                          document(dual("baseline"), xsb_warmup_s="0"))
        cand = write_json(self.dir.name, "c.json",
                          document(dual("os-priority", (8.0, 7.5, 8.5)),
                                   xsb_warmup_s="3", date="later",
                                   xsb_git_commit="abc123"))
        code, out, err = run_main(base, cand)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, f"compare.py: context mismatch: xsb_warmup_s "
                         f"is '0' in {base} but '3' in {cand}; pass "
                         "--allow-mismatch to compare anyway\n")
        code, out, _ = run_main(base, cand, "--allow-mismatch")
        self.assertEqual(code, 0)
        self.assertIn("context mismatch (allowed): xsb_warmup_s is '0'", out)

    def test_every_difference_is_named(self):
        base = write_json(self.dir.name, "b.json",
                          document(dual("baseline"), xsb_warmup_s="0",
                                   xsb_seed="42"))
        cand = write_json(self.dir.name, "c.json",
                          document(dual("os-priority"), xsb_warmup_s="3",
                                   xsb_seed="7"))
        code, _, err = run_main(base, cand)
        self.assertEqual(code, 2)
        self.assertEqual(err.count("\n"), 1)
        self.assertIn(f"xsb_seed is '42' in {base} but '7' in {cand}; "
                      f"xsb_warmup_s is '0' in {base} but '3' in {cand}; "
                      "pass --allow-mismatch", err)

    def test_a_key_only_one_file_has_is_a_note(self):
        base = write_json(self.dir.name, "b.json", document(dual("baseline")))
        cand = write_json(self.dir.name, "c.json",
                          document(dual("os-priority", (8.0, 7.5, 8.5)),
                                   xsb_warmup_s="3"))
        code, out, _ = run_main(base, cand)
        self.assertEqual(code, 0)
        self.assertIn(f"context: xsb_warmup_s is only in {cand}", out)


if __name__ == "__main__":
    unittest.main()
