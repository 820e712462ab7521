"""What report.md and report.html say, as document blocks: configuration,
a results table per scenario, the changes against baseline and standalone,
the paired rounds, the plan's success criteria, validity notes, plots and
files."""

from dataclasses import dataclass, field

from xsb_compare.tenants import HEADER as TENANT_HEADER

from . import checks
from .document import Block, Bullets, Heading, Image, Paragraph, \
    Preformatted, Table
from .groups import Group, scenarios
from .noise_section import noise_section
from .runs import Case, Run, Samples
from .text import (MISSING, change_cell, counter_cell, number, percent,
                   pooled_cell, rounds_line, times)
from .verdicts import (HP_P99, HP_SLOWDOWN, LP_RETENTION, LP_THROUGHPUT,
                       SYSTEM_THROUGHPUT, TEST_ONLY_KEY, Comparison,
                       PairVerdict)

# The confidence of the results table's intervals when the run's context
# does not state its xsb_confidence.
ASSUMED_CONFIDENCE = 0.95

# (column header, counter) of the results table, in order.
RESULT_COLUMNS = (
    ("HP P50 (ms)", "hp_p50_ms"), ("HP P90 (ms)", "hp_p90_ms"),
    ("HP P99 (ms)", "hp_p99_ms"), ("HP P99.9 (ms)", "hp_p999_ms"),
    ("HP max (ms)", "hp_max_ms"), ("send lag P99 (µs)", "hp_send_lag_p99_us"),
    ("HP achieved (req/s)", "hp_achieved_rps"),
    ("LP iter/s", "lp_iter_per_s"), ("LP samples/s", "lp_samples_per_s"))
# (row label, context key) of the configuration table.
CONTEXT_ROWS = (
    ("warm-up (s)", "xsb_warmup_s"),
    ("arrival", "xsb_arrival"), ("seed", "xsb_seed"),
    ("HP model", "xsb_hp_model"), ("LP model", "xsb_lp_model"),
    ("backend", "xsb_backend"), ("backend requested", "xsb_backend_request"),
    ("device", "xsb_device"),
    ("device compute units", "xsb_device_compute_units"),
    ("device memory (bytes)", "xsb_device_memory_bytes"),
    ("driver", "xsb_driver_version"), ("runtime", "xsb_runtime_version"),
    ("memory limit (MiB)", "xsb_memory_limit_mib"),
    ("percentiles", "xsb_percentiles"),
    ("progress interval (s)", "xsb_progress_s"),
    ("suite version", "xsb_version"), ("git commit", "xsb_git_commit"),
    ("command line", "xsb_command_line"), ("programs", "xsb_executable"),
    ("date", "date"), ("host", "host_name"))
# Context keys whose value may be a map per scenario.
PER_SCENARIO_KEYS = ("xsb_warmup_s",)
# The remedy in a GPU failure that points at the CPU backend: on a run that
# used the CPU backend it advises what already happened.
_CPU_REMEDY = "--xsb_backend=cpu"


@dataclass
class Inputs:
    """Everything a report is made of, gathered by folder.build_folder."""
    run: Run
    comparison: Comparison
    groups: list[Group]
    plots: dict[str, list[str]]  # group key -> PNG file names
    verdict_text: str  # the terminal verdict block
    files: list[str]  # one line per file of the folder
    notes: list[str] = field(default_factory=list)  # the tool's own
    samples: dict[str, list[Samples]] = field(default_factory=dict)
    # The latency-load section of a sweep over the HP rate (load_curve).
    load_section: list[Block] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        try:
            found = float(self.run.context.get("xsb_confidence", ""))
        except ValueError:
            return ASSUMED_CONFIDENCE
        return found if 0 < found < 1 else ASSUMED_CONFIDENCE


def _params(groups: list[Group], key: str, unit: str) -> str:
    values = []
    for g in groups:
        if key in g.params and g.params[key] not in values:
            values.append(g.params[key])
    return ", ".join(values) + unit if values else MISSING


def per_scenario(value: str, names: list[str]) -> str:
    """A context value that may be a per-scenario map ("original:5,smoke:1",
    as xsb_bench writes the warm-up of a run whose scenarios differ),
    narrowed to these scenarios: one value when they agree."""
    entries = [part.partition(":") for part in value.split(",")]
    if not all(sep and name for name, sep, _ in entries):
        return value
    found = {name.strip(): v.strip() for name, _, v in entries}
    wanted = [(n, found[n]) for n in names if n in found]
    if not wanted:
        return value
    if len({v for _, v in wanted}) == 1:
        return wanted[0][1]
    return ", ".join(f"{n}: {v}" for n, v in wanted)


def _context_value(run: Run, key: str) -> str:
    value = str(run.context[key])
    return per_scenario(value, scenarios(run)) if key in PER_SCENARIO_KEYS \
        else value


