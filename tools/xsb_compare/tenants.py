"""The cases of scenarios with tenants (docs/scenarios.md):
Tenants/<scheduler>/<scenario>/tenants:N/duration_s:D[/settings], whose
counters are t_<tenant>_<metric> (docs/metrics.md). One table per case, a
row per tenant, each value the median over the case's repetitions. Pure
functions; compare, report and history share them."""

import json
import re
import statistics
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from .names import TENANTS, parse_case_name

_COUNTER = re.compile(r"^t_([a-z][a-z0-9]*)_(.+)$")
_LABEL_TENANT = re.compile(r"\btenant:([a-z][a-z0-9]*)\[")

# (column header, metric) after the tenant and its kind.
COLUMNS = (
    ("P50 (ms)", "p50_ms"), ("P99 (ms)", "p99_ms"),
    ("P99 interval (ms)", ""), ("requests", "requests"),
    ("achieved (req/s)", "achieved_rps"), ("iter/s", "iter_per_s"),
    ("samples/s", "samples_per_s"), ("SLO P99 (ms)", "slo_p99_ms"),
    ("SLO", "slo_met"))
HEADER = ("tenant", "kind") + tuple(title for title, _ in COLUMNS)
MISSING = "-"


@dataclass(frozen=True)
class TenantTable:
    case: str  # without Google Benchmark's parts
    source: str  # the results file
    repetitions: int  # that ran
    rows: tuple  # tuples of cells, HEADER's columns
    errors: tuple  # messages of the repetitions that failed


def tenant_metrics(counters: Mapping[str, float]) -> dict[str, dict]:
    """{"web": {"p99_ms": 3.1, ...}, ...} from t_<tenant>_<metric>."""
    found: dict[str, dict] = {}
    for name, value in counters.items():
        m = _COUNTER.match(name)
        if m:
            found.setdefault(m.group(1), {})[m.group(2)] = value
    return found


def _number(value: Optional[float]) -> str:
    if value is None:
        return MISSING
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _slo(m: Mapping[str, float]) -> str:
    """met: the P99's whole interval is under the SLO; missed: all of it is
    above; else why neither can be said."""
    if "slo_met" not in m:
        return MISSING
    if m["slo_met"] == 1:
        return "met"
    if m.get("p99_valid") != 1:
        return "unknown (P99 invalid)"
    if m.get("p99_ci_low_ms", 0) > m["slo_p99_ms"]:
        return "missed"
    return "unsure (interval spans it)"


def _row(tenant: str, m: Mapping[str, float]) -> tuple:
    latency = "p99_ms" in m
    cells = [tenant, "latency" if latency else "throughput"]
    for _, metric in COLUMNS:
        if metric == "slo_met":
            cells.append(_slo(m))
        elif metric:
            cells.append(_number(m.get(metric)))
        elif "p99_ci_low_ms" in m and m.get("p99_valid") == 1:
            cells.append(f"[{_number(m['p99_ci_low_ms'])}, "
                         f"{_number(m['p99_ci_high_ms'])}]")
        else:
            cells.append(MISSING if not latency else "invalid")
    return tuple(cells)


def build_table(case: str, source: str, repetitions: list[dict],
                label: str, errors: list[str]) -> TenantTable:
    """The table of one case from its repetitions' counters: tenants in
    the label's order (the file's), medians of each value."""
    medians: dict[str, float] = {}
    for name in {k for rep in repetitions for k in rep}:
        medians[name] = statistics.median(
            rep[name] for rep in repetitions if name in rep)
    metrics = tenant_metrics(medians)
    order = [t for t in _LABEL_TENANT.findall(label) if t in metrics]
    order += sorted(t for t in metrics if t not in order)
    return TenantTable(case, source, len(repetitions),
                       tuple(_row(t, metrics[t]) for t in order),
                       tuple(errors))


def tables_from_doc(doc: Any, path: str) -> list[TenantTable]:
    """The Tenants cases of one Google Benchmark JSON document, in file
    order (aggregate rows left out: the repetitions are used)."""
    cases: dict[str, dict] = {}
    entries = doc.get("benchmarks") if isinstance(doc, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("run_type") == "aggregate":
            continue
        name = parse_case_name(str(entry.get("run_name") or
                                   entry.get("name", "")))
        if name is None or name.family != TENANTS:
            continue
        slot = cases.setdefault(name.name, {"reps": [], "errors": [],
                                            "label": ""})
        if entry.get("error_occurred"):
            slot["errors"].append(str(entry.get("error_message", "failed")))
            continue
        slot["label"] = slot["label"] or str(entry.get("label", ""))
        slot["reps"].append({k: float(v) for k, v in entry.items()
                             if _COUNTER.match(k) and
                             isinstance(v, (int, float)) and
                             not isinstance(v, bool)})
    return [build_table(case, path, s["reps"], s["label"], s["errors"])
            for case, s in cases.items()]


def _title(table: TenantTable) -> str:
    reps = f"{table.repetitions} repetition(s)"
    failed = f", {len(table.errors)} failed" if table.errors else ""
    return f"{table.case} ({table.source}, {reps}{failed})"


def render_text(tables: list[TenantTable]) -> str:
    """Aligned columns, one block per case; "" for none."""
    blocks = []
    for table in tables:
        rows = [HEADER] + list(table.rows)
        widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
                 for r in rows]
        blocks.append("Tenants: " + _title(table) + "\n" + "\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def render_markdown(tables: list[TenantTable]) -> str:
    blocks = []
    for table in tables:
        lines = ["| " + " | ".join(HEADER) + " |",
                 "|" + "---|" * len(HEADER)]
        lines += ["| " + " | ".join(r) + " |" for r in table.rows]
        blocks.append(f"## Tenants: {_title(table)}\n\n" + "\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def to_json(tables: list[TenantTable]) -> list[dict]:
    return [{"case": t.case, "source": t.source,
             "repetitions": t.repetitions, "errors": list(t.errors),
             "tenants": [dict(zip(HEADER, r)) for r in t.rows]}
            for t in tables]


def with_json_tables(text: str, tables: list[TenantTable]) -> str:
    """compare's JSON report with "tenant_tables" added."""
    data = json.loads(text)
    data["tenant_tables"] = to_json(tables)
    return json.dumps(data, indent=2) + "\n"
