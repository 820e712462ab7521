"""Change detection, pure functions over lists of floats (docs/history.md,
"How a change is detected").

Both tests work on the log scale, where latencies and throughputs vary by
factors (a 20 % rise is the same size at 1 ms and at 10 ms), and both need a
statistical signal AND a minimum relative effect (the counter's threshold):

- check_value: a robust prediction bound. Is a new value outside the
  one-sided (1 - alpha) prediction interval of the last N comparable runs
  (Student's t with n - 1 degrees of freedom, so a short lookback window
  widens the interval instead of trusting a noise estimate from three
  points), AND beyond the window's own worst run by k(n) times that run's
  distance from the window's median (a rank-based fence: real runs on a
  shared machine have heavy, even bimodal, tails that no mean and standard
  deviation describe), AND has the median moved by at least the threshold?
  k(n) = 4 + 40 / n^2 was chosen on 41 real smoke runs so that histories
  resampled from them raise at most 1.5 % false alarms per counter once
  the window holds the default 10 runs (3 % with 3 runs), while a doubling
  over runs that repeat within 5 % is still caught (test_history_detect.py,
  docs/history.md).
- find_steps: binary segmentation. The best split of a series (minimum
  segment length) is tested with a two-sample t-test on the log values,
  Bonferroni-corrected for the number of candidate splits; a split that
  passes, and whose medians differ by at least the threshold, is a change
  point, and both halves are searched again.

alpha is the nominal false-alarm rate per counter and per test (0.01); on
heavy-tailed noise the fence, not alpha, keeps check_value's real rate
down."""

import math
import statistics
from dataclasses import dataclass

from xsb_compare.counters import HIGHER, LOWER
from xsb_compare.distributions import t_sf
from xsb_compare.stats import mean_sd

DEFAULT_ALPHA = 0.01
DEFAULT_LOOKBACK = 10
MIN_BASELINE = 3  # comparable runs a check needs
DEFAULT_MIN_SEGMENT = 3
# The fence's factor k(n) = FENCE_MIN + FENCE_SCALE / n^2: 8.4 at 3 runs,
# 5.6 at 5, 4.4 at 10 (docs/history.md); a value more than FENCE_CAP (log
# scale: 1000x) past the window's most extreme run is past the fence
# whatever the window's spread: no noise of a working machine moves that
# far.
FENCE_MIN = 4.0
FENCE_SCALE = 40.0
FENCE_CAP = math.log(1000.0)
WORSE, BETTER, SAME, UNKNOWN = "worse", "better", "same", "unknown"


def log_values(values: list) -> list:
    """Natural logs; None when a value is not positive (the tests then work
    on the values themselves)."""
    if all(v > 0 for v in values):
        return [math.log(v) for v in values]
    return None


def worse_sign(direction: str) -> int:
    """+1 when a rise is worse, -1 when a fall is worse, 0 for neither."""
    return {LOWER: 1, HIGHER: -1}.get(direction, 0)


def relative_change(before: float, after: float) -> float:
    if before == 0:
        return 0.0 if after == 0 else math.copysign(math.inf, after)
    return (after - before) / abs(before)


@dataclass(frozen=True)
class Judgement:
    verdict: str  # WORSE, BETTER, SAME or UNKNOWN
    value: float
    baseline_median: float
    n: int  # baseline runs
    change: float  # relative change of value vs baseline median
    t: float  # prediction t statistic (log scale), nan when n < 3
    p: float  # one-sided p-value in the direction of the change
    reason: str  # one line: why this verdict
    # How far past the fence the value lies, in the log units of the test
    # (> 0: beyond it); nan when n < 3.
    beyond_fence: float = math.nan


def fence_factor(n: int) -> float:
    """k(n): how many times its distance from the median a new value must
    lie beyond the window's most extreme run (the fence lies at most
    FENCE_CAP past it)."""
    return FENCE_MIN + FENCE_SCALE / n ** 2


def beyond_fence(baseline: list, value: float) -> float:
    """How far the value lies beyond the rank-based fence on its side of
    the window's median: past the most extreme run of that side by k(n)
    times that run's distance from the median (log scale when every value
    is positive). > 0: outside the fence."""
    logs = log_values(list(baseline) + [value])
    data = logs if logs is not None else list(baseline) + [value]
    base, new = data[:-1], data[-1]
    median = statistics.median(base)
    side = 1.0 if new >= median else -1.0
    extreme = max(side * v for v in base)
    fence = extreme + min(fence_factor(len(base)) * (extreme - side * median),
                          FENCE_CAP)
    return side * new - fence


