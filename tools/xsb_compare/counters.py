"""What is known about each counter, in one place: pure data.

Directions: LOWER (latency, lag: lower is better), HIGHER (throughput: higher
is better), NEUTRAL (counts and settings: no better side). A counter missing
from COUNTERS is shown with direction UNKNOWN and gets no verdict. The
directions are words.Direction members, which equal (and hash as) the
strings "lower", "higher", "neutral" and "?"."""

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from .words import Direction

LOWER = Direction.LOWER
HIGHER = Direction.HIGHER
NEUTRAL = Direction.NEUTRAL
UNKNOWN = Direction.UNKNOWN

# name -> (unit, direction), in the order of docs/metrics.md, which is the
# order reports list them in.
COUNTERS = {
    "hp_p50_ms": ("ms", LOWER),
    "hp_p90_ms": ("ms", LOWER),
    "hp_p99_ms": ("ms", LOWER),
    "hp_p999_ms": ("ms", LOWER),
    "hp_max_ms": ("ms", LOWER),
    "hp_mean_ms": ("ms", LOWER),
    "hp_requests": ("requests", NEUTRAL),
    "hp_target_rps": ("requests/s", NEUTRAL),
    "hp_achieved_rps": ("requests/s", HIGHER),
    "hp_send_lag_p99_us": ("us", LOWER),
    "lp_iter_per_s": ("iterations/s", HIGHER),
    "lp_samples_per_s": ("samples/s", HIGHER),
    "lp_iters": ("iterations", NEUTRAL),
    # Each worker's model alone, before the run: a fact about the model and
    # the device, not something the scheduler under test changes.
    "hp_standalone_forward_ms": ("ms", NEUTRAL),
    "lp_standalone_forward_ms": ("ms", NEUTRAL),
    # Preemption/*: HP spin kernel launch (as scheduled) -> completion
    # behind a stream full of LP spin kernels (docs/metrics.md).
    "preempt_p50_us": ("us", LOWER),
    "preempt_p99_us": ("us", LOWER),
    "preempt_max_us": ("us", LOWER),
    "hp_kernel_standalone_us": ("us", NEUTRAL),
    "lp_kernels_per_s": ("kernels/s", HIGHER),
    # Device telemetry during the case (NVML, ROCm SMI): facts that explain
    # a result, with no better side.
    "gpu_util_mean_pct": ("%", NEUTRAL),
    "gpu_clock_min_mhz": ("MHz", NEUTRAL),
    "gpu_mem_used_max_mib": ("MiB", NEUTRAL),
    "gpu_temp_max_c": ("C", NEUTRAL),
    "gpu_power_max_w": ("W", NEUTRAL),
    # The noise monitor (noise.py): what else used the machine during the
    # window, and whether that crossed the limits in the context.
    "noise_other_cpu_cores": ("cores", NEUTRAL),
    "noise_own_cpu_cores": ("cores", NEUTRAL),
    "noise_steal_pct": ("%", NEUTRAL),
    "noise_load_avg": ("tasks", NEUTRAL),
    "noise_gpu_other_procs": ("processes", NEUTRAL),
    "noise_disturbed": ("0/1", NEUTRAL),
    # Capacity/* (--xsb_capacity=hp): the highest HP rate under the SLO and
    # what LP keeps at that rate; the rest qualify it.
    "capacity_req_per_s": ("requests/s", HIGHER),
    "capacity_failing_req_per_s": ("requests/s", NEUTRAL),
    "capacity_lp_iter_per_s": ("iterations/s", HIGHER),
    "capacity_hp_p99_ms": ("ms", NEUTRAL),
    "capacity_hp_p99_ci_high_ms": ("ms", NEUTRAL),
    "capacity_probes": ("probes", NEUTRAL),
    # Confidence intervals (at the run's xsb_confidence) and validity of
    # each HP percentile: they qualify a figure, they are not better or
    # worse themselves.
    "hp_p50_ci_low_ms": ("ms", NEUTRAL),
    "hp_p50_ci_high_ms": ("ms", NEUTRAL),
    "hp_p90_ci_low_ms": ("ms", NEUTRAL),
    "hp_p90_ci_high_ms": ("ms", NEUTRAL),
    "hp_p99_ci_low_ms": ("ms", NEUTRAL),
    "hp_p99_ci_high_ms": ("ms", NEUTRAL),
    "hp_p999_ci_low_ms": ("ms", NEUTRAL),
    "hp_p999_ci_high_ms": ("ms", NEUTRAL),
    "hp_p50_valid": ("0/1", NEUTRAL),
    "hp_p90_valid": ("0/1", NEUTRAL),
    "hp_p99_valid": ("0/1", NEUTRAL),
    "hp_p999_valid": ("0/1", NEUTRAL),
    "lp_ci_low_iter_per_s": ("iterations/s", NEUTRAL),
    "lp_ci_high_iter_per_s": ("iterations/s", NEUTRAL),
    "window_s": ("s", NEUTRAL),
    "window_ended_early": ("0/1", NEUTRAL),
}


