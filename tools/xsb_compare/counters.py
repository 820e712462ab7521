"""What is known about each counter, in one place: pure data.

Directions: LOWER (latency, lag: lower is better), HIGHER (throughput: higher
is better), NEUTRAL (counts and settings: no better side). A counter missing
from COUNTERS is shown with direction UNKNOWN and gets no verdict."""

LOWER = "lower"
HIGHER = "higher"
NEUTRAL = "neutral"
UNKNOWN = "?"

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
}

# Ratios to the Standalone cases (docs/metrics.md, "Ratios to report").
HP_SLOWDOWN = "hp_p99_slowdown"
LP_RETENTION = "lp_throughput_retention"
STANDALONE_RATIOS = {
    HP_SLOWDOWN: ("x", LOWER),
    LP_RETENTION: ("x", HIGHER),
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

# Context facts that change what is measured: two files compared must agree
# on every one both have. Scheduler-specific keys (e.g. a shim's path) are
# left out on purpose: they differ between a baseline and a scheduler run.
MATCHED_CONTEXT_KEYS = (
    "xsb_backend", "xsb_device", "xsb_device_compute_units",
    "xsb_device_memory_bytes", "xsb_driver_version", "xsb_runtime_version",
    "xsb_hp_model", "xsb_lp_model", "xsb_arrival", "xsb_seed",
    "xsb_percentiles",
)
# A reference holds ratios, which carry over between machines of one backend
# better than absolute figures; it must match on these.
REFERENCE_CONTEXT_KEYS = (
    "xsb_backend", "xsb_hp_model", "xsb_lp_model", "xsb_arrival", "xsb_seed",
    "xsb_percentiles",
)


def unit_of(name):
    """The counter's unit: from the table, else guessed from its suffix."""
    known = COUNTERS.get(name) or STANDALONE_RATIOS.get(name)
    if known:
        return known[0]
    for suffix, unit in UNIT_SUFFIXES:
        if name.endswith(suffix):
            return unit
    return ""


def direction_of(name):
    known = COUNTERS.get(name) or STANDALONE_RATIOS.get(name)
    return known[1] if known else UNKNOWN


def report_order(names):
    """Known counters in table order, then the others alphabetically."""
    known = [n for n in COUNTERS if n in names]
    return known + sorted(n for n in names if n not in COUNTERS)