def _prediction_t(baseline: list, value: float) -> float:
    logs = log_values(baseline + [value])
    data = logs if logs is not None else baseline + [value]
    base, new = data[:-1], data[-1]
    mean, sd = mean_sd(base)
    scale = sd * math.sqrt(1.0 + 1.0 / len(base))
    if scale == 0:
        return 0.0 if new == mean else math.copysign(math.inf, new - mean)
    return (new - mean) / scale


def check_value(baseline: list, value: float, direction: str,
                threshold: float, alpha: float = DEFAULT_ALPHA) -> Judgement:
    """The new value against the baseline runs' values (oldest first)."""
    n = len(baseline)
    median = statistics.median(baseline) if baseline else math.nan
    if n < MIN_BASELINE:
        return Judgement(UNKNOWN, value, median, n, math.nan, math.nan,
                         math.nan, f"{n} comparable run(s): a check needs "
                         f"{MIN_BASELINE}")
    change = relative_change(median, value)
    t = _prediction_t(list(baseline), value)
    p = t_sf(abs(t), n - 1)
    past = beyond_fence(baseline, value)
    sign = worse_sign(direction)
    if sign == 0 or t == 0:
        return Judgement(SAME, value, median, n, change, t, p,
                         "no better side" if sign == 0 else "no change",
                         past)
    worse = (t > 0) == (sign > 0)
    moved = abs(change) if (change > 0) == (t > 0) else 0.0
    k = fence_factor(n)
    if p >= alpha:
        reason = f"p {p:.2g} >= {alpha:g}: inside the noise"
    elif past <= 0:
        reason = (f"not past the window's most extreme run by {k:.2g} x "
                  "its distance from the median: inside the noise")
    elif moved < threshold:
        reason = f"|change| {abs(change):.1%} < threshold {threshold:.0%}"
    else:
        verdict = WORSE if worse else BETTER
        return Judgement(verdict, value, median, n, change, t, p,
                         f"p {p:.2g} < {alpha:g}, past the window's most "
                         f"extreme run by more than {k:.2g} x its distance "
                         f"from the median, and |change| {abs(change):.1%} "
                         f">= {threshold:.0%}", past)
    return Judgement(SAME, value, median, n, change, t, p, reason, past)


@dataclass(frozen=True)
class Step:
    index: int  # first point of the new segment
    before: float  # median of the segment before
    after: float  # median of the segment after
    change: float  # relative change of the medians
    p: float  # Bonferroni-corrected two-sided p-value


def _split_t(data: list, k: int) -> float:
    left, right = data[:k], data[k:]
    mean_l, mean_r = statistics.fmean(left), statistics.fmean(right)
    ss = (sum((v - mean_l) ** 2 for v in left) +
          sum((v - mean_r) ** 2 for v in right))
    diff = abs(mean_r - mean_l)
    if ss == 0:
        return math.inf if diff else 0.0
    sd = math.sqrt(ss / (len(data) - 2))
    return diff / (sd * math.sqrt(1.0 / k + 1.0 / (len(data) - k)))


def best_split(values: list, min_segment: int) -> tuple:
    """(index, corrected p) of the most significant split, or (None, 1.0)
    when the series is too short for two segments."""
    n = len(values)
    candidates = range(min_segment, n - min_segment + 1)
    if n < 3 or not candidates:
        return None, 1.0
    logs = log_values(values)
    data = logs if logs is not None else list(values)
    t, k = max((_split_t(data, k), k) for k in candidates)
    p = 2.0 * t_sf(t, n - 2)
    return k, min(1.0, p * len(candidates))


def find_steps(values: list, threshold: float,
               alpha: float = DEFAULT_ALPHA,
               min_segment: int = DEFAULT_MIN_SEGMENT) -> list:
    """Change points of a series (oldest first), by binary segmentation;
    sorted by index."""
    found, pending = [], [(0, len(values))]
    while pending:
        start, end = pending.pop()
        segment = values[start:end]
        k, p = best_split(segment, min_segment)
        if k is None or p >= alpha:
            continue
        before = statistics.median(segment[:k])
        after = statistics.median(segment[k:])
        change = relative_change(before, after)
        if abs(change) < threshold:
            continue
        found.append(Step(start + k, before, after, change, p))
        pending += [(start, start + k), (start + k, end)]
    return sorted(found, key=lambda s: s.index)