@dataclass(frozen=True)
class IntervalCounters:
    """The counters that carry one figure's interval and validity."""
    low: str
    high: str
    valid: Optional[str]  # the 0/1 validity counter, HP percentiles only
    quantile: Optional[float]  # HP percentiles: p in (0, 1)
    title: str  # "P99", "LP throughput"


def _percentile(tag: str, p: float, title: str) -> IntervalCounters:
    return IntervalCounters(f"hp_{tag}_ci_low_ms", f"hp_{tag}_ci_high_ms",
                            f"hp_{tag}_valid", p, title)


# figure counter -> the counters of its interval.
INTERVALS = {
    "hp_p50_ms": _percentile("p50", 0.5, "P50"),
    "hp_p90_ms": _percentile("p90", 0.9, "P90"),
    "hp_p99_ms": _percentile("p99", 0.99, "P99"),
    "hp_p999_ms": _percentile("p999", 0.999, "P99.9"),
    "lp_iter_per_s": IntervalCounters("lp_ci_low_iter_per_s",
                                      "lp_ci_high_iter_per_s", None, None,
                                      "LP throughput"),
}
# Counters proportional to one with an interval share its relative interval.
PROPORTIONAL = {"lp_samples_per_s": "lp_iter_per_s"}
HP_REQUESTS = "hp_requests"  # n, the requests a percentile is taken over
HP_ACHIEVED = "hp_achieved_rps"

# Ratios to the Standalone cases (docs/metrics.md, "Ratios to report").
HP_SLOWDOWN = "hp_p99_slowdown"
LP_RETENTION = "lp_throughput_retention"
SYSTEM_THROUGHPUT = "system_throughput"
STANDALONE_RATIOS = {
    HP_SLOWDOWN: ("x", LOWER),
    LP_RETENTION: ("x", HIGHER),
    # Tally's: HP achieved / standalone + LP iter/s / standalone (2 = both
    # as if alone).
    SYSTEM_THROUGHPUT: ("x", HIGHER),
}

# Units of counters this table does not know yet, by name suffix.
UNIT_SUFFIXES = (
    ("_ms", "ms"),
    ("_us", "us"),
    ("_ns", "ns"),
    ("_per_s", "/s"),
    ("_rps", "requests/s"),
    ("_bytes", "bytes"),
)

# The reference plan's goals for a scheduler against the baseline:
# candidate HP P99 < baseline x 1.1, candidate LP throughput > baseline x 0.7.
HP_P99 = "hp_p99_ms"
LP_THROUGHPUT = "lp_iter_per_s"
DEFAULT_MAX_HP_P99_RATIO = 1.1
DEFAULT_MIN_LP_RATIO = 0.7

# A difference is "same" (inside the noise) when the exact rank-sum test's
# two-sided p-value is above this (see docs/compare.md).
DEFAULT_ALPHA = 0.1
# The confidence of the ratio intervals computed from sample files.
DEFAULT_CONFIDENCE = 0.95

# Reference mode: what is checked unless --tolerance names more, and by how
# much a ratio may move the wrong way (relative) before it is a regression.
DEFAULT_REFERENCE_CHECKS = (HP_P99, LP_THROUGHPUT, HP_SLOWDOWN, LP_RETENTION)
DEFAULT_TOLERANCE = 0.25

