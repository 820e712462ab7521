"""One recorded run in the formats CI trackers read (docs/history.md):
github-action-benchmark's customSmallerIsBetter and customBiggerIsBetter
JSON, and the Bencher Metric Format. Pure: data in, str out.

Each headline counter of each measured case goes out with its unit and its
direction: in github-action-benchmark's formats the direction is the file's
(smaller: the LOWER counters, bigger: the HIGHER ones) and the unit is the
entry's `unit`; in BMF, whose metrics carry only values, both are in the
measure's name, e.g. "hp_p99_ms (ms, lower is better)". The value is the
median over the case's repetitions (series.case_value), the range their
lowest and highest; a value that is not finite is left out and named in
`skipped`, never written as a number."""

import json
from typing import Callable

from xsb_compare.counters import HIGHER, LOWER, direction_of, unit_of

from .ingest import non_finite_of
from .series import case_value

# The counters a tracker charts: the scenario's latency percentiles and the
# throughput model's rate.
HEADLINE = ("hp_p50_ms", "hp_p99_ms", "hp_p999_ms", "preempt_p99_us",
            "lp_iter_per_s", "lp_samples_per_s")
FORMATS = ("github-smaller", "github-bigger", "bencher")
WORDS = {LOWER: "lower is better", HIGHER: "higher is better"}


def headline_metrics(cases: list, skipped: list) -> list:
    """(case, counter, unit, direction, median, low, high) of each headline
    counter of each case, in case order; a counter with a value that is not
    finite in some repetition goes to `skipped` as "case counter (rep N)"."""
    metrics = []
    for case in cases:
        bad = non_finite_of(case)
        for counter in HEADLINE:
            present = [rep[counter] for rep in case.repetitions
                       if counter in rep]
            where = [rep for name, _, rep in bad if name == counter]
            if where:
                skipped += [f"{case.name} {counter} (repetition {rep})"
                            for rep in where]
                continue
            if not present:
                continue
            metrics.append((case.name, counter, unit_of(counter),
                            direction_of(counter), case_value(case, counter),
                            min(present), max(present)))
    return metrics


def _github(direction) -> Callable[[list], str]:
    def render(metrics: list) -> str:
        entries = [{"name": f"{case} {counter}", "unit": unit,
                    "value": value,
                    "range": f"{low:.6g} to {high:.6g}",
                    "extra": f"{counter}: median of the repetitions, "
                             f"{WORDS[direction]}"}
                   for case, counter, unit, d, value, low, high in metrics
                   if d == direction]
        return json.dumps(entries, indent=1, allow_nan=False) + "\n"
    return render


def _bencher(metrics: list) -> str:
    doc: dict = {}
    for case, counter, unit, direction, value, low, high in metrics:
        measure = f"{counter} ({unit}, {WORDS[direction]})"
        doc.setdefault(case, {})[measure] = {
            "value": value, "lower_value": low, "upper_value": high}
    return json.dumps(doc, indent=1, allow_nan=False) + "\n"


RENDERERS = {"github-smaller": _github(LOWER),
             "github-bigger": _github(HIGHER), "bencher": _bencher}


def export_tracker(fmt: str, cases: list, skipped: list) -> str:
    """The cases of one run in tracker format `fmt` (one of FORMATS)."""
    return RENDERERS[fmt](headline_metrics(cases, skipped))
