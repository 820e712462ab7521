"""Wording and number formats shared by the table and markdown reports."""

from . import counters as cn
from .names import key_text
from .reference import IMPROVED, MISSING, REGRESSION

SIDES = ("baseline", "candidate")


def number(value):
    """Four significant digits; whole numbers from 1000 up."""
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:.0f}"
    return f"{value:.4g}"


def spread(summary):
    """"median" for one run, "median (min..max)" for repetitions."""
    if summary is None:
        return "-"
    if summary.n == 1:
        return number(summary.median)
    return f"{number(summary.median)} ({number(summary.low)}.." \
           f"{number(summary.high)})"


def change(ratio):
    return "-" if ratio is None else f"{(ratio - 1) * 100:+.1f} %"


def outcome(diff):
    if diff.p_value is None:
        return diff.outcome
    return f"{diff.outcome} p={diff.p_value:.2g}"


def pair_title(pair_diff):
    pair = pair_diff.pair
    return (f"{pair.candidate.name.variant} vs {pair.baseline.name.scheduler}"
            f": {key_text(pair.key)}")


def repetitions(pair_diff):
    pair = pair_diff.pair
    counts = [pair.baseline.repetitions, pair.candidate.repetitions]
    text = f"repetitions: baseline {counts[0]}, candidate {counts[1]}"
    if min(counts) < 2:
        text += " (a single run on a side: no noise estimate)"
    return text


def standalone(pair_diff):
    """One line with the ratios to the Standalone cases, or None."""
    parts = []
    for metric, title in ((cn.HP_SLOWDOWN, "HP P99 slowdown"),
                          (cn.LP_RETENTION, "LP throughput retention")):
        values = [pair_diff.standalone[side].get(metric) for side in SIDES]
        if any(v is not None for v in values):
            parts.append(f"{title} baseline {number(values[0])}x, "
                         f"candidate {number(values[1])}x")
    return "standalone: " + "; ".join(parts) if parts else None


def criterion(result):
    ratio = "missing" if result.ratio is None else number(result.ratio)
    text = f"{result.criterion.describe()}: ratio {ratio} " \
           f"{'pass' if result.passed else 'FAIL'}"
    if result.inside_noise:
        text += " (difference inside the noise)"
    return text


def verdict_word(pair_diff):
    return "PASS" if pair_diff.verdict.passed else "FAIL"


def thresholds(report):
    parts = [c.describe() for c in report.criteria]
    return ("verdict: " + ", ".join(parts) +
            f"; \"same\": rank-sum p > {report.alpha:g}")


def summary(report):
    passed = sum(1 for p in report.pairs if p.verdict.passed)
    failed = len(report.pairs) - passed
    noun = "pair" if len(report.pairs) == 1 else "pairs"
    text = f"{len(report.pairs)} {noun}: {passed} passed, {failed} failed"
    if report.reference is not None:
        text += "; " + reference_summary(report.reference)
    return text


def reference_summary(result):
    counts = {}
    for c in result.checks:
        counts[c.status] = counts.get(c.status, 0) + 1
    parts = [f"{counts[s]} {s}" for s in (REGRESSION, MISSING, IMPROVED, "ok")
             if s in counts]
    return f"reference {result.path}: " + (", ".join(parts) or "no checks")


def reference_row(check):
    return [check.pair, check.metric, number(check.reference),
            number(check.current), f"{check.tolerance:g}", check.status]


REFERENCE_HEADER = ["pair", "ratio", "reference", "current", "tolerance",
                    "status"]
COUNTER_HEADER = ["counter", "unit", "better", "baseline", "candidate",
                  "change", "outcome"]


def counter_row(diff):
    return [diff.name, diff.unit, diff.direction, spread(diff.baseline),
            spread(diff.candidate), change(diff.ratio), outcome(diff)]
