"""Cases of scenarios with tenants (docs/scenarios.md) in compare, report
and history: one table per case, a row per tenant, the counters' units and
directions from their roles'."""
import json
import tempfile
import unittest

from support import document, dual, entry, run_main, write_json
from xsb_compare import counters as cn
from xsb_compare import tenants
from xsb_compare.names import TENANTS, parse_case_name
from xsb_report import content
from xsb_report.runs import parse_run

CASE = "Tenants/{}/three/tenants:3/duration_s:4"
LABEL = ("scheduler={} tenant:web[default] tenant:search[default] "
         "tenant:train[default]")


def tenant_row(scheduler, web_p99=5.0, web_high=6.0, search_low=60.0,
               **extra):
    counters = dict(
        t_web_p50_ms=1.0, t_web_p99_ms=web_p99, t_web_p99_valid=1.0,
        t_web_p99_ci_low_ms=web_p99 - 1, t_web_p99_ci_high_ms=web_high,
        t_web_requests=400.0, t_web_achieved_rps=100.0,
        t_web_slo_p99_ms=10.0, t_web_slo_met=float(web_high <= 10),
        t_search_p50_ms=2.0, t_search_p99_ms=70.0, t_search_p99_valid=1.0,
        t_search_p99_ci_low_ms=search_low, t_search_p99_ci_high_ms=80.0,
        t_search_requests=200.0, t_search_slo_p99_ms=50.0,
        t_search_slo_met=0.0,
        t_train_iter_per_s=300.0, t_train_samples_per_s=2400.0,
        window_s=4.0)
    counters.update(extra)
    return dict(entry(CASE.format(scheduler), **counters),
                label=LABEL.format(scheduler))


class TenantTablesTest(unittest.TestCase):
    def test_a_tenants_case_name_parses(self):
        c = parse_case_name(CASE.format("os-priority") +
                            "/iterations:1/real_time")
        self.assertEqual(c.family, TENANTS)
        self.assertEqual((c.scheduler, c.scenario), ("os-priority", "three"))
        self.assertEqual(c.params, ("tenants:3", "duration_s:4"))

    def test_one_row_per_tenant_in_the_files_order(self):
        doc = document(tenant_row("baseline"), dual("baseline"))
        tables = tenants.tables_from_doc(doc, "r.json")
        self.assertEqual(len(tables), 1)  # the DualModel case has none
        rows = {r[0]: r for r in tables[0].rows}
        self.assertEqual([r[0] for r in tables[0].rows],
                         ["web", "search", "train"])
        header = list(tenants.HEADER)
        web = dict(zip(header, rows["web"]))
        self.assertEqual(web["kind"], "latency")
        self.assertEqual(web["P99 (ms)"], "5")
        self.assertEqual(web["P99 interval (ms)"], "[4, 6]")
        self.assertEqual(web["SLO"], "met")
        search = dict(zip(header, rows["search"]))
        self.assertEqual(search["SLO"], "missed")  # its whole interval above
        train = dict(zip(header, rows["train"]))
        self.assertEqual((train["kind"], train["iter/s"], train["P99 (ms)"]),
                         ("throughput", "300", "-"))

    def test_an_slo_inside_the_interval_or_an_invalid_p99_is_not_judged(self):
        spans = tenants.tables_from_doc(document(tenant_row(
            "b", search_low=40.0)), "r.json")[0].rows
        self.assertEqual(spans[1][-1], "unsure (interval spans it)")
        invalid = tenants.tables_from_doc(document(tenant_row(
            "b", web_high=20.0, t_web_p99_valid=0.0)), "r.json")[0].rows
        self.assertEqual(invalid[0][-1], "unknown (P99 invalid)")
        self.assertEqual(invalid[0][4], "invalid")

    def test_medians_over_repetitions_and_failures_counted(self):
        failed = dict(entry(CASE.format("b")), error_occurred=True,
                      error_message="tenant web: boom")
        doc = document(tenant_row("b", web_p99=1.0),
                       tenant_row("b", web_p99=3.0),
                       tenant_row("b", web_p99=9.0), failed)
        table = tenants.tables_from_doc(doc, "r.json")[0]
        self.assertEqual(table.rows[0][3], "3")
        self.assertEqual((table.repetitions, table.errors),
                         (3, ("tenant web: boom",)))

    def test_tenant_counters_have_their_roles_unit_and_direction(self):
        self.assertEqual(cn.direction_of("t_web_p99_ms"),
                         cn.direction_of("hp_p99_ms"))
        self.assertEqual(cn.direction_of("t_train_iter_per_s"),
                         cn.direction_of("lp_iter_per_s"))
        self.assertEqual(cn.unit_of("t_web_p99_ms"), cn.unit_of("hp_p99_ms"))
        self.assertTrue(cn.is_known("t_web_requests"))
        self.assertFalse(cn.is_known("t_web_no_such_metric"))
        self.assertFalse(cn.is_known("t_Web_p99_ms"))


class CompareTenantsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def test_a_file_of_tenants_cases_only_gives_its_tables(self):
        path = write_json(self.tmp.name, "t.json", document(
            tenant_row("baseline"), tenant_row("os-priority")))
        code, out, err = run_main(path)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.count("Tenants: Tenants/"), 2, out)
        self.assertRegex(out, r"(?m)^web +latency +1 +5 +\[4, 6\]")
        # No verdict rests on them: nothing valid to judge under --gate.
        self.assertEqual(run_main(path, "--gate")[0], 3)
        code, out, _ = run_main(path, "--format=json")
        data = json.loads(out)
        self.assertEqual(data["tenant_tables"][1]["case"],
                         CASE.format("os-priority"))
        self.assertEqual(data["tenant_tables"][1]["tenants"][2]["iter/s"],
                         "300")

    def test_tables_follow_the_pairs_report(self):
        path = write_json(self.tmp.name, "m.json", document(
            dual("baseline"), dual("os-priority"), tenant_row("baseline")))
        code, out, err = run_main(path, "--format=markdown")
        self.assertEqual(code, 0, err)
        self.assertIn("## os-priority vs baseline", out)
        self.assertIn("## Tenants: " + CASE.format("baseline"), out)
        self.assertLess(out.index("## os-priority vs baseline"),
                        out.index("## Tenants: "))


class ReportTenantsTest(unittest.TestCase):
    def test_the_report_has_a_table_per_tenants_case(self):
        run = parse_run(document(tenant_row("baseline"),
                                 tenant_row("os-priority")), "t.json")
        self.assertEqual(run.cases, {})
        inputs = content.Inputs(run, None, [], {}, "", [])
        blocks = content.tenant_tables(inputs)
        tables = [b for b in blocks if isinstance(b, content.Table)]
        self.assertEqual(len(tables), 2)
        self.assertEqual([r[0] for r in tables[0].rows],
                         ["web", "search", "train"])


if __name__ == "__main__":
    unittest.main()