def configuration(inputs: Inputs) -> list[Block]:
    run, groups = inputs.run, inputs.groups
    rows = [["scenario", ", ".join(scenarios(run))],
            ["HP rate", _params(groups, "rate", " requests/s")],
            ["LP batch", _params(groups, "batch", " samples/iteration")],
            ["measured duration", _params(groups, "duration_s", " s")]]
    rows += [[label, _context_value(run, key)] for label, key in CONTEXT_ROWS
             if key in run.context]
    rows += [[key, str(value)] for key, value in sorted(run.context.items())
             if key.startswith("xsb_xsched_")]
    schedulers = [[case.variant, f"`{case.label}`" if case.label else MISSING]
                  for g in groups for case in g.dual]
    return [Heading(2, "Configuration"), Table(["setting", "value"], rows),
            Paragraph(f"Benchmark file: `{run.path}`. Schedulers and how "
                      "each worker ran (the case's label):"),
            Table(["scheduler", "label"], schedulers)]


def _rounds(case: Case) -> str:
    text = str(len(case.repetitions))
    return text + (f" ({len(case.errors)} failed)" if case.errors else "")


def _cell(case: Case, counter: str, samples: list[Samples],
          confidence: float) -> str:
    return pooled_cell(samples, counter, confidence) or counter_cell(
        case, counter)


def results_table(group: Group, samples: dict[str, list[Samples]],
                  confidence: float = ASSUMED_CONFIDENCE) -> Table:
    header = ["case"] + [h for h, _ in RESULT_COLUMNS] + ["rounds"]
    rows = [[label] + [_cell(case, counter, samples.get(case.name, []),
                             confidence)
                       for _, counter in RESULT_COLUMNS] + [_rounds(case)]
            for label, case in group.series()]
    return Table(header, rows)


def changes_table(pairs: list[PairVerdict]) -> Table:
    system = any(SYSTEM_THROUGHPUT in p.standalone.get("candidate", {})
                 for p in pairs)
    header = ["scheduler", "HP P99 vs baseline", "LP iter/s vs baseline",
              "HP P99 vs standalone", "LP vs standalone"]
    header += ["system throughput"] if system else []
    header += ["verdict"]
    base = pairs[0].standalone.get("baseline", {})
    rows = [["baseline", MISSING, MISSING, times(base.get(HP_SLOWDOWN)),
             percent(base.get(LP_RETENTION))] + [MISSING] * system + [""]]
    for p in pairs:
        alone = p.standalone.get("candidate", {})
        rows.append([p.variant, change_cell(p.hp_p99_ratio),
                     change_cell(p.lp_ratio), times(alone.get(HP_SLOWDOWN)),
                     percent(alone.get(LP_RETENTION))]
                    + [times(alone.get(SYSTEM_THROUGHPUT))] * system
                    + [p.word])
    return Table(header, rows)


def results(inputs: Inputs) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, "Results per scheduler"),
        Paragraph("HP percentiles and LP iter/s are each case's rounds "
                  "pooled from the samples (the data the CDF plot draws): "
                  "the percentile of every in-window latency of every "
                  "round, and every in-window LP iteration over the "
                  "windows' total length, with the order-statistic "
                  "interval `[low, high]` at the run's confidence. The "
                  "other cells are the counter of the case "
                  "(docs/metrics.md): with rounds the median and "
                  "`(smallest..largest)`. Send lag is in µs, latencies in "
                  "ms.")]
    for group in inputs.groups:
        pairs = [p for p in inputs.comparison.pairs if p.key == group.key]
        blocks += [Heading(3, group.key),
                   results_table(group, inputs.samples, inputs.confidence)]
        if pairs:
            blocks += [Paragraph("Changes against the baseline (ratio and "
                                 "change) and the standalone references "
                                 "(HP P99 slowdown, LP throughput "
                                 "retention), from the compare tool:"),
                       changes_table(pairs)]
    return blocks


def _ratio(points: list[tuple[int, float]], r: int) -> str:
    found = dict(points).get(r)
    return MISSING if found is None else f"x{number(found)}"


def rounds_table(pair: PairVerdict) -> Table:
    """A row per round used: its HP P99 and LP ratios."""
    hp, lp = pair.per_round.get(HP_P99, []), pair.per_round.get(
        LP_THROUGHPUT, [])
    return Table(["round", "HP P99 candidate / baseline",
                  "LP iter/s candidate / baseline"],
                 [[str(r), _ratio(hp, r), _ratio(lp, r)]
                  for r in pair.rounds_used])


def _rounds_text(comparison: Comparison) -> str:
    found = comparison.rounds
    if found is None:
        return "The compare tool said nothing about the rounds."
    return ("Rounds: " + rounds_line(found, full_order=True) + ". Each "
            "round's ratio is what a "
            "single run would have concluded; the interval over the rounds "
            "is the verdict's (docs/compare.md, \"Paired rounds\").")