# Google Benchmark's own per-run fields: never counters.
BENCHMARK_FIELDS = frozenset({
    "name", "family_index", "per_family_instance_index", "run_name",
    "run_type", "repetitions", "repetition_index", "threads", "iterations",
    "real_time", "cpu_time", "time_unit", "label", "aggregate_name",
    "aggregate_unit", "error_occurred", "error_message", "big_o", "rms",
    "complexity_n", "manual_time",
})

# Context keys that may differ between two files compared: facts about
# when, where and how a run was started, not about what it measured. Every
# other key both files have must agree (docs/compare.md).
UNCHECKED_CONTEXT_KEYS = frozenset({
    # Google Benchmark's
    "date", "host_name", "executable", "load_avg", "mhz_per_cpu",
    "library_version", "json_schema_version",
    # xsb_bench's provenance
    "xsb_command_line", "xsb_git_commit", "xsb_executable", "xsb_version",
    "xsb_backend_request", "xsb_backend_note",
    # where XSched is installed and how its daemon was reached
    "xsb_xsched_root", "xsb_xsched_shim", "xsb_xsched_server",
    "xsb_xsched_port", "xsb_xsched_unavailable",
    # handled on their own: intervals combine any confidences; a test-only
    # run's xsched pairs get no verdict
    "xsb_confidence", "xsb_xsched_test_only",
    # measured at each run's start with an exec model: the machine's, not
    # a setting
    "xsb_exec_round_trip_p50_us", "xsb_exec_round_trip_p99_us",
    "xsb_exec_round_trip_model",
    # how many rounds ran and how the verdict looked at them (issue 21):
    # each round measures the same thing, and two files' rounds are
    # paired by index at one look whatever their own stops did
    "xsb_rounds", "xsb_rounds_min", "xsb_rounds_max", "xsb_round_order",
    "xsb_sequential", "xsb_verdict_confidence", "xsb_max_hp_p99_ratio",
    "xsb_min_lp_ratio", "xsb_rounds_run", "xsb_rounds_stop",
    # which points a sweep registered: each case's name holds its own
    "xsb_sweep",
})
# Keys that record one run's own course (xsb_bench's look after round k).
UNCHECKED_CONTEXT_PREFIXES = ("xsb_round_look_",)
# Keys of one scheduler's own: a run without that scheduler's cases lacks
# them, so only a difference between two files that both have them counts.
SCHEDULER_CONTEXT_PREFIXES = ("xsb_xsched_", "xsb_scheduler_")
# A reference holds ratios, which carry over between machines of one backend
# better than absolute figures; it must match on these.
REFERENCE_CONTEXT_KEYS = (
    "xsb_backend", "xsb_hp_model", "xsb_lp_model", "xsb_arrival", "xsb_seed",
    "xsb_percentiles",
)


_TENANT_COUNTER = re.compile(r"^t_[a-z][a-z0-9]*_(.+)$")


def _known(name: str) -> Optional[tuple]:
    """The table's entry of a counter; a tenant's counter (t_<tenant>_
    <metric>, docs/metrics.md) has its role's: t_web_p99_ms is hp_p99_ms."""
    known = COUNTERS.get(name) or STANDALONE_RATIOS.get(name)
    m = _TENANT_COUNTER.match(name)
    if known or not m:
        return known
    return COUNTERS.get("hp_" + m.group(1)) or COUNTERS.get("lp_" +
                                                            m.group(1))


def is_known(name: str) -> bool:
    """Whether the table (or a tenant's role) gives its unit and direction."""
    return _known(name) is not None


def unit_of(name: str) -> str:
    """The counter's unit: from the table, else guessed from its suffix."""
    known = _known(name)
    if known:
        return known[0]
    for suffix, unit in UNIT_SUFFIXES:
        if name.endswith(suffix):
            return unit
    return ""


def direction_of(name: str) -> Direction:
    known = _known(name)
    return known[1] if known else UNKNOWN


def report_order(names: Iterable[str]) -> list[str]:
    """Known counters in table order, then the others alphabetically."""
    names = set(names)
    known = [n for n in COUNTERS if n in names]
    return known + sorted(n for n in names if n not in COUNTERS)