def rounds_section(inputs: Inputs) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Rounds"),
                           Paragraph(_rounds_text(inputs.comparison))]
    for pair in inputs.comparison.pairs:
        if not pair.rounds_used and not pair.left_out:
            continue
        blocks += [Heading(3, f"{pair.variant} vs baseline, {pair.key}"),
                   rounds_table(pair)]
        if pair.left_out:
            blocks.append(Bullets([f"left out: {why}"
                                   for why in pair.left_out]))
    return blocks


def tenant_tables(inputs: Inputs) -> list[Block]:
    """One table per Tenants case (docs/scenarios.md), a row per tenant."""
    if not inputs.run.tenants:
        return []
    blocks: list[Block] = [
        Heading(2, "Tenants"),
        Paragraph("Cases of scenarios with tenants: each tenant's counters "
                  "(`t_<tenant>_*`, docs/metrics.md), medians over the "
                  "repetitions; SLO `met` when the P99's whole interval is "
                  "under it.")]
    for table in inputs.run.tenants:
        blocks += [Heading(3, table.case),
                   Table(list(TENANT_HEADER), [list(r) for r in table.rows])]
    return blocks


def criteria(inputs: Inputs) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Success criteria (reference plan)")]
    if TEST_ONLY_KEY in inputs.run.context:
        blocks.append(Paragraph("TEST-ONLY run: "
                                f"{inputs.run.context[TEST_ONLY_KEY]}. The "
                                "criteria are shown, but give no verdict."))
    if not inputs.comparison.pairs:
        blocks.append(Paragraph("No scheduler was compared with a baseline: "
                                "no criteria to check."))
    for pair in inputs.comparison.pairs:
        rows = [[c.name, c.status, c.detail]
                for c in checks.plan_checks(pair, inputs.run)]
        blocks += [Heading(3, f"{pair.variant} vs baseline, {pair.key}: "
                              f"{pair.word}"),
                   Table(["criterion", "status", "detail"], rows)]
    return blocks


def validity_notes(inputs: Inputs) -> list[str]:
    run, comparison = inputs.run, inputs.comparison
    notes = []
    if TEST_ONLY_KEY in run.context:
        notes.append(f"TEST-ONLY: {run.context[TEST_ONLY_KEY]}")
    if "xsb_backend_note" in run.context:
        notes.append(backend_note(run.context))
    notes += [f"{name}: {len(case.errors)} repetition(s) failed: "
              f"{case.errors[0]}" for name, case in run.cases.items()
              if case.errors]
    # A DualModel case's are in its pair's notes (the compare tool's).
    notes += [f"{name}: {what}: left out of its figures"
              for name, case in run.cases.items() if not case.scheduler
              for what in case.non_finite]
    notes += comparison.notes
    for pair in comparison.pairs:
        notes += [pair_note(pair, n) for n in pair.validity_notes]
        notes += [f"{pair.variant}: {r}" for r in pair.reasons]
    return list(dict.fromkeys(notes + inputs.notes))  # in order, once each


def backend_note(context: dict) -> str:
    """Why the GPU was not used; on a run that used the CPU backend, the
    cause without the remedy that points at the CPU backend."""
    note = str(context["xsb_backend_note"])
    cause, _, remedy = note.partition("; ")
    if context.get("xsb_backend") != "cpu" or _CPU_REMEDY not in remedy:
        return note
    return f"{cause}; the run used the CPU backend"


def pair_note(pair: PairVerdict, note: str) -> str:
    """The note prefixed with the candidate's scheduler, unless it is about
    the baseline case (which it names): that note is the same for every
    pair, and belongs to no candidate."""
    return note if pair.baseline in note else f"{pair.variant}: {note}"


def plots_section(inputs: Inputs) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Plots")]
    for group in inputs.groups:
        names = inputs.plots.get(group.key, [])
        if len(inputs.groups) > 1 and names:
            blocks.append(Heading(3, group.key))
        blocks += [Image(name, name.rsplit(".", 1)[0].replace("_", " "))
                   for name in names]
    if len(blocks) == 1:
        blocks.append(Paragraph("No plots (see the validity notes)."))
    return blocks


def build_document(inputs: Inputs) -> list[Block]:
    """The report's blocks, in order."""
    title = "xsb_bench report: " + ", ".join(scenarios(inputs.run))
    notes = validity_notes(inputs)
    return ([Heading(1, title),
             Paragraph(f"Verdict: {inputs.comparison.word}"),
             Preformatted(inputs.verdict_text)]
            + configuration(inputs) + results(inputs)
            + rounds_section(inputs) + tenant_tables(inputs)
            + criteria(inputs) + noise_section(inputs.comparison.pairs)
            + [Heading(2, "Validity notes"), Bullets(notes or ["none"])]
            + plots_section(inputs) + inputs.load_section
            + [Heading(2, "Files"), Bullets(inputs.files)])
